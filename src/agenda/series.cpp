#include "agenda/series.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "domain/errors.hpp"
#include "domain/text.hpp"

namespace bk {
namespace {

// ---------------------------------------------------------------------------------------------
// Line-level scan. libical is lenient (it silently drops what it cannot read), so the structure,
// the encoding and the line numbers people need in an error message come from our own pass.

struct ScannedProperty {
  std::string name;  // upper case
  std::string params;
  std::string value;
  int line = 0;
};

struct ScannedEvent {
  int begin_line = 0;
  std::vector<ScannedProperty> props;  // directly inside the VEVENT (not in a VALARM)

  const ScannedProperty* find(std::string_view name) const {
    for (const auto& p : props)
      if (p.name == name) return &p;
    return nullptr;
  }
  int line_of(std::string_view name) const {
    const auto* p = find(name);
    return p ? p->line : begin_line;
  }
};

[[noreturn]] void fail(const std::string& file, int line, const std::string& what) {
  throw InputError(file + ":" + std::to_string(line) + ": " + what);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::vector<ScannedEvent> scan_ics(std::string_view text, const std::string& file) {
  struct Logical {
    std::string text;
    int line;
  };
  std::vector<Logical> lines;
  int number = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a UTF-8 byte order mark
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (!is_valid_utf8(raw)) fail(file, number, "not valid UTF-8 text");
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t')) {
      if (lines.empty()) fail(file, number, "a continuation line with nothing before it");
      lines.back().text.append(raw.substr(1));  // unfold (RFC 5545 3.1)
      continue;
    }
    if (raw.find_first_not_of(" \t") == std::string_view::npos) continue;
    lines.push_back({std::string(raw), number});
  }
  if (lines.empty()) fail(file, 1, "the file is empty");
  if (upper(lines.front().text) != "BEGIN:VCALENDAR")
    fail(file, lines.front().line, "not an iCalendar file (it must start with BEGIN:VCALENDAR)");

  std::vector<ScannedEvent> events;
  std::vector<std::pair<std::string, int>> stack;
  bool seen_calendar_end = false;
  for (const auto& l : lines) {
    if (seen_calendar_end) fail(file, l.line, "text after END:VCALENDAR");
    // The name ends at the first ';' or ':'; the value starts at the first ':' outside quotes.
    size_t colon = std::string::npos;
    bool quoted = false;
    for (size_t i = 0; i < l.text.size(); ++i) {
      if (l.text[i] == '"') quoted = !quoted;
      if (l.text[i] == ':' && !quoted) {
        colon = i;
        break;
      }
    }
    if (colon == std::string::npos)
      fail(file, l.line, "not an iCalendar line (no ':'): \"" + l.text.substr(0, 40) + "\"");
    const size_t name_end = std::min(colon, l.text.find(';'));
    const std::string name = upper(std::string_view(l.text).substr(0, name_end));
    if (name.empty() || name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
      fail(file, l.line, "not an iCalendar property name: \"" + l.text.substr(0, name_end) + "\"");
    const std::string value = l.text.substr(colon + 1);
    if (name == "BEGIN") {
      stack.emplace_back(upper(value), l.line);
      if (stack.size() == 2 && stack.back().first == "VEVENT") events.push_back({l.line, {}});
      continue;
    }
    if (name == "END") {
      if (stack.empty() || stack.back().first != upper(value))
        fail(file, l.line,
             stack.empty() ? "END:" + value + " without BEGIN:" + value
                           : "END:" + value + " where END:" + stack.back().first +
                                 " was expected (BEGIN on line " +
                                 std::to_string(stack.back().second) + ")");
      stack.pop_back();
      if (stack.empty()) seen_calendar_end = true;
      continue;
    }
    if (stack.empty()) fail(file, l.line, "a property outside BEGIN:VCALENDAR … END:VCALENDAR");
    if (stack.size() == 2 && stack.back().first == "VEVENT")
      events.back().props.push_back(
          {name, name_end < colon ? l.text.substr(name_end + 1, colon - name_end - 1) : "", value,
           l.line});
  }
  if (!stack.empty())
    fail(file, stack.back().second, "BEGIN:" + stack.back().first + " is never closed");
  return events;
}

// ---------------------------------------------------------------------------------------------
// Time values.

struct CalendarDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using CalendarPtr = std::unique_ptr<icalcomponent, CalendarDeleter>;

std::string tzid_of(icalproperty* p) {
  icalparameter* param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
  const char* tzid = param ? icalparameter_get_tzid(param) : nullptr;
  return tzid ? tzid : "";
}

// The zone a TZID names: a VTIMEZONE in the same calendar first, else the system's Olson zones.
icaltimezone* find_zone(icalcomponent* root, const std::string& tzid) {
  if (tzid.empty()) return nullptr;
  if (icaltimezone* z = icalcomponent_get_timezone(root, tzid.c_str())) return z;
  if (icaltimezone* z = icaltimezone_get_builtin_timezone(tzid.c_str())) return z;
  // Exporters sometimes write "/Europe/Amsterdam" or a libical-style prefixed id.
  if (icaltimezone* z = icaltimezone_get_builtin_timezone_from_tzid(tzid.c_str())) return z;
  const auto slash = tzid.find_first_not_of('/');
  if (slash != std::string::npos && slash > 0)
    return icaltimezone_get_builtin_timezone(tzid.c_str() + slash);
  return nullptr;
}

struct TimeValue {
  icaltimetype local{};  // wall-clock fields as written
  bool is_date = false;
  bool is_utc = false;
  icaltimezone* zone = nullptr;  // nullptr: floating or UTC or date → see is_utc / centre zone
};

UtcSeconds to_instant(const icaltimetype& t, bool is_date, bool is_utc, icaltimezone* zone,
                      const TimeZone& centre) {
  const LocalDateTime l{{t.year, t.month, t.day}, is_date ? 0 : t.hour, is_date ? 0 : t.minute,
                        is_date ? 0 : t.second};
  if (is_date) return centre.start_of_day(l.date);
  if (is_utc) return naive_seconds(l);
  if (zone) return TimeZone::from_ical(zone, "").to_utc(l);
  return centre.to_utc(l);  // floating time: the centre's own
}

std::string recurrence_key(UtcSeconds start, bool all_day, const TimeZone& centre) {
  char buf[24];
  if (all_day) {
    const LocalDate d = centre.local_date(start);
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  } else {
    const LocalDateTime t = from_naive_seconds(start);
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", t.date.year, t.date.month,
                  t.date.day, t.hour, t.minute, t.second);
  }
  return buf;
}

TimeValue time_of(icalproperty* p, icaltimetype t, icalcomponent* root) {
  TimeValue v;
  v.local = t;
  v.is_date = t.is_date != 0;
  v.is_utc = icaltime_is_utc(t) != 0;
  if (!v.is_utc && !v.is_date) v.zone = find_zone(root, tzid_of(p));
  return v;
}

UtcSeconds instant(const TimeValue& v, const TimeZone& centre) {
  return to_instant(v.local, v.is_date, v.is_utc, v.zone, centre);
}

// ---------------------------------------------------------------------------------------------
// Expansion.

std::optional<std::string> text_prop(icalcomponent* c, icalproperty_kind kind) {
  icalproperty* p = icalcomponent_get_first_property(c, kind);
  if (!p) return std::nullopt;
  const char* v = icalproperty_get_value_as_string(p);
  if (!v) return std::nullopt;
  // get_value_as_string gives the escaped form; the typed getters unescape.
  switch (kind) {
    case ICAL_SUMMARY_PROPERTY: return std::string(icalproperty_get_summary(p));
    case ICAL_LOCATION_PROPERTY: return std::string(icalproperty_get_location(p));
    case ICAL_DESCRIPTION_PROPERTY: return std::string(icalproperty_get_description(p));
    default: return std::string(v);
  }
}

bool is_cancelled(icalcomponent* c) {
  return icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY) &&
         icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED;
}

constexpr int kMaxIterations = 100000;  // a guard against rules that never end usefully

}  // namespace

std::vector<Instance> expand_series(std::string_view series_ics, const TimeZone& centre,
                                    UtcSeconds from, UtcSeconds to) {
  const std::string text(series_ics);
  CalendarPtr root(icalparser_parse_string(text.c_str()));
  if (!root) return {};
  icalcomponent* master = nullptr;
  std::vector<icalcomponent*> overrides;
  for (icalcomponent* c = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(root.get(), ICAL_VEVENT_COMPONENT)) {
    if (icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY)) {
      overrides.push_back(c);
    } else if (!master) {
      master = c;
    }
  }

  std::vector<Instance> out;
  std::set<std::string> replaced;  // recurrence keys that an override stands in for
  std::int64_t master_duration = 0;
  bool master_all_day = false;

  if (master) {
    icalproperty* dtstart_p = icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY);
    if (!dtstart_p) return {};
    const TimeValue start = time_of(dtstart_p, icalproperty_get_dtstart(dtstart_p), root.get());
    master_all_day = start.is_date;
    const UtcSeconds start_utc = instant(start, centre);
    if (icalproperty* e = icalcomponent_get_first_property(master, ICAL_DTEND_PROPERTY)) {
      master_duration = instant(time_of(e, icalproperty_get_dtend(e), root.get()), centre) - start_utc;
    } else if (icalproperty* d = icalcomponent_get_first_property(master, ICAL_DURATION_PROPERTY)) {
      master_duration = icaldurationtype_as_int(icalproperty_get_duration(d));
    } else if (start.is_date) {
      master_duration = 86400;
    }
    if (master_duration < 0) master_duration = 0;
    const int days = static_cast<int>((master_duration + 86399) / 86400);

    for (const auto* c : overrides) {
      icalproperty* rid = icalcomponent_get_first_property(const_cast<icalcomponent*>(c),
                                                           ICAL_RECURRENCEID_PROPERTY);
      replaced.insert(recurrence_key(
          instant(time_of(rid, icalproperty_get_recurrenceid(rid), root.get()), centre),
          master_all_day, centre));
    }
    std::set<std::string> excluded;
    for (icalproperty* ex = icalcomponent_get_first_property(master, ICAL_EXDATE_PROPERTY); ex;
         ex = icalcomponent_get_next_property(master, ICAL_EXDATE_PROPERTY)) {
      excluded.insert(recurrence_key(
          instant(time_of(ex, icalproperty_get_exdate(ex), root.get()), centre), master_all_day,
          centre));
    }
    const bool cancelled = is_cancelled(master);
    auto emit = [&](const icaltimetype& local) {
      const UtcSeconds s = to_instant(local, start.is_date, start.is_utc, start.zone, centre);
      if (s < from || s >= to) return;
      const std::string key = recurrence_key(s, start.is_date, centre);
      if (excluded.count(key) || replaced.count(key)) return;
      Instance i;
      i.key = key;
      i.start = s;
      i.all_day = start.is_date;
      if (start.is_date) {
        i.end = centre.start_of_day(add_days(centre.local_date(s), std::max(days, 1)));
      } else {
        i.end = s + master_duration;
      }
      i.cancelled = cancelled;
      out.push_back(std::move(i));
    };

    icalproperty* rrule_p = icalcomponent_get_first_property(master, ICAL_RRULE_PROPERTY);
    if (!rrule_p) {
      emit(start.local);
    } else {
      icalrecurrencetype rule = icalproperty_get_rrule(rrule_p);
      // UNTIL is written in UTC when DTSTART has a zone, but the iterator compares wall-clock
      // times: turn it into the series' own local time so the last date is not lost.
      if (!icaltime_is_null_time(rule.until) && icaltime_is_utc(rule.until) && !start.is_date &&
          !start.is_utc) {
        const UtcSeconds until = to_instant(rule.until, false, true, nullptr, centre);
        const LocalDateTime l = start.zone ? TimeZone::from_ical(start.zone, "").to_local(until)
                                           : centre.to_local(until);
        rule.until = icaltime_null_time();
        rule.until.year = l.date.year;
        rule.until.month = l.date.month;
        rule.until.day = l.date.day;
        rule.until.hour = l.hour;
        rule.until.minute = l.minute;
        rule.until.second = l.second;
      }
      icalrecur_iterator* it = icalrecur_iterator_new(rule, start.local);
      if (it) {
        for (int n = 0; n < kMaxIterations; ++n) {
          const icaltimetype next = icalrecur_iterator_next(it);
          if (icaltime_is_null_time(next)) break;
          // Instances come in order; one day of slack covers zone offsets.
          if (to_instant(next, start.is_date, start.is_utc, start.zone, centre) >= to) break;
          emit(next);
        }
        icalrecur_iterator_free(it);
      }
    }
  }

  // Overrides: their own time, room and title; the master's duration when they give no end.
  const std::string master_title = master ? text_prop(master, ICAL_SUMMARY_PROPERTY).value_or("") : "";
  const std::string master_location = master ? text_prop(master, ICAL_LOCATION_PROPERTY).value_or("") : "";
  for (icalcomponent* c : overrides) {
    icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
    const TimeValue rid_time = time_of(rid, icalproperty_get_recurrenceid(rid), root.get());
    icalproperty* dtstart_p = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    const TimeValue start =
        dtstart_p ? time_of(dtstart_p, icalproperty_get_dtstart(dtstart_p), root.get()) : rid_time;
    Instance i;
    i.all_day = master ? master_all_day : start.is_date;
    i.key = recurrence_key(instant(rid_time, centre), i.all_day, centre);
    i.start = instant(start, centre);
    if (i.start < from || i.start >= to) continue;
    if (icalproperty* e = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) {
      i.end = instant(time_of(e, icalproperty_get_dtend(e), root.get()), centre);
    } else {
      i.end = i.start + (master ? master_duration : (start.is_date ? 86400 : 0));
    }
    if (i.end < i.start) i.end = i.start;
    i.cancelled = is_cancelled(c) || (master && is_cancelled(master));
    if (auto t = text_prop(c, ICAL_SUMMARY_PROPERTY); t && *t != master_title) i.title = t;
    if (auto l = text_prop(c, ICAL_LOCATION_PROPERTY); l && *l != master_location) i.location = l;
    out.push_back(std::move(i));
  }
  std::sort(out.begin(), out.end(),
            [](const Instance& a, const Instance& b) { return a.start < b.start || (a.start == b.start && a.key < b.key); });
  return out;
}

namespace {

std::string wrap_calendar(const std::string& body) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Buurtkiosk//series//NL\r\n" + body +
         "END:VCALENDAR\r\n";
}

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
  if (icaltimezone* z = icalcomponent_get_timezone(root, tzid.c_str())) {
    if (icalcomponent* vtz = icaltimezone_get_component(z)) zones[tzid] = component_text(vtz);
  } else {
    zones[tzid] = "";  // a system (Olson) zone: nothing to carry
  }
}

void check_time_prop(const ScannedEvent& ev, icalcomponent* root, icalproperty* p,
                     const char* name, const std::string& file) {
  const std::string tzid = tzid_of(p);
  if (!tzid.empty() && !find_zone(root, tzid))
    fail(file, ev.line_of(name), std::string(name) + ": unknown time zone \"" + tzid + "\"");
}

std::optional<int> parse_capacity(std::string_view v) {
  if (v.empty() || v.size() > 6) return std::nullopt;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::vector<SeriesDefinition> read_ics(std::string_view text, const std::string& file,
                                       const TimeZone& centre) {
  const std::vector<ScannedEvent> scanned = scan_ics(text, file);
  const std::string owned(text);
  CalendarPtr root(icalparser_parse_string(owned.c_str()));
  if (!root) fail(file, 1, "not an iCalendar file");
  icalcomponent* cal = root.get();
  if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) fail(file, 1, "not an iCalendar file");

  struct Group {
    icalcomponent* master = nullptr;
    const ScannedEvent* master_scan = nullptr;
    std::vector<std::pair<icalcomponent*, const ScannedEvent*>> overrides;
  };
  std::map<std::string, Group> groups;
  std::vector<std::string> order;  // UIDs in file order, for a stable result

  size_t index = 0;
  for (icalcomponent* c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), ++index) {
    if (index >= scanned.size()) fail(file, 1, "the events could not be read");
    const ScannedEvent& ev = scanned[index];
    if (const ScannedProperty* r = ev.find("RRULE")) {
      const icalrecurrencetype rule = icalrecurrencetype_from_string(r->value.c_str());
      if (rule.freq == ICAL_NO_RECURRENCE)
        fail(file, r->line, "RRULE \"" + r->value + "\" is not a valid repeat rule");
      if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
          rule.freq == ICAL_HOURLY_RECURRENCE)
        fail(file, r->line, "RRULE repeats more often than daily; an agenda cannot show that");
    }
    if (icalproperty* err = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY)) {
      const std::string msg = icalproperty_get_xlicerror(err) ? icalproperty_get_xlicerror(err) : "";
      int line = ev.begin_line;
      for (const auto& p : ev.props)
        if (msg.find(p.name) != std::string::npos) {
          line = p.line;
          break;
        }
      fail(file, line, "cannot be read: " + msg);
    }
    icalproperty* dtstart = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    if (!dtstart) {
      if (ev.find("DTSTART")) fail(file, ev.line_of("DTSTART"), "DTSTART is not a valid date or time");
      fail(file, ev.begin_line, "event without DTSTART");
    }
    const icaltimetype st = icalproperty_get_dtstart(dtstart);
    if (icaltime_is_null_time(st) || !icaltime_is_valid_time(st) || st.month < 1 || st.month > 12 ||
        st.day < 1 || st.day > icaltime_days_in_month(st.month, st.year) || st.hour > 23 ||
        st.minute > 59 || st.second > 60)
      fail(file, ev.line_of("DTSTART"), "DTSTART is not a valid date or time");
    check_time_prop(ev, cal, dtstart, "DTSTART", file);
    if (icalproperty* e = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) {
      check_time_prop(ev, cal, e, "DTEND", file);
      const icaltimetype et = icalproperty_get_dtend(e);
      if (icaltime_is_null_time(et) || et.month < 1 || et.month > 12 || et.day < 1 ||
          et.day > icaltime_days_in_month(et.month, et.year))
        fail(file, ev.line_of("DTEND"), "DTEND is not a valid date or time");
      if (instant(time_of(e, et, cal), centre) < instant(time_of(dtstart, st, cal), centre))
        fail(file, ev.line_of("DTEND"), "DTEND lies before DTSTART");
    } else if (ev.find("DTEND")) {
      fail(file, ev.line_of("DTEND"), "DTEND is not a valid date or time");
    }
    for (icalproperty* ex = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY); ex;
         ex = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY))
      check_time_prop(ev, cal, ex, "EXDATE", file);
    if (const ScannedProperty* cap = ev.find("X-BUURTKIOSK-CAPACITY")) {
      if (!parse_capacity(cap->value))
        fail(file, cap->line, "X-BUURTKIOSK-CAPACITY must be a whole number of people, not \"" +
                                   cap->value + "\"");
    }

    std::string uid = icalcomponent_get_uid(c) ? icalcomponent_get_uid(c) : "";
    if (uid.empty()) {
      // No UID: derive one from what identifies the event, so a re-import still matches it.
      const std::string basis = text_prop(c, ICAL_SUMMARY_PROPERTY).value_or("") + "|" +
                                (ev.find("DTSTART") ? ev.find("DTSTART")->value : "");
      std::size_t h = std::hash<std::string>{}(basis);
      uid = "generated-" + std::to_string(h);
    }
    if (!groups.count(uid)) order.push_back(uid);
    Group& g = groups[uid];
    if (icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY)) {
      check_time_prop(ev, cal, rid, "RECURRENCE-ID", file);
      g.overrides.emplace_back(c, &ev);
    } else {
      if (g.master) fail(file, ev.begin_line, "a second event with UID \"" + uid + "\"");
      g.master = c;
      g.master_scan = &ev;
    }
  }

  std::vector<SeriesDefinition> out;
  for (const std::string& uid : order) {
    Group& g = groups[uid];
    icalcomponent* main = g.master ? g.master : g.overrides.front().first;
    const ScannedEvent* main_scan = g.master ? g.master_scan : g.overrides.front().second;
    SeriesDefinition s;
    s.uid = uid;
    s.title = text_prop(main, ICAL_SUMMARY_PROPERTY).value_or("");
    s.description = text_prop(main, ICAL_DESCRIPTION_PROPERTY).value_or("");
    s.location = text_prop(main, ICAL_LOCATION_PROPERTY).value_or("");
    for (const char* field : {"title", "description", "location"}) {
      std::string& v = field[0] == 't' ? s.title : field[0] == 'd' ? s.description : s.location;
      const auto checked =
          check_text(without_pictographs(v), field[0] == 'd' ? 4000 : 200, true, field[0] == 'd');
      if (!checked.ok()) {
        const char* prop = field[0] == 't' ? "SUMMARY" : field[0] == 'd' ? "DESCRIPTION" : "LOCATION";
        fail(file, main_scan->line_of(prop),
             std::string(prop) + " " + describe(checked.problem, field[0] == 'd' ? 4000 : 200));
      }
      v = checked.value;
    }
    if (s.title.empty()) s.title = "—";
    if (icalproperty* cat = icalcomponent_get_first_property(main, ICAL_CATEGORIES_PROPERTY)) {
      const char* v = icalproperty_get_categories(cat);
      std::string first = v ? v : "";
      first = first.substr(0, first.find(','));
      s.category = lower(check_text(first, 40, true).value);
    }
    if (const ScannedProperty* cap = main_scan->find("X-BUURTKIOSK-CAPACITY"))
      s.capacity = parse_capacity(cap->value);
    icalproperty* dtstart = icalcomponent_get_first_property(main, ICAL_DTSTART_PROPERTY);
    s.all_day = icalproperty_get_dtstart(dtstart).is_date != 0;
    if (g.master) {
      if (icalproperty* r = icalcomponent_get_first_property(g.master, ICAL_RRULE_PROPERTY))
        {
          icalrecurrencetype rule = icalproperty_get_rrule(r);
          s.rrule = icalrecurrencetype_as_string(&rule);
        }
    }
    std::map<std::string, std::string> zones;
    std::string body;
    std::vector<icalcomponent*> parts;
    if (g.master) parts.push_back(g.master);
    for (auto& o : g.overrides) parts.push_back(o.first);
    for (icalcomponent* c : parts) {
      for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
           p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY))
        collect_zone(cal, p, zones);
    }
    for (const auto& [tzid, vtz] : zones) body += vtz;
    for (icalcomponent* c : parts) {
      // Alarms and attendees are of no use to the kiosk and only make the stored text longer.
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
    s.series_ics = wrap_calendar(body);
    out.push_back(std::move(s));
  }
  return out;
}

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
  s.series_ics = wrap_calendar(ev);
  return s;
}

}  // namespace bk
