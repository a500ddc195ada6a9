#pragma once
// A thin, typed wrapper over SQLite. Every write goes through WriteTransaction (BEGIN IMMEDIATE:
// takes the write lock up front so the busy handler applies and two writers never deadlock on an
// upgrade). Opened in WAL mode with synchronous=FULL: when commit() returns, the data is on disk,
// and only then may anything be acknowledged to a person.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/store.hpp"  // DbError

namespace bk {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding: 1-based index. nullopt binds NULL.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i);
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  bool step();  // true while a row is available
  void run();   // step to completion, for statements without rows
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  int integer(int col) const { return static_cast<int>(int64(col)); }
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  // Opens (creating folders and file when ReadWrite) and applies the pragmas. Does not migrate.
  explicit Database(const std::filesystem::path& file, Mode mode = Mode::ReadWrite);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  void exec(std::string_view sql);  // one or more statements, no rows
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  std::int64_t scalar_int(std::string_view sql);

  // Changes when another connection (another process) commits: the kiosk polls this to redraw.
  std::int64_t data_version();
  int schema_version();
  void set_busy_timeout(std::chrono::milliseconds wait) { sqlite3_busy_timeout(db_, static_cast<int>(wait.count())); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE … COMMIT; rolls back in the destructor unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

// A consistent snapshot for several reads.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

}  // namespace bk
