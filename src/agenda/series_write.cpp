// Writing iCalendar text: the calendar a series is kept in, and the series of an activity made on
// the kiosk or with `activity add`.
#include <cstdio>
#include <string>

#include "agenda/ics_detail.hpp"
#include "agenda/series.hpp"

namespace bk {

namespace ics {

std::string wrap_calendar(const std::string& body) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Buurtkiosk//series//NL\r\n" + body +
         "END:VCALENDAR\r\n";
}

}  // namespace ics

namespace {

std::string ical_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string ical_local(const LocalDateTime& t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d", t.date.year, t.date.month,
                t.date.day, t.hour, t.minute, t.second);
  return buf;
}

}  // namespace

SeriesDefinition make_local_series(const std::string& uid, const std::string& title,
                                   const std::string& description, const std::string& location,
                                   const std::string& category, std::optional<int> capacity,
                                   const LocalDateTime& start, const LocalDateTime& end,
                                   std::optional<LocalDate> weekly_until, const TimeZone& centre) {
  SeriesDefinition s;
  s.uid = uid;
  s.title = title;
  s.description = description;
  s.location = location;
  s.category = category;
  s.capacity = capacity;
  std::string ev = "BEGIN:VEVENT\r\nUID:" + ical_escape(uid) + "\r\n";
  const std::string tz = centre.name() == "UTC" ? "" : ";TZID=" + centre.name();
  ev += "DTSTART" + tz + ":" + ical_local(start) + (tz.empty() ? "Z" : "") + "\r\n";
  ev += "DTEND" + tz + ":" + ical_local(end) + (tz.empty() ? "Z" : "") + "\r\n";
  ev += "SUMMARY:" + ical_escape(title) + "\r\n";
  if (!location.empty()) ev += "LOCATION:" + ical_escape(location) + "\r\n";
  if (!description.empty()) ev += "DESCRIPTION:" + ical_escape(description) + "\r\n";
  if (!category.empty()) ev += "CATEGORIES:" + ical_escape(category) + "\r\n";
  if (capacity) ev += "X-BUURTKIOSK-CAPACITY:" + std::to_string(*capacity) + "\r\n";
  if (weekly_until) {
    // UNTIL must be UTC when DTSTART has a zone: the last moment of that local day.
    const UtcSeconds last = centre.start_of_day(add_days(*weekly_until, 1)) - 1;
    const LocalDateTime u = from_naive_seconds(last);
    s.rrule = "FREQ=WEEKLY;UNTIL=" + ical_local(u) + "Z";
    ev += "RRULE:" + s.rrule + "\r\n";
  }
  ev += "END:VEVENT\r\n";
  s.series_ics = ics::wrap_calendar(ev);
  return s;
}

}  // namespace bk
