#pragma once
// An activity series as iCalendar describes it, and its expansion into dated instances.
// Import (ICS or CSV) turns a file into SeriesDefinitions; each keeps a small self-contained
// iCalendar text (time zones + master event + overrides) so that dates far ahead can be made
// later, on demand, by the same code (expand_series).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace bk {

struct SeriesDefinition {
  std::string uid;
  std::string title;
  std::string description;
  std::string location;
  std::string category;
  std::optional<int> capacity;
  bool all_day = false;
  std::string rrule;       // empty: a single date
  std::string series_ics;  // self-contained VCALENDAR
};

struct Instance {
  std::string key;  // recurrence key: 20270302T090000Z (UTC) or 20270302 (all-day)
  UtcSeconds start = 0;
  UtcSeconds end = 0;
  bool all_day = false;
  bool cancelled = false;
  std::optional<std::string> title;     // an override's own title, when it differs
  std::optional<std::string> location;  // an override's own room, when it differs
};

// Instances whose start lies in [from, to), ordered by start. Times without a zone (floating) and
// all-day dates are read in the centre's zone.
std::vector<Instance> expand_series(std::string_view series_ics, const TimeZone& centre,
                                    UtcSeconds from, UtcSeconds to);

// What an .ics file holds, and what was left out on the way: real exporters write empty values,
// X-LIC-ERROR notes and properties nobody registered; each is ignored and counted here.
struct IcsReadResult {
  std::vector<SeriesDefinition> series;
  int warnings = 0;
  std::vector<std::string> warning_lines;  // the first 50, "NAME:LINE: ignored …" (no values)
};

// Parses and checks a whole .ics file. Throws bk::InputError "NAME:LINE: what is wrong" for broken
// structure or encoding, DTEND before DTSTART, an unreadable date or rule, or too many dates.
IcsReadResult read_ics_with_warnings(std::string_view text, const std::string& name,
                                     const TimeZone& centre);
// The same, for callers that do not show warnings.
std::vector<SeriesDefinition> read_ics(std::string_view text, const std::string& name,
                                       const TimeZone& centre);

// Parses the documented CSV format (see kiosk-config/agenda-example.csv). Throws InputError.
std::vector<SeriesDefinition> read_csv(std::string_view text, const std::string& name,
                                       const TimeZone& centre);

// A series for an activity made on the kiosk or with `activity add`.
SeriesDefinition make_local_series(const std::string& uid, const std::string& title,
                                   const std::string& description, const std::string& location,
                                   const std::string& category, std::optional<int> capacity,
                                   const LocalDateTime& start, const LocalDateTime& end,
                                   std::optional<LocalDate> weekly_until, const TimeZone& centre);

}  // namespace bk
