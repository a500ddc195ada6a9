// The one place screens are registered, by type: each screen's kId says which ScreenId it serves,
// so the order here does not matter.
#include "ui/screens/activity_screen.hpp"
#include "ui/screens/agenda_screen.hpp"
#include "ui/screens/help_screen.hpp"
#include "ui/screens/lookup_screen.hpp"
#include "ui/screens/register_screen.hpp"
#include "ui/screens/volunteer/volunteer_screen.hpp"

namespace bk::ui {

void create_screens(UiContext& ui) {
  for (auto& s : ui.screens) s.reset();
  ui.add_screen<AgendaScreen>();
  ui.add_screen<ActivityScreen>();
  ui.add_screen<RegisterScreen>();
  ui.add_screen<LookupScreen>();
  ui.add_screen<HelpScreen>();
  ui.add_screen<VolunteerScreen>();
}

}  // namespace bk::ui
