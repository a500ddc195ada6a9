#pragma once
#include <optional>

#include "ui/screens/volunteer/tabs.hpp"
#include "ui/ui.hpp"

namespace bk::ui {

// Vrijwilliger: a PIN pad, then the tabs (volunteer/tabs.hpp). `Uitloggen` is always visible; the
// session ends after volunteer_logout_seconds without a touch. Each part keeps its own state;
// forgetting a session is assigning it anew, so nothing (a picker's value, a half-typed title)
// survives into the next volunteer's.
class VolunteerScreen final : public Screen {
 public:
  static constexpr ScreenId kId = ScreenId::Volunteer;
  void draw(UiContext& ui) override;
  void on_show(UiContext& ui) override;
  void forget() override;

  enum class Tab { Help, Attendees, NewActivity, Status };

 private:
  struct Session {
    Role role = Role::Volunteer;
    Tab tab = Tab::Help;
    volunteer::HelpTab help;
    volunteer::AttendeesTab attendees;
    volunteer::NewActivityTab new_activity;
    volunteer::StatusTab status;
  };
  bool draw_tab_bar(UiContext& ui);  // false after Uitloggen

  volunteer::PinPad pin_;
  std::optional<Session> session_;  // none until a PIN opened it
};

}  // namespace bk::ui
