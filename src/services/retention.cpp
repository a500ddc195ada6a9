#include "services/retention.hpp"

#include <chrono>
#include <optional>

#include "domain/log.hpp"
#include "store/audit.hpp"
#include "store/backup.hpp"
#include "store/purge_store.hpp"

namespace bk {
namespace fs = std::filesystem;
namespace {

constexpr std::int64_t kDay = 86400;

bool is_set_aside_copy(const std::string& name, const std::string& db_name) {
  return name.rfind(db_name + ".damaged-", 0) == 0 || name.rfind(db_name + ".replaced-", 0) == 0;
}

void set_rows(PurgeCounts& n, const PurgeRowCounts& rows) {
  n.registrations = rows.registrations;
  n.help_requests = rows.help_requests;
  n.help_requests_stale = rows.help_requests_stale;
  n.audit_actors = rows.audit_actors;
}

// Clears a copy (a backup, a `backup DIR` copy, a set-aside file) with the same cutoffs as the live
// database. It stays a file that stands alone (rollback journal, no -wal), keeps its modification
// time (set-aside files age by it), and gets no audit row (it is not the running database).
// True when something was cleared.
bool clear_copy(const fs::path& file, UtcSeconds now, const PurgeCutoffs& cut) {
  std::error_code ec;
  const auto written = fs::last_write_time(file, ec);
  PurgeRowCounts n;
  {
    Store copy(file);  // as the live file: cleared text is overwritten, not just unlinked
    {
      WriteScope tx(copy);
      n = clear_purge_due(copy, now, cut);
      tx.commit();
    }
    if (!compact(copy)) throw std::runtime_error("its write-ahead log could not be truncated");
    make_standalone(copy);
  }
  if (!ec) fs::last_write_time(file, written, ec);
  return n.total() > 0;
}

// The time in a `png` printer file's name: 20270115T080000Z-K7M3QX.png (print/printer.cpp).
std::optional<UtcSeconds> printed_file_time(const std::string& name) {
  if (name.size() < 21 || name[8] != 'T' || name[15] != 'Z' || name[16] != '-' ||
      name.compare(name.size() - 4, 4, ".png") != 0)
    return std::nullopt;
  for (int i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14})
    if (name[static_cast<size_t>(i)] < '0' || name[static_cast<size_t>(i)] > '9') return std::nullopt;
  const auto t = parse_local_datetime(name.substr(0, 4) + "-" + name.substr(4, 2) + "-" + name.substr(6, 2) +
                                      "T" + name.substr(9, 2) + ":" + name.substr(11, 2) + ":" + name.substr(13, 2));
  if (!t) return std::nullopt;
  return naive_seconds(*t);
}

}  // namespace

RetentionService::RetentionService(Store& store, const Clock& clock, int retention_days,
                                   fs::path backup_dir)
    : store_(store), clock_(clock), retention_days_(retention_days), backup_dir_(std::move(backup_dir)) {}

UtcSeconds RetentionService::cutoff() const { return clock_.now() - retention_days_ * kDay; }

PurgeCutoffs RetentionService::cutoffs(UtcSeconds now) const {
  return PurgeCutoffs{now - retention_days_ * kDay, now - 2 * retention_days_ * kDay};
}

PurgeCounts RetentionService::due() {
  PurgeCounts n;
  {
    ReadScope tx(store_);
    set_rows(n, count_purge_due(store_, cutoffs(clock_.now())));
  }
  n.old_files = old_files(false);
  n.printed_files = printed_files(false);
  return n;
}

PurgeResult RetentionService::purge(const std::string& role) {
  const UtcSeconds now = clock_.now();
  PurgeResult r;
  {
    WriteScope tx(store_);
    set_rows(r.counts, clear_purge_due(store_, now, cutoffs(now)));
    const std::string counts = "registrations " + std::to_string(r.counts.registrations) +
                               ", help requests " + std::to_string(r.counts.help_requests) +
                               ", stale help requests " + std::to_string(r.counts.help_requests_stale) +
                               ", audit names " + std::to_string(r.counts.audit_actors);
    if (r.counts.total_rows() > 0)
      write_audit(store_, now, role, "privacy.purge", "", counts + " (retention " + std::to_string(retention_days_) + " days)");
    tx.commit();
  }
  // The cleared values still sit in WAL frames until they are copied back and the WAL is cut.
  r.wal_truncated = compact(store_);
  r.counts.old_files = old_files(true);
  clear_copies(r.counts);
  r.counts.printed_files = printed_files(true);
  log::info("retention", "purged: registrations " + std::to_string(r.counts.registrations) +
                             ", help requests " + std::to_string(r.counts.help_requests + r.counts.help_requests_stale) +
                             ", audit names " + std::to_string(r.counts.audit_actors) + ", old files " +
                             std::to_string(r.counts.old_files) + ", copies cleared " +
                             std::to_string(r.counts.copies_cleared) + ", printed files " +
                             std::to_string(r.counts.printed_files) +
                             (r.wal_truncated ? "" : "; WAL not truncated (a reader was busy), will retry next run"));
  if (r.counts.copies_unreachable > 0)
    log::warning("retention", std::to_string(r.counts.copies_unreachable) +
                                  " recorded backup copies could not be reached; purge clears them when they are back");
  return r;
}

std::vector<fs::path> RetentionService::set_aside_files() {
  // Files a restore kept aside (kiosk.db.damaged-…, kiosk.db.replaced-… and their -wal).
  std::vector<fs::path> out;
  const fs::path db_file = store_.path();
  std::error_code ec;
  const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
  if (!store_.is_sqlite() || db_file == ":memory:" || !fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (is_set_aside_copy(e.path().filename().string(), db_file.filename().string())) out.push_back(e.path());
  return out;
}

int RetentionService::old_files(bool remove) {
  const UtcSeconds limit = cutoff();
  int n = 0;
  for (const BackupInfo& b : list_backups(backup_dir_)) {
    if (b.at > limit) continue;
    ++n;
    if (remove) fs::remove(b.file);
  }
  // `backup DIR` copies, aged by the time in their name like the backups.
  std::error_code ec;
  std::vector<fs::path> recorded = recorded_backup_copies(store_), kept;
  for (const fs::path& f : recorded) {
    const auto at = parse_backup_file_name(f.filename().string());
    if (at && *at <= limit && fs::exists(f, ec)) {
      ++n;
      if (remove) {
        fs::remove(f, ec);
        continue;  // gone: no longer on the list
      }
    }
    kept.push_back(f);
  }
  if (remove && kept.size() != recorded.size()) {
    WriteScope tx(store_);
    set_recorded_backup_copies(store_, kept);
    tx.commit();
  }
  const auto limit_time = std::chrono::system_clock::time_point(std::chrono::seconds(limit));
  for (const fs::path& f : set_aside_files()) {
    const auto written = fs::last_write_time(f, ec);
    if (ec || std::chrono::file_clock::to_sys(written) > limit_time) continue;
    ++n;
    if (remove) fs::remove(f, ec);
  }
  return n;
}

void RetentionService::clear_copies(PurgeCounts& counts) {
  const UtcSeconds now = clock_.now();
  const PurgeCutoffs cut = cutoffs(now);
  auto clear = [&](const fs::path& f, bool remove_when_damaged) {
    const IntegrityReport health = check_integrity(f);
    if (health.health == DbHealth::Unreadable) return false;
    if (health.health != DbHealth::Good) {
      // Cannot be cleared, and cannot be restored from either: a damaged copy only keeps names.
      std::error_code ec;
      if (remove_when_damaged && fs::remove(f, ec)) ++counts.old_files;
      return true;
    }
    try {
      if (clear_copy(f, now, cut)) ++counts.copies_cleared;
    } catch (const std::exception& e) {
      log::warning("retention", "could not clear " + f.filename().string() + ": " + e.what());
      return false;
    }
    return true;
  };
  for (const BackupInfo& b : list_backups(backup_dir_)) clear(b.file, true);
  for (const fs::path& f : set_aside_files()) {
    const std::string name = f.filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, "-wal") == 0) continue;  // goes with its file
    clear(f, false);
  }
  std::error_code ec;
  for (const fs::path& f : recorded_backup_copies(store_)) {
    if (!fs::exists(f, ec) || !clear(f, true)) ++counts.copies_unreachable;
  }
}

int RetentionService::printed_files(bool remove) {
  if (printed_folder_.empty()) return 0;
  const UtcSeconds limit = cutoff();
  int n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(printed_folder_, ec)) {
    const auto at = printed_file_time(e.path().filename().string());
    if (!at || *at > limit) continue;
    ++n;
    if (remove) fs::remove(e.path(), ec);
  }
  return n;
}

}  // namespace bk
