#include "ui/screens/night_screen.hpp"

#include <imgui.h>

#include "ui/ui.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

void draw_night(UiContext& ui) {
  const ImVec2 vp = ImGui::GetIO().DisplaySize;
  const float em = ui.em();
  // Black with dim grey text: light enough to read, dark enough for an entrance hall at night.
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(vp);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(190, 190, 190, 255));
  ImGui::Begin("night", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  std::string lines[3];
  lines[0] = ui.tr("night.closed", {{"centre", ui.kiosk.config.centre.name}});
  if (ui.opens_at) {
    const LocalDateTime& t = *ui.opens_at;
    const bool today = t.date == ui.local_now.date;
    lines[1] = today ? ui.tr("night.open_today", {{"time", ui.text.time_of_day(t)}})
                     : ui.tr("night.open_again", {{"day", ui.text.long_date(t.date)}, {"time", ui.text.time_of_day(t)}});
  }
  lines[2] = ui.tr("night.touch");
  ImFont* fonts[3] = {ui.fonts.heading[ui.text_size], ui.fonts.body[ui.text_size], ui.fonts.body[ui.text_size]};
  float y = vp.y / 2 - 3 * em;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < 3; ++i) {
    if (lines[i].empty()) continue;
    ImFont* f = fonts[i];
    const float w = text_width(f, lines[i]);
    dl->AddText(f, f->FontSize, ImVec2(std::max(em, (vp.x - w) / 2), y), IM_COL32(190, 190, 190, 255), lines[i].c_str());
    y += f->FontSize * 1.6f;
  }
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace bk::ui
