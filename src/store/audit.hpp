#pragma once
// Who changed what, when. Subjects are ids and codes — never names or phone numbers.
#include <string>
#include <vector>

#include "domain/roles.hpp"
#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

struct AuditEntry {
  UtcSeconds at = 0;
  std::string role;    // to_string(AuditRole): resident | resident-web | volunteer | staff | cli | system | web
  std::string actor;   // a volunteer's name when given
  std::string action;  // activity.add, registration.cancel, help.claim …
  std::string subject;
  std::string detail;
};

// Call inside the caller's WriteScope so the audit row commits with the change.
void write_audit(Store& store, UtcSeconds at, const std::string& role, const std::string& action,
                 const std::string& subject, const std::string& detail = {},
                 const std::string& actor = {});
inline void write_audit(Store& store, UtcSeconds at, AuditRole role, const std::string& action,
                        const std::string& subject, const std::string& detail = {},
                        const std::string& actor = {}) {
  write_audit(store, at, std::string(to_string(role)), action, subject, detail, actor);
}
std::vector<AuditEntry> read_audit(Store& store, UtcSeconds since);

}  // namespace bk
