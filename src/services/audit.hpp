#pragma once
// Who changed what, when. Subjects are ids and codes — never names or phone numbers.
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "store/database.hpp"

namespace bk {

struct AuditEntry {
  UtcSeconds at = 0;
  std::string role;    // resident | volunteer | staff | cli | system | web
  std::string actor;   // a volunteer's name when given
  std::string action;  // activity.add, registration.cancel, help.claim …
  std::string subject;
  std::string detail;
};

// Call inside the caller's write transaction so the audit row commits with the change.
void write_audit(Database& db, UtcSeconds at, const std::string& role, const std::string& action,
                 const std::string& subject, const std::string& detail = {},
                 const std::string& actor = {});
std::vector<AuditEntry> read_audit(Database& db, UtcSeconds since);

}  // namespace bk
