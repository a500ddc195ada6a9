#include "ui/screens/volunteer/volunteer_screen.hpp"

#include <algorithm>

#include "domain/log.hpp"

namespace bk::ui {

void VolunteerScreen::on_show(UiContext&) { pin_.pin.clear(); }

void VolunteerScreen::forget() {
  pin_ = {};
  session_.reset();
}

// The tabs and Uitloggen. Choosing a tab (again) starts its list and forms afresh; a new activity
// being typed stays.
bool VolunteerScreen::draw_tab_bar(UiContext& ui) {
  const float em = ui.em();
  Session& s = *session_;
  const std::pair<Tab, const char*> tabs[] = {{Tab::Help, "volunteer.tab_help"},
                                              {Tab::Attendees, "volunteer.tab_attendees"},
                                              {Tab::NewActivity, "volunteer.tab_new"},
                                              {Tab::Status, "volunteer.tab_status"}};
  for (const auto& [t, key] : tabs) {
    if (big_button(ui, ui.tr(key), ImVec2(0, 2.8f * em), s.tab == t ? ButtonStyle::Selected : ButtonStyle::Secondary)) {
      s.tab = t;
      s.attendees = {};
      s.help = {};
    }
    ImGui::SameLine();
  }
  const float logout_w = text_width(ui.fonts.bold[ui.text_size], ui.tr("volunteer.logout"));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, ImGui::GetContentRegionAvail().x - logout_w - 2 * em));
  if (big_button(ui, ui.tr("volunteer.logout"), ImVec2(0, 2.8f * em), ButtonStyle::Danger)) {
    log::info("volunteer", "logged out");
    ui.home();
    return false;
  }
  return true;
}

void VolunteerScreen::draw(UiContext& ui) {
  if (!session_) {
    if (const auto role = pin_.draw(ui)) {
      session_.emplace();
      session_->role = *role;
    }
    return;
  }
  // Two minutes without a touch: log out and go back to the public screen.
  if (ui.idle_seconds >= ui.kiosk.config.kiosk.volunteer_logout_seconds) {
    log::info("volunteer", "logged out after inactivity");
    ui.home();
    return;
  }
  ui.wake_in = std::min(ui.wake_in, ui.kiosk.config.kiosk.volunteer_logout_seconds - ui.idle_seconds + 0.1);
  if (!draw_tab_bar(ui)) return;
  Session& s = *session_;
  switch (s.tab) {
    case Tab::Help: s.help.draw(ui, s.role); break;
    case Tab::Attendees: s.attendees.draw(ui, s.role); break;
    case Tab::NewActivity: s.new_activity.draw(ui, s.role); break;
    case Tab::Status: s.status.draw(ui, s.role); break;
  }
}

}  // namespace bk::ui
