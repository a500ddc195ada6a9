#pragma once
// Helpers shared by the iCalendar reader (series.cpp, ics_check.cpp), the writer
// (series_write.cpp), the time helpers (ics_time.cpp) and the recurrence expansion
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

namespace bk {
struct ScannedEvent;
}

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
// Wall-clock fields as an instant: a date at the centre's midnight, a floating time in the centre's
// zone (ics_time.cpp, like the helpers up to sequence_of).
UtcSeconds to_instant(const icaltimetype& t, bool is_date, bool is_utc, icaltimezone* zone,
                      const TimeZone& centre);
TimeValue time_of(icalproperty* p, icaltimetype t, icalcomponent* root);
UtcSeconds instant(const TimeValue& v, const TimeZone& centre);
std::string recurrence_key(UtcSeconds start, bool all_day, const TimeZone& centre);

std::optional<std::string> text_prop(icalcomponent* c, icalproperty_kind kind);
int sequence_of(icalcomponent* c);

// Instances in [from, to) as expand_series gives them, but stops once there are more than
// `limit`: a caller that counts need not make a million dates to learn there are too many.
std::vector<Instance> expand_limited(std::string_view series_ics, const TimeZone& centre,
                                     UtcSeconds from, UtcSeconds to, std::size_t limit);

// A VCALENDAR around `body` (VTIMEZONEs and VEVENTs), as a series keeps it (series_write.cpp).
std::string wrap_calendar(const std::string& body);

// X-BUURTKIOSK-CAPACITY: a whole number of up to six digits, else nullopt (ics_check.cpp).
std::optional<int> parse_capacity(std::string_view v);

// Checks one VEVENT `c` (scanned as `ev`) of calendar `cal`; throws InputError naming the line for
// what must not be guessed, adds a warning for what libical could not read (ics_check.cpp).
void check_event(icalcomponent* c, const ScannedEvent& ev, icalcomponent* cal,
                 const std::string& file, const TimeZone& centre, std::vector<std::string>& warnings);

}  // namespace bk::ics
