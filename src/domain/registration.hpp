#pragma once
// A registration for an occurrence, as the store keeps it and lookups, lists and tickets show it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"
#include "domain/types.hpp"

namespace bk {

enum class RegistrationStatus { Registered, Waitlisted, Cancelled };

inline const char* to_string(RegistrationStatus s) {  // registered | waitlisted | cancelled
  switch (s) {
    case RegistrationStatus::Registered: return "registered";
    case RegistrationStatus::Waitlisted: return "waitlisted";
    case RegistrationStatus::Cancelled: return "cancelled";
  }
  return "registered";
}

inline RegistrationStatus registration_status_from(std::string_view s) {
  if (s == "waitlisted") return RegistrationStatus::Waitlisted;
  if (s == "cancelled") return RegistrationStatus::Cancelled;
  return RegistrationStatus::Registered;
}

struct RegistrationView {  // what lookup shows
  std::int64_t id = 0;
  std::string code;
  RegistrationStatus status = RegistrationStatus::Registered;
  int people = 0;
  std::string name;   // empty after purge
  std::string phone;  // empty after purge
  bool checked_in = false;
  UtcSeconds created = 0;
  AgendaItem occurrence;  // the activity and date, with counts
  int waitlist_position = 0;  // 1-based when waitlisted
};

}  // namespace bk
