// Checking a database file, restoring it from a backup, and the kiosk's start-up check that does
// both by itself (backup.hpp). Nothing here runs on an open Store: these work on files.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>

#include "domain/log.hpp"
#include "store/audit.hpp"
#include "store/backup.hpp"
#include "store/private_files.hpp"
#include "store/settings.hpp"
#include "store/engine/backup_files.hpp"
#include "store/engine/sqlite_database.hpp"

namespace bk {
namespace fs = std::filesystem;
using namespace backup_files;

namespace {

// The rows of a check pragma that are not "ok"; the first of them goes into `problem`.
int problem_rows(Connection& c, const char* sql, std::string& problem) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(c.db, sql, -1, &st, nullptr) != SQLITE_OK)
    throw DbError(sqlite3_errmsg(c.db), sqlite3_extended_errcode(c.db));
  int rows = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(st, 0);
    const std::string v = t ? reinterpret_cast<const char*>(t) : "";
    if (v == "ok") continue;
    if (rows++ == 0) problem = first_problem_line(v);
  }
  std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(c.db);
  const int code = sqlite3_extended_errcode(c.db);
  sqlite3_finalize(st);
  if (!err.empty()) throw DbError(err, code);
  return rows;
}

// Only what SQLite says about the bytes is damage; a refused open or a lock is not.
bool damaged_bytes(const DbError& e) {
  const int primary = e.code() & 0xff;
  return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT || primary == SQLITE_FORMAT ||
         e.code() == SQLITE_IOERR_READ || e.code() == SQLITE_IOERR_SHORT_READ ||
         e.code() == SQLITE_IOERR_CORRUPTFS;
}

}  // namespace

IntegrityReport check_integrity(const fs::path& db_file) {
  IntegrityReport r;
  std::error_code ec;
  if (!fs::exists(db_file, ec)) {
    r.health = DbHealth::Empty;
    r.problem = "no database file";
    return r;
  }
  if (fs::file_size(db_file, ec) == 0 && !ec) {
    r.health = DbHealth::Empty;
    r.problem = "the database file is empty (0 bytes)";
    return r;
  }
  if (!fs::is_regular_file(db_file, ec)) {
    r.health = DbHealth::Unreadable;
    r.problem = "not a regular file";
    return r;
  }
  std::optional<Connection> opened;
  try {
    opened.emplace(db_file, SQLITE_OPEN_READONLY);
  } catch (const DbError& e) {  // SQLite opens lazily: a refusal here is about access, not bytes
    r.health = DbHealth::Unreadable;
    r.problem = e.what();
    return r;
  }
  Connection& c = *opened;
  try {
    std::string problem;
    if (problem_rows(c, "PRAGMA integrity_check(1)", problem) > 0) {
      r.problem = problem;
      return r;
    }
    if (problem_rows(c, "PRAGMA foreign_key_check", problem) > 0) {
      r.problem = "foreign key errors in table " + problem;
      return r;
    }
    std::string ignored;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(c.db, "SELECT (SELECT user_version FROM pragma_user_version), "
                             "(SELECT count(*) FROM sqlite_master)", -1, &st, nullptr);
    int objects = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
      r.schema_version = sqlite3_column_int(st, 0);
      objects = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    if (objects == 0) {
      r.health = DbHealth::Empty;
      r.problem = "the database has no tables";
      return r;
    }
    r.health = DbHealth::Good;
  } catch (const DbError& e) {
    r.health = damaged_bytes(e) ? DbHealth::Damaged : DbHealth::Unreadable;
    r.problem = e.what();
  }
  return r;
}

bool database_in_use_elsewhere(const fs::path& db_file) {
  // Every SQLite connection to a WAL database holds a shared lock on one byte of the -shm file
  // (the "DMS" byte at offset 128) for as long as it is open; F_GETLK reports other processes' locks.
  const fs::path shm = sibling(db_file, "-shm");
  const int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 128;
  fl.l_len = 1;
  const bool busy = ::fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
  ::close(fd);
  return busy;
}

RestoreResult restore(const fs::path& backup, const fs::path& db_file, UtcSeconds now) {
  if (!fs::exists(backup)) throw BackupError("backup " + backup.string() + " does not exist");
  const IntegrityReport b = check_integrity(backup);
  if (b.health != DbHealth::Good || b.schema_version < 1)
    throw BackupError("backup " + backup.string() + " fails the check (" +
                      (b.problem.empty() ? "no schema" : b.problem) + "); nothing was changed");
  const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
  create_private_directories(dir);
  const fs::path temp = sibling(db_file, ".restore-" + std::to_string(::getpid()));
  try {
    Connection src(backup, SQLITE_OPEN_READONLY);
    copy_database(src.db, temp);
    sync_path(temp);
  } catch (...) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw;
  }

  RestoreResult result;
  result.restored_from = backup;
  std::error_code ec;
  const bool had_file = fs::exists(db_file, ec);
  const bool had_wal = fs::exists(sibling(db_file, "-wal"), ec);
  if (had_file || had_wal) {
    result.replaced_was_damaged = check_integrity(db_file).health != DbHealth::Good;
    const fs::path aside = sibling(db_file, (result.replaced_was_damaged ? ".damaged-" : ".replaced-") + compact_utc(now));
    if (had_file) fs::rename(db_file, aside);
    // Its -wal belongs to it (it may hold the last commits): it goes along, never onto the new file.
    if (had_wal) fs::rename(sibling(db_file, "-wal"), sibling(aside, "-wal"));
    result.kept_aside = aside;
  }
  fs::remove(sibling(db_file, "-shm"), ec);
  fs::remove(sibling(db_file, "-journal"), ec);
  fs::rename(temp, db_file);
  sync_path(dir);
  log::info("backup", "restored " + db_file.string() + " from " + backup.filename().string() +
                             (result.kept_aside ? "; the old file is kept as " + result.kept_aside->filename().string() : ""));
  return result;
}

std::optional<fs::path> newest_good_backup(const fs::path& dir) {
  for (const BackupInfo& b : list_backups(dir)) {
    const IntegrityReport r = check_integrity(b.file);
    if (r.health == DbHealth::Good && r.schema_version >= 1) return b.file;
    log::warning("backup", "skipping " + b.file.filename().string() + ": " +
                               (r.problem.empty() ? "no schema" : r.problem));
  }
  return std::nullopt;
}

RestoreResult restore_latest(const fs::path& backup_dir, const fs::path& db_file, UtcSeconds now) {
  const auto b = newest_good_backup(backup_dir);
  if (!b) throw BackupError("no backup in " + backup_dir.string() + " passes the check");
  return restore(*b, db_file, now);
}

StartupCheck open_or_recover(const fs::path& db_file, const fs::path& backup_dir, UtcSeconds now,
                             const TimeZone& zone) {
  StartupCheck out;
  const IntegrityReport r = check_integrity(db_file);
  if (r.health == DbHealth::Good) return out;
  if (r.health == DbHealth::Unreadable) {
    out.state = StartupCheck::State::Failed;
    out.problem = "database " + db_file.string() + " cannot be read: " + r.problem;
    return out;
  }
  if (r.health == DbHealth::Empty && list_backups(backup_dir).empty()) return out;  // first start

  const std::string what = r.health == DbHealth::Empty ? "empty" : "damaged";
  log::error("startup", "database " + db_file.string() + " is " + what + ": " + r.problem);
  const auto good = newest_good_backup(backup_dir);
  if (!good) {
    if (r.health == DbHealth::Empty) {
      // Backups exist but none is usable: starting empty loses nothing more than is lost already.
      log::error("startup", "no backup in " + backup_dir.string() + " passes the check; starting with an empty database");
      return out;
    }
    out.state = StartupCheck::State::Failed;
    out.problem = "database " + db_file.string() + " is damaged (" + r.problem + ") and no backup in " +
                  backup_dir.string() + " passes the check";
    return out;
  }
  if (database_in_use_elsewhere(db_file))
    log::warning("startup", "another process has the database open; restart it after the restore");
  try {
    const RestoreResult rr = restore(*good, db_file, now);
    out.state = StartupCheck::State::Restored;
    out.restored_from = rr.restored_from;
    out.kept_aside = rr.kept_aside;
    out.problem = what + ": " + r.problem;
    log::warning("startup", "restored " + db_file.string() + " from " + rr.restored_from.filename().string() +
                                (rr.kept_aside ? "; the " + what + " file is kept as " + rr.kept_aside->string() : ""));
    // Tell staff in volunteer mode, in the restored database (the setting table is in schema 1).
    Store db(db_file);
    WriteScope tx(db);
    const std::string detail = local_minute(now, zone) + "; " + rr.restored_from.filename().string() +
                               (rr.kept_aside ? "; " + what + " file kept as " + rr.kept_aside->string() : "");
    write_setting(db, setting_key::restored_alert, detail);
    write_audit(db, now, AuditRole::System, "database.restore", rr.restored_from.filename().string(), what + ": " + r.problem);
    tx.commit();
  } catch (const std::exception& e) {
    out.state = StartupCheck::State::Failed;
    out.problem = "database " + db_file.string() + " is " + what + " and restoring " +
                  good->filename().string() + " failed: " + e.what();
  }
  return out;
}

}  // namespace bk
