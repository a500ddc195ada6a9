// The time values of iCalendar as the reader and the expansion both need them: zones by TZID,
// instants, recurrence keys, and the text and SEQUENCE of an event.
#include <cstdio>

#include "agenda/ics_detail.hpp"

namespace bk::ics {

std::string tzid_of(icalproperty* p) {
  icalparameter* param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
  const char* tzid = param ? icalparameter_get_tzid(param) : nullptr;
  return tzid ? tzid : "";
}

icaltimezone* find_zone(icalcomponent* root, const std::string& tzid) {
  if (tzid.empty()) return nullptr;
  if (icaltimezone* z = icaltimezone_get_builtin_timezone(tzid.c_str())) return z;
  if (icaltimezone* z = icalcomponent_get_timezone(root, tzid.c_str())) return z;
  // Exporters sometimes write "/Europe/Amsterdam" or a libical-style prefixed id.
  if (icaltimezone* z = icaltimezone_get_builtin_timezone_from_tzid(tzid.c_str())) return z;
  const auto slash = tzid.find_first_not_of('/');
  if (slash != std::string::npos && slash > 0)
    return icaltimezone_get_builtin_timezone(tzid.c_str() + slash);
  return nullptr;
}

UtcSeconds to_instant(const icaltimetype& t, bool is_date, bool is_utc, icaltimezone* zone,
                      const TimeZone& centre) {
  const LocalDateTime l{{t.year, t.month, t.day}, is_date ? 0 : t.hour, is_date ? 0 : t.minute,
                        is_date ? 0 : t.second};
  if (is_date) return centre.start_of_day(l.date);
  if (is_utc) return naive_seconds(l);
  if (zone) return TimeZone::from_ical(zone, "").to_utc(l);
  return centre.to_utc(l);  // floating time: the centre's own
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

int sequence_of(icalcomponent* c) {
  icalproperty* p = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY);
  return p ? icalproperty_get_sequence(p) : 0;
}

}  // namespace bk::ics
