#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

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
    Store db(path);
    db.migrate();
    ManualClock clock;
    VolunteerAuth auth(db, clock);
    ASSERT_EQ(auth.set_pin(Role::Staff, "731946"), SetPinOutcome::Stored);
    ASSERT_EQ(auth.set_pin(Role::Volunteer, "258036"), SetPinOutcome::Stored);
    auto st = db.engine().prepare("SELECT value FROM setting WHERE key = 'pin.staff'");
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
  Store db(":memory:");
  db.migrate();
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
  Store db(":memory:");
  db.migrate();
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  EXPECT_EQ(auth.set_pin(Role::Staff, "12a4"), SetPinOutcome::InvalidPin);
  EXPECT_EQ(auth.set_pin(Role::Staff, "123"), SetPinOutcome::InvalidPin);
  EXPECT_EQ(auth.set_pin(Role::Staff, "123456789"), SetPinOutcome::InvalidPin);
  EXPECT_EQ(auth.set_pin(Role::Staff, "4321"), SetPinOutcome::Stored);
  EXPECT_EQ(auth.set_pin(Role::Volunteer, "4321"), SetPinOutcome::SameAsOtherRole);
}

TEST(VolunteerAuth, FiveWrongPinsLockAndTheRightPinDoesNotOpenDuringTheLock) {
  Store db(":memory:");
  db.migrate();
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

namespace {
double seconds_for(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

// A locked pad must not tell which PIN is staff's by how long it takes to say "locked": no hash is
// computed, so the staff PIN, a volunteer PIN and a wrong PIN all answer at once.
TEST(VolunteerAuth, ALockedPadComputesNoHashAndAnswersAsFastForEveryPin) {
  Store db(":memory:");
  db.migrate();
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  ASSERT_EQ(auth.set_pin(Role::Staff, "731946"), SetPinOutcome::Stored);
  ASSERT_EQ(auth.set_pin(Role::Volunteer, "258036"), SetPinOutcome::Stored);
  // One open check costs the argon2id hashes: the yardstick for "far less than one hash".
  const double open_check = seconds_for([&] { EXPECT_EQ(auth.check_pin("0000").check, PinCheck::Wrong); });
  for (int i = 1; i < kPinAttemptsBeforeLock; ++i) ASSERT_NE(auth.check_pin("0000").check, PinCheck::Opened);
  ASSERT_GT(auth.locked_seconds_left(), 0);
  const long hashes_before = auth.hashes_checked();
  for (int round = 0; round < 3; ++round) {
    std::vector<double> times;
    for (const char* pin : {"731946", "258036", "111111"}) {
      PinResult r;
      times.push_back(seconds_for([&] { r = auth.check_pin(pin); }));
      EXPECT_EQ(r.check, PinCheck::Locked) << pin;
      EXPECT_FALSE(r.role) << pin;
    }
    for (double t : times) EXPECT_LT(t, open_check / 4) << "a locked answer took " << t << " s; one open check " << open_check << " s";
    const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
    EXPECT_LT(*hi - *lo, open_check / 4);
  }
  EXPECT_EQ(auth.hashes_checked(), hashes_before) << "no argon2id while locked";
  EXPECT_EQ(auth.locked_seconds_left(), 300) << "attempts during a lock are not counted";
}

// When open, every stored hash is checked whichever PIN was typed: the time does not depend on
// whether the staff hash (checked first) matched.
TEST(VolunteerAuth, EveryHashIsCheckedWhicheverPinMatches) {
  Store db(":memory:");
  db.migrate();
  ManualClock clock;
  VolunteerAuth auth(db, clock);
  ASSERT_EQ(auth.set_pin(Role::Staff, "731946"), SetPinOutcome::Stored);
  ASSERT_EQ(auth.set_pin(Role::Volunteer, "258036"), SetPinOutcome::Stored);
  for (const char* pin : {"731946", "258036", "111111"}) {
    const long before = auth.hashes_checked();
    auth.check_pin(pin);
    EXPECT_EQ(auth.hashes_checked() - before, 2) << pin;
  }
}

TEST(VolunteerAuth, RepeatedLocksDouble) {
  Store db(":memory:");
  db.migrate();
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
    Store db(path);
    db.migrate();
    VolunteerAuth auth(db, clock);
    auth.set_pin(Role::Staff, "8642");
    for (int i = 0; i < kPinAttemptsBeforeLock; ++i) auth.check_pin("1111");
  }
  Store db(path);  // the program started again
  db.migrate();
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
  Store db(path);
  ManualClock clock;
  EXPECT_EQ(VolunteerAuth(db, clock).check_pin("97531").role, Role::Staff);

  const std::string bad = std::string("echo 12 | ") + BUURTKIOSKCTL + " --db " + path.string() +
                          " set-pin --role staff >/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(system(bad.c_str())), 2);
}

namespace {

// buurtkioskctl set-pin on a pseudo-terminal, as staff type it at a shell. `then` runs once the
// prompt is there (type the PIN, or send a signal); returns everything the terminal showed.
struct PtyRun {
  std::string screen;
  int status = -1;
  bool echo_after = false;  // the terminal's ECHO flag once the program has ended
};
PtyRun set_pin_on_a_terminal(const std::filesystem::path& db, const std::function<void(int, pid_t)>& then) {
  PtyRun out;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    execl(BUURTKIOSKCTL, BUURTKIOSKCTL, "--db", db.c_str(), "set-pin", "--role", "staff", (char*)nullptr);
    _exit(127);
  }
  auto read_some = [&](int ms) {
    pollfd p{master, POLLIN, 0};
    while (poll(&p, 1, ms) > 0) {
      char buf[512];
      const ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) return false;
      out.screen.append(buf, static_cast<size_t>(n));
      if (out.screen.find("PIN for staff: ") != std::string::npos) return true;
    }
    return true;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (out.screen.find("PIN for staff: ") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    if (!read_some(100)) break;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the prompt is written before echo goes off
  then(master, pid);
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) break;
    char buf[512];
    const ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has gone
    out.screen.append(buf, static_cast<size_t>(n));
  }
  waitpid(pid, &out.status, 0);
  struct termios t {};
  if (tcgetattr(master, &t) == 0) out.echo_after = (t.c_lflag & ECHO) != 0;
  close(master);
  return out;
}

}  // namespace

TEST(VolunteerAuth, SetPinOnATerminalNeverShowsTheDigits) {
  const auto path = temp_db("pty");
  const auto run = set_pin_on_a_terminal(path, [](int master, pid_t) {
    ASSERT_EQ(write(master, "482915\n", 7), 7);
  });
  ASSERT_TRUE(WIFEXITED(run.status)) << run.screen;
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << run.screen;
  EXPECT_NE(run.screen.find("New PIN for staff: "), std::string::npos) << run.screen;
  EXPECT_NE(run.screen.find("stored"), std::string::npos) << run.screen;
  EXPECT_EQ(run.screen.find("482915"), std::string::npos) << "the PIN was echoed: " << run.screen;
  EXPECT_TRUE(run.echo_after) << "echo is back on afterwards";
  Store db(path);
  ManualClock clock;
  EXPECT_EQ(VolunteerAuth(db, clock).check_pin("482915").role, Role::Staff);
}

TEST(VolunteerAuth, SetPinInterruptedAtTheTerminalTurnsEchoBackOn) {
  const auto path = temp_db("pty_int");
  const auto run = set_pin_on_a_terminal(path, [](int, pid_t pid) { kill(pid, SIGINT); });
  ASSERT_TRUE(WIFSIGNALED(run.status)) << run.screen;
  EXPECT_EQ(WTERMSIG(run.status), SIGINT);
  EXPECT_TRUE(run.echo_after) << "Ctrl-C left the terminal without echo";
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
