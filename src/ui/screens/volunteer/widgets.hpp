#pragma once
// Small pieces the volunteer tabs share: pickers instead of typing.
#include <set>
#include <string>

#include "ui/ui.hpp"
#include "ui/widgets.hpp"

namespace bk::ui::volunteer {

// A touch picker: − value +. No typing where a picker will do.
template <typename Minus, typename Plus>
void picker(UiContext& ui, const char* id, const std::string& value, Minus on_minus, Plus on_plus) {
  const float em = ui.em();
  ImGui::PushID(id);
  if (big_button(ui, "−", ImVec2(3 * em, 2.6f * em))) on_minus();
  ImGui::SameLine();
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 0.6f * em);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() - 0.6f * em);
  if (big_button(ui, "+", ImVec2(3 * em, 2.6f * em))) on_plus();
  ImGui::PopID();
}

void row_label(UiContext& ui, const std::string& label);
void error_text(UiContext& ui, const std::string& text);  // in the theme's danger colour
std::string hhmm(int minutes);
// The rooms the agenda uses in the next four weeks, for picking instead of typing.
std::set<std::string> known_rooms(UiContext& ui);
void room_buttons(UiContext& ui, const std::set<std::string>& rooms, std::string& room);
// Vrije inloop, or else a − places + picker.
void places_picker(UiContext& ui, bool& free_entry, int& capacity);

}  // namespace bk::ui::volunteer
