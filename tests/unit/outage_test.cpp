// A kiosk that loses its database server (#20), simulated with SQLite and Store::inject_outage:
// the agenda from its last good copy, help requests kept on the kiosk under a reserved code and
// sent when the server is back (same team, same mail, once), the code reserve, the probe.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "config/config.hpp"
#include "services/agenda_copy.hpp"
#include "services/connection_state.hpp"
#include "services/offline_help.hpp"
#include "store/local_store.hpp"
#include "store/outbox_store.hpp"
#include "test_support.hpp"

using namespace bk;

namespace {

Config team_config() {
  Config c = parse_config(R"(
[[team]]
name = "Boodschappen"
kinds = ["boodschappen"]
email = ["a@oever.test"]
[[team]]
name = "Buurtverbinders"
kinds = ["*"]
email = ["rest@oever.test"]
)", "kiosk.toml");
  c.notify.smtp_url = "smtp://mail.oever.test:587";
  return c;
}

// The kiosk's outage parts on a fresh database and a fresh kiosk-local.db, with a steady clock the
// test moves by hand.
struct Outage : test::ServiceGraph {
  Config config = team_config();
  double steady = 100;
  ConnectionState connection{store, [this] { return steady; }};
  std::filesystem::path local_file = test::temp_path("outage_local");
  std::shared_ptr<LocalStore> local = std::make_shared<LocalStore>(local_file);
  AgendaCopy copy{agenda, connection, zone};
  OfflineHelp offline{help, connection, clock};

  Outage() {
    help.route_with(config, zone);
    copy.keep_in(local);
    offline.keep_in(local);
    connection.on_reconnect([this] { offline.send_pending(); });
    connection.on_reconnect([this] { offline.top_up_reserve(); });
  }
  ~Outage() {
    for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(local_file.string() + s);
  }
  void weekly_activity(const char* title, const char* first_day) {
    NewActivity a;
    a.title = title;
    a.location = "Zaal 1";
    a.capacity = 10;
    a.start = *parse_local_datetime(std::string(first_day) + "T14:00");
    a.end = *parse_local_datetime(std::string(first_day) + "T16:00");
    a.weekly_until = LocalDate{2027, 6, 30};
    agenda.add_activity(a);
  }
  HelpCreated ask(const std::string& kind = "boodschappen", bool comes_back = false) {
    return offline.create({kind, "this_week", "Melk en brood, graag", comes_back, "Ans de Vries", "06 1234 5678"});
  }
  std::int64_t count(const std::string& table) { return sql().scalar_int("SELECT count(*) FROM " + table); }
  std::vector<OutboxMail> outbox() { return due_outbox(store, clock.now() + 10 * 365 * 86400, 1000); }
  // The server back, and the probe due: what the frame loop does after kProbeSeconds.
  bool server_back() {
    store.inject_outage(false);
    steady += ConnectionState::kProbeSeconds;
    return connection.probe();
  }
};

std::vector<OccurrenceId> ids(const std::vector<AgendaItem>& items) {
  std::vector<OccurrenceId> out;
  for (const auto& i : items) out.push_back(i.occurrence_id);
  return out;
}

}  // namespace

TEST(OutageAgenda, ShowsTheLastGoodCopyOfWeeksAlreadyLoaded) {
  Outage o;
  o.weekly_activity("Koffieochtend", "2027-03-01");
  o.weekly_activity("Jeu de boules", "2027-03-03");
  const LocalDate mon{2027, 3, 1};
  const auto week1 = o.copy.between(mon, add_days(mon, 7));
  const auto week2 = o.copy.between(add_days(mon, 7), add_days(mon, 14));
  ASSERT_EQ(week1.size(), 2u);
  ASSERT_EQ(week2.size(), 2u);

  o.store.inject_outage(true);
  EXPECT_EQ(ids(o.copy.between(mon, add_days(mon, 7))), ids(week1));  // the call finds the server gone
  EXPECT_TRUE(o.connection.outage());
  EXPECT_EQ(ids(o.copy.between(mon, add_days(mon, 7))), ids(week1));
  EXPECT_EQ(ids(o.copy.between(add_days(mon, 7), add_days(mon, 14))), ids(week2));
  EXPECT_TRUE(o.copy.covers(mon, add_days(mon, 14)));
  // A week never loaded: empty, and the screen knows it is not complete.
  EXPECT_TRUE(o.copy.between(add_days(mon, 21), add_days(mon, 28)).empty());
  EXPECT_FALSE(o.copy.covers(add_days(mon, 21), add_days(mon, 28)));
  const auto one = o.copy.item(week1[1].occurrence_id);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->title, "Jeu de boules");
  EXPECT_EQ(one->capacity, 10);
}

TEST(OutageAgenda, ARestartDuringAnOutageStartsFromTheCopyOnDisk) {
  Outage o;
  o.weekly_activity("Koffieochtend", "2027-03-01");
  const LocalDate mon{2027, 3, 1};
  const auto week1 = o.copy.between(mon, add_days(mon, 7));
  ASSERT_EQ(week1.size(), 1u);

  o.store.inject_outage(true);
  o.connection.lost();
  AgendaCopy restarted{o.agenda, o.connection, o.zone};
  restarted.keep_in(std::make_shared<LocalStore>(o.local_file));
  const auto shown = restarted.between(mon, add_days(mon, 7));
  ASSERT_EQ(ids(shown), ids(week1));
  EXPECT_EQ(shown[0].title, "Koffieochtend");
  EXPECT_EQ(shown[0].location, "Zaal 1");
  EXPECT_EQ(shown[0].start, week1[0].start);
}

TEST(OutageConnection, ProbesEveryFiveSecondsAndRecoversByItself) {
  Outage o;
  EXPECT_FALSE(o.connection.outage());
  EXPECT_GT(o.connection.probe_in(), 1e6);  // online: no probe, the loop may sleep
  o.store.inject_outage(true);
  o.connection.lost();
  EXPECT_DOUBLE_EQ(o.connection.probe_in(), ConnectionState::kProbeSeconds);
  EXPECT_FALSE(o.connection.probe());  // not due yet
  o.steady += ConnectionState::kProbeSeconds;
  EXPECT_DOUBLE_EQ(o.connection.probe_in(), 0);
  EXPECT_FALSE(o.connection.probe());  // due, but the server is still gone
  EXPECT_TRUE(o.connection.outage());
  EXPECT_DOUBLE_EQ(o.connection.probe_in(), ConnectionState::kProbeSeconds);
  o.steady += 2;
  o.connection.lost();  // a screen failing again in the outage does not push the probe away
  EXPECT_DOUBLE_EQ(o.connection.probe_in(), ConnectionState::kProbeSeconds - 2);
  EXPECT_TRUE(o.server_back());
  EXPECT_FALSE(o.connection.outage());
  EXPECT_EQ(o.local->reserved_codes().size(), static_cast<std::size_t>(OfflineHelp::kReserve));  // a step ran
}

TEST(OutageConnection, AServerGoneAgainDuringTheReconnectStepsStaysInOutage) {
  Outage o;
  int runs = 0;
  o.connection.on_reconnect([&] {
    if (++runs == 1) throw DbError("gone again", -1, DbError::Kind::Unavailable);
  });
  o.store.inject_outage(true);
  o.connection.lost();
  EXPECT_FALSE(o.server_back());
  EXPECT_TRUE(o.connection.outage());
  EXPECT_DOUBLE_EQ(o.connection.probe_in(), ConnectionState::kProbeSeconds);  // not a busy loop of probes
  EXPECT_TRUE(o.server_back());
  EXPECT_EQ(runs, 2);
}

TEST(OutageHelp, KeptUnderAReservedCodeAndSentOnceTheServerIsBack) {
  Outage o;
  o.offline.top_up_reserve();
  const auto reserve = o.local->reserved_codes();
  ASSERT_EQ(reserve.size(), 10u);

  o.store.inject_outage(true);
  const HelpCreated r = o.ask();
  ASSERT_EQ(r.outcome, HelpOutcome::Created) << r.problem;
  EXPECT_TRUE(r.kept_on_kiosk);
  EXPECT_TRUE(o.connection.outage());
  EXPECT_EQ(r.code, reserve.front());  // the oldest reserved code
  EXPECT_EQ(r.followup_url, "https://kiosk.test/h/" + r.token);
  EXPECT_EQ(o.local->reserved_codes().size(), 9u);
  const auto kept = o.local->pending();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].code, r.code);
  EXPECT_EQ(kept[0].name, "Ans de Vries");
  EXPECT_TRUE(o.offline.is_kept(r.code));

  ASSERT_TRUE(o.server_back());
  const auto v = o.help.lookup_code(r.code);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->team, "Boodschappen");
  EXPECT_EQ(v->name, "Ans de Vries");
  EXPECT_EQ(v->status, HelpStatus::Open);
  EXPECT_EQ(o.help.lookup_token(r.token)->code, r.code);  // the QR link works now
  const auto mails = o.outbox();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].subject_code, r.code);
  EXPECT_EQ(mails[0].recipients, std::vector<std::string>{"a@oever.test"});
  EXPECT_TRUE(o.local->pending().empty());
  EXPECT_FALSE(o.offline.is_kept(r.code));
  EXPECT_EQ(o.sql().scalar_int("SELECT count(*) FROM reserved_code WHERE code = '" + r.code + "'"), 0);
  EXPECT_EQ(o.local->reserved_codes().size(), 10u);  // topped up again
  EXPECT_EQ(o.count("reserved_code"), 10);
}

TEST(OutageHelp, SendingTwiceAfterACrashDoesNotDuplicate) {
  Outage o;
  o.offline.top_up_reserve();
  o.store.inject_outage(true);
  const HelpCreated r = o.ask("vervoer");
  o.store.inject_outage(false);
  // The server committed, then the kiosk died before forgetting it: the same row goes again.
  const NewHelpRequest row = o.local->pending().at(0);
  EXPECT_EQ(o.help.deliver(row).kind, HelpDelivery::Kind::Written);
  const HelpDelivery again = o.help.deliver(row);
  EXPECT_EQ(again.kind, HelpDelivery::Kind::AlreadyThere);
  EXPECT_EQ(again.code, r.code);
  EXPECT_EQ(o.offline.send_pending(), 1);  // the restarted kiosk's reconnect step
  EXPECT_EQ(o.count("help_request"), 1);
  EXPECT_EQ(o.outbox().size(), 1u);
  EXPECT_EQ(o.help.lookup_code(r.code)->team, "Buurtverbinders");
  EXPECT_TRUE(o.local->pending().empty());
}

TEST(OutageHelp, TheServerGoneAtTheMomentOfAskingKeepsItAndDoesNotLoseIt) {
  Outage o;  // online, no reserve yet: the first start happened during an outage
  o.store.inject_outage(true);
  const HelpCreated r = o.ask("post", true);
  ASSERT_EQ(r.outcome, HelpOutcome::Created);
  EXPECT_TRUE(r.kept_on_kiosk);
  EXPECT_EQ(r.code.size(), 6u);  // a fresh code: the reserve was empty
  EXPECT_TRUE(normalise_reference_code(r.code));
  ASSERT_TRUE(o.server_back());
  const auto v = o.help.lookup_code(r.code);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->comes_back);
  EXPECT_TRUE(v->name.empty());  // "Ik kom zelf terug": nothing of them kept, here or there
}

TEST(OutageHelp, AFreshCodeTakenOnTheServerMeanwhileGetsANewCodeAndANote) {
  Outage o;
  o.store.inject_outage(true);
  const HelpCreated r = o.ask();
  ASSERT_TRUE(r.kept_on_kiosk);
  o.store.inject_outage(false);
  // Someone else got that code on the server during the outage.
  o.help.use_code_source([c = r.code, n = 0]() mutable { return n++ == 0 ? c : make_reference_code(); });
  o.help.create({"klusje", "any", "", true, "", ""});
  o.help.use_code_source(make_reference_code);
  ASSERT_EQ(o.help.lookup_code(r.code)->category, "klusje");

  ASSERT_TRUE(o.server_back());
  EXPECT_EQ(o.count("help_request"), 2);
  const auto v = o.help.lookup_token(r.token);  // the resident's QR link still finds it
  ASSERT_TRUE(v);
  EXPECT_NE(v->code, r.code);
  EXPECT_EQ(v->category, "boodschappen");
  EXPECT_NE(v->note.find(r.code), std::string::npos);  // the desk can match the ticket's code
  EXPECT_TRUE(o.local->pending().empty());
}

TEST(OutageReserve, TopUpKeepsTenCodesThatNormalRequestsNeverGet) {
  Outage o;
  o.offline.top_up_reserve();
  o.offline.top_up_reserve();  // full already: nothing more
  const auto reserve = o.local->reserved_codes();
  ASSERT_EQ(reserve.size(), 10u);
  EXPECT_EQ(std::set<std::string>(reserve.begin(), reserve.end()).size(), 10u);
  EXPECT_EQ(o.count("reserved_code"), 10);
  for (const auto& c : reserve)
    EXPECT_EQ(o.sql().scalar_int("SELECT count(*) FROM reserved_code WHERE code = '" + c + "'"), 1) << c;

  // The code source offers every reserved code first: a normal request skips them all.
  std::size_t next = 0;
  o.help.use_code_source([&] { return next < reserve.size() ? reserve[next++] : make_reference_code(); });
  const auto r = o.help.create({"boodschappen", "today", "", true, "", ""});
  ASSERT_EQ(r.outcome, HelpOutcome::Created);
  EXPECT_EQ(std::find(reserve.begin(), reserve.end(), r.code), reserve.end());
  EXPECT_EQ(next, reserve.size());

  // Two used during an outage, then the top-up after it brings the reserve back to ten.
  o.help.use_code_source(make_reference_code);
  o.store.inject_outage(true);
  o.ask();
  o.ask();
  EXPECT_EQ(o.local->reserved_codes().size(), 8u);
  ASSERT_TRUE(o.server_back());
  EXPECT_EQ(o.local->reserved_codes().size(), 10u);
  EXPECT_EQ(o.count("reserved_code"), 10);  // the two used ones were handed back when sent
  EXPECT_EQ(o.count("help_request"), 3);
}

TEST(OutageLocalFile, IsPrivateToTheKiosk) {
  Outage o;
  struct stat st {};
  ASSERT_EQ(::stat(o.local_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(o.local->reserved_codes().size(), 0u);
}
