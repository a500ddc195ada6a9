#include "domain/time.hpp"

#include <libical/ical.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace bk {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(LocalDate d) {
  std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

LocalDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int weekday(LocalDate d) {
  const std::int64_t days = days_from_civil(d);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

LocalDate add_days(LocalDate d, int n) { return civil_from_days(days_from_civil(d) + n); }

std::int64_t naive_seconds(const LocalDateTime& t) {
  return days_from_civil(t.date) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

LocalDateTime from_naive_seconds(std::int64_t s) {
  std::int64_t days = s / 86400;
  std::int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  return {civil_from_days(days), static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
          static_cast<int>(rem % 60)};
}

namespace {

bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc{};
}

bool valid_date(LocalDate d) {
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int max = len[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  return d.day <= max;
}

}  // namespace

std::optional<LocalDate> parse_date(std::string_view s) {
  LocalDate d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!read_int(s, 0, 4, d.year) || !read_int(s, 5, 2, d.month) || !read_int(s, 8, 2, d.day))
    return std::nullopt;
  if (!valid_date(d)) return std::nullopt;
  return d;
}

std::optional<LocalDateTime> parse_local_datetime(std::string_view s) {
  if (s.size() != 16 && s.size() != 19) return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  auto minutes = parse_hhmm(s.substr(11, 5));
  if (!minutes) return std::nullopt;
  LocalDateTime t{*d, *minutes / 60, *minutes % 60, 0};
  if (s.size() == 19) {
    if (s[16] != ':' || !read_int(s, 17, 2, t.second) || t.second > 59) return std::nullopt;
  }
  return t;
}

std::optional<int> parse_hhmm(std::string_view s) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !read_int(s, 0, 2, h) || !read_int(s, 3, 2, m))
    return std::nullopt;
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string format_date(LocalDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string format_datetime(const LocalDateTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", format_date(t.date).c_str(), t.hour, t.minute,
                t.second);
  return buf;
}

std::string format_hhmm(const LocalDateTime& t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

TimeZone TimeZone::load(const std::string& olson_name) {
  if (olson_name == "UTC" || olson_name == "Etc/UTC") return utc();
  icaltimezone* z = icaltimezone_get_builtin_timezone(olson_name.c_str());
  if (z == nullptr) throw std::runtime_error("unknown time zone \"" + olson_name + "\"");
  return TimeZone(olson_name, z);
}

TimeZone TimeZone::utc() { return TimeZone("UTC", icaltimezone_get_utc_timezone()); }

int TimeZone::utc_offset_at(UtcSeconds t) const {
  icaltimetype tt = icaltime_from_timet_with_zone(static_cast<time_t>(t), 0,
                                                  icaltimezone_get_utc_timezone());
  int is_daylight = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone_, &tt, &is_daylight);
}

LocalDateTime TimeZone::to_local(UtcSeconds t) const {
  return from_naive_seconds(t + utc_offset_at(t));
}

UtcSeconds TimeZone::to_utc(const LocalDateTime& t) const {
  const std::int64_t n = naive_seconds(t);
  // Offsets a day before and after bracket any single transition; try both.
  const int before = utc_offset_at(n - 86400);
  const int after = utc_offset_at(n + 86400);
  const UtcSeconds c1 = n - before, c2 = n - after;
  const bool ok1 = utc_offset_at(c1) == before;
  const bool ok2 = utc_offset_at(c2) == after;
  if (ok1 && ok2) return std::min(c1, c2);  // exists twice: the first one
  if (ok1) return c1;
  if (ok2) return c2;
  return c1;  // in the gap: the offset before the gap
}

std::string TimeZone::iso_with_offset(UtcSeconds t) const {
  const int off = utc_offset_at(t);
  const LocalDateTime l = from_naive_seconds(t + off);
  const int a = off < 0 ? -off : off;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%c%02d:%02d", format_datetime(l).c_str(), off < 0 ? '-' : '+',
                a / 3600, a / 60 % 60);
  return buf;
}

UtcSeconds SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

FixedStartClock::FixedStartClock(UtcSeconds start, bool frozen)
    : start_(start), real_start_(SystemClock().now()), frozen_(frozen) {}

UtcSeconds FixedStartClock::now() const {
  return frozen_ ? start_ : start_ + (SystemClock().now() - real_start_);
}

UtcSeconds parse_now_option(std::string_view text, const TimeZone& zone) {
  if (auto d = parse_date(text)) return zone.start_of_day(*d);
  if (auto t = parse_local_datetime(text)) return zone.to_utc(*t);
  // With an explicit offset: 2027-03-02T10:00:00+01:00 or …Z
  if (text.size() >= 20) {
    auto t = parse_local_datetime(text.substr(0, 19));
    std::string_view rest = text.substr(19);
    if (t && rest == "Z") return naive_seconds(*t);
    int h = 0, m = 0;
    if (t && rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
        read_int(rest, 1, 2, h) && read_int(rest, 4, 2, m)) {
      const int off = (h * 3600 + m * 60) * (rest[0] == '-' ? -1 : 1);
      return naive_seconds(*t) - off;
    }
  }
  throw std::invalid_argument("--now: \"" + std::string(text) +
                              "\" is not a time like 2027-03-02T10:00 or 2027-03-02");
}

}  // namespace bk
