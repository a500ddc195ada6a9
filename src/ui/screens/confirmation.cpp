#include "ui/screens/confirmation.hpp"

#include "ui/widgets.hpp"

namespace bk::ui {

void draw_confirmation(UiContext& ui, const Confirmation& c, const QrImage& qr) {
  const float em = ui.em();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // QR large enough for a phone at 40 cm: a third of the screen height or more.
  const float qr_side = std::min(avail.y - 4 * em, avail.x * 0.42f);
  ImGui::BeginGroup();
  qr_code(ui, qr, qr_side);
  ImGui::EndGroup();
  ImGui::SameLine(0, 2 * em);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(avail.x);
  heading(ui, c.title);
  text_wrapped(ui, c.what);
  if (!c.note.empty()) text_wrapped(ui, c.note);
  ImGui::Dummy(ImVec2(0, 0.5f * em));
  text_wrapped(ui, ui.tr("confirm.code_is"));
  ImGui::PushFont(ui.fonts.huge[ui.text_size]);
  // Spaced for reading aloud and copying: K7M 3QX.
  const std::string spaced = c.code.size() == 6 ? c.code.substr(0, 3) + " " + c.code.substr(3) : c.code;
  ImGui::TextUnformatted(spaced.c_str());
  ImGui::PopFont();
  text_wrapped(ui, ui.tr("confirm.scan"));
  ImGui::Dummy(ImVec2(0, 0.5f * em));
  // Printen and Klaar side by side in what the QR code leaves (at A++ less than 2 x 12 em).
  const float column = avail.x - qr_side - 2 * em;
  const float button = std::min(12 * em, ui.print_ticket ? (column - ImGui::GetStyle().ItemSpacing.x) / 2 : column);
  if (ui.print_ticket) {
    if (big_button(ui, ui.tr("confirm.print"), ImVec2(button, 0))) ui.print_ticket(c);
    ImGui::SameLine();
  }
  if (big_button(ui, ui.tr("confirm.done"), ImVec2(button, 0), ButtonStyle::Primary)) ui.home();
  if (!ui.print_status.empty()) text_wrapped(ui, ui.print_status);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

}  // namespace bk::ui
