// People's own accounts (#19): what may be a name and a password, what the audit keeps, and how
// logging in answers: the same for a wrong password, a disabled account and an unknown name, and
// locked (without computing a hash) after 5 wrong passwords for a name or 20 from one address.
#include <gtest/gtest.h>

#include <string>

#include "services/account_service.hpp"
#include "store/account_store.hpp"
#include "store/audit.hpp"
#include "test_support.hpp"

using namespace bk;

namespace {

const std::string kGoodPassword = "correct horse battery";

class Accounts : public ::testing::Test {
 protected:
  test::ServiceGraph g;
  AccountService accounts{g.store, g.clock};

  AccountResult add(const std::string& name, AccountRole role = AccountRole::Volunteer,
                    const std::string& team = "", const std::string& email = "",
                    const std::string& password = kGoodPassword) {
    return accounts.add(AccountInput{name, role, team, email, password}, kCliActor);
  }
  LoginResult login(const std::string& name, const std::string& password, const std::string& client = "10.0.0.1") {
    return accounts.login(name, password, client);
  }
};

}  // namespace

TEST_F(Accounts, AddListDisableEnableReset) {
  ASSERT_TRUE(add("Kees", AccountRole::Staff, "", "kees@oever.example").ok());
  ASSERT_TRUE(add("Ans de Vries", AccountRole::Partner, "WonenPlus").ok());
  const auto all = accounts.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Ans de Vries");  // by name
  EXPECT_EQ(all[0].role, AccountRole::Partner);
  EXPECT_EQ(all[0].team, "WonenPlus");
  EXPECT_EQ(all[1].email, "kees@oever.example");
  EXPECT_EQ(all[1].created, g.clock.now());
  EXPECT_EQ(staff_emails(g.store), std::vector<std::string>{"kees@oever.example"});

  ASSERT_TRUE(accounts.disable("kees", "Beheerder").ok());  // case-insensitive
  EXPECT_TRUE(accounts.find_named("KEES")->disabled);
  EXPECT_TRUE(staff_emails(g.store).empty());
  EXPECT_TRUE(accounts.enable("Kees", kCliActor).ok());
  EXPECT_FALSE(accounts.find(all[1].id)->disabled);

  g.clock.t += 60;
  ASSERT_TRUE(accounts.reset("Kees", "a new password, long", kCliActor).ok());
  EXPECT_EQ(accounts.find_named("Kees")->password_set, g.clock.now());
  EXPECT_EQ(login("Kees", kGoodPassword).outcome, LoginOutcome::Wrong);
  EXPECT_EQ(login("Kees", "a new password, long").outcome, LoginOutcome::Opened);

  EXPECT_EQ(accounts.disable("Nobody", kCliActor).outcome, AccountOutcome::NotFound);
  EXPECT_EQ(accounts.enable("Nobody", kCliActor).outcome, AccountOutcome::NotFound);
  EXPECT_EQ(accounts.reset("Nobody", kGoodPassword, kCliActor).outcome, AccountOutcome::NotFound);
}

TEST_F(Accounts, EveryChangeIsAuditedWithItsActorAndNeverAPassword) {
  ASSERT_TRUE(add("Kees", AccountRole::Staff).ok());
  ASSERT_TRUE(accounts.disable("Kees", "Marieke").ok());
  ASSERT_TRUE(accounts.disable("Kees", "Marieke").ok());  // no change: no row
  ASSERT_TRUE(accounts.enable("Kees", "Marieke").ok());
  ASSERT_TRUE(accounts.reset("Kees", "another long password", kCliActor).ok());
  std::vector<std::string> rows;
  for (const auto& e : read_audit(g.store, 0)) {
    if (e.action.rfind("account.", 0) != 0) continue;
    rows.push_back(e.role + " " + e.actor + " " + e.action + " " + e.subject + " " + e.detail);
    EXPECT_EQ(e.detail.find("password"), std::string::npos);
    EXPECT_EQ(e.detail.find("argon2"), std::string::npos);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"cli cli account.add account 1 staff",
                                            "backoffice Marieke account.disable account 1 ",
                                            "backoffice Marieke account.enable account 1 ",
                                            "cli cli account.reset account 1 "}));
}

TEST_F(Accounts, PasswordsAreKeptOnlyAsArgon2idHashes) {
  ASSERT_TRUE(add("Kees").ok());
  auto st = g.sql().prepare("SELECT password_hash FROM account");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.text(0).rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(st.text(0).find(kGoodPassword), std::string::npos);
}

TEST_F(Accounts, ANameIsTakenWhateverItsCase) {
  ASSERT_TRUE(add("Kees").ok());
  const auto r = add("KEES");
  EXPECT_EQ(r.outcome, AccountOutcome::NameTaken);
  EXPECT_EQ(r.problem, "name \"KEES\" is taken");
  EXPECT_EQ(add("  kees ").outcome, AccountOutcome::NameTaken);  // trimmed first
  EXPECT_EQ(accounts.list().size(), 1u);
}

TEST_F(Accounts, BadNamesAreRefusedWithOneLine) {
  auto problem = [&](const std::string& name) {
    const auto r = add(name);
    EXPECT_EQ(r.outcome, AccountOutcome::InvalidInput) << name;
    return r.problem;
  };
  EXPECT_EQ(problem(""), "name is empty");
  EXPECT_EQ(problem("   "), "name is empty");
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "\xC3\xA9";  // é: counted in characters, not bytes
  EXPECT_EQ(problem(sixty + "e"), "name is longer than 60 characters");
  EXPECT_EQ(problem("Ans\xC3\x28"), "name is not valid UTF-8");
  EXPECT_EQ(problem("Ans\x01"), "name contains a control character");
  EXPECT_EQ(problem("Ans\tde Vries"), "name contains a control character");
  EXPECT_EQ(problem("Ans\xE2\x80\xAE" "seirV"), "name contains a control character");  // U+202E
  EXPECT_EQ(problem("CLI"), "name \"cli\" is kept for buurtkioskctl in the audit");
  EXPECT_TRUE(accounts.list().empty());
  EXPECT_TRUE(add(sixty).ok());
  EXPECT_TRUE(add("  Ans   de Vries ").ok());
  EXPECT_TRUE(accounts.find_named("Ans de Vries"));  // stored as cleaned
}

TEST_F(Accounts, PasswordsHaveTenToTwoHundredCharacters) {
  EXPECT_EQ(add("Kees", AccountRole::Staff, "", "", "123456789").problem, "password is shorter than 10 characters");
  EXPECT_EQ(add("Kees", AccountRole::Staff, "", "", std::string(201, 'x')).problem,
            "password is longer than 200 characters");
  EXPECT_EQ(add("Kees", AccountRole::Staff, "", "", "long enough\xFF").problem, "password is not valid UTF-8");
  EXPECT_TRUE(accounts.list().empty());
  EXPECT_TRUE(add("Kees", AccountRole::Staff, "", "", "1234567890").ok());
  EXPECT_EQ(accounts.reset("Kees", "short", kCliActor).outcome, AccountOutcome::InvalidInput);
}

TEST_F(Accounts, PartnerNeedsATeamAndAddressesMustBePlausible) {
  EXPECT_EQ(add("WonenPlus planning", AccountRole::Partner).problem, "a partner account needs a team");
  EXPECT_EQ(add("Kees", AccountRole::Staff, "", "kees at oever").outcome, AccountOutcome::InvalidInput);
  EXPECT_EQ(add("Kees", AccountRole::Staff, "", "kees@oever.example\r\nBcc: x@evil.example").outcome,
            AccountOutcome::InvalidInput);
  EXPECT_EQ(add("Kees", AccountRole::Staff, "Team\x07").outcome, AccountOutcome::InvalidInput);
  EXPECT_TRUE(accounts.list().empty());
}

TEST_F(Accounts, WrongDisabledAndUnknownGetTheSameAnswerForTheSameWork) {
  ASSERT_TRUE(add("Kees").ok());
  ASSERT_TRUE(add("Ans").ok());
  ASSERT_TRUE(accounts.disable("Ans", kCliActor).ok());

  const auto ok = login("kees", kGoodPassword);
  ASSERT_EQ(ok.outcome, LoginOutcome::Opened);
  ASSERT_TRUE(ok.account);
  EXPECT_EQ(ok.account->name, "Kees");
  EXPECT_EQ(accounts.hashes_checked(), 1);

  for (const auto& [name, pw] : {std::pair<std::string, std::string>{"Kees", "wrong password!"},
                                 {"Ans", kGoodPassword},  // disabled: even the right password
                                 {"Nobody", kGoodPassword},
                                 {"", kGoodPassword},
                                 {"Kees\xFF", kGoodPassword}}) {
    const long before = accounts.hashes_checked();
    const auto r = login(name, pw);
    EXPECT_EQ(r.outcome, LoginOutcome::Wrong) << name;
    EXPECT_FALSE(r.account) << name;
    EXPECT_EQ(accounts.hashes_checked(), before + 1) << name;  // one argon2id check, real or dummy
  }
}

TEST_F(Accounts, FiveWrongPasswordsLockTheAccountWithoutComputingHashes) {
  ASSERT_TRUE(add("Kees").ok());
  for (int i = 1; i < kLoginFailuresPerAccount; ++i) EXPECT_EQ(login("Kees", "wrong password!").outcome, LoginOutcome::Wrong);
  const auto locked = login("Kees", "wrong password!");
  EXPECT_EQ(locked.outcome, LoginOutcome::Locked);
  EXPECT_EQ(locked.locked_until, g.clock.now() + kLoginFirstLockSeconds);

  const long before = accounts.hashes_checked();
  g.clock.t += kLoginFirstLockSeconds - 1;
  EXPECT_EQ(login("Kees", kGoodPassword, "10.9.9.9").outcome, LoginOutcome::Locked);  // any address
  EXPECT_EQ(login("kees", "wrong password!").outcome, LoginOutcome::Locked);
  EXPECT_EQ(accounts.hashes_checked(), before);  // no hash while locked

  g.clock.t += 1;
  EXPECT_EQ(login("Kees", kGoodPassword).outcome, LoginOutcome::Opened);
}

TEST_F(Accounts, RepeatedLocksDoubleAndASuccessStartsAfresh) {
  ASSERT_TRUE(add("Kees").ok());
  auto five_wrong = [&] {
    LoginResult r;
    for (int i = 0; i < kLoginFailuresPerAccount; ++i) r = login("Kees", "wrong password!", "10.0.0." + std::to_string(i));
    return r;
  };
  EXPECT_EQ(five_wrong().locked_until, g.clock.now() + kLoginFirstLockSeconds);
  g.clock.t += kLoginFirstLockSeconds;
  EXPECT_EQ(five_wrong().locked_until, g.clock.now() + 2 * kLoginFirstLockSeconds);
  g.clock.t += 2 * kLoginFirstLockSeconds;
  EXPECT_EQ(five_wrong().locked_until, g.clock.now() + 4 * kLoginFirstLockSeconds);
  g.clock.t += 4 * kLoginFirstLockSeconds;

  // Four wrong, then the right one: the account's count is cleared, so four more do not lock it,
  // and the next lock is a first one again.
  for (int i = 1; i < kLoginFailuresPerAccount; ++i) login("Kees", "wrong password!", "10.0.1.1");
  ASSERT_EQ(login("Kees", kGoodPassword, "10.0.1.1").outcome, LoginOutcome::Opened);
  for (int i = 1; i < kLoginFailuresPerAccount; ++i) EXPECT_EQ(login("Kees", "wrong password!", "10.0.1.2").outcome, LoginOutcome::Wrong);
  EXPECT_EQ(login("Kees", "wrong password!", "10.0.1.2").locked_until, g.clock.now() + kLoginFirstLockSeconds);
}

TEST_F(Accounts, AnUnknownNameLocksLikeARealOne) {
  for (int i = 1; i < kLoginFailuresPerAccount; ++i) EXPECT_EQ(login("Nobody", "wrong password!").outcome, LoginOutcome::Wrong);
  EXPECT_EQ(login("NOBODY", "wrong password!").outcome, LoginOutcome::Locked);
  // Kept as a hash: what people type into the name field (sometimes a password) is not stored.
  auto st = g.sql().prepare("SELECT count(*) FROM login_failure WHERE scope LIKE '%obody%'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 0);
}

TEST_F(Accounts, TwentyWrongFromOneAddressLockItForEveryName) {
  ASSERT_TRUE(add("Kees").ok());
  for (int i = 1; i < kLoginFailuresPerAddress; ++i)
    EXPECT_EQ(login("guess" + std::to_string(i), "wrong password!", "192.0.2.7").outcome, LoginOutcome::Wrong) << i;
  const auto locked = login("guess20", "wrong password!", "192.0.2.7");
  EXPECT_EQ(locked.outcome, LoginOutcome::Locked);
  EXPECT_EQ(locked.locked_until, g.clock.now() + kLoginFirstLockSeconds);

  const long before = accounts.hashes_checked();
  EXPECT_EQ(login("Kees", kGoodPassword, "192.0.2.7").outcome, LoginOutcome::Locked);
  EXPECT_EQ(accounts.hashes_checked(), before);
  EXPECT_EQ(login("Kees", kGoodPassword, "192.0.2.8").outcome, LoginOutcome::Opened);  // another address
  g.clock.t += kLoginFirstLockSeconds;
  EXPECT_EQ(login("Kees", kGoodPassword, "192.0.2.7").outcome, LoginOutcome::Opened);
  // (An address's locks double as an account's do: the same count_failure, tested above.)
}

TEST_F(Accounts, ADayWithoutFailuresStartsTheCountAfresh) {
  ASSERT_TRUE(add("Kees").ok());
  for (int i = 1; i < kLoginFailuresPerAccount; ++i) login("Kees", "wrong password!");
  g.clock.t += 24 * 3600 + 1;
  EXPECT_EQ(login("Kees", "wrong password!").outcome, LoginOutcome::Wrong);
}

TEST_F(Accounts, ALockSurvivesANewServiceAndAResetLiftsIt) {
  ASSERT_TRUE(add("Kees").ok());
  for (int i = 0; i < kLoginFailuresPerAccount; ++i) login("Kees", "wrong password!", "10.0.0." + std::to_string(i));

  AccountService restarted(g.store, g.clock);  // as after a restart: the lock is in the database
  EXPECT_EQ(restarted.login("Kees", kGoodPassword, "10.1.1.1").outcome, LoginOutcome::Locked);
  EXPECT_EQ(restarted.hashes_checked(), 0);

  ASSERT_TRUE(restarted.reset("Kees", "a fresh long password", "Marieke").ok());
  EXPECT_EQ(restarted.login("Kees", "a fresh long password", "10.1.1.1").outcome, LoginOutcome::Opened);
}
