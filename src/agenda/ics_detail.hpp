#pragma once
// Helpers shared by the iCalendar reader (series.cpp) and the recurrence expansion
// (recurrence.cpp). Internal to src/agenda.
#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agenda/series.hpp"

namespace bk::ics {

struct CalendarDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using CalendarPtr = std::unique_ptr<icalcomponent, CalendarDeleter>;

std::string tzid_of(icalproperty* p);
// The zone a TZID names: the system's Olson data for a known name (a file's VTIMEZONE is often
// cut short to the years around its export), else a VTIMEZONE in the same calendar.
icaltimezone* find_zone(icalcomponent* root, const std::string& tzid);

struct TimeValue {
  icaltimetype local{};  // wall-clock fields as written
  bool is_date = false;
  bool is_utc = false;
  icaltimezone* zone = nullptr;  // nullptr: floating, UTC or a date (see is_utc / centre zone)
};
TimeValue time_of(icalproperty* p, icaltimetype t, icalcomponent* root);
UtcSeconds instant(const TimeValue& v, const TimeZone& centre);
std::string recurrence_key(UtcSeconds start, bool all_day, const TimeZone& centre);

std::optional<std::string> text_prop(icalcomponent* c, icalproperty_kind kind);
int sequence_of(icalcomponent* c);

// Instances in [from, to) as expand_series gives them, but stops once there are more than
// `limit`: a caller that counts need not make a million dates to learn there are too many.
std::vector<Instance> expand_limited(std::string_view series_ics, const TimeZone& centre,
                                     UtcSeconds from, UtcSeconds to, std::size_t limit);

}  // namespace bk::ics
