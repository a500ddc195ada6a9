// `purge` reaches every copy the program made: backups in its own folder, `backup DIR` copies it
// recorded, and the PNG printer's files. After it, no file the program made holds the name.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "store/backup.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::run_ctl;
namespace fs = std::filesystem;

namespace {

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every regular file under `dir` that holds `needle`.
std::vector<fs::path> files_holding(const fs::path& dir, const std::string& needle) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && file_bytes(e.path()).find(needle) != std::string::npos) out.push_back(e.path());
  return out;
}

std::string names(const std::vector<fs::path>& files) {
  std::string s;
  for (const auto& f : files) s += f.string() + " ";
  return s;
}

}  // namespace

TEST(PurgeCopies, NoFileTheProgramMadeHoldsAPurgedName) {
  const fs::path dir = fs::temp_directory_path() / ("bk_purge_copies_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path site = dir / "site", stick = dir / "stick", away = dir / "taken-home", printed = site / "printed";
  fs::create_directories(printed);
  fs::create_directories(away);
  const fs::path cfg = site / "kiosk.toml";
  std::ofstream(cfg) << "[centre]\nname = \"Wijkcentrum De Oever\"\n"
                        "[printer]\nkind = \"png\"\ntarget = \"" << printed.string() << "\"\npaper_mm = 58\n";
  auto ctl = [&](const std::string& args, const char* now) {
    return run_ctl("--config " + cfg.string() + " --db " + (site / "kiosk.db").string() + " --now " + now + " " + args);
  };
  ASSERT_EQ(ctl("activity add --title Koersbal --start 2027-01-10T10:00 --end 2027-01-10T11:00", "2027-01-05T09:00").code, 0);
  ASSERT_EQ(ctl("activity add --title Later --start 2027-03-20T10:00 --end 2027-03-20T11:00", "2027-01-05T09:00").code, 0);
  const auto reg = ctl("register 1 --name 'Zwanetta Purgeman' --phone 0687654321 --print --json", "2027-01-05T09:00");
  ASSERT_EQ(reg.code, 0) << reg.out;
  ASSERT_NE(reg.out.find("\"printed\": true"), std::string::npos) << reg.out;
  ASSERT_EQ(ctl("register 2 --name 'Bertha Blijft'", "2027-01-05T09:00").code, 0);  // not due yet
  // Copies made over time: an old one (past retention by itself) and recent ones that still hold
  // the name because nothing had been purged yet.
  ASSERT_EQ(ctl("backup", "2027-01-05T10:00").code, 0);
  ASSERT_EQ(ctl("backup " + stick.string(), "2027-01-06T10:00").code, 0);
  ASSERT_EQ(ctl("backup", "2027-02-20T10:00").code, 0);
  ASSERT_EQ(ctl("backup " + stick.string(), "2027-02-20T10:00").code, 0);
  const auto elsewhere = ctl("backup " + (dir / "usb").string(), "2027-02-21T10:00");
  ASSERT_EQ(elsewhere.code, 0) << elsewhere.out;
  // That last copy leaves the building (a USB stick someone took home).
  const fs::path usb_copy = dir / "usb" / backup_file_name(parse_now_option("2027-02-21T10:00", TimeZone::load("Europe/Amsterdam")));
  ASSERT_TRUE(fs::exists(usb_copy)) << elsewhere.out;
  fs::rename(dir / "usb", away / "usb");
  // The test can fail: before the purge the name is in the database, the backups and the copies.
  ASSERT_GE(files_holding(dir, "Purgeman").size(), 5u) << names(files_holding(dir, "Purgeman"));
  ASSERT_EQ(std::distance(fs::directory_iterator(printed), {}), 1);

  const auto purge = ctl("purge", "2027-03-01T10:00");
  EXPECT_EQ(purge.code, 0) << purge.out;
  EXPECT_NE(purge.out.find("1 recorded backup copies not found"), std::string::npos) << purge.out;
  EXPECT_NE(purge.out.find("printed files 1"), std::string::npos) << purge.out;
  // Everything in the building is clean; the copy that was away is the only one left.
  const auto left = files_holding(dir, "Purgeman");
  ASSERT_EQ(left.size(), 1u) << names(left);
  EXPECT_EQ(left[0], away / "usb" / usb_copy.filename());
  EXPECT_EQ(std::distance(fs::directory_iterator(printed), {}), 0) << "the printed ticket is gone";
  // The copies that stay are sound and still hold what is not due (Bertha's date is still ahead).
  const auto backups = list_backups(site / "backups");
  ASSERT_EQ(backups.size(), 1u) << "the old backup was deleted, the recent one cleared";
  EXPECT_TRUE(integrity_ok(backups[0].file));
  EXPECT_NE(file_bytes(backups[0].file).find("Bertha Blijft"), std::string::npos);
  ASSERT_EQ(list_backups(stick).size(), 1u);
  EXPECT_TRUE(integrity_ok(list_backups(stick)[0].file));
  EXPECT_FALSE(fs::exists(list_backups(stick)[0].file.string() + "-wal"));

  // The stick comes back: the next purge clears it too.
  fs::rename(away / "usb", dir / "usb");
  const auto again = ctl("purge", "2027-03-02T10:00");
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_EQ(again.out.find("not found"), std::string::npos) << again.out;
  EXPECT_EQ(files_holding(dir, "Purgeman").size(), 0u) << names(files_holding(dir, "Purgeman"));
  EXPECT_TRUE(integrity_ok(usb_copy));
  fs::remove_all(dir);
}
