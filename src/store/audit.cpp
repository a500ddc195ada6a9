#include "store/audit.hpp"

#include "store/engine/database.hpp"

namespace bk {

void write_audit(Store& store, UtcSeconds at, const std::string& role, const std::string& action,
                 const std::string& subject, const std::string& detail, const std::string& actor) {
  store.engine().prepare(
        "INSERT INTO audit(at_utc, role, actor, action, subject, detail) VALUES (?,?,?,?,?,?)")
      .bind(1, at)
      .bind(2, role)
      .bind(3, actor.empty() ? std::optional<std::string>() : actor)
      .bind(4, action)
      .bind(5, subject)
      .bind(6, detail)
      .run();
}

std::vector<AuditEntry> read_audit(Store& store, UtcSeconds since) {
  std::vector<AuditEntry> out;
  auto st = store.engine().prepare(
      "SELECT at_utc, role, COALESCE(actor,''), action, subject, detail FROM audit "
      "WHERE at_utc >= ? ORDER BY at_utc, id");
  st.bind(1, since);
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  return out;
}

}  // namespace bk
