#include <algorithm>

#include "ui/screens/volunteer/tabs.hpp"
#include "ui/screens/volunteer/widgets.hpp"

namespace bk::ui::volunteer {

std::optional<Role> PinPad::draw(UiContext& ui) {
  const float em = ui.em();
  VolunteerAuth auth(ui.kiosk.store, *ui.kiosk.clock);
  const int locked = auth.locked_seconds_left();
  heading(ui, ui.tr("volunteer.pin_title"));
  if (locked > 0) {
    const int minutes = (locked + 59) / 60;
    text_wrapped(ui, ui.tr("volunteer.locked", {{"n", std::to_string(minutes)}}));
    ui.wake_in = std::min(ui.wake_in, 1.0);
  } else if (!message.empty()) {
    error_text(ui, message);
  }
  // While locked the pad is disabled (greyed, taps and a hardware keyboard's digits and Enter do
  // nothing), and nothing typed reaches check_pin.
  if (locked > 0) {
    pin.clear();
    ImGui::BeginDisabled();
  }
  // Dots, never the digits: someone may look over a shoulder.
  TextEntry dots(8);
  dots.type(std::string(pin.length(), '*'));
  text_field(ui, dots, ui.tr("volunteer.pin_placeholder"), 14 * em);
  bool shift = false;
  const bool enter = on_screen_keyboard(ui, pin, KeyboardLayout::Digits, shift);
  const bool open = big_button(ui, ui.tr("volunteer.open"), ImVec2(14 * em, 0), ButtonStyle::Primary);
  if (locked > 0) {
    ImGui::EndDisabled();
    pin.clear();
    return std::nullopt;
  }
  if (!(open || enter) || pin.text().empty()) return std::nullopt;
  const PinResult r = auth.check_pin(pin.text());
  pin.clear();
  switch (r.check) {
    case PinCheck::Opened: message.clear(); return r.role;
    case PinCheck::Wrong: message = ui.tr("volunteer.wrong", {{"n", std::to_string(r.attempts_left)}}); break;
    case PinCheck::Locked: message.clear(); break;
    case PinCheck::NoPinSet: message = ui.tr("volunteer.no_pin"); break;
  }
  return std::nullopt;
}

}  // namespace bk::ui::volunteer
