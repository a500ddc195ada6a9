// After purge a follow-up link (/r/<token>, /h/<token>) answers "niet gevonden", like any unknown
// link: the service lookups the pages use, and the pages themselves through a real server.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "services/retention.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"
#include "web/followup_server.hpp"

using namespace bk;
using bk::test::ManualClock;

TEST(PurgeFollowup, PurgedLinksAreNotFoundInTheServicesAndOnThePages) {
  const auto path = bk::test::temp_path("purge_followup");
  Store db(path);
  db.migrate();
  const TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  clock.t = parse_now_option("2027-03-01T09:00", zone);
  AgendaService agenda(db, zone, clock, 183);
  RegistrationService regs(db, clock, "http://127.0.0.1");
  HelpService help(db, clock, "http://127.0.0.1");
  regs.set_agenda_lookup([&](OccurrenceId id) { return agenda.item(id); });
  NewActivity a;
  a.title = "Koersbal";
  a.location = "Grote zaal";
  a.start = *parse_local_datetime("2027-03-02T10:00");
  a.end = *parse_local_datetime("2027-03-02T11:00");
  a.capacity = 10;
  const auto activity = agenda.add_activity(a);
  RegistrationRequest r;
  r.occurrence_id = db.engine().scalar_int("SELECT id FROM occurrence WHERE activity_id = " + std::to_string(activity));
  r.name = "Anna Vergeten";
  r.people = 2;
  const RegisterResult reg = regs.register_for(r);
  ASSERT_EQ(reg.outcome, RegisterOutcome::Registered);
  const auto h = help.create({"boodschappen", "today", "Melk halen", false, "Ans", "0612345678"});
  ASSERT_EQ(h.outcome, HelpOutcome::Created);
  ASSERT_TRUE(help.done(h.code, "volunteer").ok());

  web::FollowupSettings s;
  s.database = path;
  s.zone = zone;
  s.clock = &clock;
  s.catalog = Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets");
  s.centre_name = "Wijkcentrum De Oever";
  s.requests_per_minute = 1000;
  s.io_timeout = std::chrono::seconds(5);
  web::FollowupServer server(std::move(s));
  const int port = server.bind("127.0.0.1", 0);
  ASSERT_GT(port, 0);
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto get = [&](const std::string& p) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(std::chrono::seconds(5));
    auto res = c.Get(p);
    return res ? res->status : -1;
  };

  // The test can fail: before the purge both links answer.
  EXPECT_TRUE(regs.lookup_token(reg.token));
  EXPECT_TRUE(help.public_lookup_token(h.token));
  EXPECT_EQ(get("/r/" + reg.token), 200);
  EXPECT_EQ(get("/h/" + h.token), 200);

  clock.t = parse_now_option("2027-04-15T09:00", zone);  // past 30 days after both
  RetentionService retention(db, clock, 30, path.parent_path() / "bk_purge_followup_no_backups");
  const auto purged = retention.purge();
  ASSERT_EQ(purged.counts.registrations, 1);
  ASSERT_EQ(purged.counts.help_requests, 1);

  EXPECT_FALSE(regs.lookup_token(reg.token));
  EXPECT_FALSE(help.lookup_token(h.token));
  EXPECT_FALSE(help.public_lookup_token(h.token));
  EXPECT_EQ(regs.cancel_token(reg.token).outcome, CancelOutcome::NotFound);
  EXPECT_EQ(get("/r/" + reg.token), 404);
  EXPECT_EQ(get("/r/" + reg.token + "/afmelden"), 404);
  EXPECT_EQ(get("/h/" + h.token), 404);
  // The anonymous counts stay: the rows are there, only unreachable by link.
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM registration"), 1);
  server.stop();
  thread.join();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

// A row an older version purged kept its token hash; the next purge forgets that link as well.
TEST(PurgeFollowup, LinksOfRowsPurgedBeforeAreForgottenByTheNextPurge) {
  const auto path = bk::test::temp_path("purge_followup_old");
  Store db(path);
  db.migrate();
  const TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  clock.t = parse_now_option("2027-03-01T09:00", zone);
  HelpService help(db, clock, "http://127.0.0.1");
  const auto h = help.create({"boodschappen", "today", "", false, "Ans", ""});
  ASSERT_EQ(h.outcome, HelpOutcome::Created);
  db.engine().exec("UPDATE help_request SET name = NULL, status = 'done', purged_utc = 1");  // as the old purge left it
  ASSERT_TRUE(help.public_lookup_token(h.token));
  RetentionService(db, clock, 30, path.parent_path() / "bk_purge_followup_no_backups").purge();
  EXPECT_FALSE(help.public_lookup_token(h.token));
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
