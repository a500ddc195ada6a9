// Core benchmarks (Google Benchmark) on a file database with the kiosk's settings (WAL,
// synchronous=FULL): importing a large agenda, querying one week of it, committing a registration,
// and 30 writers registering for one date at once. With BK_BENCH_PG_CONNINFO (a libpq connection
// string to an empty database) and BK_BENCH_PG_PASSWORD_FILE, the same again on PostgreSQL as
// BM_Pg…; tests/bench/run.py starts such a server (fsync and synchronous_commit on). run.py runs
// this and the whole-program measurements and prints the table.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "services/agenda_service.hpp"
#include "store/engine/database.hpp"  // the benchmark edits a table from a second connection
#include "services/registration_service.hpp"
#include "store/migrations.hpp"

using namespace bk;
namespace fs = std::filesystem;

namespace {

class FixedClock final : public Clock {
 public:
  UtcSeconds t = 0;
  UtcSeconds now() const override { return t; }
};

const TimeZone& zone() {
  static const TimeZone z = TimeZone::load("Europe/Amsterdam");
  return z;
}

// 3,000 weekly series spread over the week's days and hours: with the 183-day horizon about
// 78,000 dates. They end in September, past the horizon: an import takes at most 100,000 dates in
// the first year of its events.
std::string large_agenda(int series) {
  std::ostringstream s;
  s << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//buurtkiosk//bench//NL\r\n";
  for (int i = 0; i < series; ++i) {
    const int day = 1 + i % 7, hour = 8 + (i / 7) % 12, minute = (i % 4) * 15;
    char start[32], end[32];
    std::snprintf(start, sizeof start, "202703%02dT%02d%02d00", day, hour, minute);
    std::snprintf(end, sizeof end, "202703%02dT%02d%02d00", day, hour + 1, minute);
    s << "BEGIN:VEVENT\r\nUID:bench-" << i << "@buurtkiosk\r\nDTSTAMP:20270101T000000Z\r\n"
      << "DTSTART;TZID=Europe/Amsterdam:" << start << "\r\nDTEND;TZID=Europe/Amsterdam:" << end << "\r\n"
      << "RRULE:FREQ=WEEKLY;UNTIL=20270930T000000Z\r\nSUMMARY:Activiteit " << i << "\r\nLOCATION:Zaal " << i % 9 << "\r\n"
      << "CATEGORIES:" << (i % 2 ? "bewegen" : "ontmoeten") << "\r\nX-BUURTKIOSK-CAPACITY:1000\r\nEND:VEVENT\r\n";
  }
  s << "END:VCALENDAR\r\n";
  return s.str();
}

fs::path db_path() {
  static const fs::path p = fs::temp_directory_path() / ("bk_bench_" + std::to_string(::getpid()) + ".db");
  return p;
}

void remove_db() {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path().string() + suffix);
}

FixedClock& clock() {
  static FixedClock c = [] {
    FixedClock f;
    f.t = parse_now_option("2027-03-01T08:00", zone());
    return f;
  }();
  return c;
}

// Where a benchmark's data lives: the SQLite file, or the PostgreSQL database of the environment.
StoreLocation sqlite_location() { return StoreLocation(db_path()); }

std::optional<StoreLocation> pg_location() {
  const char* conninfo = std::getenv("BK_BENCH_PG_CONNINFO");
  if (!conninfo || !*conninfo) return std::nullopt;
  const char* password = std::getenv("BK_BENCH_PG_PASSWORD_FILE");
  return StoreLocation::postgresql(conninfo, password ? password : "", "bench");
}

// An empty database: the file removed, or the PostgreSQL schema dropped and made again.
void empty_database(const StoreLocation& where) {
  if (where.is_sqlite()) {
    remove_db();
    return;
  }
  Store db(where);
  db.engine().exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
}

void import_large_agenda(benchmark::State& state, const StoreLocation& where) {
  const std::string ics = large_agenda(static_cast<int>(state.range(0)));
  std::int64_t dates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    empty_database(where);
    Store db(where);
    db.migrate();
    AgendaService agenda(db, zone(), clock(), 183);
    state.ResumeTiming();
    agenda.import_ics_text(ics, "bench.ics");
    state.PauseTiming();
    dates = db.engine().scalar_int("SELECT count(*) FROM occurrence");
    state.ResumeTiming();
  }
  state.counters["dates"] = static_cast<double>(dates);
  state.counters["series"] = static_cast<double>(state.range(0));
}

// Runs after the import above: the same database.
void agenda_query_one_week(benchmark::State& state, const StoreLocation& where) {
  Store db(where);
  AgendaService agenda(db, zone(), clock(), 183);
  std::size_t items = 0;
  for (auto _ : state) {
    const auto week = agenda.between({2027, 4, 5}, {2027, 4, 12});
    items = week.size();
    benchmark::DoNotOptimize(week.data());
  }
  state.counters["items"] = static_cast<double>(items);
}

// The same week right after an activity changed (here: by another connection), so the list first
// reloads every activity's title, place and capacity: what the kiosk pays once after an agenda edit.
void agenda_query_after_activity_edit(benchmark::State& state, const StoreLocation& where) {
  Store db(where), other(where);
  AgendaService agenda(db, zone(), clock(), 183);
  std::size_t items = 0;
  for (auto _ : state) {
    state.PauseTiming();
    other.engine().exec("UPDATE activity SET title = title WHERE id = 1");
    state.ResumeTiming();
    const auto week = agenda.between({2027, 4, 5}, {2027, 4, 12});
    items = week.size();
    benchmark::DoNotOptimize(week.data());
  }
  state.counters["items"] = static_cast<double>(items);
}

// One registration per iteration, each its own write transaction: on SQLite BEGIN IMMEDIATE …
// COMMIT with synchronous=FULL; on PostgreSQL the advisory write lock and a COMMIT that waits for
// the WAL flush (run.py's server: fsync and synchronous_commit on).
void registration_commit(benchmark::State& state, const StoreLocation& where) {
  Store db(where);
  AgendaService agenda(db, zone(), clock(), 183);
  RegistrationService regs(db, clock(), "https://kiosk.test");
  regs.set_agenda_lookup([&agenda](OccurrenceId id) { return agenda.item(id); });
  const auto week = agenda.between({2027, 4, 5}, {2027, 4, 12});
  std::vector<double> ms;
  std::size_t i = 0;
  for (auto _ : state) {
    RegistrationRequest r;
    r.occurrence_id = week[i++ % week.size()].occurrence_id;
    r.name = "Bench";
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = regs.register_for(r);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (res.outcome != RegisterOutcome::Registered) state.SkipWithError("registration refused");
  }
  std::sort(ms.begin(), ms.end());
  if (!ms.empty()) {
    state.counters["p50_ms"] = ms[ms.size() / 2];
    state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  }
}

// Thirty writers at once, each with its own connection (as thirty kiosks, desks and phones would
// be), registering one person at a time for the same date until each has made kPerWriter attempts.
// The date has kWritersCapacity places, fewer than the attempts: afterwards exactly that many
// people are registered and the rest wait, in the rows and in the stored counts alike.
constexpr int kWriters = 30, kPerWriter = 20, kWritersCapacity = 300;

void thirty_writers(benchmark::State& state, const StoreLocation& where) {
  OccurrenceId occ = 0;
  {
    Store db(where);
    AgendaService agenda(db, zone(), clock(), 183);
    // The week's last date: the commit benchmark registered for the first 500 only.
    occ = agenda.between({2027, 4, 5}, {2027, 4, 12}).back().occurrence_id;
    db.engine().exec("UPDATE activity SET capacity = " + std::to_string(kWritersCapacity) +
                     " WHERE id = (SELECT activity_id FROM occurrence WHERE id = " + std::to_string(occ) + ")");
  }
  std::atomic<int> registered{0}, waitlisted{0}, refused{0}, errors{0};
  std::string first_error;
  std::mutex error_mutex;
  for (auto _ : state) {
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w) {
      threads.emplace_back([&, w] {
        Store db(where);
        AgendaService agenda(db, zone(), clock(), 183);
        RegistrationService regs(db, clock(), "https://kiosk.test");
        regs.set_agenda_lookup([&agenda](OccurrenceId id) { return agenda.item(id); });
        db.data_version();  // connected before the clock starts
        ++ready;
        while (!go) std::this_thread::yield();
        for (int i = 0; i < kPerWriter; ++i) {
          RegistrationRequest r;
          r.occurrence_id = occ;
          r.name = "Writer " + std::to_string(w);
          r.waitlist_if_full = true;
          try {
            const auto res = regs.register_for(r);
            if (res.outcome == RegisterOutcome::Registered) ++registered;
            else if (res.outcome == RegisterOutcome::Waitlisted) ++waitlisted;
            else ++refused;
          } catch (const DbError& e) {
            ++errors;
            const std::lock_guard<std::mutex> lock(error_mutex);
            if (first_error.empty()) first_error = e.what();
          }
        }
      });
    }
    state.PauseTiming();
    while (ready < kWriters) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    state.ResumeTiming();
    go = true;
    for (auto& t : threads) t.join();
  }
  Store db(where);
  const auto sum = [&](const char* status) {
    return db.engine().scalar_int("SELECT COALESCE(SUM(people), 0) FROM registration WHERE occurrence_id = " +
                                  std::to_string(occ) + " AND status = '" + status + "'");
  };
  const auto rows_registered = sum("registered"), rows_waiting = sum("waitlisted");
  const auto stored_registered = db.engine().scalar_int(
      "SELECT registered_people FROM occurrence WHERE id = " + std::to_string(occ));
  const auto stored_waiting = db.engine().scalar_int(
      "SELECT waitlisted_people FROM occurrence WHERE id = " + std::to_string(occ));
  const bool exact = rows_registered == kWritersCapacity && registered == kWritersCapacity &&
                     rows_waiting == waitlisted && stored_registered == rows_registered &&
                     stored_waiting == rows_waiting && errors == 0 && refused == 0;
  const double attempts = static_cast<double>(kWriters) * kPerWriter * static_cast<double>(state.iterations());
  state.counters["writes_per_s"] = benchmark::Counter(attempts, benchmark::Counter::kIsRate);
  state.counters["writers"] = kWriters;
  state.counters["capacity"] = kWritersCapacity;
  state.counters["registered"] = static_cast<double>(rows_registered);
  state.counters["waitlisted"] = static_cast<double>(rows_waiting);
  state.counters["errors"] = errors.load();
  state.counters["exact"] = exact ? 1 : 0;
  if (!first_error.empty()) std::fprintf(stderr, "thirty writers: first error: %s\n", first_error.c_str());
  if (!exact) state.SkipWithError("capacity not exact (see the counters)");
}

// The same benchmarks on each engine: SQLite under the names run.py has always read, PostgreSQL
// under BM_Pg… (only when the environment names a server).
void register_engine(const std::string& prefix, const StoreLocation& where) {
  using benchmark::RegisterBenchmark;
  RegisterBenchmark((prefix + "ImportLargeAgenda").c_str(), import_large_agenda, where)
      ->Arg(3000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
  // Nine repetitions, reported as their median: on a shared machine one run can be a third slower.
  RegisterBenchmark((prefix + "AgendaQueryOneWeek").c_str(), agenda_query_one_week, where)
      ->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(9)->ReportAggregatesOnly(true);
  RegisterBenchmark((prefix + "AgendaQueryAfterActivityEdit").c_str(), agenda_query_after_activity_edit, where)
      ->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(9)->ReportAggregatesOnly(true);
  RegisterBenchmark((prefix + "RegistrationCommit").c_str(), registration_commit, where)
      ->Iterations(500)->Unit(benchmark::kMillisecond)->UseRealTime();
  RegisterBenchmark((prefix + "ThirtyWriters").c_str(), thirty_writers, where)
      ->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

int main(int argc, char** argv) {
  register_engine("BM_", sqlite_location());
  if (const auto pg = pg_location()) register_engine("BM_Pg", *pg);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!std::getenv("BK_BENCH_KEEP_DB")) remove_db();
  else std::printf("database kept: %s\n", db_path().c_str());
  return 0;
}
