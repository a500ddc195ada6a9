// Backups, integrity checks, restores and the start-up recovery (store/backup.hpp).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "services/recovery.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/settings.hpp"
#include "test_support.hpp"

using namespace bk;
namespace fs = std::filesystem;

namespace {

// A folder of its own per test: database, backups, files kept aside.
struct Folder {
  fs::path dir;
  explicit Folder(const std::string& name)
      : dir(fs::temp_directory_path() / ("bk_backup_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Folder() { fs::remove_all(dir); }
  fs::path db() const { return dir / "kiosk.db"; }
  fs::path backups() const { return dir / "backups"; }
};

// A migrated database with `rows` audit rows (enough pages to damage some in the middle).
void fill(const fs::path& file, int rows, const std::string& marker = "row") {
  Store db(file);
  db.migrate();
  WriteScope tx(db);
  auto st = db.engine().prepare("INSERT INTO audit(at_utc, role, action, subject, detail) VALUES (?, 'cli', 'test', ?, ?)");
  for (int i = 0; i < rows; ++i) {
    st.bind(1, i).bind(2, marker + std::to_string(i)).bind(3, std::string(200, 'x'));
    st.run();
    st.reset();
  }
  tx.commit();
}

std::int64_t audit_rows(const fs::path& file) {
  Store db(file, Store::Mode::ReadOnly);
  return db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'test'");
}

// Overwrites pages 2 … n-1 partly with random bytes, as a failing disk or a stray write would.
// Scrambles the audit table's leaf pages (the bulk of the test data), leaving the schema readable:
// the damage a failing disk does to data, found by the integrity check rather than at open.
void damage_pages(const fs::path& file) {
  std::vector<std::int64_t> pages;
  {
    Store db(file);
    db.engine().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    auto st = db.engine().prepare("SELECT pageno FROM dbstat WHERE name = 'audit' AND pagetype = 'leaf' ORDER BY pageno");
    while (st.step()) pages.push_back(st.int64(0));
  }
  ASSERT_GT(pages.size(), 4u) << "database too small to damage in the middle";
  const std::uintmax_t page = 4096;
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  std::mt19937 rng(8);
  for (std::size_t i = 1; i + 1 < pages.size(); i += 2) {  // every other leaf, not the first or last
    f.seekp(static_cast<std::streamoff>((pages[i] - 1) * page + 100));
    for (int k = 0; k < 1500; ++k) f.put(static_cast<char>(rng() & 0xff));
  }
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

const TimeZone& amsterdam() {
  static const TimeZone z = TimeZone::load("Europe/Amsterdam");
  return z;
}

constexpr UtcSeconds kT0 = 1'800'000'000;  // 2027-01-15T08:00:00Z

}  // namespace

TEST(Backup, FileNamesAreUtcTimestampsAndParseBack) {
  EXPECT_EQ(backup_file_name(kT0), "kiosk-20270115-080000.db");
  EXPECT_EQ(parse_backup_file_name("kiosk-20270115-080000.db"), kT0);
  EXPECT_FALSE(parse_backup_file_name("kiosk-20270115-080000.db-wal"));
  EXPECT_FALSE(parse_backup_file_name("kiosk-20271315-080000.db"));
  EXPECT_FALSE(parse_backup_file_name("kiosk-2027011a-080000.db"));
  EXPECT_FALSE(parse_backup_file_name("notes.txt"));
}

TEST(Backup, IsACheckedStandaloneCopyAndRotatesToTheNewest) {
  Folder f("rotate");
  fill(f.db(), 300);
  Store db(f.db());
  for (int i = 0; i < 5; ++i) make_backup(db, f.backups(), kT0 + i * 3600, 3);
  const auto all = list_backups(f.backups());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].at, kT0 + 4 * 3600);  // newest first
  EXPECT_EQ(all[2].at, kT0 + 2 * 3600);
  for (const auto& b : all) {
    EXPECT_TRUE(integrity_ok(b.file)) << b.file;
    EXPECT_EQ(audit_rows(b.file), 300);
    // A rollback-journal file (header bytes 18/19 = 1): readable without any -wal next to it.
    std::ifstream in(b.file, std::ios::binary);
    char header[20];
    in.read(header, sizeof header);
    EXPECT_EQ(header[18], 1);
    EXPECT_EQ(header[19], 1);
  }
  // Backups hold personal data: the folder and the files are the owner's alone.
  EXPECT_EQ(fs::status(f.backups()).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(fs::status(all[0].file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  for (const auto& e : fs::directory_iterator(f.backups()))
    EXPECT_TRUE(parse_backup_file_name(e.path().filename().string())) << "leftover " << e.path();
}

TEST(Backup, IsASnapshotWhileAnotherConnectionIsWriting) {
  Folder f("snapshot");
  fill(f.db(), 50);
  Store writer(f.db());
  WriteScope open_tx(writer);  // holds the write lock, uncommitted row
  writer.engine().exec("INSERT INTO audit(at_utc, role, action) VALUES (1, 'cli', 'test')");
  Store db(f.db());
  const BackupInfo b = make_backup(db, f.backups(), kT0, 5);
  EXPECT_EQ(audit_rows(b.file), 50);  // the uncommitted row is not in it, and nothing waited
}

TEST(Backup, RecordsTheLastBackupForTheStatusPanel) {
  Folder f("record");
  fill(f.db(), 1);
  Store db(f.db());
  const BackupInfo b = make_backup(db, f.backups(), kT0, 5);
  record_backup(db, b, amsterdam());
  EXPECT_EQ(read_setting(db, kLastBackupKey), "2027-01-15 09:00 kiosk-20270115-080000.db");
}

TEST(Integrity, TellsGoodEmptyAndDamagedFilesApart) {
  Folder f("integrity");
  EXPECT_EQ(check_integrity(f.db()).health, DbHealth::Empty);  // missing
  write_bytes(f.db(), "");
  EXPECT_EQ(check_integrity(f.db()).health, DbHealth::Empty);  // zero bytes
  fs::remove(f.db());
  { Store db(f.db()); db.engine().exec("PRAGMA user_version = 0"); }
  EXPECT_EQ(check_integrity(f.db()).health, DbHealth::Empty);  // a database without tables
  fs::remove(f.db());
  write_bytes(f.db(), std::string(8192, 'G'));
  auto r = check_integrity(f.db());
  EXPECT_EQ(r.health, DbHealth::Damaged);
  EXPECT_NE(r.problem.find("not a database"), std::string::npos) << r.problem;
  fs::remove(f.db());
  fill(f.db(), 400);
  r = check_integrity(f.db());
  EXPECT_EQ(r.health, DbHealth::Good) << r.problem;
  EXPECT_EQ(r.schema_version, latest_schema_version());
  damage_pages(f.db());
  r = check_integrity(f.db());
  EXPECT_EQ(r.health, DbHealth::Damaged);
  EXPECT_FALSE(r.problem.empty());
}

TEST(Integrity, FindsBrokenForeignKeys) {
  Folder f("fk");
  fill(f.db(), 1);
  {
    Store db(f.db());
    db.engine().exec("PRAGMA foreign_keys = OFF");
    db.engine().exec("INSERT INTO occurrence(activity_id, recurrence_key, start_utc, end_utc) VALUES (999, 'x', 0, 1)");
  }
  const auto r = check_integrity(f.db());
  EXPECT_EQ(r.health, DbHealth::Damaged);
  EXPECT_NE(r.problem.find("occurrence"), std::string::npos) << r.problem;
}

TEST(Backup, RefusesToWriteADamagedCopyAndKeepsTheOldBackups) {
  Folder f("refuse");
  fill(f.db(), 400);
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 1); }
  damage_pages(f.db());
  fs::remove(f.dir / "kiosk.db-wal");
  fs::remove(f.dir / "kiosk.db-shm");
  Store db(f.db());
  EXPECT_THROW(make_backup(db, f.backups(), kT0 + 3600, 1), std::exception);
  const auto all = list_backups(f.backups());
  ASSERT_EQ(all.size(), 1u);  // keep = 1, yet the good old one was not rotated away
  EXPECT_EQ(all[0].at, kT0);
  EXPECT_EQ(std::distance(fs::directory_iterator(f.backups()), fs::directory_iterator()), 1);
}

TEST(Restore, InstallsTheBackupAndKeepsTheDamagedFileAside) {
  Folder f("restore");
  fill(f.db(), 300, "old");
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 5); }
  fill(f.db(), 10, "after-backup");  // later writes, lost with the damage
  damage_pages(f.db());
  write_bytes(f.dir / "kiosk.db-shm", std::string(32768, '\0'));  // stale shared memory
  const auto r = restore(list_backups(f.backups())[0].file, f.db(), kT0 + 60);
  EXPECT_TRUE(r.replaced_was_damaged);
  ASSERT_TRUE(r.kept_aside);
  EXPECT_EQ(r.kept_aside->filename(), "kiosk.db.damaged-20270115-080100");
  EXPECT_TRUE(fs::exists(*r.kept_aside));
  EXPECT_FALSE(fs::exists(f.dir / "kiosk.db-shm"));
  EXPECT_TRUE(integrity_ok(f.db()));
  EXPECT_EQ(audit_rows(f.db()), 300);
  Store db(f.db());  // opens and writes normally afterwards
  db.engine().exec("INSERT INTO audit(at_utc, role, action) VALUES (1, 'cli', 'test')");
}

TEST(Restore, ABadBackupChangesNothing) {
  Folder f("badbackup");
  fill(f.db(), 20);
  const auto before = fs::file_size(f.db());
  fs::create_directories(f.backups());
  const fs::path bad = f.backups() / backup_file_name(kT0);
  write_bytes(bad, std::string(8192, 'G'));
  EXPECT_THROW(restore(bad, f.db(), kT0), BackupError);
  EXPECT_THROW(restore(f.dir / "missing.db", f.db(), kT0), BackupError);
  EXPECT_EQ(fs::file_size(f.db()), before);
  EXPECT_TRUE(integrity_ok(f.db()));
  EXPECT_EQ(audit_rows(f.db()), 20);
  for (const auto& e : fs::directory_iterator(f.dir))
    EXPECT_EQ(e.path().string().find(".damaged-"), std::string::npos) << e.path();
}

TEST(Restore, LatestSkipsBackupsThatFailTheCheck) {
  Folder f("latest");
  fill(f.db(), 400, "first");
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 5); }
  fill(f.db(), 5, "second");
  { Store db(f.db()); make_backup(db, f.backups(), kT0 + 3600, 5); }
  damage_pages(list_backups(f.backups())[0].file);  // the newest backup is bad
  damage_pages(f.db());
  const auto r = restore_latest(f.backups(), f.db(), kT0 + 7200);
  EXPECT_EQ(r.restored_from.filename(), backup_file_name(kT0));
  EXPECT_EQ(audit_rows(f.db()), 400);
}

TEST(OpenOrRecover, AGoodDatabaseIsLeftAlone) {
  Folder f("good");
  fill(f.db(), 5);
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 5); }
  const auto before = fs::last_write_time(f.db());
  const auto r = open_or_recover(f.db(), f.backups(), kT0 + 60, amsterdam());
  EXPECT_EQ(r.state, StartupCheck::State::Ok);
  EXPECT_EQ(fs::last_write_time(f.db()), before);
}

TEST(OpenOrRecover, AFirstStartWithoutBackupsIsOk) {
  Folder f("first");
  EXPECT_EQ(open_or_recover(f.db(), f.backups(), kT0, amsterdam()).state, StartupCheck::State::Ok);
  write_bytes(f.db(), "");
  EXPECT_EQ(open_or_recover(f.db(), f.backups(), kT0, amsterdam()).state, StartupCheck::State::Ok);
}

TEST(OpenOrRecover, RestoresADamagedDatabaseAndAlertsStaff) {
  Folder f("damaged");
  fill(f.db(), 400);
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 5); }
  damage_pages(f.db());
  const auto r = open_or_recover(f.db(), f.backups(), kT0 + 3600, amsterdam());
  ASSERT_EQ(r.state, StartupCheck::State::Restored) << r.problem;
  EXPECT_EQ(r.restored_from.filename(), backup_file_name(kT0));
  ASSERT_TRUE(r.kept_aside);
  EXPECT_TRUE(fs::exists(*r.kept_aside));
  EXPECT_FALSE(integrity_ok(*r.kept_aside));  // the damaged file itself, for whoever investigates
  EXPECT_TRUE(integrity_ok(f.db()));
  EXPECT_EQ(audit_rows(f.db()), 400);
  Store db(f.db());
  const auto alert = read_setting(db, kRestoredAlertKey);
  ASSERT_TRUE(alert);
  EXPECT_NE(alert->find("2027-01-15 10:00"), std::string::npos) << *alert;  // local time
  EXPECT_NE(alert->find(backup_file_name(kT0)), std::string::npos) << *alert;
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'database.restore' AND role = 'system'"), 1);
  db.migrate();  // what the kiosk does next
}

TEST(OpenOrRecover, RestoresAnEmptyDatabaseWhenBackupsExist) {
  Folder f("empty");
  fill(f.db(), 30);
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 5); }
  fs::remove(f.db());
  write_bytes(f.db(), "");
  const auto r = open_or_recover(f.db(), f.backups(), kT0 + 60, amsterdam());
  ASSERT_EQ(r.state, StartupCheck::State::Restored) << r.problem;
  EXPECT_EQ(audit_rows(f.db()), 30);
}

TEST(OpenOrRecover, FailsWithoutAGoodBackupAndTouchesNothing) {
  Folder f("nobackup");
  fill(f.db(), 400);
  damage_pages(f.db());
  fs::create_directories(f.backups());
  write_bytes(f.backups() / backup_file_name(kT0), std::string(8192, 'G'));
  const auto size = fs::file_size(f.db());
  const auto r = open_or_recover(f.db(), f.backups(), kT0 + 60, amsterdam());
  EXPECT_EQ(r.state, StartupCheck::State::Failed);
  EXPECT_NE(r.problem.find("no backup"), std::string::npos) << r.problem;
  EXPECT_EQ(r.problem.find('\n'), std::string::npos);
  EXPECT_EQ(fs::file_size(f.db()), size);
}

TEST(Restore, SeesWhetherAnotherProcessHasTheDatabaseOpen) {
  Folder f("inuse");
  fill(f.db(), 1);
  EXPECT_FALSE(database_in_use_elsewhere(f.db()));
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  const pid_t child = fork();
  if (child == 0) {
    Store db(f.db());
    db.engine().scalar_int("SELECT count(*) FROM audit");
    char c = 'r';
    if (write(ready[1], &c, 1) != 1) _exit(1);
    if (read(release[0], &c, 1) != 1) _exit(1);
    _exit(0);
  }
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  EXPECT_TRUE(database_in_use_elsewhere(f.db()));
  ASSERT_EQ(write(release[1], "x", 1), 1);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_FALSE(database_in_use_elsewhere(f.db()));
  for (int fd : {ready[0], ready[1], release[0], release[1]}) close(fd);
}

TEST(RecoverDatabase, UsesTheKiosksOptionsAndTheBackupsNextToTheDatabase) {
  Folder f("options");
  fill(f.db(), 400);
  { Store db(f.db()); make_backup(db, f.backups(), kT0, 5); }
  damage_pages(f.db());
  KioskOptions opts;
  const fs::path config = f.dir / "kiosk.toml";
  std::ofstream(config) << "[centre]\ntimezone = \"Europe/Amsterdam\"\n";
  opts.config_file = config.string();
  opts.db_file = f.db().string();
  opts.now = "2027-03-01T10:00";
  const auto r = recover_database(opts);
  ASSERT_EQ(r.state, StartupCheck::State::Restored) << r.problem;
  EXPECT_EQ(r.kept_aside->filename(), "kiosk.db.damaged-20270301-090000");
  auto kiosk = open_kiosk(opts);  // then the kiosk opens and migrates as always
  EXPECT_EQ(kiosk->store.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'test'"), 400);
  EXPECT_TRUE(read_setting(kiosk->store, kRestoredAlertKey));
  EXPECT_EQ(recover_database(opts).state, StartupCheck::State::Ok);  // the next start: all well
}

TEST(OpenOrRecover, AFileItCannotOpenIsNotDamageAndIsNeverReplaced) {
  Folder f("unreadable");
  fill(f.dir / "other.db", 400);
  { Store db(f.dir / "other.db"); make_backup(db, f.backups(), kT0, 5); }
  fs::create_directories(f.db());  // "kiosk.db" that SQLite cannot open (as a lock or no permission)
  const auto report = check_integrity(f.db());
  EXPECT_EQ(report.health, DbHealth::Unreadable) << report.problem;
  const auto r = open_or_recover(f.db(), f.backups(), kT0 + 60, amsterdam());
  EXPECT_EQ(r.state, StartupCheck::State::Failed);
  EXPECT_NE(r.problem.find("cannot be read"), std::string::npos) << r.problem;
  EXPECT_TRUE(fs::is_directory(f.db()));
  for (const auto& e : fs::directory_iterator(f.dir))
    EXPECT_EQ(e.path().string().find(".damaged-"), std::string::npos) << e.path();
}
