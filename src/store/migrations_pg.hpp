#pragma once
// PostgreSQL's schema steps (migrations_pg.cpp), numbered as SQLite's migrations are.
#include <string_view>

namespace bk {

// The step that takes a PostgreSQL database on from `version`, and the version it ends at; empty
// when there is none.
std::string_view pg_migration_from(int version, int* to_version);

}  // namespace bk
