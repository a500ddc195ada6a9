#include "services/opening_hours.hpp"

#include <stdexcept>
#include <string>

namespace bk {
namespace {

int minute_of_day(const LocalDateTime& t) { return t.hour * 60 + t.minute; }

// The first time > t at which the wall clock shows `minute` (1440 = midnight at the day's end).
LocalDateTime next_at(const LocalDateTime& t, int minute) {
  const int seconds_now = minute_of_day(t) * 60 + t.second;
  if (minute == 1440) return {add_days(t.date, 1), 0, 0, 0};
  const LocalDate d = minute * 60 > seconds_now ? t.date : add_days(t.date, 1);
  return {d, minute / 60, minute % 60, 0};
}

std::optional<int> hhmm(std::string_view s) {
  if (s == "24:00") return 1440;
  return parse_hhmm(s);
}

}  // namespace

OpeningHours OpeningHours::parse(std::string_view text) {
  OpeningHours h;
  if (text.empty()) return h;
  const auto dash = text.find('-');
  const auto open = dash == std::string_view::npos ? std::nullopt : hhmm(text.substr(0, dash));
  const auto close = dash == std::string_view::npos ? std::nullopt : hhmm(text.substr(dash + 1));
  if (!open || !close || *open == 1440)
    throw std::invalid_argument("opening hours \"" + std::string(text) + "\" must look like 08:30-22:00");
  h.open_ = *open;
  h.close_ = *close;
  h.always_ = h.open_ == h.close_ % 1440;  // 00:00-24:00, 09:00-09:00: the whole day
  return h;
}

bool OpeningHours::is_open(const LocalDateTime& t) const {
  if (always_) return true;
  const int m = minute_of_day(t);
  if (open_ < close_) return m >= open_ && m < close_;
  return m >= open_ || m < close_;  // past midnight
}

std::optional<LocalDateTime> OpeningHours::next_opening(const LocalDateTime& t) const {
  if (always_) return std::nullopt;
  return next_at(t, open_);
}

std::optional<LocalDateTime> OpeningHours::next_closing(const LocalDateTime& t) const {
  if (always_) return std::nullopt;
  return next_at(t, close_);
}

OpeningHours::State OpeningHours::state_at(UtcSeconds now, const TimeZone& zone) const {
  State s;
  if (always_) return s;
  const LocalDateTime local = zone.to_local(now);
  s.open = is_open(local);
  const LocalDateTime change = *(s.open ? next_closing(local) : next_opening(local));
  if (!s.open) s.next_opening = change;
  UtcSeconds at = zone.to_utc(change);
  if (at <= now) at = now + 60;  // an hour that repeats at the autumn change: look again shortly
  s.changes_at = at;
  return s;
}

bool is_open(std::string_view opening_hours, const LocalDateTime& local) {
  return OpeningHours::parse(opening_hours).is_open(local);
}

std::optional<LocalDateTime> next_opening(std::string_view opening_hours, const LocalDateTime& local) {
  return OpeningHours::parse(opening_hours).next_opening(local);
}

}  // namespace bk
