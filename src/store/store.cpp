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
std::int64_t Store::data_version() { return engine().data_version(); }
int Store::schema_version() { return db_->schema_version(); }
void Store::set_busy_timeout(std::chrono::milliseconds wait) { db_->set_busy_timeout(wait); }
bool Store::in_transaction() const { return db_->in_transaction(); }
void Store::ping() { engine().scalar_int("SELECT count(*) FROM sqlite_master"); }

// The scopes are the engine's transactions under a name that layers above may use.
WriteScope::WriteScope(Store& store) : tx_(std::make_unique<WriteTransaction>(store.engine())) {}
WriteScope::~WriteScope() = default;
void WriteScope::commit() { tx_->commit(); }

ReadScope::ReadScope(Store& store) : tx_(std::make_unique<ReadTransaction>(store.engine())) {}
ReadScope::~ReadScope() = default;

}  // namespace bk
