#include "store/store.hpp"

#include <sys/stat.h>

#include <fstream>

#include "store/engine/pg_database.hpp"
#include "store/engine/sqlite_database.hpp"
#include "store/migrations.hpp"

namespace bk {

StoreLocation StoreLocation::postgresql(std::string connection, std::filesystem::path password_file,
                                        std::string centre) {
  StoreLocation l;
  l.engine = Engine::PostgreSQL;
  l.connection = std::move(connection);
  l.password_file = std::move(password_file);
  l.centre = std::move(centre);
  return l;
}

std::string StoreLocation::describe() const {
  return is_sqlite() ? file.string() : "PostgreSQL (" + connection + ")";
}

namespace {

// The password file must be the service user's alone, like the SMTP password file.
std::string read_password(const std::filesystem::path& file) {
  if (file.empty()) return {};
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) throw DbError("cannot read the database password file " + file.string(), -1);
  if ((st.st_mode & 077) != 0)
    throw DbError("the database password file " + file.string() +
                      " may be read by others; make it readable by the service user only (chmod 600)", -1);
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) throw DbError("cannot read the database password file " + file.string(), -1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::unique_ptr<Database> open_engine(const StoreLocation& where, Store::Mode mode) {
  if (where.is_sqlite())
    return std::make_unique<SqliteDatabase>(
        where.file, mode == Store::Mode::ReadOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWrite);
  return std::make_unique<PgDatabase>(where.connection, read_password(where.password_file), where.centre);
}

}  // namespace

Store::Store(const StoreLocation& where, Mode mode) : where_(where), db_(open_engine(where, mode)) {}
Store::~Store() = default;

int Store::migrate() { return bk::migrate(*db_); }
const std::filesystem::path& Store::path() const { return db_->path(); }
std::int64_t Store::data_version() { return engine().data_version(); }
int Store::schema_version() { return db_->schema_version(); }
void Store::set_busy_timeout(std::chrono::milliseconds wait) { db_->set_busy_timeout(wait); }
bool Store::in_transaction() const { return db_->in_transaction(); }
void Store::ping() {  // SQLite: reads the schema page, so a damaged file shows here
  engine().scalar_int(is_sqlite() ? "SELECT count(*) FROM sqlite_master" : "SELECT count(*) FROM bk_schema");
}

// The scopes are the engine's transactions under a name that layers above may use.
WriteScope::WriteScope(Store& store) : tx_(std::make_unique<WriteTransaction>(store.engine())) {}
WriteScope::~WriteScope() = default;
void WriteScope::commit() { tx_->commit(); }

ReadScope::ReadScope(Store& store) : tx_(std::make_unique<ReadTransaction>(store.engine())) {}
ReadScope::~ReadScope() = default;

}  // namespace bk
