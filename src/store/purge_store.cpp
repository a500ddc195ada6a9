#include "store/purge_store.hpp"

#include "store/engine/database.hpp"

#include <chrono>
#include <string>
#include <thread>

namespace bk {
namespace {

// The WHERE clauses, shared by the dry run (COUNT) and the purge (UPDATE) so both always agree.
// ?1 = cutoff for closed items, ?2 = cutoff for stale open help requests.
constexpr const char* kRegistrationsDue =
    "purged_utc IS NULL AND occurrence_id IN (SELECT id FROM occurrence WHERE end_utc <= ?1)";
constexpr const char* kHelpClosedDue =
    "purged_utc IS NULL AND status IN ('done','cancelled') "
    "AND COALESCE(done_utc, cancelled_utc, created_utc) <= ?1";
constexpr const char* kHelpStaleDue =
    "purged_utc IS NULL AND status IN ('open','claimed') AND created_utc <= ?2";
constexpr const char* kAuditDue = "actor IS NOT NULL AND actor <> '' AND at_utc <= ?1";

// The follow-up link (/r/<token>, /h/<token>) finds a row by its token hash alone. A purged row
// gets a marker no hash can equal ("purged-" is not hex), so its link answers "niet gevonden" like
// any unknown link; the column stays NOT NULL UNIQUE without a migration.
constexpr const char* kForgetToken = "token_hash = 'purged-' || id";

std::string where(const char* table, const char* clause) {
  return std::string(" FROM ") + table + " WHERE " + clause;
}

int count(Database& db, const std::string& from_where, const PurgeCutoffs& cut) {
  auto st = db.prepare("SELECT count(*)" + from_where);
  st.bind(1, cut.closed);
  if (from_where.find("?2") != std::string::npos) st.bind(2, cut.stale);
  return st.step() ? st.integer(0) : 0;
}

int update(Database& db, const std::string& sql, UtcSeconds now, const PurgeCutoffs& cut) {
  auto st = db.prepare(sql);
  st.bind(1, cut.closed);
  if (sql.find("?2") != std::string::npos) st.bind(2, cut.stale);
  if (sql.find("?3") != std::string::npos) st.bind(3, now);
  st.run();
  return db.changes();
}

}  // namespace

PurgeRowCounts count_purge_due(Store& store, const PurgeCutoffs& cut) {
  Database& db = store.engine();
  PurgeRowCounts n;
  n.registrations = count(db, where("registration", kRegistrationsDue), cut);
  n.help_requests = count(db, where("help_request", kHelpClosedDue), cut);
  n.help_requests_stale = count(db, where("help_request", kHelpStaleDue), cut);
  n.audit_actors = count(db, where("audit", kAuditDue), cut);
  return n;
}

PurgeRowCounts clear_purge_due(Store& store, UtcSeconds now, const PurgeCutoffs& cut) {
  Database& db = store.engine();
  PurgeRowCounts n;
  n.registrations = update(
      db, std::string("UPDATE registration SET name = NULL, phone = NULL, ") + kForgetToken +
              ", purged_utc = ?3 WHERE " + kRegistrationsDue, now, cut);
  const std::string clear_help =
      "UPDATE help_request SET name = NULL, phone = NULL, description = NULL, claimed_by = NULL, "
      "note = NULL, " + std::string(kForgetToken) + ", purged_utc = ?3";
  n.help_requests = update(db, clear_help + " WHERE " + kHelpClosedDue, now, cut);
  n.help_requests_stale = update(
      db, clear_help + ", status = 'cancelled', cancelled_utc = ?3 WHERE " + kHelpStaleDue, now, cut);
  n.audit_actors = update(db, std::string("UPDATE audit SET actor = NULL WHERE ") + kAuditDue, now, cut);
  // Rows an older version purged kept their token hash: forget those links too.
  for (const char* table : {"registration", "help_request"})
    db.exec(std::string("UPDATE ") + table + " SET " + kForgetToken +
            " WHERE purged_utc IS NOT NULL AND token_hash NOT LIKE 'purged-%'");
  return n;
}

// SQLite: PRAGMA wal_checkpoint(TRUNCATE); with secure_delete (store/engine/sqlite_database.cpp)
// the cleared values are then not readable from the database files. PostgreSQL keeps an updated
// row's old version until VACUUM frees it for reuse.
bool compact(Store& store) {
  Database& db = store.engine();
  if (db.dialect() == Dialect::PostgreSQL) {
    db.exec("VACUUM registration, help_request, audit");
    return true;
  }
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    // One row: busy (1 when it could not finish), frames in the WAL, frames checkpointed.
    if (st.step() && st.integer(0) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void make_standalone(Store& store) {
  if (store.is_sqlite()) store.engine().exec("PRAGMA journal_mode = DELETE");
}

}  // namespace bk
