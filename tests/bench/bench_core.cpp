// Core benchmarks (Google Benchmark) on a file database with the kiosk's settings (WAL,
// synchronous=FULL): importing a large agenda, querying one week of it, committing a registration.
// tests/bench/run.py runs this and the whole-program measurements and prints the table.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <sstream>
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

void BM_ImportLargeAgenda(benchmark::State& state) {
  const std::string ics = large_agenda(static_cast<int>(state.range(0)));
  std::int64_t dates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    remove_db();
    Store db(db_path());
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
BENCHMARK(BM_ImportLargeAgenda)->Arg(3000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// Runs after the import above: the same database.
void BM_AgendaQueryOneWeek(benchmark::State& state) {
  Store db(db_path());
  AgendaService agenda(db, zone(), clock(), 183);
  std::size_t items = 0;
  for (auto _ : state) {
    const auto week = agenda.between({2027, 4, 5}, {2027, 4, 12});
    items = week.size();
    benchmark::DoNotOptimize(week.data());
  }
  state.counters["items"] = static_cast<double>(items);
}
// Nine repetitions, reported as their median: on a shared machine one run can be a third slower.
BENCHMARK(BM_AgendaQueryOneWeek)->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(9)->ReportAggregatesOnly(true);

// The same week right after an activity changed (here: by another connection), so the list first
// reloads every activity's title, place and capacity: what the kiosk pays once after an agenda edit.
void BM_AgendaQueryAfterActivityEdit(benchmark::State& state) {
  Store db(db_path()), other(db_path());
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
BENCHMARK(BM_AgendaQueryAfterActivityEdit)->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(9)->ReportAggregatesOnly(true);

// One registration per iteration, each its own BEGIN IMMEDIATE … COMMIT with synchronous=FULL.
void BM_RegistrationCommit(benchmark::State& state) {
  Store db(db_path());
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
BENCHMARK(BM_RegistrationCommit)->Iterations(500)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!std::getenv("BK_BENCH_KEEP_DB")) remove_db();
  else std::printf("database kept: %s\n", db_path().c_str());
  return 0;
}
