// Files that can hold personal data are private from their first byte, whatever the umask: the
// database with its -wal and -shm, backups, `backup DIR` copies, restores, PNG printer files and
// the file handed to `lp` are 0600; folders the program makes for them 0700.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "print/printer.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
namespace fs = std::filesystem;

namespace {

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

// The test process runs with umask 000 (the worst case) for the length of one test.
struct OpenUmask {
  mode_t old = ::umask(0);
  ~OpenUmask() { ::umask(old); }
};

struct Dir {
  fs::path path;
  explicit Dir(const std::string& name)
      : path(fs::temp_directory_path() / ("bk_private_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
};

}  // namespace

TEST(PrivateFiles, DatabaseWalShmAndTheFoldersMadeForThemEvenWithUmask000) {
  OpenUmask open;
  Dir d("db");
  const fs::path db_file = d.path / "made" / "here" / "kiosk.db";
  {
    Store db(db_file);
    db.migrate();
    db.engine().exec("INSERT INTO setting(key, value) VALUES ('x', 'y')");  // the WAL gets frames
    EXPECT_EQ(mode_of(db_file), 0600u);
    EXPECT_EQ(mode_of(db_file.string() + "-wal"), 0600u);
    EXPECT_EQ(mode_of(db_file.string() + "-shm"), 0600u);
    EXPECT_EQ(mode_of(d.path / "made"), 0700u);
    EXPECT_EQ(mode_of(d.path / "made" / "here"), 0700u);

    const BackupInfo b = make_backup(db, d.path / "new" / "backups", 1'800'000'000, 5);
    EXPECT_EQ(mode_of(b.file), 0600u);
    EXPECT_EQ(mode_of(d.path / "new"), 0700u);
    EXPECT_EQ(mode_of(d.path / "new" / "backups"), 0700u);
    const fs::path restored = d.path / "restored" / "kiosk.db";
    restore(b.file, restored, 1'800'000'100);
    EXPECT_EQ(mode_of(restored), 0600u);
    EXPECT_EQ(mode_of(d.path / "restored"), 0700u);
  }
}

TEST(PrivateFiles, PngPrinterFilesAndTheFileHandedToLp) {
  OpenUmask open;
  Dir d("print");
  print::Raster r(384, 100);
  r.fill_rect(10, 10, 50, 50);
  Config::Printer png;
  png.kind = PrinterKind::Png;
  png.target = d.path.string();  // an existing folder: its mode is the staff's choice
  ASSERT_TRUE(print::print_raster(png, r, "K7M3QX", 1'800'000'000).ok());
  int files = 0;
  for (const auto& e : fs::directory_iterator(d.path)) {
    ++files;
    EXPECT_EQ(mode_of(e.path()), 0600u) << e.path();
  }
  EXPECT_EQ(files, 1);

  // A fake lp notes the mode of the file it is given and of the folder that file is in.
  const fs::path seen = d.path / "seen.txt";
  const fs::path lp = d.path / "lp";
  std::ofstream(lp) << "#!/bin/sh\nfor f; do :; done\nstat -c %a \"$f\" \"$(dirname \"$f\")\" > " << seen.string() << "\n";
  ::chmod(lp.c_str(), 0755);
  ASSERT_TRUE(print::send_to_cups("kassa", r, std::chrono::seconds(5), lp.string()).ok());
  std::ifstream in(seen);
  std::string file_mode, folder_mode;
  in >> file_mode >> folder_mode;
  EXPECT_EQ(file_mode, "600");
  EXPECT_EQ(folder_mode, "700");
}

TEST(PrivateFiles, TheCommandLineMakesPrivateFilesWhateverTheUmask) {
  OpenUmask open;  // inherited by buurtkioskctl
  Dir d("cli");
  const fs::path db_file = d.path / "data" / "kiosk.db";
  const std::string base = "--db " + db_file.string() + " --now 2027-03-01T09:00 ";
  ASSERT_EQ(test::run_ctl(base + "activity add --title Koersbal --start 2027-03-02T10:00 --end 2027-03-02T11:00").code, 0);
  ASSERT_EQ(test::run_ctl(base + "register 1 --name Zwanetta").code, 0);
  EXPECT_EQ(mode_of(db_file), 0600u);
  EXPECT_EQ(mode_of(d.path / "data"), 0700u);
  const auto own = test::run_ctl(base + "backup");
  ASSERT_EQ(own.code, 0) << own.out;
  const auto copy = test::run_ctl(base + "backup " + (d.path / "stick" / "kiosk").string());
  ASSERT_EQ(copy.code, 0) << copy.out;
  for (const fs::path& folder : {d.path / "data" / "backups", d.path / "stick", d.path / "stick" / "kiosk"}) {
    EXPECT_EQ(mode_of(folder), 0700u) << folder;
    if (folder == d.path / "stick") continue;
    for (const auto& e : fs::directory_iterator(folder)) EXPECT_EQ(mode_of(e.path()), 0600u) << e.path();
  }
}
