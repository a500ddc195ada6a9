#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "services/volunteer_auth.hpp"
#include "store/migrations.hpp"

using namespace bk;

namespace {

class ManualClock final : public Clock {
 public:
  UtcSeconds t = 1'800'000'000;
  UtcSeconds now() const override { return t; }
};

std::filesystem::path temp_db(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("bk_auth_" + name + "_" + std::to_string(::getpid()) + ".db");
  for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + s);
  return p;
}

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(VolunteerAuth, PinsAreStoredOnlyAsArgon2idHashes) {
  const auto path = temp_db("hash");
  {
    Database db(path);
    migrate(db);
    ManualClock clock;
    VolunteerAuth auth(db, clock);
    ASSERT_EQ(auth.set_pin(Role::Staff, "731946"), SetPinOutcome::Stored);
    ASSERT_EQ(auth.set_pin(Role::Volunteer, "258036"), SetPinOutcome::Stored);
    auto st = db.prepare("SELECT value FROM setting WHERE key = 'pin.staff'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0).rfind("$argon2id$", 0), 0u);
  }
  for (auto suffix : {"", "-wal", "-shm"}) {
    const auto bytes = file_bytes(path.string() + suffix);
    EXPECT_EQ(bytes.find("731946"), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find("258036"), std::string::npos) << suffix;
  }
}

TEST(VolunteerAuth, RolesOpenWithTheirOwnPin) {
  Database db(":memory:");
  migrate(db);
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  EXPECT_EQ(auth.check_pin("1234").check, PinCheck::NoPinSet);
  auth.set_pin(Role::Staff, "9999");
  auth.set_pin(Role::Volunteer, "1234");
  auto v = auth.check_pin("1234");
  ASSERT_EQ(v.check, PinCheck::Opened);
  EXPECT_EQ(v.role, Role::Volunteer);
  auto s = auth.check_pin("9999");
  ASSERT_EQ(s.check, PinCheck::Opened);
  EXPECT_EQ(s.role, Role::Staff);
}

TEST(VolunteerAuth, RefusesBadPinsAndSharedPins) {
  Database db(":memory:");
  migrate(db);
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  EXPECT_EQ(auth.set_pin(Role::Staff, "12a4"), SetPinOutcome::InvalidPin);
  EXPECT_EQ(auth.set_pin(Role::Staff, "123"), SetPinOutcome::InvalidPin);
  EXPECT_EQ(auth.set_pin(Role::Staff, "123456789"), SetPinOutcome::InvalidPin);
  EXPECT_EQ(auth.set_pin(Role::Staff, "4321"), SetPinOutcome::Stored);
  EXPECT_EQ(auth.set_pin(Role::Volunteer, "4321"), SetPinOutcome::SameAsOtherRole);
}

TEST(VolunteerAuth, FiveWrongPinsLockAndTheRightPinDoesNotOpenDuringTheLock) {
  Database db(":memory:");
  migrate(db);
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  auth.set_pin(Role::Volunteer, "2468");
  for (int i = 1; i < kPinAttemptsBeforeLock; ++i) {
    auto r = auth.check_pin("0000");
    ASSERT_EQ(r.check, PinCheck::Wrong);
    EXPECT_EQ(r.attempts_left, kPinAttemptsBeforeLock - i);
  }
  auto locked = auth.check_pin("0000");
  ASSERT_EQ(locked.check, PinCheck::Locked);
  EXPECT_EQ(locked.locked_until, clock.t + 300);
  EXPECT_EQ(auth.check_pin("2468").check, PinCheck::Locked);
  clock.t += 299;
  EXPECT_EQ(auth.check_pin("2468").check, PinCheck::Locked);
  EXPECT_EQ(auth.locked_seconds_left(), 1);
  clock.t += 1;
  EXPECT_EQ(auth.check_pin("2468").check, PinCheck::Opened);
}

TEST(VolunteerAuth, RepeatedLocksDouble) {
  Database db(":memory:");
  migrate(db);
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  auth.set_pin(Role::Volunteer, "2468");
  for (int lock = 0; lock < 3; ++lock) {
    PinResult r;
    for (int i = 0; i < kPinAttemptsBeforeLock; ++i) r = auth.check_pin("1111");
    ASSERT_EQ(r.check, PinCheck::Locked);
    EXPECT_EQ(r.locked_until - clock.t, 300 << lock);
    clock.t = r.locked_until;
  }
}

TEST(VolunteerAuth, LockSurvivesARestart) {
  const auto path = temp_db("restart");
  ManualClock clock;
  {
    Database db(path);
    migrate(db);
    VolunteerAuth auth(db, clock);
    auth.set_pin(Role::Staff, "8642");
    for (int i = 0; i < kPinAttemptsBeforeLock; ++i) auth.check_pin("1111");
  }
  Database db(path);  // the program started again
  migrate(db);
  VolunteerAuth auth(db, clock);
  EXPECT_GT(auth.locked_seconds_left(), 0);
  EXPECT_EQ(auth.check_pin("8642").check, PinCheck::Locked);
}

TEST(VolunteerAuth, SetPinCliReadsStdinAndNeverEchoesIt) {
  const auto path = temp_db("cli");
  const std::string cmd = std::string("echo 97531 | ") + BUURTKIOSKCTL + " --db " + path.string() +
                          " set-pin --role staff 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (fgets(buf, sizeof buf, p)) out += buf;
  EXPECT_EQ(pclose(p), 0) << out;
  EXPECT_EQ(out.find("97531"), std::string::npos);
  Database db(path);
  ManualClock clock;
  EXPECT_EQ(VolunteerAuth(db, clock).check_pin("97531").role, Role::Staff);

  const std::string bad = std::string("echo 12 | ") + BUURTKIOSKCTL + " --db " + path.string() +
                          " set-pin --role staff >/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(system(bad.c_str())), 2);
}

TEST(VolunteerAuth, OnlyStaffClosesTheProgramOrChangesSettings) {
  EXPECT_TRUE(may(Role::Volunteer, Permission::EditAgenda));
  EXPECT_TRUE(may(Role::Volunteer, Permission::HandleHelp));
  EXPECT_FALSE(may(Role::Volunteer, Permission::CloseProgram));
  EXPECT_FALSE(may(Role::Volunteer, Permission::ChangeSettings));
  EXPECT_TRUE(may(Role::Staff, Permission::CloseProgram));
  EXPECT_TRUE(may(Role::Staff, Permission::ChangeSettings));
  EXPECT_TRUE(may(Role::Staff, Permission::EditAgenda));
}
