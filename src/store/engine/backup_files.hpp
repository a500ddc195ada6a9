#pragma once
// What making and restoring backups share inside src/store (backup.cpp, restore.cpp): a raw SQLite
// connection for files that may be garbage, durable file operations, and the words for the log.
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk::backup_files {

namespace fs = std::filesystem;

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

// fsync a file or a folder: a rename is only durable once the folder is flushed too.
void sync_path(const fs::path& p);
// Copies `src` (schema "main") into a new file `dest` in one backup step, as a rollback-journal
// database that stands alone (no -wal needed to read it).
void copy_database(sqlite3* src, const fs::path& dest);
// The first line of an integrity_check answer that says what is wrong.
std::string first_problem_line(const std::string& text);
fs::path sibling(const fs::path& file, const std::string& suffix);  // kiosk.db + "-wal"
std::string local_minute(UtcSeconds t, const TimeZone& zone);         // 2027-03-02 14:30
std::string compact_utc(UtcSeconds t);                                // 20271102-143000

}  // namespace bk::backup_files
