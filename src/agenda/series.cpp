// Reading an .ics file into SeriesDefinitions: the events grouped by UID (master and overrides),
// each group cleaned, bounded and stored as a small self-contained calendar. The line scan is
// ics_scan.cpp, the checks of one event ics_check.cpp, the expansion recurrence.cpp.
#include "agenda/series.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <map>
#include <set>

#include "agenda/ics_detail.hpp"
#include "agenda/ics_scan.hpp"
#include "domain/errors.hpp"
#include "domain/text.hpp"

namespace bk {

using namespace ics;

namespace {

// Bounds a real centre never meets (a daily activity has 366 dates a year), checked before
// anything is written, so a hostile or broken file cannot fill the disk.
constexpr std::size_t kMaxDatesPerSeriesYear = 1500;
constexpr std::size_t kMaxListedDatesPerSeries = 5000;  // RDATE values and RECURRENCE-ID overrides
constexpr std::size_t kMaxDatesPerImport = 100000;     // the first year of every series, together
constexpr UtcSeconds kYear = 366 * 86400;
constexpr std::size_t kMaxWarningLines = 50;

std::string component_text(icalcomponent* c) {
  char* s = icalcomponent_as_ical_string_r(c);
  std::string out(s ? s : "");
  free(s);
  return out;
}

// The zones a series needs travel with it, so it can be expanded without the original file.
void collect_zone(icalcomponent* root, icalproperty* p, std::map<std::string, std::string>& zones) {
  const std::string tzid = tzid_of(p);
  if (tzid.empty() || zones.count(tzid)) return;
  zones[tzid] = "";  // a system (Olson) zone: nothing to carry
  if (icaltimezone_get_builtin_timezone(tzid.c_str())) return;
  if (icaltimezone* z = icalcomponent_get_timezone(root, tzid.c_str()))
    if (icalcomponent* vtz = icaltimezone_get_component(z)) zones[tzid] = component_text(vtz);
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Text from another program: cleaned like typed text, but an over-long value is shortened (on a
// character boundary, ending in "…") rather than refusing a whole calendar over one title.
std::string clean_text(const std::string& raw, std::size_t max_chars, bool multiline,
                       const char* prop, const ScannedEvent& ev, const std::string& file,
                       std::vector<std::string>& warnings) {
  const auto checked = check_text(without_pictographs(raw), static_cast<std::size_t>(-1), true, multiline);
  if (!checked.ok())
    fail_at(file, ev.line_of(prop), std::string(prop) + " " + describe(checked.problem, max_chars));
  if (utf8_length(checked.value) <= max_chars) return checked.value;
  std::string out;
  std::size_t i = 0;
  for (std::size_t n = 0; n + 1 < max_chars; ++n) append_utf8(out, next_code_point(checked.value, i));
  warnings.push_back(file + ":" + std::to_string(ev.line_of(prop)) + ": shortened " + prop +
                     " to " + std::to_string(max_chars) + " characters");
  return check_text(out, max_chars, true, multiline).value + "…";
}

// The events of one UID: the master and its overrides, each the one that counts when an
// exporter wrote it twice (highest SEQUENCE, then the last in the file).
struct Group {
  icalcomponent* master = nullptr;
  const ScannedEvent* master_scan = nullptr;
  std::vector<std::pair<icalcomponent*, const ScannedEvent*>> overrides;
  std::map<std::string, std::size_t> override_by_key;  // recurrence key → index in overrides
};

void add_to_group(Group& g, icalcomponent* c, const ScannedEvent& ev, icalcomponent* cal,
                  const TimeZone& centre, const std::string& file,
                  std::vector<std::string>& warnings) {
  const auto duplicate = [&] {
    warnings.push_back(file + ":" + std::to_string(ev.begin_line) +
                       ": an event given twice (same UID" +
                       (icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY)
                            ? std::string(" and RECURRENCE-ID")
                            : std::string()) +
                       "); the one with the highest SEQUENCE, or else the last, counts");
  };
  icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
  if (!rid) {
    if (g.master) {
      duplicate();
      if (sequence_of(c) < sequence_of(g.master)) return;
    }
    g.master = c;
    g.master_scan = &ev;
    return;
  }
  const TimeValue t = time_of(rid, icalproperty_get_recurrenceid(rid), cal);
  const std::string key = recurrence_key(instant(t, centre), t.is_date, centre);
  auto [it, fresh] = g.override_by_key.emplace(key, g.overrides.size());
  if (fresh) {
    g.overrides.emplace_back(c, &ev);
    return;
  }
  duplicate();
  if (sequence_of(c) >= sequence_of(g.overrides[it->second].first)) g.overrides[it->second] = {c, &ev};
}

// The series as stored: its zones, the master and the overrides that count, without alarms and
// attendees (of no use to the kiosk, and personal).
std::string series_text(icalcomponent* cal, const Group& g) {
  std::vector<icalcomponent*> parts;
  if (g.master) parts.push_back(g.master);
  for (const auto& o : g.overrides) parts.push_back(o.first);
  std::map<std::string, std::string> zones;
  for (icalcomponent* c : parts)
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY))
      collect_zone(cal, p, zones);
  std::string body;
  for (const auto& [tzid, vtz] : zones) body += vtz;
  for (icalcomponent* c : parts) {
    icalcomponent* copy = icalcomponent_new_clone(c);
    while (icalcomponent* a = icalcomponent_get_first_component(copy, ICAL_VALARM_COMPONENT)) {
      icalcomponent_remove_component(copy, a);
      icalcomponent_free(a);
    }
    while (icalproperty* a = icalcomponent_get_first_property(copy, ICAL_ATTENDEE_PROPERTY)) {
      icalcomponent_remove_property(copy, a);
      icalproperty_free(a);
    }
    body += component_text(copy);
    icalcomponent_free(copy);
  }
  return wrap_calendar(body);
}

SeriesDefinition make_series(const std::string& uid, const Group& g, icalcomponent* cal,
                             const std::string& file, std::vector<std::string>& warnings) {
  icalcomponent* main = g.master ? g.master : g.overrides.front().first;
  const ScannedEvent& scan = g.master ? *g.master_scan : *g.overrides.front().second;
  SeriesDefinition s;
  s.uid = uid;
  s.title = clean_text(text_prop(main, ICAL_SUMMARY_PROPERTY).value_or(""), 200, false, "SUMMARY",
                       scan, file, warnings);
  s.description = clean_text(text_prop(main, ICAL_DESCRIPTION_PROPERTY).value_or(""), 4000, true,
                             "DESCRIPTION", scan, file, warnings);
  s.location = clean_text(text_prop(main, ICAL_LOCATION_PROPERTY).value_or(""), 200, false,
                          "LOCATION", scan, file, warnings);
  if (s.title.empty()) s.title = "—";
  if (icalproperty* cat = icalcomponent_get_first_property(main, ICAL_CATEGORIES_PROPERTY)) {
    const char* v = icalproperty_get_categories(cat);
    std::string first = v ? v : "";
    first = first.substr(0, first.find(','));
    s.category = lower(check_text(first, 40, true).value);
  }
  if (const ScannedProperty* cap = scan.find("X-BUURTKIOSK-CAPACITY"))
    s.capacity = parse_capacity(cap->value);
  s.all_day = icalcomponent_get_dtstart(main).is_date != 0;
  if (g.master) {
    if (icalproperty* r = icalcomponent_get_first_property(g.master, ICAL_RRULE_PROPERTY)) {
      icalrecurrencetype rule = icalproperty_get_rrule(r);
      s.rrule = icalrecurrencetype_as_string(&rule);
    }
  }
  s.series_ics = series_text(cal, g);
  return s;
}

// How many dates a series makes in its first year; refuses one that makes too many.
std::size_t count_first_year(const SeriesDefinition& s, const Group& g, icalcomponent* cal,
                             const TimeZone& centre, const std::string& file) {
  const ScannedEvent& scan = g.master ? *g.master_scan : *g.overrides.front().second;
  std::size_t listed = g.overrides.size();
  if (g.master) listed += static_cast<std::size_t>(icalcomponent_count_properties(g.master, ICAL_RDATE_PROPERTY));
  if (listed > kMaxListedDatesPerSeries)
    fail_at(file, scan.begin_line, "this event lists more than " + std::to_string(kMaxListedDatesPerSeries) +
                                    " separate dates (RDATE and RECURRENCE-ID; the limit)");
  UtcSeconds first = 0;
  bool any = false;
  std::vector<icalcomponent*> parts;
  if (g.master) parts.push_back(g.master);
  for (const auto& o : g.overrides) parts.push_back(o.first);
  for (icalcomponent* c : parts) {
    icalproperty* p = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    const UtcSeconds t = instant(time_of(p, icalproperty_get_dtstart(p), cal), centre);
    if (!any || t < first) first = t;
    any = true;
  }
  const std::size_t n = expand_limited(s.series_ics, centre, first, first + kYear, kMaxDatesPerSeriesYear).size();
  if (n > kMaxDatesPerSeriesYear)
    fail_at(file, scan.find("RRULE") ? scan.line_of("RRULE") : scan.begin_line,
         "this event repeats more than " + std::to_string(kMaxDatesPerSeriesYear) +
             " times in one year (the limit; a daily activity has 366)");
  return n;
}

}  // namespace

IcsReadResult read_ics_with_warnings(std::string_view text, const std::string& file,
                                     const TimeZone& centre) {
  const ScannedCalendar scanned = scan_ics(text, file);
  IcsReadResult result;
  std::vector<std::string> warnings = scanned.warnings;
  CalendarPtr root(icalparser_parse_string(scanned.text_for_libical.c_str()));
  if (!root) fail_at(file, 1, "not an iCalendar file");
  icalcomponent* cal = root.get();
  if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) fail_at(file, 1, "not an iCalendar file");

  std::map<std::string, Group> groups;
  std::vector<std::string> order;  // UIDs in file order, for a stable result
  std::map<std::string, int> generated;  // UIDs made up for events without one
  size_t index = 0;
  for (icalcomponent* c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), ++index) {
    if (index >= scanned.events.size()) fail_at(file, 1, "the events could not be read");
    const ScannedEvent& ev = scanned.events[index];
    check_event(c, ev, cal, file, centre, warnings);
    std::string uid = icalcomponent_get_uid(c) ? icalcomponent_get_uid(c) : "";
    if (uid.empty()) {
      // No UID: derive one from what identifies the event, so a re-import still matches it.
      const std::string basis = text_prop(c, ICAL_SUMMARY_PROPERTY).value_or("") + "|" +
                                (ev.find("DTSTART") ? ev.find("DTSTART")->value : "");
      uid = "generated-" + std::to_string(std::hash<std::string>{}(basis));
      // Two such events alike (no UID, same title and start) are still two activities.
      if (const int n = ++generated[uid]; n > 1) uid += "-" + std::to_string(n);
    }
    if (!groups.count(uid)) order.push_back(uid);
    add_to_group(groups[uid], c, ev, cal, centre, file, warnings);
  }

  std::size_t total = 0;
  for (const std::string& uid : order) {
    const Group& g = groups[uid];
    SeriesDefinition s = make_series(uid, g, cal, file, warnings);
    total += count_first_year(s, g, cal, centre, file);
    if (total > kMaxDatesPerImport)
      fail_at(file, (g.master ? g.master_scan : g.overrides.front().second)->begin_line,
           "the file makes more than " + std::to_string(kMaxDatesPerImport) +
               " dates in the first year of its events (the limit for one import)");
    result.series.push_back(std::move(s));
  }
  result.warnings = static_cast<int>(warnings.size());
  if (warnings.size() > kMaxWarningLines) warnings.resize(kMaxWarningLines);  // the count says the rest
  result.warning_lines = std::move(warnings);
  return result;
}

std::vector<SeriesDefinition> read_ics(std::string_view text, const std::string& file,
                                       const TimeZone& centre) {
  return read_ics_with_warnings(text, file, centre).series;
}

}  // namespace bk
