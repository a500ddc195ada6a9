// kill -9 at any moment loses nothing acknowledged and leaves a sound database.
//
// Writer processes register in a loop and print each reference code only after register_for()
// returned (its transaction committed), exactly as the kiosk acknowledges on screen only after the
// commit. They are killed with SIGKILL at random moments — between, during and inside commits —
// round after round. Afterwards every printed code must be in the database, and the database must
// pass integrity_check. The kill moments vary from run to run; the property holds for all of them.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "services/agenda_service.hpp"
#include "services/registration_service.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;
namespace fs = std::filesystem;

namespace {

[[noreturn]] void writer(const fs::path& file, OccurrenceId occurrence, int out_fd, int id) {
  try {
    Store db(file);
    ManualClock clock;
    clock.t = 1'800'000'000;
    RegistrationService regs(db, clock, "https://kiosk.test");
    std::mt19937 rng(static_cast<unsigned>(id));
    std::uniform_int_distribution<int> pause(0, 2000);  // microseconds
    for (int i = 0;; ++i) {
      RegistrationRequest r;
      r.occurrence_id = occurrence;
      r.name = "Schrijver " + std::to_string(id);
      r.people = 1 + i % 3;
      r.channel = "desk";
      try {
        const RegisterResult res = regs.register_for(r);
        if (res.outcome != RegisterOutcome::Registered && res.outcome != RegisterOutcome::Waitlisted) _exit(3);
        // Acknowledged: committed, so now it may be shown.
        const std::string line = res.code + "\n";
        if (write(out_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
      } catch (const DbError& e) {
        if (!e.busy()) _exit(5);
      }
      // A short random pause, as between residents: without it two writers flat out starve SQLite's
      // checkpoints and the WAL grows by hundreds of MB in seconds, which tests nothing more.
      usleep(static_cast<useconds_t>(pause(rng)));
    }
  } catch (...) {
    _exit(6);
  }
}

}  // namespace

TEST(Durability, KillNineLosesNothingAcknowledged) {
  const fs::path file = bk::test::temp_path("durability");
  OccurrenceId occurrence = 0;
  {
    Store db(file);
    db.migrate();
    ManualClock clock;
    clock.t = 1'800'000'000;  // 2027-01-15
    const TimeZone zone = TimeZone::load("Europe/Amsterdam");
    AgendaService agenda(db, zone, clock, 183);
    NewActivity a;
    a.title = "Grote loterij";
    a.start = *parse_local_datetime("2027-06-01T10:00");
    a.end = *parse_local_datetime("2027-06-01T12:00");
    a.capacity = 50;  // fills up: later writers go on the waiting list, also acknowledged
    agenda.add_activity(a);
    occurrence = db.engine().scalar_int("SELECT id FROM occurrence");
  }

  std::mt19937 rng(2027);
  std::set<std::string> acknowledged;
  int rounds = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (; rounds < 30 && std::chrono::steady_clock::now() < deadline; ++rounds) {
    struct Writer {
      pid_t pid;
      int fd;
      std::string out;
    };
    std::vector<Writer> writers;
    for (int w = 0; w < 2; ++w) {  // two at once: the kill may find one waiting for the other's lock
      int p[2];
      ASSERT_EQ(pipe(p), 0);
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        close(p[0]);
        writer(file, occurrence, p[1], rounds * 2 + w);
      }
      close(p[1]);
      writers.push_back({pid, p[0], {}});
    }
    // Wait for one acknowledgement from the first writer, so every round has something to lose,
    // then kill both at a random moment.
    char c = 0;
    while (c != '\n') {
      ASSERT_EQ(read(writers[0].fd, &c, 1), 1) << "writer died before its first registration";
      writers[0].out += c;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 30000)(rng)));
    for (auto& w : writers) kill(w.pid, SIGKILL);
    for (auto& w : writers) {
      int status = 0;
      waitpid(w.pid, &status, 0);
      EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
          << "writer stopped by itself, status " << status;
      char buf[4096];
      ssize_t n;
      while ((n = read(w.fd, buf, sizeof buf)) > 0) w.out.append(buf, static_cast<size_t>(n));
      close(w.fd);
      // Only whole lines were acknowledged; a half-written one was not.
      size_t start = 0, nl;
      while ((nl = w.out.find('\n', start)) != std::string::npos) {
        acknowledged.insert(w.out.substr(start, nl - start));
        start = nl + 1;
      }
    }
  }

  EXPECT_GE(rounds, 10) << "too few rounds to mean anything";
  ASSERT_GE(acknowledged.size(), static_cast<size_t>(rounds));
  const IntegrityReport report = check_integrity(file);
  EXPECT_EQ(report.health, DbHealth::Good) << report.problem;
  Store db(file);
  auto st = db.engine().prepare("SELECT count(*) FROM registration WHERE code = ?");
  int missing = 0;
  for (const auto& code : acknowledged) {
    st.bind(1, code);
    st.step();
    if (st.int64(0) != 1) ++missing;
    st.reset();
  }
  EXPECT_EQ(missing, 0) << missing << " of " << acknowledged.size() << " acknowledged registrations are gone";
  // Capacity held through all of it.
  EXPECT_LE(db.engine().scalar_int("SELECT COALESCE(sum(people),0) FROM registration WHERE status = 'registered'"), 50);
  std::cout << "durability: " << rounds << " rounds, " << acknowledged.size() << " acknowledged, "
            << db.engine().scalar_int("SELECT count(*) FROM registration") << " rows\n";
  for (auto s : {"", "-wal", "-shm"}) fs::remove(file.string() + s);
}
