#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "store/engine/sqlite_database.hpp"
#include "store/migrations.hpp"

using namespace bk;

namespace {
std::filesystem::path temp_db(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("bk_store_" + name + "_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(p);
  std::filesystem::remove(p.string() + "-wal");
  std::filesystem::remove(p.string() + "-shm");
  return p;
}
}  // namespace

TEST(Store, MigratesFreshDatabaseToLatest) {
  SqliteDatabase db(":memory:");
  EXPECT_EQ(db.schema_version(), 0);
  EXPECT_EQ(migrate(db), latest_schema_version());
  EXPECT_EQ(migrate(db), latest_schema_version());  // idempotent
  for (const char* t : {"activity", "occurrence", "registration", "help_request", "audit", "setting"}) {
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?");
    st.bind(1, t);
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1) << t;
  }
}

TEST(Store, OpensFileInWalWithFullSyncAndForeignKeys) {
  const auto p = temp_db("pragmas");
  SqliteDatabase db(p);
  EXPECT_EQ(db.prepare("PRAGMA journal_mode").step(), true);
  auto jm = db.prepare("PRAGMA journal_mode");
  jm.step();
  EXPECT_EQ(jm.text(0), "wal");
  EXPECT_EQ(db.scalar_int("PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(db.scalar_int("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db.scalar_int("PRAGMA secure_delete"), 1);
}

TEST(Store, RefusesNewerSchema) {
  SqliteDatabase db(":memory:");
  db.exec("PRAGMA user_version = 999");
  EXPECT_THROW(migrate(db), DbError);
}

TEST(Store, UncommittedWriteTransactionRollsBack) {
  SqliteDatabase db(":memory:");
  migrate(db);
  {
    WriteTransaction tx(db);
    db.exec("INSERT INTO setting(key, value) VALUES ('a', 'b')");
  }
  EXPECT_EQ(db.scalar_int("SELECT count(*) FROM setting"), 0);
  {
    WriteTransaction tx(db);
    db.exec("INSERT INTO setting(key, value) VALUES ('a', 'b')");
    tx.commit();
  }
  EXPECT_EQ(db.scalar_int("SELECT count(*) FROM setting"), 1);
}

TEST(Store, DataVersionSeesOtherConnectionsCommits) {
  const auto p = temp_db("dataversion");
  SqliteDatabase a(p), b(p);
  migrate(a);
  const auto before = a.data_version();
  b.exec("INSERT INTO setting(key, value) VALUES ('x', '1')");
  EXPECT_NE(a.data_version(), before);
}

TEST(Store, ForeignKeysAreEnforced) {
  SqliteDatabase db(":memory:");
  migrate(db);
  EXPECT_THROW(db.exec("INSERT INTO occurrence(activity_id, recurrence_key, start_utc, end_utc) VALUES (42,'k',0,0)"),
               DbError);
}
