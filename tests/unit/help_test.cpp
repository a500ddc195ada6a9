// Help requests: the status machine, what is (not) stored, codes, the CLI.
#include <gtest/gtest.h>

#include "services/help_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;

namespace {

struct Fixture {
  Database db{":memory:"};
  test::ManualClock clock;
  HelpService help{db, clock, "https://kiosk.test"};
  Fixture() { migrate(db); }
  HelpCreated ask(const std::string& name = "Ans", bool comes_back = false) {
    return help.create({"boodschappen", "this_week", "Melk en brood, graag", comes_back, name, "0612345678"});
  }
};

}  // namespace

TEST(HelpRequest, OpenClaimDoneWithTimestampsAndAudit) {
  Fixture f;
  const auto r = f.ask();
  ASSERT_EQ(r.outcome, HelpOutcome::Created);
  EXPECT_EQ(r.followup_url, "https://kiosk.test/h/" + r.token);
  EXPECT_EQ(f.help.lookup_code(r.code)->status, HelpStatus::Open);
  f.clock.t += 3600;
  EXPECT_EQ(f.help.claim(r.code, "Kees", "bel dinsdag", "volunteer"), HelpChange::Changed);
  auto v = f.help.lookup_code(r.code);
  EXPECT_EQ(v->status, HelpStatus::Claimed);
  EXPECT_EQ(v->claimed_by, "Kees");
  EXPECT_EQ(*v->claimed - v->created, 3600);
  f.clock.t += 7200;
  EXPECT_EQ(f.help.done(r.code, "volunteer"), HelpChange::Changed);
  v = f.help.lookup_code(r.code);
  EXPECT_EQ(v->status, HelpStatus::Done);
  EXPECT_EQ(*v->done - v->created, 10800);
  EXPECT_EQ(f.db.scalar_int("SELECT count(*) FROM audit WHERE subject = '" + r.code + "'"), 3);
}

TEST(HelpRequest, RefusedChanges) {
  Fixture f;
  const auto r = f.ask();
  EXPECT_EQ(f.help.claim(r.code, "Kees", "", "volunteer"), HelpChange::Changed);
  EXPECT_EQ(f.help.claim(r.code, "Fatma", "", "volunteer"), HelpChange::NotAllowed);  // already claimed
  EXPECT_EQ(f.help.done(r.code, "volunteer"), HelpChange::Changed);
  EXPECT_EQ(f.help.claim(r.code, "Fatma", "", "volunteer"), HelpChange::NotAllowed);  // done
  EXPECT_EQ(f.help.done(r.code, "volunteer"), HelpChange::NotAllowed);
  EXPECT_EQ(f.help.cancel(r.code, "volunteer"), HelpChange::NotAllowed);
  const auto c = f.ask();
  EXPECT_EQ(f.help.cancel(c.code, "resident"), HelpChange::Changed);
  EXPECT_EQ(f.help.claim(c.code, "Kees", "", "volunteer"), HelpChange::NotAllowed);
  EXPECT_EQ(f.help.add_note(c.code, "x", "volunteer"), HelpChange::NotAllowed);
  EXPECT_EQ(f.help.claim("ZZZZZZ", "Kees", "", "volunteer"), HelpChange::NotFound);
  EXPECT_EQ(f.help.claim(r.code, "", "", "volunteer"), HelpChange::NotAllowed);  // nameless claim
}

TEST(HelpRequest, DoneStraightFromOpenCountsAsClaimedThen) {
  Fixture f;
  const auto r = f.ask();
  f.clock.t += 600;
  EXPECT_EQ(f.help.done(r.code, "volunteer"), HelpChange::Changed);
  const auto v = f.help.lookup_code(r.code);
  EXPECT_EQ(v->claimed, v->done);
}

TEST(HelpRequest, ComingBackInPersonStoresNoContact) {
  Fixture f;
  const auto r = f.ask("Ans Geheim", true);
  ASSERT_EQ(r.outcome, HelpOutcome::Created);
  EXPECT_EQ(f.db.scalar_int("SELECT count(*) FROM help_request WHERE name IS NULL AND phone IS NULL"), 1);
  EXPECT_EQ(f.help.lookup_code(r.code)->name, "");
}

TEST(HelpRequest, BadInput) {
  Fixture f;
  auto try_input = [&](HelpRequestInput in) { return f.help.create(in).outcome; };
  EXPECT_EQ(try_input({"vliegen", "today", "", false, "Ans", ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(try_input({"klusje", "soon", "", false, "Ans", ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(try_input({"klusje", "today", "", false, "", ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(try_input({"klusje", "today", std::string(501, 'a'), false, "Ans", ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(try_input({"klusje", "today", "lamp \xF0\x9F\x92\xA1", false, "Ans", ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(try_input({"klusje", "today", "\xC3", false, "Ans", ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(try_input({"klusje", "today", "", false, std::string(500, 'x'), ""}), HelpOutcome::InvalidInput);
  EXPECT_EQ(f.db.scalar_int("SELECT count(*) FROM help_request"), 0);
  const auto ok = f.help.create({"klusje", "today", "Lamp'); DELETE FROM help_request;--", false, "Ans", ""});
  ASSERT_EQ(ok.outcome, HelpOutcome::Created);
  EXPECT_EQ(f.help.lookup_code(ok.code)->description, "Lamp'); DELETE FROM help_request;--");
}

TEST(HelpRequest, LookupByTokenAndListByStatus) {
  Fixture f;
  const auto a = f.ask(), b = f.ask();
  f.help.claim(b.code, "Kees", "", "volunteer");
  EXPECT_EQ(f.help.lookup_token(a.token)->code, a.code);
  EXPECT_FALSE(f.help.lookup_token("AAAAAAAAAAAAAAAAAAAAAAAA"));
  EXPECT_EQ(f.help.list(HelpStatus::Open).size(), 1u);
  EXPECT_EQ(f.help.list(HelpStatus::Claimed).size(), 1u);
  EXPECT_EQ(f.help.list().size(), 2u);
}

TEST(HelpCli, QueueCommandsAndLookup) {
  const auto path = test::temp_path("help_cli").string();
  const std::string base = "--db " + path + " ";
  const auto add = test::run_ctl(base + "help add --category klusje --timing today --name Ans --phone 0612345678 "
                                        "--description 'Lamp vervangen' --json");
  ASSERT_EQ(add.code, 0) << add.out;
  const std::string code = add.out.substr(add.out.find("\"code\": \"") + 9, 6);
  const auto list = test::run_ctl(base + "help list --status open --json");
  EXPECT_NE(list.out.find("\"name\": \"Ans\""), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\"category\": \"klusje\""), std::string::npos);
  const auto look = test::run_ctl(base + "lookup " + code + " --json");
  EXPECT_NE(look.out.find("\"kind\": \"help_request\""), std::string::npos) << look.out;
  EXPECT_EQ(look.out.find("Ans"), std::string::npos);  // lookup shows no personal data
  EXPECT_EQ(test::run_ctl(base + "help done " + code).code, 0);
  EXPECT_EQ(test::run_ctl(base + "help claim " + code + " --by Kees").code, 1);
  EXPECT_EQ(test::run_ctl(base + "help claim ZZZZZZ --by Kees").code, 1);
  EXPECT_EQ(test::run_ctl(base + "help list --status later").code, 2);
  EXPECT_EQ(test::run_ctl(base + "help add --category vliegen").code, 2);
}
