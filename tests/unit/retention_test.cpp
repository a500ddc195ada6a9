// Retention (AVG): personal data cleared on time, counts kept, nothing left in the files.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "services/retention.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;
namespace fs = std::filesystem;

namespace {

constexpr int kRetention = 30;
constexpr std::int64_t kDay = 86400;
const char* kName = "Zwanetta Purgeman";
const char* kPhone = "0687654321";
const char* kDescription = "Zwanetta zoekt hulp met de vuilnisbak";
const char* kVolunteer = "Vrijwilliger Vlasblom";

struct Fixture : bk::test::ServiceGraph {
  fs::path dir;
  Store& db = store;
  RegistrationService& regs = registrations;

  explicit Fixture(const std::string& name)
      : ServiceGraph(make_dir(name) / "kiosk.db"),
        dir(fs::temp_directory_path() / ("bk_retention_" + name + "_" + std::to_string(::getpid()))) {
    at("2027-01-01T09:00");
  }
  ~Fixture() { fs::remove_all(dir); }
  static fs::path make_dir(const std::string& name) {  // the same folder as `dir`
    auto d = fs::temp_directory_path() / ("bk_retention_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }
  void at(const char* local) { clock.t = parse_now_option(local, zone); }
  OccurrenceId date(const char* start) {
    NewActivity a;
    a.title = "Koersbal";
    a.start = *parse_local_datetime(start);
    a.end = a.start;
    a.end.hour += 1;
    a.capacity = 100;
    const auto id = agenda.add_activity(a);
    auto st = db.engine().prepare("SELECT id FROM occurrence WHERE activity_id = ?");
    st.bind(1, id);
    st.step();
    return st.int64(0);
  }
  std::string reg(OccurrenceId o, const std::string& name, int people = 2) {
    RegistrationRequest r;
    r.occurrence_id = o;
    r.name = name;
    r.phone = kPhone;
    r.people = people;
    const auto res = regs.register_for(r);
    EXPECT_EQ(res.outcome, RegisterOutcome::Registered) << res.problem;
    return res.code;
  }
  std::string ask(const std::string& name, const std::string& description) {
    HelpRequestInput in;
    in.category = "boodschappen";
    in.timing = "any";
    in.description = description;
    in.name = name;
    in.phone = kPhone;
    const auto c = help.create(in);
    EXPECT_EQ(c.outcome, HelpOutcome::Created) << c.problem;
    return c.code;
  }
};

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every byte of the database files: the main file, the write-ahead log and the shared memory.
std::string all_database_bytes(const fs::path& db) {
  std::string all;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const fs::path p = db.string() + suffix;
    if (fs::exists(p)) all += file_bytes(p);
  }
  return all;
}

std::string table_text(Store& db, const std::string& sql) {
  auto st = db.engine().prepare(sql);
  std::string out;
  while (st.step()) out += st.text(0) + "\n";
  return out;
}

}  // namespace

TEST(Retention, ClearsPersonalDataOnTimeAndKeepsTheCounts) {
  Fixture f("ontime");
  const auto past = f.date("2027-01-10T10:00");    // ends 11:00 on the 10th
  const auto recent = f.date("2027-02-10T10:00");  // ends within the retention period
  const auto old1 = f.reg(past, kName);
  const auto old2 = f.reg(past, "Piet Purgeman", 3);
  const auto keep = f.reg(recent, "Bertha Blijft");
  const auto done_code = f.ask(kName, kDescription);
  ASSERT_TRUE(f.help.claim(done_code, kVolunteer, "belt dinsdag", "volunteer").ok());
  ASSERT_TRUE(f.help.done(done_code, "volunteer", kVolunteer).ok());
  const auto stale_code = f.ask("Oude Vraag", "nooit opgepakt");  // open since 1 January
  f.at("2027-02-05T09:00");
  const auto fresh_code = f.ask("Nieuwe Vraag", "net gevraagd");  // open, recent
  const auto people_before = f.db.engine().scalar_int("SELECT sum(people) FROM registration");

  // 2027-02-10 12:00: 31 days after the past date's end and the help request's closing;
  // 40 days after the stale request (< 2 × 30): nothing stale yet.
  f.at("2027-02-10T12:00");
  RetentionService retention(f.db, f.clock, kRetention, f.dir / "backups");
  auto due = retention.due();
  EXPECT_EQ(due.registrations, 2);
  EXPECT_EQ(due.help_requests, 1);
  EXPECT_EQ(due.help_requests_stale, 0);
  EXPECT_GE(due.audit_actors, 1);  // the volunteer's name on the claim and done rows
  const auto r = retention.purge("cli");
  EXPECT_EQ(r.counts.registrations, due.registrations);
  EXPECT_EQ(r.counts.help_requests, due.help_requests);
  EXPECT_EQ(r.counts.audit_actors, due.audit_actors);
  EXPECT_TRUE(r.wal_truncated);

  for (const auto& code : {old1, old2}) {
    const auto v = f.regs.lookup_code(code);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->name, "");
    EXPECT_EQ(v->phone, "");
    EXPECT_EQ(v->status, RegistrationStatus::Registered);
  }
  EXPECT_EQ(f.regs.lookup_code(keep)->name, "Bertha Blijft");
  EXPECT_EQ(f.db.engine().scalar_int("SELECT sum(people) FROM registration"), people_before);  // counts stay
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM registration"), 3);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM registration WHERE purged_utc IS NOT NULL"), 2);

  const auto done = f.help.lookup_code(done_code);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->name, "");
  EXPECT_EQ(done->phone, "");
  EXPECT_EQ(done->description, "");
  EXPECT_EQ(done->claimed_by, "");
  EXPECT_EQ(done->note, "");
  EXPECT_EQ(done->status, HelpStatus::Done);  // and its timestamps: time-to-claim figures stay
  EXPECT_TRUE(done->claimed && done->done && done->purged);
  EXPECT_EQ(f.help.lookup_code(stale_code)->name, "Oude Vraag");
  EXPECT_EQ(f.help.lookup_code(fresh_code)->name, "Nieuwe Vraag");

  // One audit row with counts only.
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'privacy.purge'"), 1);
  const std::string audit = table_text(f.db, "SELECT COALESCE(actor,'') || ' ' || subject || ' ' || detail FROM audit");
  EXPECT_EQ(audit.find("Purgeman"), std::string::npos) << audit;
  EXPECT_EQ(audit.find(kVolunteer), std::string::npos) << audit;

  // Again: nothing more is due, nothing is written.
  const auto again = retention.purge("cli");
  EXPECT_EQ(again.counts.total_rows(), 0);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'privacy.purge'"), 1);
}

TEST(Retention, CancelsAndClearsHelpRequestsNobodyClosed) {
  Fixture f("stale");
  const auto open_code = f.ask(kName, kDescription);
  const auto claimed_code = f.ask("Tweede Vraag", "opgepakt maar nooit afgerond");
  ASSERT_TRUE(f.help.claim(claimed_code, kVolunteer, "", "volunteer").ok());
  f.at("2027-03-02T10:00");  // 60 days + 1 hour later: past 2 × retention
  RetentionService retention(f.db, f.clock, kRetention, f.dir / "backups");
  EXPECT_EQ(retention.due().help_requests_stale, 2);
  EXPECT_EQ(retention.purge().counts.help_requests_stale, 2);
  for (const auto& code : {open_code, claimed_code}) {
    const auto v = f.help.lookup_code(code);
    EXPECT_EQ(v->status, HelpStatus::Cancelled);
    EXPECT_EQ(v->name, "");
    EXPECT_EQ(v->description, "");
    EXPECT_EQ(v->claimed_by, "");
  }
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM help_request"), 2);
}

TEST(Retention, DryRunChangesNothing) {
  Fixture f("dry");
  const auto past = f.date("2027-01-10T10:00");
  f.reg(past, kName);
  f.at("2027-03-01T10:00");
  RetentionService retention(f.db, f.clock, kRetention, f.dir / "backups");
  const auto before = table_text(f.db, "SELECT COALESCE(name, '-') || '|' || COALESCE(phone, '-') || '|' || COALESCE(CAST(purged_utc AS TEXT), '-') "
                                       "FROM registration") +
                      table_text(f.db, "SELECT count(*) FROM audit");
  const auto version = f.db.engine().scalar_int("SELECT count(*) FROM audit");
  EXPECT_EQ(retention.due().registrations, 1);
  EXPECT_EQ(table_text(f.db, "SELECT COALESCE(name, '-') || '|' || COALESCE(phone, '-') || '|' || COALESCE(CAST(purged_utc AS TEXT), '-') "
                                       "FROM registration") +
                table_text(f.db, "SELECT count(*) FROM audit"),
            before);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit"), version);
}

TEST(Retention, LeavesNoTraceOfANameInTheDatabaseFiles) {
  Fixture f("trace");
  // PostgreSQL's files are the server's (purge VACUUMs the cleared rows: purge_store.cpp).
  if (!f.db.is_sqlite()) GTEST_SKIP() << "SQLite's own files";
  const auto past = f.date("2027-01-10T10:00");
  // Many rows, so the names sit on several pages, in the WAL and (after a checkpoint) in the file.
  for (int i = 0; i < 40; ++i) f.reg(past, kName, 1);
  const auto code = f.ask(kName, kDescription);
  ASSERT_TRUE(f.help.claim(code, kVolunteer, "Zwanetta belt terug", "volunteer").ok());
  ASSERT_TRUE(f.help.done(code, "volunteer").ok());
  f.db.engine().exec("PRAGMA wal_checkpoint(PASSIVE)");  // some copies in the main file, some in the WAL
  f.reg(past, kName, 1);
  const fs::path file = f.db.path();
  // The test can fail: before the purge the name is there.
  ASSERT_NE(all_database_bytes(file).find("Purgeman"), std::string::npos);
  const auto people = f.db.engine().scalar_int("SELECT sum(people) FROM registration");

  f.at("2027-03-01T10:00");
  RetentionService retention(f.db, f.clock, kRetention, f.dir / "backups");
  const auto r = retention.purge();
  EXPECT_EQ(r.counts.registrations, 41);
  ASSERT_TRUE(r.wal_truncated);

  const std::string bytes = all_database_bytes(file);
  for (const char* trace : {"Purgeman", "Zwanetta", kPhone, "vuilnisbak", "Vlasblom"})
    EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " is still in the database files";
  EXPECT_EQ(f.db.engine().scalar_int("SELECT sum(people) FROM registration"), people);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM help_request"), 1);
  EXPECT_TRUE(integrity_ok(file));
}

TEST(Retention, RemovesBackupsAndSetAsideFilesPastTheRetentionPeriod) {
  Fixture f("files");
  if (!f.db.is_sqlite()) GTEST_SKIP() << "SQLite's backup files; PostgreSQL is backed up with pg_dump";
  // File ages come from the file system, so this test runs on the real date.
  f.clock.t = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count();
  const fs::path backups = f.dir / "backups";
  make_backup(f.db, backups, f.clock.now() - 40 * kDay, 100);
  make_backup(f.db, backups, f.clock.now() - 10 * kDay, 100);
  const fs::path old_damaged = f.dir / "kiosk.db.damaged-20200101-120000";
  const fs::path new_damaged = f.dir / "kiosk.db.replaced-20200101-130000";
  const fs::path unrelated = f.dir / "notes.txt";
  for (const auto& p : {old_damaged, new_damaged, unrelated}) std::ofstream(p) << "x";
  const auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24 * 45);
  fs::last_write_time(old_damaged, long_ago);
  fs::last_write_time(unrelated, long_ago);
  RetentionService retention(f.db, f.clock, kRetention, backups);
  EXPECT_EQ(retention.due().old_files, 2);  // one backup, one damaged copy
  EXPECT_EQ(retention.purge().counts.old_files, 2);
  EXPECT_FALSE(fs::exists(old_damaged));
  EXPECT_TRUE(fs::exists(new_damaged));
  EXPECT_TRUE(fs::exists(unrelated));
  const auto left = list_backups(backups);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].at, f.clock.now() - 10 * kDay);
}
