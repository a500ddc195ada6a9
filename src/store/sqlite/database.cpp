#include "store/sqlite/database.hpp"

#include "store/private_files.hpp"

namespace bk {

DbError::DbError(const std::string& what, int code)
    : std::runtime_error(what),
      code_(code),
      kind_((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED ? Kind::Busy : Kind::Other) {}

namespace {

[[noreturn]] void throw_db(sqlite3* db, int rc, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw DbError(msg, db ? sqlite3_extended_errcode(db) : rc);
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_db(db, rc, "prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) throw_db(db_, SQLITE_ERROR, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) throw_db(db_, SQLITE_ERROR, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    throw_db(db_, SQLITE_ERROR, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) throw_db(db_, SQLITE_ERROR, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_db(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::optional<std::int64_t> Statement::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

Database::Database(const std::filesystem::path& file, Mode mode) : path_(file) {
  const bool memory = file == ":memory:";
  if (!memory && mode == Mode::ReadWrite) {
    // Personal data: the folder 0700 and the file 0600 before SQLite writes a byte (its -wal and
    // -shm take the file's mode).
    if (file.has_parent_path()) create_private_directories(file.parent_path());
    try {
      create_private_file(file);
    } catch (const std::filesystem::filesystem_error&) {
      // Not ours to create (no permission, a read-only folder): SQLite's open says what is wrong.
    }
  }
  const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open database " + file.string();
    if (db_) {
      msg += std::string(": ") + sqlite3_errmsg(db_);
      sqlite3_close(db_);
    }
    throw DbError(msg, rc);
  }
  // Several processes write (kiosk, buurtkioskctl, the follow-up server): wait for each other.
  sqlite3_busy_timeout(db_, 10000);
  exec("PRAGMA foreign_keys = ON");
  if (mode == Mode::ReadWrite && !memory) exec("PRAGMA journal_mode = WAL");
  // FULL: a commit is on disk when it returns, also in WAL mode (power loss keeps it).
  exec("PRAGMA synchronous = FULL");
  // Deleted personal data is overwritten, not left in free pages (AVG).
  exec("PRAGMA secure_delete = ON");
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw DbError(msg, sqlite3_extended_errcode(db_));
  }
}

std::int64_t Database::scalar_int(std::string_view sql) {
  Statement st(db_, sql);
  return st.step() ? st.int64(0) : 0;
}

std::int64_t Database::data_version() { return scalar_int("PRAGMA data_version"); }
int Database::schema_version() { return static_cast<int>(scalar_int("PRAGMA user_version")); }

WriteTransaction::WriteTransaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
WriteTransaction::~WriteTransaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}
void WriteTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) { db_.exec("BEGIN DEFERRED"); }
ReadTransaction::~ReadTransaction() {
  try {
    db_.exec("COMMIT");
  } catch (...) {
  }
}

}  // namespace bk
