// The frame around every screen: header with the centre's name, date and clock, Begin and Terug,
// the text-size buttons; and the idle handling that keeps a public kiosk from showing one
// resident's data to the next.
#include <imgui.h>

#include <cmath>

#include "ui/screens/night_screen.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

// Every navigation asks for one more frame: the new screen must show even when no input follows
// (the idle reset happens with nobody touching the screen).
Screen& UiContext::screen(ScreenId id) {
  const auto& slot = screens.at(static_cast<size_t>(id));
  if (!slot) throw std::logic_error("no screen registered for ScreenId " + std::to_string(static_cast<int>(id)));
  return *slot;
}

void UiContext::go(ScreenId id) {
  wake_in = 0;
  stack.push_back(id);
  screen(id).on_show(*this);
}

void UiContext::back() {
  if (stack.size() <= 1) return;
  wake_in = 0;
  screen(stack.back()).forget();
  stack.pop_back();
  screen(stack.back()).on_show(*this);
}

void UiContext::home() {
  wake_in = 0;
  if (stop_speaking) stop_speaking();
  print_status.clear();
  for (auto& s : screens)
    if (s) s->forget();
  stack.assign(1, ScreenId::Agenda);
  screen(ScreenId::Agenda).on_show(*this);
}

namespace {

void draw_header(UiContext& ui, float height) {
  const Theme& t = *ui.theme;
  const float em = ui.em();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImDrawList* bar = ImGui::GetWindowDrawList();
  bar->PushClipRectFullScreen();  // the bar runs to the screen's edges, past the window padding
  bar->AddRectFilled(ImVec2(0, 0), ImVec2(p.x + width + 100, p.y + height), colour(t.header));
  bar->PopClipRect();
  const float pad = 0.4f * em;
  const ImVec2 button(0, height - 2 * pad);
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + pad));
  float left_end = p.x;
  if (ui.stack.size() > 1) {
    if (big_button(ui, ui.tr("common.back"), button, ButtonStyle::OnHeader)) ui.back();
    ImGui::SameLine();
    if (big_button(ui, ui.tr("common.home"), button, ButtonStyle::OnHeader)) ui.home();
    left_end = ImGui::GetItemRectMax().x + em;
  }
  // Centre name, date and clock in the middle.
  ImFont* bold = ui.fonts.bold[ui.text_size];
  ImFont* body = ui.fonts.body[ui.text_size];
  const std::string when = ui.text.long_date(ui.local_now.date) + "  ·  " + ui.text.time_of_day(ui.local_now);
  const std::string& name = ui.kiosk.config.centre.name;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Right: Voorlezen, then A A+ A++.
  const float size_w = 3.4f * em;
  const std::string read_aloud = ui.speak ? ui.tr("common.read_aloud") : std::string();
  const float speak_w = ui.speak ? text_width(ui.fonts.bold[ui.text_size], read_aloud) + 1.6f * em : 0.f;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right_start = p.x + width - 3 * size_w - 2 * spacing - (ui.speak ? speak_w + spacing : 0.f);
  const float mid = std::max(left_end + text_width(bold, name) / 2, (left_end + right_start) / 2);
  const float line_h = bold->FontSize * 1.15f;
  const float top = p.y + (height - 2 * line_h) / 2;
  dl->AddText(bold, bold->FontSize, ImVec2(mid - text_width(bold, name) / 2, top), colour(t.header_text), name.c_str());
  dl->AddText(body, body->FontSize, ImVec2(mid - text_width(body, when) / 2, top + line_h), colour(t.header_text), when.c_str());
  static const char* labels[kTextSizes] = {"A", "A+", "A++"};
  ImGui::SetCursorScreenPos(ImVec2(right_start, p.y + pad));
  if (ui.speak) {
    if (big_button(ui, read_aloud, ImVec2(speak_w, button.y), ButtonStyle::OnHeader)) {
      // The screen's main text; a form reads its question, never what the resident typed.
      const std::string text = ui.screen(ui.current()).spoken_text(ui);
      ui.speak(text.empty() ? ui.tr("agenda.title") : text);
    }
    ImGui::SameLine();
  }
  for (int i = 0; i < kTextSizes; ++i) {
    if (i) ImGui::SameLine();
    if (big_button(ui, labels[i], ImVec2(size_w, button.y),
                   i == ui.text_size ? ButtonStyle::Selected : ButtonStyle::OnHeader))
      ui.text_size = i;
  }
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + height + 0.6f * em));
}

// "Bent u er nog?" with a countdown; at zero, home and everything typed is forgotten.
void draw_idle_overlay(UiContext& ui, double over) {
  const int countdown = ui.kiosk.config.kiosk.idle_countdown_seconds;
  const int left = std::max(0, countdown - static_cast<int>(std::floor(over)));
  const float em = ui.em();
  const ImVec2 vp = ImGui::GetIO().DisplaySize;
  ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), vp, IM_COL32(0, 0, 0, 150));
  const ImVec2 size(std::min(vp.x * 0.8f, 30 * em), 12 * em);
  ImGui::SetNextWindowPos(ImVec2((vp.x - size.x) / 2, (vp.y - size.y) / 2));
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour4(ui.theme->surface));
  ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->surface_text));
  ImGui::Begin("idle", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  ImGui::SetCursorPos(ImVec2(em, em));
  heading(ui, ui.tr("idle.question"));
  text_wrapped(ui, ui.tr("idle.countdown", {{"n", std::to_string(left)}}));
  ImGui::SetCursorPosX(em);
  big_button(ui, ui.tr("idle.still_here"), ImVec2(size.x - 2 * em, 0), ButtonStyle::Primary);
  // Any touch resets the idle time in the loop, so the tap itself is the answer.
  ImGui::End();
  ImGui::PopStyleColor(2);
  ui.wake_in = std::min(ui.wake_in, 1.0 - std::fmod(over, 1.0));  // the countdown ticks each second
}

}  // namespace

void draw_frame(UiContext& ui) {
  apply_theme(*ui.theme);
  const ImGuiIO& io = ImGui::GetIO();
  const auto& k = ui.kiosk.config.kiosk;
  // Closed: once the agenda (or a volunteer session) has been left alone, the night screen
  // replaces everything. Forms first run their own idle reset, so nothing typed is left behind.
  ui.night_showing = ui.closed && ui.idle_seconds >= k.idle_seconds &&
                     (ui.current() == ScreenId::Agenda || ui.idle_seconds >= k.volunteer_logout_seconds) &&
                     !ui.screen(ui.current()).is_form();
  if (ui.night_showing) {
    if (ui.current() != ScreenId::Agenda || ui.text.language() != ui.kiosk.config.display.language ||
        ui.text_size != 0) {
      ui.text.set_language(ui.kiosk.config.display.language);
      ui.text_size = 0;
      ui.home();
    }
    ImGui::PushFont(ui.fonts.body[ui.text_size]);
    draw_night(ui);
    ImGui::PopFont();
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushFont(ui.fonts.body[ui.text_size]);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui.em() * 0.8f, ui.em() * 0.5f));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ui.em() * 0.5f, ui.em() * 0.5f));
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  draw_header(ui, 3.6f * ui.em());
  ui.screen(ui.current()).draw(ui);
  ImGui::End();

  // Idle: a form asks first; any other screen than home simply goes home; home itself returns
  // to the default language and text size for the next resident.
  Screen& s = ui.screen(ui.current());
  if (s.is_form()) {
    if (ui.idle_seconds >= k.idle_seconds) {
      const double over = ui.idle_seconds - k.idle_seconds;
      if (over >= k.idle_countdown_seconds) {
        ui.home();
      } else {
        draw_idle_overlay(ui, over);
      }
    }
  } else if (ui.current() != ScreenId::Agenda && ui.current() != ScreenId::Volunteer &&
             ui.idle_seconds >= k.idle_seconds) {
    ui.home();
  } else if (ui.current() == ScreenId::Agenda && ui.idle_seconds >= k.idle_seconds &&
             (ui.text.language() != ui.kiosk.config.display.language || ui.text_size != 0)) {
    ui.text.set_language(ui.kiosk.config.display.language);
    ui.text_size = 0;
    ui.home();
  }
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
}

}  // namespace bk::ui
