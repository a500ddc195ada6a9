#pragma once
// The domain's nouns. Plain structs, no I/O; the store fills them, services and faces read them.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.hpp"

namespace bk {

using ActivityId = std::int64_t;
using OccurrenceId = std::int64_t;

// A series: what is on (title, room, category, capacity) and, when it repeats, its rule.
struct Activity {
  ActivityId id = 0;
  std::string uid;  // stable identity: the iCalendar UID, or a generated one for local activities
  std::string title;
  std::string description;
  std::string location;
  std::string category;
  std::optional<int> capacity;  // people; nullopt = free entry, no limit
  bool all_day = false;
  std::string source = "local";  // local | ics | csv
};

enum class OccurrenceStatus { Scheduled, Cancelled };

// One dated instance of an activity; registrations belong to an occurrence.
struct Occurrence {
  OccurrenceId id = 0;
  ActivityId activity_id = 0;
  std::string recurrence_key;  // original start (iCalendar RECURRENCE-ID), stable across re-imports
  UtcSeconds start = 0;
  UtcSeconds end = 0;
  bool all_day = false;
  OccurrenceStatus status = OccurrenceStatus::Scheduled;
  // Per-date overrides (a RECURRENCE-ID component, or a volunteer's edit of one date).
  std::optional<std::string> title_override;
  std::optional<std::string> location_override;
};

// What the agenda shows: an occurrence with its activity's fields and its counts.
struct AgendaItem {
  OccurrenceId occurrence_id = 0;
  ActivityId activity_id = 0;
  std::string title;
  std::string description;
  std::string location;
  std::string category;
  UtcSeconds start = 0;
  UtcSeconds end = 0;
  bool all_day = false;
  std::optional<int> capacity;
  int registered = 0;  // people, not rows
  int waitlisted = 0;  // people
  OccurrenceStatus status = OccurrenceStatus::Scheduled;

  std::optional<int> places_left() const {
    if (!capacity) return std::nullopt;
    return *capacity > registered ? *capacity - registered : 0;
  }
};

inline const char* to_string(OccurrenceStatus s) {
  return s == OccurrenceStatus::Cancelled ? "cancelled" : "scheduled";
}

}  // namespace bk
