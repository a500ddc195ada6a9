// buurtkioskctl help … and lookup for help requests, run as a process: the JSON shapes, the exit
// codes (0 done, 1 unknown code or refused, 2 bad input) and their one-line reasons.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "test_support.hpp"

using bk::test::run_ctl;

namespace {

class HelpCli : public ::testing::Test {
 protected:
  std::string db = bk::test::temp_path("help_cli").string();
  std::string base = "--db " + db + " ";
  void TearDown() override {
    for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s);
  }

  // `help add … --json` at a given local time; returns the code.
  std::string add(const std::string& now, const std::string& args) {
    const auto r = run_ctl(base + "--now " + now + " help add " + args + " --json");
    EXPECT_EQ(r.code, 0) << r.out;
    const auto at = r.out.find("\"code\": \"");
    EXPECT_NE(at, std::string::npos) << r.out;
    if (at == std::string::npos) return "";
    EXPECT_NE(r.out.find("\"followup_url\": \"http"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("/h/"), std::string::npos) << r.out;
    return r.out.substr(at + 9, 6);
  }
  bool says(const bk::test::CmdResult& r, const std::string& words) {
    return r.out.find(words) != std::string::npos;
  }
};

}  // namespace

TEST_F(HelpCli, ListJsonHasTheDocumentedShapeWithLocalTimesAcrossTheClockChange) {
  // Summer time starts in Amsterdam on 2027-03-28: offsets +01:00 before, +02:00 after.
  const std::string a = add("2027-03-27T23:30",
                            "--category klusje --timing today --name 'Ans de Vries' --phone 0612345678 "
                            "--description 'Lamp \"gang\" vervangen'");
  const std::string b = add("2027-03-28T09:00", "--category post --comes-back --name Geheim --phone 0611111111");
  ASSERT_EQ(a.size(), 6u);
  ASSERT_EQ(b.size(), 6u);
  ASSERT_EQ(run_ctl(base + "--now 2027-03-29T10:15 help claim " + a + " --by Kees --note 'Bel eerst'").code, 0);
  ASSERT_EQ(run_ctl(base + "--now 2027-03-29T16:00 help done " + a).code, 0);

  const auto list = run_ctl(base + "help list --json");
  ASSERT_EQ(list.code, 0) << list.out;
  EXPECT_EQ(list.out,
            "[\n  {\"code\": \"" + a + "\", \"category\": \"klusje\", \"timing\": \"today\", \"status\": \"done\", "
            "\"created\": \"2027-03-27T23:30:00+01:00\", \"claimed\": \"2027-03-29T10:15:00+02:00\", "
            "\"done\": \"2027-03-29T16:00:00+02:00\", \"cancelled\": null, "
            "\"description\": \"Lamp \\\"gang\\\" vervangen\", \"name\": \"Ans de Vries\", \"phone\": \"0612345678\", "
            "\"comes_back\": false, \"claimed_by\": \"Kees\", \"note\": \"Bel eerst\"},\n"
            "  {\"code\": \"" + b + "\", \"category\": \"post\", \"timing\": \"any\", \"status\": \"open\", "
            "\"created\": \"2027-03-28T09:00:00+02:00\", \"claimed\": null, \"done\": null, \"cancelled\": null, "
            "\"description\": null, \"name\": null, \"phone\": null, \"comes_back\": true, "
            "\"claimed_by\": null, \"note\": null}\n]\n");

  const auto open = run_ctl(base + "help list --status open --json");
  EXPECT_EQ(open.code, 0);
  EXPECT_NE(open.out.find(b), std::string::npos);
  EXPECT_EQ(open.out.find(a), std::string::npos);
  EXPECT_EQ(run_ctl(base + "help list --status cancelled --json").out, "[]\n");

  const auto text = run_ctl(base + "help list");
  EXPECT_TRUE(says(text, "Ans de Vries · 0612345678")) << text.out;
  EXPECT_TRUE(says(text, "comes back in person")) << text.out;
  EXPECT_FALSE(says(text, "Geheim")) << text.out;
}

TEST_F(HelpCli, LookupFindsHelpRequestsWithoutPersonalData) {
  const std::string a = add("2027-03-01T09:00", "--category vervoer --timing this_week --name 'Ans de Vries' "
                                                "--phone 0612345678 --description 'Naar de huisarts'");
  ASSERT_EQ(run_ctl(base + "--now 2027-03-01T10:00 help claim " + a + " --by Kees --note 'Auto van Kees'").code, 0);
  std::string lower = a;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto look = run_ctl(base + "lookup " + lower + " --json");
  ASSERT_EQ(look.code, 0) << look.out;
  EXPECT_EQ(look.out, "{\"kind\": \"help_request\", \"code\": \"" + a + "\", \"status\": \"claimed\", "
                      "\"category\": \"vervoer\", \"timing\": \"this_week\", "
                      "\"created\": \"2027-03-01T09:00:00+01:00\", \"claimed\": \"2027-03-01T10:00:00+01:00\", "
                      "\"done\": null, \"cancelled\": null}\n");
  const auto plain = run_ctl(base + "lookup " + a);
  EXPECT_EQ(plain.code, 0);
  for (const auto& r : {look, plain})
    for (const char* secret : {"Ans", "0612345678", "huisarts", "Kees", "Auto"})
      EXPECT_FALSE(says(r, secret)) << secret << " in " << r.out;
  const auto missing = run_ctl(base + "lookup ZZZZZZ --json");
  EXPECT_EQ(missing.code, 1);
  EXPECT_TRUE(says(missing, "no registration or help request with code ZZZZZZ")) << missing.out;
  EXPECT_EQ(run_ctl(base + "lookup 'K7!'").code, 2);
}

TEST_F(HelpCli, ExitCodesAndOneLineReasons) {
  const std::string a = add("2027-03-01T09:00", "--category klusje --timing today --name Ans");
  const std::string b = add("2027-03-01T09:05", "--category gezelschap --name Piet");

  // 2: bad input, with what was wrong.
  auto r = run_ctl(base + "help claim " + a + " --by ''");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(says(r, "volunteer's name is empty")) << r.out;
  EXPECT_EQ(run_ctl(base + "help claim " + a).code, 2);  // --by is required
  r = run_ctl(base + "help claim 'K7!' --by Kees");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(says(r, "is not a reference code")) << r.out;
  EXPECT_EQ(run_ctl(base + "help note " + a + " ''").code, 2);
  EXPECT_EQ(run_ctl(base + "help list --status later").code, 2);
  r = run_ctl(base + "help add --category vliegen --name Ans");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(says(r, "category \"vliegen\" is not one of")) << r.out;
  r = run_ctl(base + "help add --category klusje");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(says(r, "name is empty")) << r.out;
  EXPECT_EQ(run_ctl(base + "help add --category klusje --name \"$(printf 'Ans \\360\\237\\230\\200')\"").code, 2);
  EXPECT_EQ(run_ctl(base + "help add --category klusje --name Ans --description " + std::string(501, 'a')).code, 2);
  EXPECT_EQ(run_ctl(base + "help add --category klusje --name Ans --timing soon").code, 2);
  EXPECT_EQ(run_ctl(base + "help list --json").out.find("vliegen"), std::string::npos);
  const auto count = run_ctl(base + "help list --json");
  EXPECT_EQ(std::count(count.out.begin(), count.out.end(), '{'), 2) << count.out;  // nothing half-added

  // 1: unknown code.
  for (const char* cmd : {"help claim ZZZZZZ --by Kees", "help done ZZZZZZ", "help cancel ZZZZZZ",
                          "help note ZZZZZZ 'bel'"}) {
    r = run_ctl(base + cmd);
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_TRUE(says(r, "no help request with code ZZZZZZ")) << r.out;
  }

  // 0 and 1: the status machine.
  r = run_ctl(base + "help claim " + a + " --by Kees");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "claimed " + a + " by Kees\n");
  r = run_ctl(base + "help claim " + a + " --by Fatma");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "buurtkioskctl: help request " + a + " is already claimed by Kees\n");
  EXPECT_EQ(run_ctl(base + "help claim " + a + " --by Kees").code, 0);  // the same volunteer again
  EXPECT_EQ(run_ctl(base + "help note " + a + " 'Komt donderdag' --by Kees").code, 0);
  EXPECT_EQ(run_ctl(base + "help done " + a + " --by Kees").code, 0);
  r = run_ctl(base + "help claim " + a + " --by Fatma");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "buurtkioskctl: help request " + a + " is already done\n");
  r = run_ctl(base + "help done " + a);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(says(r, "already done")) << r.out;
  EXPECT_EQ(run_ctl(base + "help cancel " + a).code, 1);

  // The top-level cancel works for help requests too.
  r = run_ctl(base + "cancel " + b);
  EXPECT_EQ(r.code, 0) << r.out;
  r = run_ctl(base + "cancel " + b);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(says(r, "was already cancelled")) << r.out;
  EXPECT_EQ(run_ctl(base + "help claim " + b + " --by Kees").code, 1);

  // Every change left one audit row, without the residents' names.
  const auto audit = run_ctl(base + "audit");
  EXPECT_EQ(audit.code, 0) << audit.out;
  EXPECT_TRUE(says(audit, "help.claim")) << audit.out;
  EXPECT_FALSE(says(audit, "Ans")) << audit.out;
  EXPECT_FALSE(says(audit, "Piet")) << audit.out;
}
