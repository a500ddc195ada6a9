#pragma once
// A person's own account for the back office (/beheer/) and `buurtkioskctl account`. The kiosk's
// PIN pad stays for the touchscreen (services/volunteer_auth.hpp).
//   staff      everything
//   volunteer  the help queue, attendee lists and the agenda
//   partner    only the help requests routed to its team (a partner organisation: WonenPlus, MEE)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

namespace bk {

enum class AccountRole { Volunteer, Staff, Partner };

inline const char* to_string(AccountRole r) {  // volunteer | staff | partner (stored)
  switch (r) {
    case AccountRole::Volunteer: return "volunteer";
    case AccountRole::Staff: return "staff";
    case AccountRole::Partner: return "partner";
  }
  return "volunteer";
}

inline std::optional<AccountRole> account_role_from(std::string_view s) {
  for (AccountRole r : {AccountRole::Volunteer, AccountRole::Staff, AccountRole::Partner})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

// What an account may do in the back office.
enum class BackofficeRight { HelpQueue, PersonalDataOfAll, Agenda, Attendees, Report, Status };
constexpr bool may(AccountRole r, BackofficeRight what) {
  switch (r) {
    case AccountRole::Staff: return true;
    case AccountRole::Volunteer:
      return what == BackofficeRight::HelpQueue || what == BackofficeRight::Agenda ||
             what == BackofficeRight::Attendees;
    case AccountRole::Partner: return what == BackofficeRight::HelpQueue;
  }
  return false;
}

struct Account {
  std::int64_t id = 0;
  std::string name;   // the login name (case-insensitive), 1–60 characters
  AccountRole role = AccountRole::Volunteer;
  std::string team;   // partner: its team; others: the team they belong to (may be empty)
  std::string email;  // may be empty
  bool disabled = false;
  UtcSeconds created = 0;
  UtcSeconds password_set = 0;
};

}  // namespace bk
