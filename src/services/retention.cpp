#include "services/retention.hpp"

#include <chrono>
#include <thread>

#include "domain/log.hpp"
#include "services/audit.hpp"
#include "store/backup.hpp"

namespace bk {
namespace fs = std::filesystem;
namespace {

constexpr std::int64_t kDay = 86400;

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

std::string where(const char* table, const char* clause) {
  return std::string(" FROM ") + table + " WHERE " + clause;
}

int count(Database& db, const std::string& from_where, UtcSeconds c1, UtcSeconds c2) {
  auto st = db.prepare("SELECT count(*)" + from_where);
  st.bind(1, c1);
  if (from_where.find("?2") != std::string::npos) st.bind(2, c2);
  return st.step() ? st.integer(0) : 0;
}

int update(Database& db, const std::string& sql, UtcSeconds now, UtcSeconds c1, UtcSeconds c2) {
  auto st = db.prepare(sql);
  st.bind(1, c1);
  if (sql.find("?2") != std::string::npos) st.bind(2, c2);
  if (sql.find("?3") != std::string::npos) st.bind(3, now);
  st.run();
  return db.changes();
}

bool is_set_aside_copy(const std::string& name, const std::string& db_name) {
  return name.rfind(db_name + ".damaged-", 0) == 0 || name.rfind(db_name + ".replaced-", 0) == 0;
}

}  // namespace

RetentionService::RetentionService(Database& db, const Clock& clock, int retention_days,
                                   fs::path backup_dir)
    : db_(db), clock_(clock), retention_days_(retention_days), backup_dir_(std::move(backup_dir)) {}

UtcSeconds RetentionService::cutoff() const { return clock_.now() - retention_days_ * kDay; }

PurgeCounts RetentionService::due() {
  const UtcSeconds c1 = cutoff(), c2 = clock_.now() - 2 * retention_days_ * kDay;
  ReadTransaction tx(db_);
  PurgeCounts n;
  n.registrations = count(db_, where("registration", kRegistrationsDue), c1, c2);
  n.help_requests = count(db_, where("help_request", kHelpClosedDue), c1, c2);
  n.help_requests_stale = count(db_, where("help_request", kHelpStaleDue), c1, c2);
  n.audit_actors = count(db_, where("audit", kAuditDue), c1, c2);
  n.old_files = old_files(false);
  return n;
}

PurgeResult RetentionService::purge(const std::string& role) {
  const UtcSeconds now = clock_.now();
  const UtcSeconds c1 = cutoff(), c2 = now - 2 * retention_days_ * kDay;
  PurgeResult r;
  {
    WriteTransaction tx(db_);
    r.counts.registrations = update(
        db_, std::string("UPDATE registration SET name = NULL, phone = NULL, purged_utc = ?3 WHERE ") +
                 kRegistrationsDue, now, c1, c2);
    const char* clear_help =
        "UPDATE help_request SET name = NULL, phone = NULL, description = NULL, claimed_by = NULL, "
        "note = NULL, purged_utc = ?3";
    r.counts.help_requests = update(db_, std::string(clear_help) + " WHERE " + kHelpClosedDue, now, c1, c2);
    r.counts.help_requests_stale = update(
        db_, std::string(clear_help) + ", status = 'cancelled', cancelled_utc = ?3 WHERE " + kHelpStaleDue,
        now, c1, c2);
    r.counts.audit_actors = update(db_, std::string("UPDATE audit SET actor = NULL WHERE ") + kAuditDue, now, c1, c2);
    const std::string counts = "registrations " + std::to_string(r.counts.registrations) +
                               ", help requests " + std::to_string(r.counts.help_requests) +
                               ", stale help requests " + std::to_string(r.counts.help_requests_stale) +
                               ", audit names " + std::to_string(r.counts.audit_actors);
    if (r.counts.total_rows() > 0)
      write_audit(db_, now, role, "privacy.purge", "", counts + " (retention " + std::to_string(retention_days_) + " days)");
    tx.commit();
  }
  // The cleared values still sit in WAL frames until they are copied back and the WAL is cut.
  r.wal_truncated = checkpoint_truncate(db_);
  r.counts.old_files = old_files(true);
  log::info("retention", "purged: registrations " + std::to_string(r.counts.registrations) +
                             ", help requests " + std::to_string(r.counts.help_requests + r.counts.help_requests_stale) +
                             ", audit names " + std::to_string(r.counts.audit_actors) + ", old files " +
                             std::to_string(r.counts.old_files) +
                             (r.wal_truncated ? "" : "; WAL not truncated (a reader was busy), will retry next run"));
  return r;
}

int RetentionService::old_files(bool remove) {
  const UtcSeconds limit = cutoff();
  int n = 0;
  for (const BackupInfo& b : list_backups(backup_dir_)) {
    if (b.at > limit) continue;
    ++n;
    if (remove) fs::remove(b.file);
  }
  // Files a restore kept aside (kiosk.db.damaged-…, kiosk.db.replaced-… and their -wal).
  const fs::path db_file = db_.path();
  std::error_code ec;
  const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
  if (db_file == ":memory:" || !fs::is_directory(dir, ec)) return n;
  const auto limit_time = std::chrono::system_clock::time_point(std::chrono::seconds(limit));
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!is_set_aside_copy(e.path().filename().string(), db_file.filename().string())) continue;
    const auto written = e.last_write_time(ec);
    if (ec || std::chrono::file_clock::to_sys(written) > limit_time) continue;
    ++n;
    if (remove) fs::remove(e.path(), ec);
  }
  return n;
}

bool checkpoint_truncate(Database& db) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    // One row: busy (1 when it could not finish), frames in the WAL, frames checkpointed.
    if (st.step() && st.integer(0) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace bk
