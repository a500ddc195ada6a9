#include "ui/widgets.hpp"

#include <imgui_internal.h>

#include "domain/text.hpp"

#include <algorithm>
#include <cmath>

namespace bk::ui {

ImU32 colour(Rgb c, float alpha) { return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255)); }
ImVec4 colour4(Rgb c, float alpha) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, alpha); }

void apply_theme(const Theme& t) {
  ImGuiStyle& s = ImGui::GetStyle();
  s.Colors[ImGuiCol_WindowBg] = colour4(t.background);
  s.Colors[ImGuiCol_ChildBg] = colour4(t.background, 0.f);
  s.Colors[ImGuiCol_Text] = colour4(t.text);
  s.Colors[ImGuiCol_TextDisabled] = colour4(t.muted_text);
  s.Colors[ImGuiCol_Button] = colour4(t.secondary);
  s.Colors[ImGuiCol_ButtonHovered] = colour4(t.secondary);
  s.Colors[ImGuiCol_ButtonActive] = colour4(t.primary, 0.6f);
  s.Colors[ImGuiCol_Border] = colour4(t.muted_text, 0.5f);
  s.Colors[ImGuiCol_PopupBg] = colour4(t.surface);
  s.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.6f);
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.FrameRounding = 10;
  s.WindowRounding = 0;
  s.ScrollbarSize = 0;  // scrolling is by dragging; the "meer" hint shows there is more
}

float text_width(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x;
}

bool big_button(UiContext& ui, const std::string& label, ImVec2 size, ButtonStyle style) {
  const Theme& t = *ui.theme;
  Rgb bg = t.secondary, fg = t.secondary_text;
  if (style == ButtonStyle::Primary || style == ButtonStyle::Selected) bg = t.primary, fg = t.primary_text;
  if (style == ButtonStyle::Danger) bg = t.danger, fg = t.danger_text;
  if (style == ButtonStyle::OnHeader) {
    // A shade lighter than the bar, no outline: reads as a button and keeps the text contrast.
    auto mix = [](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(a + (b - a) * 0.14f); };
    bg = {mix(t.header.r, t.header_text.r), mix(t.header.g, t.header_text.g), mix(t.header.b, t.header_text.b)};
    fg = t.header_text;
  }
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  const float em = ui.em();
  // Touch targets at least ~15 mm: 3.2 em at 28 px on a 1080p 21" screen is about 90 px.
  if (size.x <= 0) size.x = text_width(ui.fonts.bold[ui.text_size], label) + 2 * em;
  if (size.y <= 0) size.y = 3.2f * em;
  ImGui::PushStyleColor(ImGuiCol_Button, colour4(bg));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colour4(bg));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, colour4(bg, 0.75f));
  ImGui::PushStyleColor(ImGuiCol_Text, colour4(fg));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.35f * em);
  const bool pressed = ImGui::Button(label.c_str(), size);
  if (style == ButtonStyle::Selected) {
    ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                        colour(t.text), 0.35f * em, 0, 0.2f * em);
  }
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
  ImGui::PopFont();
  return pressed;
}

void heading(UiContext& ui, const std::string& text) {
  ImGui::PushFont(ui.fonts.heading[ui.text_size]);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopFont();
}

void text_wrapped(UiContext& ui, const std::string& text, bool muted) {
  if (muted) ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->muted_text));
  ImGui::TextWrapped("%s", text.c_str());
  if (muted) ImGui::PopStyleColor();
}

void begin_touch_scroll(UiContext& ui, const char* id, ImVec2 size, TouchScroll& s) {
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  if (ImGui::IsMouseClicked(0)) {
    s.pressed_inside = hovered;
    s.travelled = 0;
    s.dragging = false;
    s.velocity = 0;
  }
  // The press frame's delta is the jump from wherever the pointer was before: not a drag.
  if (s.pressed_inside && io.MouseDown[0] && !ImGui::IsMouseClicked(0)) {
    s.travelled += std::fabs(io.MouseDelta.y);
    if (!s.dragging && s.travelled > 16.f) {
      s.dragging = true;
      // From here on it is a drag, not a tap: the button under the finger must not fire.
      ImGui::ClearActiveID();
    }
    if (s.dragging) {
      ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
      s.velocity = -io.MouseDelta.y;
      ui.animating = true;
    }
  } else if (!io.MouseDown[0]) {
    if (s.dragging) s.dragging = false;
    s.pressed_inside = s.pressed_inside && io.MouseDown[0];
    if (std::fabs(s.velocity) > 0.5f) {
      ImGui::SetScrollY(ImGui::GetScrollY() + s.velocity);
      s.velocity *= 0.92f;  // glide and slow down
      ui.animating = true;
    } else {
      s.velocity = 0;
    }
  }
  (void)size;
}

void end_touch_scroll(UiContext& ui, TouchScroll& s) {
  const float scroll = ImGui::GetScrollY(), max = ImGui::GetScrollMaxY();
  s.last_scroll_max = max;
  if (scroll < max - 1.f) {
    // "meer ▼": more below the fold. Bottom centre: on the right it covered the cards' place badges.
    const ImVec2 pos = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
    const std::string more = ui.tr("common.more");
    ImFont* f = ui.fonts.bold[ui.text_size];
    const float w = text_width(f, more) + 1.6f * ui.em();
    const ImVec2 a(pos.x + (sz.x - w) / 2, pos.y + sz.y - 1.8f * ui.em());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + 1.6f * ui.em()), colour(ui.theme->header), 0.8f * ui.em());
    dl->AddText(f, f->FontSize, ImVec2(a.x + 0.5f * ui.em(), a.y + 0.25f * ui.em()),
                colour(ui.theme->header_text), more.c_str());
    const float cx = a.x + w - 0.6f * ui.em(), cy = a.y + 0.8f * ui.em(), r = 0.3f * ui.em();
    dl->AddTriangleFilled(ImVec2(cx - r, cy - r * 0.5f), ImVec2(cx + r, cy - r * 0.5f),
                          ImVec2(cx, cy + r * 0.6f), colour(ui.theme->header_text));
  }
  ImGui::EndChild();
}

void text_field(UiContext& ui, const TextEntry& entry, const std::string& placeholder, float width) {
  const float em = ui.em();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, 2.6f * em);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), colour(ui.theme->surface), 0.3f * em);
  // An underline rather than a frame: clear to the eye, and a frame around text makes OCR (and
  // so our end-to-end tests) take the field for a picture.
  dl->AddRectFilled(ImVec2(p.x, p.y + size.y - 0.15f * em), ImVec2(p.x + size.x, p.y + size.y), colour(ui.theme->text));
  ImFont* f = ui.fonts.bold[ui.text_size];
  const bool empty = entry.text().empty();
  const std::string shown = empty ? placeholder : entry.text();
  const ImVec2 tp(p.x + 0.6f * em, p.y + (size.y - f->FontSize) / 2);
  dl->PushClipRect(p, ImVec2(p.x + size.x, p.y + size.y), true);
  dl->AddText(f, f->FontSize, tp, colour(empty ? ui.theme->muted_text : ui.theme->surface_text), shown.c_str());
  const float caret_x = tp.x + (empty ? 0 : text_width(f, entry.text())) + 2;
  dl->AddRectFilled(ImVec2(caret_x, tp.y), ImVec2(caret_x + 0.12f * em, tp.y + f->FontSize),
                    colour(ui.theme->surface_text));
  dl->PopClipRect();
  ImGui::Dummy(size);
}

namespace {

// Hardware keyboard: characters typed and Backspace/Enter, also while no ImGui text widget is active.
bool take_hardware_keys(TextEntry& entry) {
  ImGuiIO& io = ImGui::GetIO();
  for (ImWchar c : io.InputQueueCharacters) {
    std::string utf8;
    append_utf8(utf8, c);
    entry.type(utf8);
  }
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) entry.backspace();
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
}

}  // namespace

// The keyboard fits the height left below the form: keys shrink from 2.6 em towards 1.6 em, and
// when the letters with their two rows of accents would not fit even so (A++ on a 1280x800
// screen), the accents move to a second page behind a key of their own, so space and Wissen
// never fall off the bottom of the screen.
namespace {

using KeyRows = std::vector<std::vector<std::string>>;

// One keyboard's geometry, and the entry its keys type into.
struct KeyGrid {
  UiContext& ui;
  TextEntry& entry;
  float avail, avail_h, gap, em;
  float key_h = 0;

  float height_for(int rows) const { return std::clamp((avail_h - rows * gap) / rows, 1.6f * em, 2.6f * em); }
  void centre(float row_w) const { ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, (avail - row_w) / 2)); }
  void row(const std::vector<std::string>& keys, float key_w) {
    centre(keys.size() * key_w + (keys.size() - 1) * gap);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (i) ImGui::SameLine();
      ImGui::PushID(static_cast<int>(i));
      if (big_button(ui, keys[i], ImVec2(key_w, key_h))) entry.type(keys[i]);
      ImGui::PopID();
    }
  }
};

void digit_pad(KeyGrid& g) {
  g.key_h = g.height_for(4);
  const float w = std::min(6.f * g.em, (g.avail - 2 * g.gap) / 3);
  g.row({"1", "2", "3"}, w);
  g.row({"4", "5", "6"}, w);
  g.row({"7", "8", "9"}, w);
  g.centre(3 * w + 2 * g.gap);
  if (big_button(g.ui, "+", ImVec2(w, g.key_h))) g.entry.type("+");
  ImGui::SameLine();
  if (big_button(g.ui, "0", ImVec2(w, g.key_h))) g.entry.type("0");
  ImGui::SameLine();
  if (big_button(g.ui, g.ui.tr("keyboard.backspace"), ImVec2(w, g.key_h))) g.entry.backspace();
}

// The rows of keys to show: a code's characters only, or letters with the accents below them (on a
// page of their own when the screen is low: `paged`).
KeyRows letter_rows(KeyboardLayout layout, bool shift, bool paged, bool accents) {
  if (layout == KeyboardLayout::Code)
    return {{"2", "3", "4", "5", "6", "7", "8", "9"},
            {"Q", "W", "E", "R", "T", "Y", "U", "P"},
            {"A", "S", "D", "F", "G", "H", "J", "K"},
            {"Z", "X", "C", "V", "B", "N", "M"}};
  const KeyRows letters = shift ? KeyRows{{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
                                          {"A", "S", "D", "F", "G", "H", "J", "K", "L", "-"},
                                          {"Z", "X", "C", "V", "B", "N", "M", "'", ",", "."}}
                                : KeyRows{{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
                                          {"a", "s", "d", "f", "g", "h", "j", "k", "l", "-"},
                                          {"z", "x", "c", "v", "b", "n", "m", "'", ",", "."}};
  const KeyRows extra = shift ? KeyRows{{"É", "Ë", "Ï", "Ö", "Ü", "Ç", "Ğ", "Ş", "İ", "Ł"}, {"Ą", "Ę", "Ó", "Ś", "Ż", "Á", "È"}}
                              : KeyRows{{"é", "ë", "ï", "ö", "ü", "ç", "ğ", "ş", "ı", "ł"}, {"ą", "ę", "ó", "ś", "ż", "á", "è"}};
  if (paged) return accents ? extra : letters;
  KeyRows rows = letters;
  rows.insert(rows.end(), extra.begin(), extra.end());
  return rows;
}

// Shift (and the accents page), space, backspace.
void bottom_row(KeyGrid& g, KeyboardLayout layout, float key_w, bool& shift, bool paged, bool* accents) {
  g.centre(10 * key_w + 9 * g.gap);
  if (layout == KeyboardLayout::Letters) {
    if (big_button(g.ui, shift ? "abc" : "ABC", ImVec2(2 * key_w + g.gap, g.key_h),
                   shift ? ButtonStyle::Selected : ButtonStyle::Secondary))
      shift = !shift;
    ImGui::SameLine();
    const int space_keys = paged ? 3 : 5;
    if (paged) {
      if (big_button(g.ui, *accents ? (shift ? "A-Z" : "a-z") : (shift ? "ÉÇŁ" : "éçł"), ImVec2(2 * key_w + g.gap, g.key_h),
                     *accents ? ButtonStyle::Selected : ButtonStyle::Secondary))
        *accents = !*accents;
      ImGui::SameLine();
    }
    if (big_button(g.ui, g.ui.tr("keyboard.space"), ImVec2(space_keys * key_w + (space_keys - 1) * g.gap, g.key_h)))
      g.entry.type(" ");
    ImGui::SameLine();
  }
  if (big_button(g.ui, g.ui.tr("keyboard.backspace"), ImVec2(3 * key_w + 2 * g.gap, g.key_h))) g.entry.backspace();
}

}  // namespace

bool on_screen_keyboard(UiContext& ui, TextEntry& entry, KeyboardLayout layout, bool& shift) {
  bool enter = take_hardware_keys(entry);
  const float em = ui.em();
  const float gap = 0.3f * em;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  KeyGrid g{ui, entry, avail.x, avail.y, gap, em};
  if (layout == KeyboardLayout::Digits) {
    digit_pad(g);
    ImGui::PopStyleVar();
    return enter;
  }
  bool* accents = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("keyboard_accents"), false);
  const bool paged = layout != KeyboardLayout::Code && avail.y < 6 * (1.6f * em + gap);
  const KeyRows rows = letter_rows(layout, shift, paged, *accents);
  g.key_h = g.height_for(static_cast<int>(rows.size()) + 1);
  const float key_w = std::min(4.2f * em, (avail.x - 9 * gap) / 10);
  for (size_t r = 0; r < rows.size(); ++r) {
    ImGui::PushID(static_cast<int>(r));
    g.row(rows[r], key_w);
    ImGui::PopID();
  }
  bottom_row(g, layout, key_w, shift, paged, accents);
  // After the first letter, small letters: names and sentences start with a capital.
  if (layout == KeyboardLayout::Letters && shift && entry.length() == 1) shift = false;
  ImGui::PopStyleVar();
  return enter;
}

void qr_code(UiContext& ui, const QrImage& img, float max_side) {
  if (!img.texture || img.pixels <= 0) return;
  // Whole pixels per module: a scaled QR with blurred or uneven modules scans badly.
  const int scale = std::max(1, static_cast<int>(max_side) / img.pixels);
  const float side = static_cast<float>(scale * img.pixels);
  ImGui::Image(img.texture, ImVec2(side, side));
  (void)ui;
}

bool stepper(UiContext& ui, int& n, int min, int max) {
  const float em = ui.em();
  bool changed = false;
  ImGui::PushID(&n);
  if (big_button(ui, "−", ImVec2(4 * em, 4 * em)) && n > min) {
    --n;
    changed = true;
  }
  ImGui::SameLine();
  ImGui::PushFont(ui.fonts.huge[ui.text_size]);
  const std::string s = std::to_string(n);
  const float w = 4 * em;
  const float tw = ImGui::CalcTextSize(s.c_str()).x;
  const ImVec2 p = ImGui::GetCursorPos();
  ImGui::SetCursorPos(ImVec2(p.x + (w - tw) / 2, p.y + (4 * em - ImGui::GetFontSize()) / 2));
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::SetCursorPos(ImVec2(p.x + w, p.y));
  if (big_button(ui, "+", ImVec2(4 * em, 4 * em)) && n < max) {
    ++n;
    changed = true;
  }
  ImGui::PopID();
  return changed;
}

}  // namespace bk::ui
