#pragma once
// The store's connection to its database, whichever engine holds it: SQLite (a file on the kiosk,
// store/engine/sqlite_database.hpp) or PostgreSQL (a regional server, store/engine/pg_database.hpp).
// The repositories of src/store write one SQL text for both: `?` or `?N` placeholders, plain
// SQL-92 plus what both engines read the same (ON CONFLICT … DO UPDATE, COALESCE, CASE, LIMIT).
// Where the engines differ the repository asks dialect().
//
// Every write goes through WriteTransaction, which gives both engines SQLite's BEGIN IMMEDIATE
// rule: one writer at a time, the write lock taken before the first read, so a capacity check and
// the insert it allows are one step. When commit() returns the data is durable and only then may
// anything be acknowledged to a person.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"  // DbError

namespace bk {

// One engine's prepared statement (or its recipe); Statement below is what repositories hold.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_int64(int i, std::int64_t v) = 0;
  virtual void bind_double(int i, double v) = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_null(int i) = 0;
  virtual bool step() = 0;
  virtual void reset() = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
};

class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}

  // Binding: 1-based index. nullopt binds NULL.
  Statement& bind(int i, std::int64_t v) { impl_->bind_int64(i, v); return *this; }
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v) { impl_->bind_double(i, v); return *this; }
  Statement& bind(int i, std::string_view v) { impl_->bind_text(i, v); return *this; }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i) { impl_->bind_null(i); return *this; }
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  bool step() { return impl_->step(); }  // true while a row is available
  void run() {                           // step to completion, for statements without rows
    while (step()) {
    }
  }
  void reset() { impl_->reset(); }

  bool is_null(int col) const { return impl_->is_null(col); }
  std::int64_t int64(int col) const { return impl_->int64(col); }
  int integer(int col) const { return static_cast<int>(int64(col)); }
  double real(int col) const { return impl_->real(col); }
  std::string text(int col) const { return impl_->text(col); }
  std::optional<std::string> opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }
  std::optional<std::int64_t> opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
  }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

enum class Dialect { SQLite, PostgreSQL };

class Database {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual Dialect dialect() const = 0;
  // The file (SQLite); empty for a server.
  const std::filesystem::path& path() const { return path_; }
  virtual Statement prepare(std::string_view sql) = 0;
  virtual void exec(std::string_view sql) = 0;  // one or more statements, no rows
  virtual std::int64_t last_insert_id() = 0;    // the id of the row the last INSERT made
  virtual int changes() const = 0;              // rows the last statement changed
  std::int64_t scalar_int(std::string_view sql) {
    auto st = prepare(sql);
    return st.step() ? st.int64(0) : 0;
  }

  // Changes when another connection (another process) commits: the kiosk polls this to redraw.
  virtual std::int64_t data_version() = 0;
  virtual int schema_version() = 0;
  virtual void set_schema_version(int version) = 0;  // inside the migration's transaction
  virtual void set_busy_timeout(std::chrono::milliseconds wait) = 0;
  virtual bool in_transaction() const = 0;

  // The transactions' engine steps (WriteTransaction and ReadTransaction call these).
  virtual void begin_write() = 0;
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

 protected:
  explicit Database(std::filesystem::path path) : path_(std::move(path)) {}

 private:
  std::filesystem::path path_;
};

// One writer at a time (SQLite: BEGIN IMMEDIATE; PostgreSQL: the store's transaction lock, see
// pg_database.cpp); rolls back in the destructor unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db) : db_(db) { db_.begin_write(); }
  ~WriteTransaction() {
    if (!done_) {
      try {
        db_.rollback();
      } catch (...) {
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

// A consistent snapshot for several reads.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db) { db_.begin_read(); }
  ~ReadTransaction() {
    try {
      db_.commit();
    } catch (...) {
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

}  // namespace bk
