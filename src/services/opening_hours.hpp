#pragma once
// Opening hours ([kiosk] opening_hours = "08:30-22:00"): outside them the kiosk shows its dark
// night screen ("closed, open again at …"), wakes on touch, and draws nothing between wakes.
//
// Rules: empty = always open. "HH:MM-HH:MM" is the same every day; an end before the start runs
// past midnight ("17:00-01:00"); an end of 24:00 is midnight; the same start and end means open all
// day. Times are the centre's local wall-clock time; a time in the spring-forward gap lands as
// TimeZone::to_utc says (02:30 → 03:30 summer time).
#include <optional>
#include <string_view>

#include "domain/time.hpp"

namespace bk {

class OpeningHours {
 public:
  // Throws std::invalid_argument naming the text when it is not empty and not "HH:MM-HH:MM".
  static OpeningHours parse(std::string_view text);
  OpeningHours() = default;  // always open

  bool always_open() const { return always_; }
  bool is_open(const LocalDateTime& t) const;
  // The first opening strictly after t (nullopt when always open): for "open again at …".
  std::optional<LocalDateTime> next_opening(const LocalDateTime& t) const;
  // The first closing strictly after t (nullopt when always open).
  std::optional<LocalDateTime> next_closing(const LocalDateTime& t) const;

  // For the frame loop: open or closed at `now`, and the instant that changes (nullopt when always
  // open), so the loop can sleep until then.
  struct State {
    bool open = true;
    std::optional<UtcSeconds> changes_at;
    std::optional<LocalDateTime> next_opening;  // when closed: what the night screen says
  };
  State state_at(UtcSeconds now, const TimeZone& zone) const;

 private:
  bool always_ = true;
  int open_ = 0;   // minutes after midnight
  int close_ = 0;  // minutes after midnight, 1440 for 24:00
};

// Shorthands over the config string.
bool is_open(std::string_view opening_hours, const LocalDateTime& local);
std::optional<LocalDateTime> next_opening(std::string_view opening_hours, const LocalDateTime& local);

}  // namespace bk
