#pragma once
#include "store/engine/database.hpp"

namespace bk {

// Brings the database to the newest schema: ordered migrations, each in its own transaction, the
// version kept in PRAGMA user_version (PostgreSQL: table bk_schema). Refuses a database newer than this program knows.
// Returns the version it ended at.
int migrate(Database& db);
int latest_schema_version();

}  // namespace bk
