// Volunteer mode's status panel reads through services/status_panel; clearing the restored alert
// erases it and audits who did it, together.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "services/status_panel.hpp"
#include "store/audit.hpp"
#include "store/settings.hpp"

namespace {

struct TempStore {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("bk_status_panel_" + std::to_string(::getpid()));
  std::unique_ptr<bk::Store> store;
  TempStore() {
    std::filesystem::remove_all(dir);
    store = std::make_unique<bk::Store>(dir / "kiosk.db");
    store->migrate();
  }
  ~TempStore() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace

TEST(StatusPanel, ReadsTheSettingsTheScreenShows) {
  TempStore t;
  bk::StatusPanel empty = bk::read_status(*t.store);
  EXPECT_TRUE(empty.db_bytes.has_value());
  EXPECT_FALSE(empty.printer.has_value());
  EXPECT_EQ(empty.backup_last, "");
  EXPECT_EQ(empty.restored_alert, "");
  bk::write_setting(*t.store, "backup.last", "2027-03-01 03:00 ok");
  bk::write_setting(*t.store, "import.last_status", "12 activiteiten");
  bk::write_setting(*t.store, "alert.restored", "kiosk.db.1");
  const bk::StatusPanel s = bk::read_status(*t.store);
  EXPECT_EQ(s.backup_last, "2027-03-01 03:00 ok");
  EXPECT_EQ(s.feed_status, "12 activiteiten");
  EXPECT_EQ(s.restored_alert, "kiosk.db.1");
}

TEST(StatusPanel, ClearingTheRestoredAlertIsAudited) {
  TempStore t;
  bk::write_setting(*t.store, "alert.restored", "kiosk.db.1");
  bk::clear_restored_alert(*t.store, bk::Role::Staff, 1800000000);
  EXPECT_EQ(bk::read_status(*t.store).restored_alert, "");
  const auto audit = bk::read_audit(*t.store, 0);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "alert.clear");
  EXPECT_EQ(audit[0].role, "staff");
  EXPECT_EQ(audit[0].subject, "alert.restored");
  EXPECT_EQ(audit[0].at, 1800000000);
}
