#include "store/engine/sqlite_database.hpp"

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

class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) throw_db(db, rc, "prepare");
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_int64(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_double(int i, double v) override { check(sqlite3_bind_double(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }

  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_db(db_, rc, "step");
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw_db(db_, SQLITE_ERROR, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file, Mode mode) : Database(file) {
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

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

Statement SqliteDatabase::prepare(std::string_view sql) {
  return Statement(std::make_unique<SqliteStatement>(db_, sql));
}

void SqliteDatabase::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw DbError(msg, sqlite3_extended_errcode(db_));
  }
}

std::int64_t SqliteDatabase::data_version() { return scalar_int("PRAGMA data_version"); }
int SqliteDatabase::schema_version() { return static_cast<int>(scalar_int("PRAGMA user_version")); }
void SqliteDatabase::set_schema_version(int version) { exec("PRAGMA user_version = " + std::to_string(version)); }

}  // namespace bk
