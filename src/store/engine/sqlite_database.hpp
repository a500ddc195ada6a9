#pragma once
// The embedded engine: one SQLite file on the kiosk. Opened in WAL mode with synchronous=FULL (a
// commit is on disk when it returns); writes take BEGIN IMMEDIATE, so the busy handler applies and
// two writers never deadlock on an upgrade.
#include <sqlite3.h>

#include "store/engine/database.hpp"

namespace bk {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating folders and file when ReadWrite) and applies the pragmas. Does not migrate.
  explicit SqliteDatabase(const std::filesystem::path& file, Mode mode = Mode::ReadWrite);
  ~SqliteDatabase() override;

  sqlite3* handle() const { return db_; }  // backups and restore use SQLite's own API
  Dialect dialect() const override { return Dialect::SQLite; }
  Statement prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  int changes() const override { return sqlite3_changes(db_); }
  std::int64_t data_version() override;
  int schema_version() override;
  void set_schema_version(int version) override;
  void set_busy_timeout(std::chrono::milliseconds wait) override {
    sqlite3_busy_timeout(db_, static_cast<int>(wait.count()));
  }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void begin_read() override { exec("BEGIN DEFERRED"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override { exec("ROLLBACK"); }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace bk
