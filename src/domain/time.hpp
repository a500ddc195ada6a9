#pragma once
// Time in Buurtkiosk: instants are UTC seconds (UtcSeconds); people see local wall-clock time in the
// centre's zone (TimeZone, default Europe/Amsterdam). Civil-date arithmetic is pure; the zone rules
// come from libical's copy of the system tz database.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct _icaltimezone icaltimezone;

namespace bk {

using UtcSeconds = std::int64_t;

struct LocalDate {
  int year = 1970, month = 1, day = 1;
  auto operator<=>(const LocalDate&) const = default;
};

struct LocalDateTime {
  LocalDate date;
  int hour = 0, minute = 0, second = 0;
  auto operator<=>(const LocalDateTime&) const = default;
};

// Days since 1970-01-01 for a civil date (proleptic Gregorian) and back.
std::int64_t days_from_civil(LocalDate d);
LocalDate civil_from_days(std::int64_t days);
int weekday(LocalDate d);  // 0 = Monday … 6 = Sunday (ISO)
LocalDate add_days(LocalDate d, int n);

// Seconds since the epoch of a wall-clock time read as if it were UTC ("naive" seconds).
std::int64_t naive_seconds(const LocalDateTime& t);
LocalDateTime from_naive_seconds(std::int64_t s);

// Parsing of what people and scripts type. Each returns nullopt on anything malformed or out of
// range (2027-02-30, 25:00), never a silently corrected value.
std::optional<LocalDate> parse_date(std::string_view s);             // 2027-03-02
std::optional<LocalDateTime> parse_local_datetime(std::string_view s);  // 2027-03-02T10:00[:00]
std::optional<int> parse_hhmm(std::string_view s);                    // 10:00 -> minutes

std::string format_date(LocalDate d);              // 2027-03-02
std::string format_datetime(const LocalDateTime& t);  // 2027-03-02T10:00:00
std::string format_hhmm(const LocalDateTime& t);      // 10:00

class TimeZone {
 public:
  // Loads an Olson zone ("Europe/Amsterdam"). Throws std::runtime_error naming it if unknown.
  // Load zones once at start, on one thread: libical's zone cache is not thread-safe.
  static TimeZone load(const std::string& olson_name);
  static TimeZone utc();
  // A zone libical already holds (a VTIMEZONE from an imported file); not owned.
  static TimeZone from_ical(icaltimezone* zone, std::string name) { return TimeZone(std::move(name), zone); }

  const std::string& name() const { return name_; }
  icaltimezone* ical() const { return zone_; }

  int utc_offset_at(UtcSeconds t) const;  // seconds east of UTC in force at instant t
  LocalDateTime to_local(UtcSeconds t) const;
  LocalDate local_date(UtcSeconds t) const { return to_local(t).date; }
  // Wall-clock time to instant. A time that does not exist (the spring-forward gap, 02:30 on the
  // last Sunday of March) uses the offset before the gap, as RFC 5545 prescribes, so it lands at
  // 03:30 summer time; a time that exists twice (the autumn fall-back) takes the first.
  UtcSeconds to_utc(const LocalDateTime& t) const;
  UtcSeconds start_of_day(LocalDate d) const { return to_utc({d, 0, 0, 0}); }
  // 2027-03-30T10:00:00+02:00
  std::string iso_with_offset(UtcSeconds t) const;

 private:
  TimeZone(std::string name, icaltimezone* zone) : name_(std::move(name)), zone_(zone) {}
  std::string name_;
  icaltimezone* zone_ = nullptr;  // owned by libical's builtin cache; never freed
};

// "Now" is passed in, never read from a global, so tests and demos can fix it (--now).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual UtcSeconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UtcSeconds now() const override;
};

// A clock that starts at a fixed instant and then runs on with real time (so a demo's clock ticks).
class FixedStartClock final : public Clock {
 public:
  explicit FixedStartClock(UtcSeconds start, bool frozen = false);
  UtcSeconds now() const override;

 private:
  UtcSeconds start_;
  UtcSeconds real_start_;
  bool frozen_;
};

// Clock for `--now ISO`: accepts a local time (2027-03-02T10:00) in `zone`, or an instant with an
// offset or Z. Throws std::invalid_argument naming the bad text.
UtcSeconds parse_now_option(std::string_view text, const TimeZone& zone);

}  // namespace bk
