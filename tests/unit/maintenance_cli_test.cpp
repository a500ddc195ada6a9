// buurtkioskctl check, backup, restore, purge: exit codes, one-line errors, files on disk.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/settings.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::run_ctl;
namespace fs = std::filesystem;

namespace {

struct Site {  // a database with its backup folder next to it, as --db puts them
  fs::path dir;
  fs::path db;
  explicit Site(const std::string& name)
      : dir(fs::temp_directory_path() / ("bk_maint_" + name + "_" + std::to_string(::getpid()))),
        db(dir / "kiosk.db") {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Site() { fs::remove_all(dir); }
  std::string ctl(const std::string& args, const char* now = "2027-03-01T10:00") const {
    return "--db " + db.string() + " --now " + now + " " + args;
  }
  fs::path backups() const { return dir / "backups"; }
  int lines(const std::string& s) const { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }
};

void fill(const fs::path& file, int rows) {
  Store db(file);
  db.migrate();
  WriteScope tx(db);
  auto st = db.engine().prepare("INSERT INTO audit(at_utc, role, action, subject, detail) VALUES (1, 'cli', 'test', ?, ?)");
  for (int i = 0; i < rows; ++i) {
    st.bind(1, std::to_string(i)).bind(2, std::string(200, 'y'));
    st.run();
    st.reset();
  }
  tx.commit();
}

void damage(const fs::path& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  std::mt19937 rng(3);
  const auto pages = fs::file_size(file) / 4096;
  for (std::uintmax_t p = 2; p + 1 < pages; p += 2) {
    f.seekp(static_cast<std::streamoff>(p * 4096 + 64));
    for (int i = 0; i < 2000; ++i) f.put(static_cast<char>(rng()));
  }
}

}  // namespace

TEST(CheckCli, GoodDamagedGarbageAndMissing) {
  Site s("check");
  auto r = run_ctl(s.ctl("check"));
  EXPECT_EQ(r.code, 1) << r.out;  // missing: nothing was created either
  EXPECT_FALSE(fs::exists(s.db));
  fill(s.db, 400);
  r = run_ctl(s.ctl("check"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ok: "), std::string::npos);
  damage(s.db);
  r = run_ctl(s.ctl("check"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(s.lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find("is damaged"), std::string::npos) << r.out;
  fs::remove(s.db);
  std::ofstream(s.db, std::ios::binary) << std::string(10000, '\x5a');  // garbage, not SQLite
  r = run_ctl(s.ctl("check"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(s.lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find("not a database"), std::string::npos) << r.out;
}

TEST(BackupCli, WritesIntoTheFolderNextToTheDatabaseAndRecordsIt) {
  Site s("backup");
  auto r = run_ctl(s.ctl("backup"));
  EXPECT_EQ(r.code, 1) << r.out;  // no database: nothing to back up, nothing created
  EXPECT_FALSE(fs::exists(s.db));
  fill(s.db, 10);
  r = run_ctl(s.ctl("backup"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto all = list_backups(s.backups());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].file.filename(), "kiosk-20270301-090000.db");  // 10:00 in Amsterdam is 09:00 UTC
  Store db(s.db, Store::Mode::ReadOnly);
  EXPECT_EQ(read_setting(db, kLastBackupKey), "2027-03-01 10:00 kiosk-20270301-090000.db");
  const fs::path elsewhere = s.dir / "usb";
  r = run_ctl(s.ctl("backup " + elsewhere.string(), "2027-03-01T11:00"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(list_backups(elsewhere).size(), 1u);
}

TEST(RestoreCli, LatestRestoresADamagedDatabaseAndKeepsItAside) {
  Site s("restore");
  fill(s.db, 400);
  ASSERT_EQ(run_ctl(s.ctl("backup")).code, 0);
  damage(s.db);
  ASSERT_EQ(run_ctl(s.ctl("check")).code, 1);
  auto r = run_ctl(s.ctl("restore --latest", "2027-03-01T12:00"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("(damaged) is kept as"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(s.dir / "kiosk.db.damaged-20270301-110000"));
  r = run_ctl(s.ctl("check"));
  EXPECT_EQ(r.code, 0) << r.out;
  Store db(s.db, Store::Mode::ReadOnly);
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'test'"), 400);
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'database.restore'"), 1);
}

TEST(RestoreCli, RefusesBadBackupsBadUsageAndADatabaseInUse) {
  Site s("refuse");
  fill(s.db, 10);
  const fs::path bad = s.dir / "bad.db";
  std::ofstream(bad) << "not a database at all, not even close to one";
  auto r = run_ctl(s.ctl("restore " + bad.string()));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(s.lines(r.out), 1) << r.out;
  EXPECT_TRUE(integrity_ok(s.db));
  r = run_ctl(s.ctl("restore --latest"));  // no backups at all
  EXPECT_EQ(r.code, 1) << r.out;
  r = run_ctl(s.ctl("restore"));
  EXPECT_EQ(r.code, 2) << r.out;
  r = run_ctl(s.ctl("restore " + bad.string() + " --latest"));
  EXPECT_EQ(r.code, 2) << r.out;

  ASSERT_EQ(run_ctl(s.ctl("backup")).code, 0);
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  const pid_t kiosk = fork();  // a running kiosk holding the database open
  if (kiosk == 0) {
    Store db(s.db);
    db.engine().scalar_int("SELECT 1 FROM audit");
    char c = 'r';
    if (write(ready[1], &c, 1) != 1 || read(release[0], &c, 1) != 1) _exit(1);
    _exit(0);
  }
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  r = run_ctl(s.ctl("restore --latest"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("open in another process"), std::string::npos) << r.out;
  ASSERT_EQ(write(release[1], "x", 1), 1);
  waitpid(kiosk, nullptr, 0);
  r = run_ctl(s.ctl("restore --latest"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("(sound) is kept as"), std::string::npos) << r.out;
  for (int fd : {ready[0], ready[1], release[0], release[1]}) close(fd);
}

TEST(PurgeCli, DryRunCountsAndChangesNothingThenPurgeClears) {
  Site s("purge");
  auto add = run_ctl(s.ctl("activity add --title Koersbal --start 2027-01-10T10:00 --end 2027-01-10T11:00 --capacity 10",
                           "2027-01-01T10:00"));
  ASSERT_EQ(add.code, 0) << add.out;
  Store db(s.db, Store::Mode::ReadOnly);
  const auto occurrence = db.engine().scalar_int("SELECT id FROM occurrence");
  for (int i = 0; i < 3; ++i) {
    auto reg = run_ctl(s.ctl("register " + std::to_string(occurrence) + " --name 'Zwanetta Purgeman' --phone 0612345678",
                             "2027-01-02T10:00"));
    ASSERT_EQ(reg.code, 0) << reg.out;
  }
  auto dry = run_ctl(s.ctl("purge --dry-run", "2027-01-20T10:00"));  // within 30 days: nothing
  EXPECT_EQ(dry.code, 0) << dry.out;
  EXPECT_NE(dry.out.find("would clear: registrations 0"), std::string::npos) << dry.out;
  dry = run_ctl(s.ctl("purge --dry-run", "2027-02-15T10:00"));
  EXPECT_NE(dry.out.find("would clear: registrations 3"), std::string::npos) << dry.out;
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM registration WHERE name IS NOT NULL"), 3);
  auto purge = run_ctl(s.ctl("purge", "2027-02-15T10:00"));
  EXPECT_EQ(purge.code, 0) << purge.out;
  EXPECT_NE(purge.out.find("cleared: registrations 3"), std::string::npos) << purge.out;
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM registration WHERE name IS NOT NULL OR phone IS NOT NULL"), 0);
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM registration"), 3);
  auto lookup = run_ctl(s.ctl("registrations " + std::to_string(occurrence) + " --csv", "2027-02-15T10:00"));
  EXPECT_EQ(lookup.out.find("Purgeman"), std::string::npos) << lookup.out;
}
