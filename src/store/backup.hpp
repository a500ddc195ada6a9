#pragma once
// Backups, integrity checks and restores of the kiosk database.
//
// A backup is an online copy made with SQLite's backup API in one step (a consistent snapshot while
// the kiosk keeps writing; never a copy of the live file), written to a temporary file, checked,
// flushed to disk and renamed into place, so a folder only ever holds complete, checked backups.
// Backups are named kiosk-YYYYMMDD-HHMMSS.db (UTC, so names sort by age and never repeat across a
// DST change) and rotated: the `keep` newest stay.
//
// A restore never destroys anything: the file it replaces is moved aside next to it
// (kiosk.db.damaged-<time> when it failed the check, kiosk.db.replaced-<time> when it was sound),
// together with its -wal; a stale -shm is removed so SQLite cannot pair it with the new file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "store/settings.hpp"
#include "store/store.hpp"

namespace bk {

class BackupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BackupInfo {
  std::filesystem::path file;
  UtcSeconds at = 0;  // from the name
  std::uintmax_t bytes = 0;
};

std::string backup_file_name(UtcSeconds at);  // kiosk-20271102-143000.db
std::optional<UtcSeconds> parse_backup_file_name(const std::string& name);
// Backups in `dir` (files named as above), newest first. A missing folder has none.
std::vector<BackupInfo> list_backups(const std::filesystem::path& dir);

// Online backup of an open database into `dir` (created 0700 when missing). Throws BackupError
// when the copy fails its integrity check (then nothing is added and nothing rotated away), or
// DbError/filesystem_error for I/O problems. Then removes all but the `keep` newest backups.
BackupInfo make_backup(Store& store, const std::filesystem::path& dir, UtcSeconds now, int keep);
// Removes all but the `keep` newest backups in `dir`, and temporary files of interrupted backups.
// Returns how many backups it removed.
int rotate_backups(const std::filesystem::path& dir, int keep);

enum class DbHealth {
  Good,     // integrity_check and foreign_key_check pass, and the schema exists
  Empty,    // missing, zero bytes, or a database without any tables
  Damaged,  // not a database, or a check failed
  // Could not be read for a reason that says nothing about the file itself (no permission, locked
  // by another process, out of memory): never a reason to replace it.
  Unreadable,
};
struct IntegrityReport {
  DbHealth health = DbHealth::Damaged;
  std::string problem;     // the first problem found, for one log or error line
  int schema_version = 0;  // PRAGMA user_version
};
// Checks a database file through its own read-only connection (it reads the -wal as SQLite would).
// Never throws for a bad file: a garbage file is reported Damaged, one it may not read Unreadable.
IntegrityReport check_integrity(const std::filesystem::path& db_file);
inline bool integrity_ok(const std::filesystem::path& db_file) {
  return check_integrity(db_file).health == DbHealth::Good;
}

// True when another process has the database open (it holds SQLite's shared-memory lock). Call
// only while this process has no connection to the file: closing a file descriptor drops the
// process's POSIX locks on it, SQLite's included.
bool database_in_use_elsewhere(const std::filesystem::path& db_file);

struct RestoreResult {
  std::filesystem::path restored_from;
  std::optional<std::filesystem::path> kept_aside;  // the file it replaced, if there was one
  bool replaced_was_damaged = false;
};
// Installs `backup` as `db_file`. The backup is checked first: a backup that fails (or holds no
// schema) throws BackupError and nothing changes. The installed copy is made with the backup API
// into a temporary file next to `db_file`, flushed, and renamed into place.
RestoreResult restore(const std::filesystem::path& backup, const std::filesystem::path& db_file,
                      UtcSeconds now);
// The newest backup in `dir` that passes the check; nullopt when none does.
std::optional<std::filesystem::path> newest_good_backup(const std::filesystem::path& dir);
// restore() from newest_good_backup(); throws BackupError when there is none.
RestoreResult restore_latest(const std::filesystem::path& backup_dir,
                             const std::filesystem::path& db_file, UtcSeconds now);

// What the kiosk does at start, before it opens and migrates the database: a damaged database, or
// an empty one while backups exist, is replaced by the newest good backup, the old file is kept
// aside, and `alert.restored` is set in the restored database for volunteer mode (plus an audit
// row). A missing or empty database without backups is a first start: Ok.
struct StartupCheck {
  enum class State { Ok, Restored, Failed } state = State::Ok;
  std::filesystem::path restored_from;               // Restored
  std::optional<std::filesystem::path> kept_aside;   // Restored: the damaged (or empty) file
  std::string problem;  // Restored: what was wrong; Failed: one line for the log and stderr
};
StartupCheck open_or_recover(const std::filesystem::path& db_file,
                             const std::filesystem::path& backup_dir, UtcSeconds now,
                             const TimeZone& zone);

// The `setting` keys written here (values free of personal data); the keys themselves live in
// store/settings.hpp (setting_key), these names stay for the callers that use them.
inline constexpr const char* kRestoredAlertKey = setting_key::restored_alert;  // cleared by staff
inline constexpr const char* kLastBackupKey = setting_key::last_backup;
// Every `backup DIR` copy, one absolute path a line, so purge can reach them later (retention.hpp).
inline constexpr const char* kBackupCopiesKey = setting_key::backup_copies;
// Records a successful backup in `backup.last` (local time) for the status panel.
void record_backup(Store& store, const BackupInfo& b, const TimeZone& zone);
// Remembers a copy written outside the kiosk's backup folder (`backup DIR`), and lists them.
// Call record_backup_copy inside a write transaction.
void record_backup_copy(Store& store, const std::filesystem::path& file);
std::vector<std::filesystem::path> recorded_backup_copies(Store& store);
// Replaces the list (purge drops copies it deleted).
void set_recorded_backup_copies(Store& store, const std::vector<std::filesystem::path>& files);

}  // namespace bk
