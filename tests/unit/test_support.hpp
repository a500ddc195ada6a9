#pragma once
// Small helpers shared by the unit tests.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <string>

#include "domain/codes.hpp"
#include "domain/time.hpp"
#include "services/kiosk.hpp"
#include "store/engine/database.hpp"
#include "store/engine/pg_database.hpp"

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

// The test PostgreSQL server of ctest's pg.* tests (tests/pg/pg_cluster.py, fixture "pg"): its
// folder is in BK_TEST_PG_DIR. Unset: the tests run on SQLite.
inline const char* test_pg_dir() {
  const char* d = std::getenv("BK_TEST_PG_DIR");
  return d && *d ? d : nullptr;
}

inline std::string read_first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// A fresh database for one test: the given SQLite file (or ":memory:"), or — under BK_TEST_PG_DIR —
// a new database on the test server, for the centre "test", dropped when the test ends.
struct TestDatabase {
  StoreLocation location;
  std::string pg_name;
  bool owned = false;

  explicit TestDatabase(const std::filesystem::path& file) : location(file) {
    const char* dir = test_pg_dir();
    if (!dir) return;
    if (file == ":memory:") {  // a database of its own, dropped at the end
      static int serial = 0;
      pg_name = "t_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
      owned = true;
    } else {  // a file: every process (fork) that names it shares one database, kept until the server goes
      pg_name = "f_" + std::to_string(std::hash<std::string>{}(file.string()) % 1000000000000ULL);
    }
    try {
      admin().exec("CREATE DATABASE " + pg_name);
    } catch (const DbError&) {
      if (owned) throw;  // a shared one exists already: another process of the test made it
    }
    location = StoreLocation::postgresql(read_first_line(std::filesystem::path(dir) / "conninfo") + " dbname=" + pg_name,
                                         std::filesystem::path(dir) / "password", "test");
  }
  ~TestDatabase() {
    if (!owned) return;
    try {
      admin().exec("DROP DATABASE IF EXISTS " + pg_name + " WITH (FORCE)");
    } catch (...) {
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  bool postgresql() const { return !pg_name.empty(); }

 private:
  static PgDatabase admin() {
    const std::filesystem::path dir = test_pg_dir();
    return PgDatabase(read_first_line(dir / "conninfo"), read_first_line(dir / "password"), "*");
  }
};

// The service graph as the kiosk wires it (connect_services), on a fresh database: ":memory:" or a
// file (for tests with a second connection or process), or PostgreSQL in ctest's pg.* run.
// `sql()` reads the tables for assertions.
struct ServiceGraph {
  TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  TestDatabase database;
  Store store;
  AgendaService agenda{store, zone, clock, 183};
  RegistrationService registrations{store, clock, "https://kiosk.test"};
  HelpService help{store, clock, "https://kiosk.test"};

  explicit ServiceGraph(const std::filesystem::path& file = ":memory:", const char* now = "2027-03-01T09:00")
      : database(file), store(database.location) {
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
