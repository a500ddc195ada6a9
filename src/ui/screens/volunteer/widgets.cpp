#include "ui/screens/volunteer/widgets.hpp"

#include <algorithm>
#include <cstdio>

namespace bk::ui::volunteer {

void row_label(UiContext& ui, const std::string& label) {
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextUnformatted(label.c_str());
  ImGui::PopFont();
}

void error_text(UiContext& ui, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
  text_wrapped(ui, text);
  ImGui::PopStyleColor();
}

std::string hhmm(int minutes) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return b;
}

std::set<std::string> known_rooms(UiContext& ui) {
  std::set<std::string> rooms;
  for (const auto& i : ui.kiosk.agenda.between(ui.local_now.date, add_days(ui.local_now.date, 28)))
    if (!i.location.empty()) rooms.insert(i.location);
  return rooms;
}

void room_buttons(UiContext& ui, const std::set<std::string>& rooms, std::string& room) {
  const float em = ui.em();
  int n = 0;
  for (const auto& r : rooms) {
    if (n++ % 2) ImGui::SameLine();
    if (big_button(ui, r, ImVec2(12 * em, 2.4f * em), room == r ? ButtonStyle::Selected : ButtonStyle::Secondary))
      room = r;
  }
}

void places_picker(UiContext& ui, bool& free_entry, int& capacity) {
  if (big_button(ui, ui.tr("agenda.free_entry"), ImVec2(0, 2.6f * ui.em()),
                 free_entry ? ButtonStyle::Selected : ButtonStyle::Secondary))
    free_entry = !free_entry;
  if (!free_entry) {
    ImGui::SameLine();
    picker(ui, "cap", std::to_string(capacity), [&] { capacity = std::max(1, capacity - 1); },
           [&] { capacity = std::min(500, capacity + 1); });
  }
}

}  // namespace bk::ui::volunteer
