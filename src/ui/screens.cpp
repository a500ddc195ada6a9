// The one place screens are registered: one line per screen, in ScreenId order.
#include "ui/screens/activity_screen.hpp"
#include "ui/screens/agenda_screen.hpp"
#include "ui/screens/help_screen.hpp"
#include "ui/screens/lookup_screen.hpp"
#include "ui/screens/register_screen.hpp"
#include "ui/screens/volunteer_screen.hpp"

namespace bk::ui {

void create_screens(UiContext& ui) {
  ui.screens.clear();
  ui.screens.push_back(std::make_unique<AgendaScreen>());     // ScreenId::Agenda
  ui.screens.push_back(std::make_unique<ActivityScreen>());   // ScreenId::Activity
  ui.screens.push_back(std::make_unique<RegisterScreen>());   // ScreenId::Register
  ui.screens.push_back(std::make_unique<LookupScreen>());     // ScreenId::Lookup
  ui.screens.push_back(std::make_unique<HelpScreen>());       // ScreenId::Help
  ui.screens.push_back(std::make_unique<VolunteerScreen>());  // ScreenId::Volunteer
}

}  // namespace bk::ui
