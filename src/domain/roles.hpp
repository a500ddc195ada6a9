#pragma once
// Who acted, as the audit records it (the `role` column). Strings are stable: reports and the
// audit export read them.
#include <optional>
#include <string_view>

namespace bk {

enum class AuditRole {
  Resident,     // at the kiosk's touchscreen
  ResidentWeb,  // on the follow-up web page (/r/<token>)
  Volunteer,    // volunteer mode
  Staff,        // volunteer mode with the staff PIN
  Cli,          // buurtkioskctl
  System,       // the program itself (waiting list promotion, retention, restore)
  Web,          // the web page, when no resident action is meant
  Backoffice,   // someone logged in to /beheer/ with their own account (the actor is its name)
};

inline const char* to_string(AuditRole r) {
  switch (r) {
    case AuditRole::Resident: return "resident";
    case AuditRole::ResidentWeb: return "resident-web";
    case AuditRole::Volunteer: return "volunteer";
    case AuditRole::Staff: return "staff";
    case AuditRole::Cli: return "cli";
    case AuditRole::System: return "system";
    case AuditRole::Web: return "web";
    case AuditRole::Backoffice: return "backoffice";
  }
  return "system";
}

inline std::optional<AuditRole> audit_role_from(std::string_view s) {
  for (AuditRole r : {AuditRole::Resident, AuditRole::ResidentWeb, AuditRole::Volunteer, AuditRole::Staff,
                      AuditRole::Cli, AuditRole::System, AuditRole::Web, AuditRole::Backoffice})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

}  // namespace bk
