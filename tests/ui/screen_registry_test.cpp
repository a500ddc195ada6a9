// Screens are registered by type: each lands in the slot of its kId, whatever the order, and a
// second screen for one ScreenId or a missing one is a programming error said out loud.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "ui/screens/agenda_screen.hpp"
#include "ui/screens/register_screen.hpp"
#include "ui/screens/volunteer/volunteer_screen.hpp"
#include "ui/ui.hpp"

namespace {

struct TempKiosk {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("bk_screen_registry_" + std::to_string(::getpid()));
  std::unique_ptr<bk::Kiosk> kiosk;
  bk::Catalog catalog;
  TempKiosk() {
    std::filesystem::remove_all(dir);
    kiosk = std::make_unique<bk::Kiosk>(bk::Config{}, std::make_unique<bk::SystemClock>(), dir / "kiosk.db");
  }
  ~TempKiosk() {
    kiosk.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace

TEST(ScreenRegistry, ByTypeInAnyOrder) {
  TempKiosk t;
  bk::ui::UiContext ui(*t.kiosk, t.catalog);
  auto& volunteer = ui.add_screen<bk::ui::VolunteerScreen>();
  auto& reg = ui.add_screen<bk::ui::RegisterScreen>();
  EXPECT_EQ(&ui.screen<bk::ui::VolunteerScreen>(), &volunteer);
  EXPECT_EQ(&ui.screen(bk::ui::ScreenId::Register), &reg);
  EXPECT_THROW(ui.add_screen<bk::ui::RegisterScreen>(), std::logic_error);
  EXPECT_THROW(ui.screen(bk::ui::ScreenId::Agenda), std::logic_error);
}

TEST(ScreenRegistry, CreateScreensFillsEverySlot) {
  TempKiosk t;
  bk::ui::UiContext ui(*t.kiosk, t.catalog);
  bk::ui::create_screens(ui);
  for (const auto& s : ui.screens) EXPECT_TRUE(s != nullptr);
  ui.screen<bk::ui::AgendaScreen>();  // reachable by type
}
