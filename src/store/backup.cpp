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
#include "store/engine/backup_files.hpp"
#include "store/engine/sqlite_database.hpp"

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


bool is_temp_of_ours(const std::string& name) {
  return name.rfind("." + std::string(kPrefix), 0) == 0 && name.find(kTempMarker) != std::string::npos;
}

}  // namespace

namespace backup_files {

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

fs::path sibling(const fs::path& file, const std::string& suffix) {
  return fs::path(file.string() + suffix);
}


}  // namespace backup_files
using namespace backup_files;

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
  if (!store.is_sqlite())
    throw BackupError("a PostgreSQL database is backed up with PostgreSQL's own tools (pg_dump, "
                      "pg_basebackup): see the README, \"Which database\"");
  create_private_directories(dir);  // backups hold personal data: 0700 when we make the folder
  const fs::path final_path = dir / backup_file_name(now);
  const fs::path temp = dir / ("." + final_path.filename().string() + std::string(kTempMarker) +
                               std::to_string(::getpid()));
  try {
    copy_database(static_cast<SqliteDatabase&>(store.engine()).handle(), temp);
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


}  // namespace bk
