#include "store/store.hpp"

#include "store/sqlite/database.hpp"
#include "store/migrations.hpp"

namespace bk {

Store::Store(const std::filesystem::path& file, Mode mode)
    : db_(std::make_unique<Database>(file, mode == Mode::ReadOnly ? Database::Mode::ReadOnly
                                                                  : Database::Mode::ReadWrite)) {}
Store::~Store() = default;

int Store::migrate() { return bk::migrate(*db_); }
const std::filesystem::path& Store::path() const { return db_->path(); }
std::int64_t Store::data_version() { return db_->data_version(); }
int Store::schema_version() { return db_->schema_version(); }
void Store::set_busy_timeout(std::chrono::milliseconds wait) { db_->set_busy_timeout(wait); }
bool Store::in_transaction() const { return db_->in_transaction(); }
void Store::ping() { db_->scalar_int("SELECT count(*) FROM sqlite_master"); }

WriteScope::WriteScope(Store& store) : store_(store) { store_.engine().exec("BEGIN IMMEDIATE"); }
WriteScope::~WriteScope() {
  if (done_) return;
  try {
    store_.engine().exec("ROLLBACK");
  } catch (...) {
  }
}
void WriteScope::commit() {
  store_.engine().exec("COMMIT");
  done_ = true;
}

ReadScope::ReadScope(Store& store) : store_(store) { store_.engine().exec("BEGIN DEFERRED"); }
ReadScope::~ReadScope() {
  try {
    store_.engine().exec("COMMIT");
  } catch (...) {
  }
}

}  // namespace bk
