#pragma once
// Small helpers shared by the unit tests.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "domain/codes.hpp"
#include "domain/time.hpp"
#include "services/kiosk.hpp"
#include "store/sqlite/database.hpp"

namespace bk::test {

class ManualClock final : public Clock {
 public:
  UtcSeconds t = 1'800'000'000;
  UtcSeconds now() const override { return t; }
};

// A fresh path in the temp folder (database file and its -wal/-shm removed).
inline std::filesystem::path temp_path(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("bk_" + name + "_" + std::to_string(::getpid()) + ".db");
  for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + s);
  return p;
}

// A registration row written directly, for tests of other parts than registering.
inline void add_registration(Store& store, std::int64_t occurrence, int people, const std::string& status) {
  store.engine().prepare("INSERT INTO registration(occurrence_id, code, token_hash, name, people, status, created_utc) "
             "VALUES (?,?,?,?,?,?,0)")
      .bind(1, occurrence).bind(2, make_reference_code()).bind(3, hash_token(make_followup_token()))
      .bind(4, "Test").bind(5, people).bind(6, status).run();
}

// The service graph as the kiosk wires it (connect_services), on a fresh database: ":memory:" or a
// file (for tests with a second connection or process). `sql()` reads the tables for assertions.
struct ServiceGraph {
  TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  Store store;
  AgendaService agenda{store, zone, clock, 183};
  RegistrationService registrations{store, clock, "https://kiosk.test"};
  HelpService help{store, clock, "https://kiosk.test"};

  explicit ServiceGraph(const std::filesystem::path& file = ":memory:", const char* now = "2027-03-01T09:00")
      : store(file) {
    store.migrate();
    clock.t = parse_now_option(now, zone);
    connect_services(store, clock, agenda, registrations);
  }
  Database& sql() { return store.engine(); }
};

struct CmdResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

// Runs buurtkioskctl with `args` (shell words) and collects what it printed and its exit code.
inline CmdResult run_ctl(const std::string& args, const std::string& stdin_text = "") {
  const std::string cmd = (stdin_text.empty() ? "" : "printf '%s' '" + stdin_text + "' | ") +
                          std::string(BUURTKIOSKCTL) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  CmdResult r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace bk::test
