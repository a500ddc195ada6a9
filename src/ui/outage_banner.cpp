#include "ui/outage_banner.hpp"

#include "ui/widgets.hpp"

namespace bk::ui {

bool in_outage(const UiContext& ui) { return ui.kiosk.connection.outage(); }

void outage_banner(UiContext& ui, const std::string& text, float width) {
  const float em = ui.em();
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  ImFont* bold = ui.fonts.bold[ui.text_size];
  const float pad = 0.5f * em;
  const ImVec2 size = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, width - 2 * pad, text.c_str());
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = size.y + 2 * pad;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), colour(ui.theme->danger), 0.3f * em);
  dl->AddText(bold, bold->FontSize, ImVec2(p.x + pad, p.y + pad), colour(ui.theme->danger_text), text.c_str(),
              nullptr, width - 2 * pad);
  ImGui::Dummy(ImVec2(width, h));
}

void registration_outage_banner(UiContext& ui, float width) {
  if (in_outage(ui)) outage_banner(ui, ui.tr("outage.banner"), width);
}

}  // namespace bk::ui
