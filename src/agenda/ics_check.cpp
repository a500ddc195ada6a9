// The checks of one VEVENT before anything of it is kept: a repeat rule the agenda can show, a
// readable DTSTART, DTEND not before it, known time zones, a whole-number capacity. What must not
// be guessed throws InputError naming the line; what libical merely could not read is a warning.
#include <libical/ical.h>

#include <string>
#include <vector>

#include "agenda/ics_detail.hpp"
#include "agenda/ics_scan.hpp"
#include "domain/errors.hpp"

namespace bk::ics {

namespace {

void check_time_prop(const ScannedEvent& ev, icalcomponent* root, icalproperty* p,
                     const char* name, const std::string& file) {
  const std::string tzid = tzid_of(p);
  if (!tzid.empty() && !find_zone(root, tzid))
    fail_at(file, ev.line_of(name), std::string(name) + ": unknown time zone \"" + tzid + "\"");
}

bool valid_date(const icaltimetype& t) {
  return !icaltime_is_null_time(t) && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= icaltime_days_in_month(t.month, t.year) && t.hour <= 23 && t.minute <= 59 &&
         t.second <= 60;
}

// Properties whose value decides when an activity happens: unreadable means refused, not ignored.
bool is_time_property(const std::string& name) {
  return name == "DTSTART" || name == "DTEND" || name == "DURATION" || name == "RRULE" ||
         name == "RDATE" || name == "EXDATE" || name == "RECURRENCE-ID";
}

// What libical could not read inside one event (it leaves X-LIC-ERROR properties): a time property
// refuses the file, anything else is a warning.
void check_libical_errors(icalcomponent* c, const ScannedEvent& ev, const std::string& file,
                          std::vector<std::string>& warnings) {
  for (icalproperty* err = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); err;
       err = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
    const std::string msg = icalproperty_get_xlicerror(err) ? icalproperty_get_xlicerror(err) : "";
    const ScannedProperty* prop = nullptr;
    for (const auto& p : ev.props)
      if (p.name != "X-LIC-ERROR" && msg.find(p.name) != std::string::npos &&
          (!prop || p.name.size() > prop->name.size()))
        prop = &p;
    if (prop && is_time_property(prop->name))
      fail_at(file, prop->line, prop->name == "RRULE"
                                 ? "RRULE \"" + prop->value + "\" is not a valid repeat rule"
                                 : prop->name + " is not a valid date or time");
    warnings.push_back(file + ":" + std::to_string(prop ? prop->line : ev.begin_line) +
                       ": ignored " + (prop ? prop->name : std::string("a property")) +
                       ", which could not be read");
  }
}

}  // namespace

std::optional<int> parse_capacity(std::string_view v) {
  if (v.empty() || v.size() > 6) return std::nullopt;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// Checks one VEVENT; throws InputError naming the line for what must not be guessed.
void check_event(icalcomponent* c, const ScannedEvent& ev, icalcomponent* cal,
                 const std::string& file, const TimeZone& centre, std::vector<std::string>& warnings) {
  for (const auto& p : ev.props) {
    if (p.name != "RRULE" || p.value.empty()) continue;  // an empty RRULE was left out (a warning)
    const icalrecurrencetype rule = icalrecurrencetype_from_string(p.value.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE)
      fail_at(file, p.line, "RRULE \"" + p.value + "\" is not a valid repeat rule");
    if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
        rule.freq == ICAL_HOURLY_RECURRENCE)
      fail_at(file, p.line, "RRULE repeats more often than daily; an agenda cannot show that");
  }
  icalproperty* dtstart = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
  if (!dtstart) {
    if (ev.find("DTSTART")) fail_at(file, ev.line_of("DTSTART"), "DTSTART is not a valid date or time");
    fail_at(file, ev.begin_line, "event without DTSTART");
  }
  const icaltimetype st = icalproperty_get_dtstart(dtstart);
  if (!valid_date(st) || !icaltime_is_valid_time(st))
    fail_at(file, ev.line_of("DTSTART"), "DTSTART is not a valid date or time");
  check_libical_errors(c, ev, file, warnings);
  check_time_prop(ev, cal, dtstart, "DTSTART", file);
  if (icalproperty* e = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) {
    check_time_prop(ev, cal, e, "DTEND", file);
    const icaltimetype et = icalproperty_get_dtend(e);
    if (!valid_date(et)) fail_at(file, ev.line_of("DTEND"), "DTEND is not a valid date or time");
    if (instant(time_of(e, et, cal), centre) < instant(time_of(dtstart, st, cal), centre))
      fail_at(file, ev.line_of("DTEND"), "DTEND lies before DTSTART");
  } else if (ev.find("DTEND")) {
    fail_at(file, ev.line_of("DTEND"), "DTEND is not a valid date or time");
  }
  for (icalproperty_kind kind : {ICAL_EXDATE_PROPERTY, ICAL_RDATE_PROPERTY})
    for (icalproperty* p = icalcomponent_get_first_property(c, kind); p;
         p = icalcomponent_get_next_property(c, kind))
      check_time_prop(ev, cal, p, kind == ICAL_EXDATE_PROPERTY ? "EXDATE" : "RDATE", file);
  if (icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY))
    check_time_prop(ev, cal, rid, "RECURRENCE-ID", file);
  if (const ScannedProperty* cap = ev.find("X-BUURTKIOSK-CAPACITY")) {
    if (!parse_capacity(cap->value))
      fail_at(file, cap->line, "X-BUURTKIOSK-CAPACITY must be a whole number of people, not \"" +
                                 cap->value + "\"");
  }
}

}  // namespace bk::ics
