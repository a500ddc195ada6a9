// Expansion of a stored series (master event, RRULEs, RDATEs, EXDATEs, overrides) into dated
// instances. The time helpers it shares with the reader are in ics_time.cpp.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "agenda/ics_detail.hpp"

namespace bk::ics {

namespace {

bool is_cancelled(icalcomponent* c) {
  return icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY) &&
         icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED;
}

constexpr int kMaxIterations = 100000;  // a guard against rules that never end usefully

// How long one instance lasts: whole calendar days for all-day events (a day across the clock
// change has 23 or 25 hours), seconds otherwise.
struct Length {
  std::int64_t seconds = 0;
  int days = 0;
};

int days_between(const icaltimetype& a, const icaltimetype& b) {
  const auto day = [](const icaltimetype& t) {
    return naive_seconds({{t.year, t.month, t.day}, 0, 0, 0}) / 86400;
  };
  return static_cast<int>(day(b) - day(a));
}

icaltimetype local_day(LocalDate d) {
  icaltimetype t = icaltime_null_date();
  t.year = d.year;
  t.month = d.month;
  t.day = d.day;
  return t;
}

// The length an event gives itself (DTEND or DURATION), if it gives one.
std::optional<Length> own_length(icalcomponent* c, const TimeValue& start, icalcomponent* root,
                                 const TimeZone& centre) {
  Length l;
  if (icalproperty* e = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) {
    const TimeValue end = time_of(e, icalproperty_get_dtend(e), root);
    if (start.is_date && end.is_date)
      l.days = days_between(start.local, end.local);
    else if (start.is_date)  // a date-time DTEND to a date DTSTART: up to the day it falls on
      l.days = std::max(1, days_between(start.local, local_day(centre.local_date(instant(end, centre)))));
    else
      l.seconds = instant(end, centre) - instant(start, centre);
  } else if (icalproperty* d = icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY)) {
    const icaldurationtype dur = icalproperty_get_duration(d);
    const std::int64_t secs = icaldurationtype_as_int(dur);
    if (start.is_date)
      l.days = static_cast<int>((std::llabs(secs) + 86399) / 86400) * (secs < 0 ? -1 : 1);
    else
      l.seconds = secs;
  } else {
    return std::nullopt;
  }
  l.seconds = std::max<std::int64_t>(l.seconds, 0);
  l.days = std::max(l.days, 0);
  return l;
}

UtcSeconds end_of(UtcSeconds start, bool all_day, const Length& l, const TimeZone& centre) {
  if (!all_day) return start + l.seconds;
  return centre.start_of_day(add_days(centre.local_date(start), l.days));
}

// An override with RANGE=THISANDFUTURE: moves and changes this date and every later one.
struct FutureChange {
  UtcSeconds from = 0;     // the original start of the first date it applies to
  std::int64_t shift = 0;  // new start − original start
  Length length;
  std::optional<std::string> title, location;
  bool cancelled = false;
};

struct Series {
  icalcomponent* root = nullptr;
  icalcomponent* master = nullptr;
  std::map<std::string, icalcomponent*> overrides;  // recurrence key → the one that counts
  bool all_day = false;                             // the master's
};

// Several events with the same UID (and RECURRENCE-ID): calendar programs keep the one with the
// highest SEQUENCE, and of equals the last in the file.
Series pick_components(icalcomponent* root, const TimeZone& centre) {
  Series s;
  s.root = root;
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
    if (!icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY) &&
        icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY) &&
        (!s.master || sequence_of(c) >= sequence_of(s.master)))
      s.master = c;
  }
  if (s.master)
    s.all_day = icalcomponent_get_dtstart(s.master).is_date != 0;
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
    icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
    if (!rid) continue;
    const TimeValue t = time_of(rid, icalproperty_get_recurrenceid(rid), root);
    const std::string key = recurrence_key(instant(t, centre), s.master ? s.all_day : t.is_date, centre);
    auto [it, fresh] = s.overrides.emplace(key, c);
    if (!fresh && sequence_of(c) >= sequence_of(it->second)) it->second = c;
  }
  return s;
}

bool is_this_and_future(icalproperty* rid) {
  icalparameter* p = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
  return p && icalparameter_get_range(p) == ICAL_RANGE_THISANDFUTURE;
}

// UNTIL is written in UTC when DTSTART has a zone, but the iterator compares wall-clock times:
// turn it into the series' own local time so the last date is not lost.
void localise_until(icalrecurrencetype& rule, const TimeValue& start, const TimeZone& centre) {
  if (icaltime_is_null_time(rule.until) || !icaltime_is_utc(rule.until) || start.is_date ||
      start.is_utc)
    return;
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

struct Candidate {
  UtcSeconds start = 0;
  std::optional<UtcSeconds> end;  // an RDATE period brings its own end
};

// The master's dates, before EXDATE and overrides: DTSTART (always, even when it does not fit the
// rule, as calendar programs show it), every RRULE (a union) and every RDATE, without repeats.
// Only starts in [lo, hi) are kept; stops after `cap` of them.
std::map<std::string, Candidate> master_dates(const Series& s, const TimeValue& start,
                                              const TimeZone& centre, UtcSeconds lo,
                                              UtcSeconds hi, std::size_t cap) {
  std::map<std::string, Candidate> dates;
  auto add = [&](UtcSeconds t, std::optional<UtcSeconds> end) {
    if (t >= lo && t < hi) dates.emplace(recurrence_key(t, s.all_day, centre), Candidate{t, end});
  };
  add(instant(start, centre), std::nullopt);
  for (icalproperty* r = icalcomponent_get_first_property(s.master, ICAL_RRULE_PROPERTY);
       r && dates.size() <= cap; r = icalcomponent_get_next_property(s.master, ICAL_RRULE_PROPERTY)) {
    icalrecurrencetype rule = icalproperty_get_rrule(r);
    localise_until(rule, start, centre);
    icalrecur_iterator* it = icalrecur_iterator_new(rule, start.local);
    if (!it) continue;
    for (int n = 0; n < kMaxIterations && dates.size() <= cap; ++n) {
      const icaltimetype next = icalrecur_iterator_next(it);
      if (icaltime_is_null_time(next)) break;
      const UtcSeconds t = to_instant(next, start.is_date, start.is_utc, start.zone, centre);
      if (t >= hi) break;  // instances come in order
      add(t, std::nullopt);
    }
    icalrecur_iterator_free(it);
  }
  for (icalproperty* r = icalcomponent_get_first_property(s.master, ICAL_RDATE_PROPERTY);
       r && dates.size() <= cap; r = icalcomponent_get_next_property(s.master, ICAL_RDATE_PROPERTY)) {
    const icaldatetimeperiodtype v = icalproperty_get_rdate(r);
    if (!icaltime_is_null_time(v.time)) {
      add(instant(time_of(r, v.time, s.root), centre), std::nullopt);
    } else if (!icaltime_is_null_time(v.period.start)) {
      const UtcSeconds t = instant(time_of(r, v.period.start, s.root), centre);
      const UtcSeconds end = icaltime_is_null_time(v.period.end)
                                 ? t + icaldurationtype_as_int(v.period.duration)
                                 : instant(time_of(r, v.period.end, s.root), centre);
      add(t, std::max(end, t));
    }
  }
  return dates;
}

TimeValue override_start(const Series& s, icalcomponent* c) {
  icalproperty* dtstart_p = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
  icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
  return dtstart_p ? time_of(dtstart_p, icalproperty_get_dtstart(dtstart_p), s.root)
                   : time_of(rid, icalproperty_get_recurrenceid(rid), s.root);
}

// An override's own DTEND or DURATION, else the master's length (in days or seconds, whichever
// the override's own all-day flag needs).
Length override_length(const Series& s, icalcomponent* c, const TimeValue& start,
                       const Length& master_length, const TimeZone& centre) {
  if (auto own = own_length(c, start, s.root, centre)) return *own;
  Length l;
  if (!s.master) {
    l.days = start.is_date ? 1 : 0;
  } else if (s.all_day == start.is_date) {
    l = master_length;
  } else {
    l.days = std::max(1, static_cast<int>(master_length.seconds / 86400));
    l.seconds = std::int64_t{master_length.days} * 86400;
  }
  return l;
}

Instance override_instance(const Series& s, icalcomponent* c, const std::string& key,
                           const Length& master_length, const TimeZone& centre) {
  const TimeValue start = override_start(s, c);
  Instance i;
  i.key = key;
  i.all_day = start.is_date;
  i.start = instant(start, centre);
  i.end = end_of(i.start, i.all_day, override_length(s, c, start, master_length, centre), centre);
  i.cancelled = is_cancelled(c) || (s.master && is_cancelled(s.master));
  return i;
}

// An override's own title or room, when it differs from the master's.
std::optional<std::string> own_text(icalcomponent* c, icalproperty_kind kind,
                                    const std::string& master_value) {
  auto v = text_prop(c, kind);
  return v && *v != master_value ? v : std::nullopt;
}

struct MasterText {
  std::string title, location;
};

// The THISANDFUTURE overrides, ordered by `from`; `slack` is the largest shift of any of them.
std::vector<FutureChange> future_changes(const Series& s, const Length& master_length,
                                         const MasterText& master, const TimeZone& centre,
                                         std::int64_t& slack) {
  std::vector<FutureChange> changes;
  for (const auto& [key, c] : s.overrides) {
    icalproperty* rid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
    if (!is_this_and_future(rid)) continue;
    const UtcSeconds original = instant(time_of(rid, icalproperty_get_recurrenceid(rid), s.root), centre);
    const Instance moved = override_instance(s, c, key, master_length, centre);
    FutureChange f{original, moved.start - original,
                   override_length(s, c, override_start(s, c), master_length, centre),
                   own_text(c, ICAL_SUMMARY_PROPERTY, master.title),
                   own_text(c, ICAL_LOCATION_PROPERTY, master.location), moved.cancelled};
    changes.push_back(f);
    slack = std::max<std::int64_t>(slack, std::llabs(f.shift));
  }
  std::sort(changes.begin(), changes.end(),
            [](const FutureChange& a, const FutureChange& b) { return a.from < b.from; });
  return changes;
}

// The master's own dates with a start in [from, to) (each moved by the THISANDFUTURE change before
// it), without EXDATEs and the dates an override replaces; returns the master's length.
Length add_master_instances(const Series& s, const MasterText& master, const TimeZone& centre,
                            UtcSeconds from, UtcSeconds to, std::size_t limit,
                            std::vector<Instance>& out) {
  icalproperty* dtstart_p = icalcomponent_get_first_property(s.master, ICAL_DTSTART_PROPERTY);
  const TimeValue start = time_of(dtstart_p, icalproperty_get_dtstart(dtstart_p), s.root);
  Length master_length = own_length(s.master, start, s.root, centre).value_or(Length{0, start.is_date ? 1 : 0});
  if (start.is_date) master_length.days = std::max(master_length.days, 1);

  std::int64_t slack = 0;
  const std::vector<FutureChange> changes = future_changes(s, master_length, master, centre, slack);

  std::set<std::string> excluded;
  for (icalproperty* ex = icalcomponent_get_first_property(s.master, ICAL_EXDATE_PROPERTY); ex;
       ex = icalcomponent_get_next_property(s.master, ICAL_EXDATE_PROPERTY))
    excluded.insert(recurrence_key(instant(time_of(ex, icalproperty_get_exdate(ex), s.root), centre),
                                   s.all_day, centre));
  const std::size_t cap = limit + excluded.size() + s.overrides.size();
  const auto dates = master_dates(s, start, centre, from - slack, to + slack, cap);
  for (const auto& [key, d] : dates) {
    if (excluded.count(key) || s.overrides.count(key)) continue;
    Instance i;
    i.key = key;
    i.start = d.start;
    i.all_day = s.all_day;
    i.end = d.end ? *d.end : end_of(d.start, s.all_day, master_length, centre);
    i.cancelled = is_cancelled(s.master);
    const FutureChange* change = nullptr;
    for (const auto& f : changes)
      if (f.from < d.start) change = &f;
    if (change) {
      i.start += change->shift;
      i.end = end_of(i.start, i.all_day, change->length, centre);
      i.title = change->title;
      i.location = change->location;
      i.cancelled = i.cancelled || change->cancelled;
    }
    if (i.start >= from && i.start < to) out.push_back(std::move(i));
  }
  return master_length;
}

}  // namespace

std::vector<Instance> expand_limited(std::string_view series_ics, const TimeZone& centre,
                                     UtcSeconds from, UtcSeconds to, std::size_t limit) {
  const std::string text(series_ics);
  CalendarPtr root(icalparser_parse_string(text.c_str()));
  if (!root) return {};
  const Series s = pick_components(root.get(), centre);
  const MasterText master{
      s.master ? text_prop(s.master, ICAL_SUMMARY_PROPERTY).value_or("") : "",
      s.master ? text_prop(s.master, ICAL_LOCATION_PROPERTY).value_or("") : ""};

  std::vector<Instance> out;
  Length master_length;
  if (s.master) master_length = add_master_instances(s, master, centre, from, to, limit, out);

  // Overrides: their own time, length, all-day flag, room and title.
  for (const auto& [key, c] : s.overrides) {
    Instance i = override_instance(s, c, key, master_length, centre);
    if (i.start < from || i.start >= to) continue;
    i.title = own_text(c, ICAL_SUMMARY_PROPERTY, master.title);
    i.location = own_text(c, ICAL_LOCATION_PROPERTY, master.location);
    out.push_back(std::move(i));
  }
  std::sort(out.begin(), out.end(), [](const Instance& a, const Instance& b) {
    return a.start < b.start || (a.start == b.start && a.key < b.key);
  });
  if (out.size() > limit + 1) out.resize(limit + 1);
  return out;
}

}  // namespace bk::ics

namespace bk {

std::vector<Instance> expand_series(std::string_view series_ics, const TimeZone& centre,
                                    UtcSeconds from, UtcSeconds to) {
  return ics::expand_limited(series_ics, centre, from, to, static_cast<std::size_t>(-1) / 4);
}

}  // namespace bk
