#include "store/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <system_error>

#include "domain/log.hpp"
#include "store/private_files.hpp"
#include "store/audit.hpp"
#include "store/settings.hpp"
#include "store/sqlite/database.hpp"

namespace bk {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kPrefix = "kiosk-";
constexpr std::string_view kSuffix = ".db";
constexpr std::string_view kTempMarker = ".tmp-";

std::string two(int v) {  // 07; printf-style, so GCC 12 sees no overlapping copy (-Wrestrict)
  char b[16];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

std::string compact_utc(UtcSeconds t) {  // 20271102-143000
  const LocalDateTime u = from_naive_seconds(t);
  return std::to_string(u.date.year) + two(u.date.month) + two(u.date.day) + "-" + two(u.hour) +
         two(u.minute) + two(u.second);
}

std::string local_minute(UtcSeconds t, const TimeZone& zone) {  // 2027-03-02 14:30
  const LocalDateTime l = zone.to_local(t);
  return format_date(l.date) + " " + format_hhmm(l);
}

// fsync a file or a folder: a rename is only durable once the folder is flushed too.
void sync_path(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw fs::filesystem_error("cannot open for sync", p, std::error_code(errno, std::generic_category()));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw fs::filesystem_error("fsync", p, std::error_code(err, std::generic_category()));
}

struct Connection {  // a raw connection, for the backup API and checks of files that may be garbage
  sqlite3* db = nullptr;
  Connection(const fs::path& file, int flags) {
    const int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close(db);
      db = nullptr;
      throw DbError("cannot open " + file.string() + ": " + msg, rc);
    }
    sqlite3_busy_timeout(db, 10000);
  }
  ~Connection() { sqlite3_close_v2(db); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db);
      sqlite3_free(err);
      throw DbError(msg, sqlite3_extended_errcode(db));
    }
  }
};

// Copies `src` (schema "main") into a new file `dest` in one backup step, as a rollback-journal
// database that stands alone (no -wal needed to read it).
void copy_database(sqlite3* src, const fs::path& dest) {
  fs::remove(dest);
  create_private_file(dest);  // 0600 from the first byte, and its -journal with it
  Connection out(dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* b = sqlite3_backup_init(out.db, "main", src, "main");
  if (!b) throw DbError("backup: " + std::string(sqlite3_errmsg(out.db)), sqlite3_extended_errcode(out.db));
  const int rc = sqlite3_backup_step(b, -1);  // all pages under one read transaction: a snapshot
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    throw DbError("backup: " + std::string(sqlite3_errstr(rc)), rc);
  // The copy carries the source's WAL flag in its header; make it a plain file.
  out.exec("PRAGMA journal_mode = DELETE");
}

// integrity_check answers "*** in database main ***\nOn tree page 43 cell 16: …": one line for a
// log or an error message is enough to say what is wrong.
std::string first_problem_line(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (!line.empty() && line.rfind("***", 0) != 0) return line.size() > 200 ? line.substr(0, 200) : line;
    start = end + 1;
  }
  return "integrity check failed";
}

bool is_temp_of_ours(const std::string& name) {
  return name.rfind("." + std::string(kPrefix), 0) == 0 && name.find(kTempMarker) != std::string::npos;
}

fs::path sibling(const fs::path& file, const std::string& suffix) {
  return fs::path(file.string() + suffix);
}

}  // namespace

std::string backup_file_name(UtcSeconds at) {
  return std::string(kPrefix) + compact_utc(at) + std::string(kSuffix);
}

std::optional<UtcSeconds> parse_backup_file_name(const std::string& name) {
  // kiosk-YYYYMMDD-HHMMSS.db
  if (name.size() != kPrefix.size() + 15 + kSuffix.size()) return std::nullopt;
  if (name.rfind(kPrefix, 0) != 0 || name.substr(name.size() - kSuffix.size()) != kSuffix)
    return std::nullopt;
  const std::string s = name.substr(kPrefix.size(), 15);
  if (s[8] != '-') return std::nullopt;
  for (size_t i = 0; i < s.size(); ++i)
    if (i != 8 && (s[i] < '0' || s[i] > '9')) return std::nullopt;
  const std::string iso = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + "T" +
                          s.substr(9, 2) + ":" + s.substr(11, 2) + ":" + s.substr(13, 2);
  const auto t = parse_local_datetime(iso);
  if (!t) return std::nullopt;
  return naive_seconds(*t);
}

std::vector<BackupInfo> list_backups(const fs::path& dir) {
  std::vector<BackupInfo> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const auto at = parse_backup_file_name(e.path().filename().string());
    if (!at) continue;
    out.push_back({e.path(), *at, e.file_size(ec)});
  }
  std::sort(out.begin(), out.end(), [](const BackupInfo& a, const BackupInfo& b) { return a.at > b.at; });
  return out;
}

int rotate_backups(const fs::path& dir, int keep) {
  int removed = 0;
  const auto all = list_backups(dir);
  for (size_t i = static_cast<size_t>(std::max(keep, 1)); i < all.size(); ++i) {
    if (fs::remove(all[i].file)) ++removed;
  }
  // Leftovers of a backup that was killed halfway (never renamed, so never counted as a backup).
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!is_temp_of_ours(e.path().filename().string())) continue;
      const auto age = fs::file_time_type::clock::now() - e.last_write_time(ec);
      if (!ec && age > std::chrono::hours(1)) fs::remove(e.path(), ec);
    }
  }
  if (removed > 0) log::info("backup", "rotated: removed " + std::to_string(removed) + " old backup(s)");
  return removed;
}

BackupInfo make_backup(Store& store, const fs::path& dir, UtcSeconds now, int keep) {
  create_private_directories(dir);  // backups hold personal data: 0700 when we make the folder
  const fs::path final_path = dir / backup_file_name(now);
  const fs::path temp = dir / ("." + final_path.filename().string() + std::string(kTempMarker) +
                               std::to_string(::getpid()));
  try {
    copy_database(store.engine().handle(), temp);
    const IntegrityReport r = check_integrity(temp);
    if (r.health != DbHealth::Good)
      throw BackupError("backup of " + store.path().string() + " fails its check (" +
                        (r.problem.empty() ? "no tables" : r.problem) + "); the old backups are kept");
    sync_path(temp);
    fs::rename(temp, final_path);
    sync_path(dir);
  } catch (...) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw;
  }
  BackupInfo info{final_path, now, fs::file_size(final_path)};
  log::info("backup", "written " + final_path.string() + " (" + std::to_string(info.bytes / 1024) + " kB)");
  rotate_backups(dir, keep);
  return info;
}

void record_backup(Store& store, const BackupInfo& b, const TimeZone& zone) {
  write_setting(store, setting_key::last_backup, local_minute(b.at, zone) + " " + b.file.filename().string());
}

std::vector<fs::path> recorded_backup_copies(Store& store) {
  std::vector<fs::path> out;
  const std::string all = read_setting(store, setting_key::backup_copies).value_or("");
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) out.emplace_back(all.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void set_recorded_backup_copies(Store& store, const std::vector<fs::path>& files) {
  std::string all;
  for (const auto& f : files) all += f.string() + "\n";
  if (all.empty()) erase_setting(store, setting_key::backup_copies);
  else write_setting(store, setting_key::backup_copies, all);
}

void record_backup_copy(Store& store, const fs::path& file) {
  auto files = recorded_backup_copies(store);
  const fs::path absolute = fs::absolute(file).lexically_normal();
  if (std::find(files.begin(), files.end(), absolute) == files.end()) files.push_back(absolute);
  set_recorded_backup_copies(store, files);
}

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
