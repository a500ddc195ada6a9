// buurtkioskctl account …, run as a process: the password from a pipe, the JSON shape, exit codes
// (0 done, 1 refused or unknown, 2 bad input) with one line, and nothing secret printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "services/account_service.hpp"
#include "test_support.hpp"

using bk::test::run_ctl;

namespace {

class AccountCli : public ::testing::Test {
 protected:
  std::string db = bk::test::temp_path("account_cli").string();
  std::string config = std::filesystem::path(db).replace_extension(".toml").string();
  std::string base = "--config " + config + " --db " + db + " ";

  void SetUp() override {
    std::ofstream(config) << "[[team]]\nname = \"WonenPlus\"\nkinds = [\"vervoer\"]\n\n"
                             "[[team]]\nname = \"Buurtteam\"\nkinds = [\"*\"]\n";
  }
  void TearDown() override {
    for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s);
    std::filesystem::remove(config);
  }
  static int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }
};

}  // namespace

TEST_F(AccountCli, AddReadsThePasswordFromAPipeAndListShowsNoSecret) {
  const auto staff = run_ctl(base + "--now 2027-03-01T09:00 account add Kees --role staff --email kees@oever.example",
                             "een lang wachtwoord\n");
  ASSERT_EQ(staff.code, 0) << staff.out;
  EXPECT_EQ(staff.out, "account Kees added (staff)\n");
  const auto partner = run_ctl(base + "--now 2027-03-01T09:30 account add 'Ans de Vries' --role partner --team WonenPlus",
                               "nog een wachtwoord");
  ASSERT_EQ(partner.code, 0) << partner.out;

  const auto list = run_ctl(base + "account list --json");
  ASSERT_EQ(list.code, 0) << list.out;
  EXPECT_EQ(list.out,
            "[\n  {\"name\": \"Ans de Vries\", \"role\": \"partner\", \"team\": \"WonenPlus\", \"email\": null, "
            "\"disabled\": false, \"created\": \"2027-03-01T09:30:00+01:00\", \"password_set\": \"2027-03-01T09:30:00+01:00\"},\n"
            "  {\"name\": \"Kees\", \"role\": \"staff\", \"team\": null, \"email\": \"kees@oever.example\", "
            "\"disabled\": false, \"created\": \"2027-03-01T09:00:00+01:00\", \"password_set\": \"2027-03-01T09:00:00+01:00\"}\n]\n");
  const auto text = run_ctl(base + "account list");
  EXPECT_EQ(text.out, "Ans de Vries  partner  team WonenPlus\nKees  staff  kees@oever.example\n");
  for (const auto& out : {list.out, text.out}) {
    EXPECT_EQ(out.find("argon2"), std::string::npos);
    EXPECT_EQ(out.find("wachtwoord"), std::string::npos);
  }
  EXPECT_EQ(run_ctl(base + "account list --json", "").code, 0);

  const auto taken = run_ctl(base + "account add KEES --role volunteer", "een lang wachtwoord");
  EXPECT_EQ(taken.code, 1) << taken.out;
  EXPECT_EQ(taken.out, "buurtkioskctl: account add: name \"KEES\" is taken\n");
}

TEST_F(AccountCli, DisabledAccountCannotLogInUntilEnabled) {
  ASSERT_EQ(run_ctl(base + "account add Kees --role volunteer", "een lang wachtwoord").code, 0);
  const auto disabled = run_ctl(base + "account disable kees");
  ASSERT_EQ(disabled.code, 0) << disabled.out;
  EXPECT_EQ(disabled.out, "account kees disabled\n");
  EXPECT_NE(run_ctl(base + "account list").out.find("Kees  volunteer  (disabled)"), std::string::npos);
  {
    bk::test::ManualClock clock;
    bk::Store store(db);
    bk::AccountService accounts(store, clock);
    EXPECT_EQ(accounts.login("Kees", "een lang wachtwoord", "10.0.0.1").outcome, bk::LoginOutcome::Wrong);
  }
  ASSERT_EQ(run_ctl(base + "account enable Kees").code, 0);
  {
    bk::test::ManualClock clock;
    bk::Store store(db);
    bk::AccountService accounts(store, clock);
    EXPECT_EQ(accounts.login("Kees", "een lang wachtwoord", "10.0.0.2").outcome, bk::LoginOutcome::Opened);
  }
  const auto audit = run_ctl(base + "audit");
  EXPECT_NE(audit.out.find("cli (cli)  account.disable  account 1"), std::string::npos) << audit.out;

  const auto unknown = run_ctl(base + "account disable Nobody");
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.out, "buurtkioskctl: account disable: no account named \"Nobody\"\n");
}

TEST_F(AccountCli, ResetTakesANewPasswordFromStdin) {
  ASSERT_EQ(run_ctl(base + "account add Kees --role staff", "een lang wachtwoord").code, 0);
  const auto reset = run_ctl(base + "account reset Kees", "een nieuw wachtwoord");
  ASSERT_EQ(reset.code, 0) << reset.out;
  bk::test::ManualClock clock;
  bk::Store store(db);
  bk::AccountService accounts(store, clock);
  EXPECT_EQ(accounts.login("Kees", "een nieuw wachtwoord", "10.0.0.1").outcome, bk::LoginOutcome::Opened);
  EXPECT_EQ(run_ctl(base + "account reset Nobody", "een nieuw wachtwoord").code, 1);
  const auto shortpw = run_ctl(base + "account reset Kees", "kort");
  EXPECT_EQ(shortpw.code, 2);
  EXPECT_EQ(shortpw.out, "buurtkioskctl: account reset: password is shorter than 10 characters\n");
}

TEST_F(AccountCli, BadInputExitsTwoWithOneLine) {
  const auto team = run_ctl(base + "account add Ans --role partner --team MEE", "een lang wachtwoord");
  EXPECT_EQ(team.code, 2);
  EXPECT_EQ(team.out, "buurtkioskctl: account add: --team \"MEE\" is not a [[team]] in the config "
                      "(teams: WonenPlus, Buurtteam)\n");
  const auto no_team = run_ctl(base + "account add Ans --role partner", "een lang wachtwoord");
  EXPECT_EQ(no_team.code, 2);
  EXPECT_EQ(lines(no_team.out), 1) << no_team.out;
  EXPECT_EQ(no_team.out.rfind("buurtkioskctl: account add: a partner needs --team", 0), 0u) << no_team.out;

  const auto no_password = run_ctl(base + "account add Kees --role staff < /dev/null");
  EXPECT_EQ(no_password.code, 2);
  EXPECT_EQ(no_password.out, "buurtkioskctl: account add: no password on standard input\n");
  const auto short_password = run_ctl(base + "account add Kees --role staff", "kort");
  EXPECT_EQ(short_password.code, 2);
  EXPECT_EQ(lines(short_password.out), 1);
  const auto bad_role = run_ctl(base + "account add Kees --role admin", "een lang wachtwoord");
  EXPECT_EQ(bad_role.code, 2);
  EXPECT_EQ(run_ctl(base + "account list").out, "no accounts yet: buurtkioskctl account add NAME --role staff\n");
}
