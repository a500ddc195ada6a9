#pragma once
// The one handle on the centre's data that layers above src/store see. It owns the database
// connection; the SQL, the engine's dialect, transactions and "busy" handling stay behind it, in the
// repositories of src/store (a second engine implements the same interface). Above the store nobody
// writes SQL or names the engine.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace bk {

// A failure of the database itself (cannot open, disk full, corrupt, busy past the timeout, the
// database server out of reach).
class DbError : public std::runtime_error {
 public:
  enum class Kind {
    Other,
    Busy,         // another writer held the lock past the timeout: try again
    Unavailable,  // the database server cannot be reached (PostgreSQL; never SQLite): try again later
  };
  DbError(const std::string& what, int code);  // SQLite: the kind follows from its result code
  DbError(const std::string& what, int code, Kind kind) : std::runtime_error(what), code_(code), kind_(kind) {}
  int code() const { return code_; }  // the engine's own error code, for logs
  bool busy() const { return kind_ == Kind::Busy; }
  bool unavailable() const { return kind_ == Kind::Unavailable; }

 private:
  int code_;
  Kind kind_;
};

class Database;  // src/store's engine connection (store/engine/database.hpp); not for layers above
class WriteTransaction;
class ReadTransaction;

// Where a process keeps its data: a SQLite file (the default, and what a bare path means) or a
// PostgreSQL server shared by many kiosks and centres (#20).
struct StoreLocation {
  enum class Engine { SQLite, PostgreSQL };
  Engine engine = Engine::SQLite;
  std::filesystem::path file;           // SQLite
  std::string connection;               // PostgreSQL: a libpq connection string, without password
  std::filesystem::path password_file;  // PostgreSQL: first line is the password; empty: none
  std::string centre;                   // PostgreSQL: the centre this process acts for, "*": the region

  StoreLocation() = default;
  StoreLocation(std::filesystem::path f) : file(std::move(f)) {}  // NOLINT: a path is a SQLite file
  StoreLocation(const char* f) : file(f) {}                       // NOLINT
  StoreLocation(const std::string& f) : file(f) {}                // NOLINT
  static StoreLocation postgresql(std::string connection, std::filesystem::path password_file, std::string centre);
  bool is_sqlite() const { return engine == Engine::SQLite; }
  std::string describe() const;  // for messages: the file, or the connection string (never a password)
};

class Store {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  // Opens (creating folders and file when ReadWrite). Does not migrate: see migrate(). A
  // PostgreSQL server that cannot be reached does not throw here; the first call does
  // (DbError::unavailable()).
  explicit Store(const StoreLocation& where, Mode mode = Mode::ReadWrite);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int migrate();  // to the newest schema; returns the version; refuses a newer database
  const StoreLocation& location() const { return where_; }
  bool is_sqlite() const { return where_.is_sqlite(); }
  const std::filesystem::path& path() const;  // the SQLite file; empty on PostgreSQL
  // Changes when another connection (another process) commits: the kiosk polls this to redraw.
  std::int64_t data_version();
  int schema_version();
  // How long a write waits for another writer before DbError::busy() (default 10 s).
  void set_busy_timeout(std::chrono::milliseconds wait);
  bool in_transaction() const;
  void ping();  // reads the schema: throws DbError when the database cannot be read (health checks)

  Database& engine() {  // for src/store's repositories only
    if (outage_) throw DbError("database server unavailable (injected for a test)", -1, DbError::Kind::Unavailable);
    return *db_;
  }
  // Tests: every repository call fails as if the database server were out of reach.
  void inject_outage(bool on) { outage_ = on; }

 private:
  StoreLocation where_;
  std::unique_ptr<Database> db_;
  bool outage_ = false;
};

// One write transaction over any number of repository calls: all or nothing. On SQLite it is
// BEGIN IMMEDIATE (the write lock up front, so two writers never deadlock on an upgrade); when
// commit() returns the change is on disk and may be acknowledged to a person. Destroyed without
// commit(): rolled back.
class WriteScope {
 public:
  explicit WriteScope(Store& store);
  ~WriteScope();
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  void commit();

 private:
  std::unique_ptr<WriteTransaction> tx_;  // the engine's own transaction (store/sqlite)
};

// A consistent snapshot for several reads.
class ReadScope {
 public:
  explicit ReadScope(Store& store);
  ~ReadScope();
  ReadScope(const ReadScope&) = delete;
  ReadScope& operator=(const ReadScope&) = delete;

 private:
  std::unique_ptr<ReadTransaction> tx_;
};

}  // namespace bk
