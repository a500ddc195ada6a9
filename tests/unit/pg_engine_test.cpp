// The PostgreSQL engine's own rules (#20): placeholders, centres kept apart by the server, an
// unreachable server reported as such, the password file's mode. The services' behaviour on
// PostgreSQL is the pg.* run of their own suites (tests/CMakeLists.txt).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "store/activity_store.hpp"
#include "store/help_request_store.hpp"
#include "store/settings.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ServiceGraph;
using bk::test::TestDatabase;

namespace {

std::string translate(const char* sql) { return PgDatabase::translate_placeholders(sql, nullptr); }

// The same database as `g`, seen by a process of another centre.
StoreLocation as_centre(const TestDatabase& db, const std::string& centre) {
  StoreLocation l = db.location;
  l.centre = centre;
  return l;
}

}  // namespace

TEST(PgEngine, PlaceholdersBecomeNumberedOutsideQuotesAndComments) {
  EXPECT_EQ(translate("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(translate("WHERE a = ?1 OR b = ?1 AND c = ?2"), "WHERE a = $1 OR b = $1 AND c = $2");
  EXPECT_EQ(translate("SELECT '?', \"a?\" -- what?\n, ?"), "SELECT '?', \"a?\" -- what?\n, $1");
  int n = 0;
  PgDatabase::translate_placeholders("VALUES (?,?,?)", &n);
  EXPECT_EQ(n, 3);
}

TEST(PgEngine, EachCentreSeesOnlyItsOwnAgendaHelpAndSettings) {
  ServiceGraph g;  // centre "test"
  if (!g.database.postgresql()) GTEST_SKIP() << "PostgreSQL only (ctest's pg.* run)";
  NewActivity a;
  a.title = "Koffieochtend";
  a.start = *parse_local_datetime("2027-03-02T10:00");
  a.end = a.start;
  a.end.hour += 1;
  a.capacity = 12;
  g.agenda.add_activity(a);
  const HelpCreated h = g.help.create({"boodschappen", "today", "Melk", false, "Anna", "06 1234 5678"});
  ASSERT_FALSE(h.code.empty());
  write_setting(g.store, "kiosk.pin", "hash-of-test");

  Store west(as_centre(g.database, "west"));
  ActivityStore west_activities(west);
  EXPECT_TRUE(west_activities.listings().empty()) << "another centre's activity is not shown";
  EXPECT_FALSE(find_help_request(west, HelpRequestKey::Code, h.code).has_value());
  EXPECT_FALSE(read_setting(west, "kiosk.pin").has_value());
  write_setting(west, "kiosk.pin", "hash-of-west");  // its own row, not the other centre's
  EXPECT_EQ(read_setting(g.store, "kiosk.pin").value_or(""), "hash-of-test");

  Store region(as_centre(g.database, "*"));
  ActivityStore region_activities(region);
  EXPECT_EQ(region_activities.listings().size(), 1u) << "the region sees every centre";
  EXPECT_TRUE(find_help_request(region, HelpRequestKey::Code, h.code).has_value());
  // The region may read and update, but a row must belong to a real centre.
  EXPECT_THROW(write_setting(region, "kiosk.pin", "x"), DbError);
}

TEST(PgEngine, AnUnreachableServerIsAnOutageNotACrash) {
  const std::string dir = ::testing::TempDir() + "/no-server-" + std::to_string(::getpid());
  Store store(StoreLocation::postgresql("host=" + dir + " dbname=x user=x", "", "test"));  // does not throw
  try {
    store.migrate();
    FAIL() << "migrate() on a server that is not there";
  } catch (const DbError& e) {
    EXPECT_TRUE(e.unavailable()) << e.what();
    EXPECT_FALSE(e.busy());
  }
}

TEST(PgEngine, APasswordFileOthersMayReadIsRefused) {
  const std::string file = ::testing::TempDir() + "/pg-password-" + std::to_string(::getpid());
  std::ofstream(file) << "secret\n";
  ::chmod(file.c_str(), 0644);
  try {
    Store store(StoreLocation::postgresql("host=/nonexistent dbname=x", file, "test"));
    FAIL() << "a world-readable password file was accepted";
  } catch (const DbError& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
  }
  std::remove(file.c_str());
}
