#pragma once
// Widgets for a touchscreen used by people who may see poorly or have shaky hands: big buttons,
// drag-to-scroll lists, an on-screen keyboard, a QR code. Sizes in em (the current text size).
#include <imgui.h>

#include <string>

#include "domain/text_entry.hpp"
#include "ui/ui.hpp"

namespace bk::ui {

enum class ButtonStyle { Primary, Secondary, Danger, Selected, OnHeader };

ImU32 colour(Rgb c, float alpha = 1.f);
ImVec4 colour4(Rgb c, float alpha = 1.f);
void apply_theme(const Theme& t);

// A large button; true when tapped. Width 0: fit the label.
bool big_button(UiContext& ui, const std::string& label, ImVec2 size = {0, 0},
                ButtonStyle style = ButtonStyle::Secondary);

// Text helpers in the current theme.
void heading(UiContext& ui, const std::string& text);
void text_wrapped(UiContext& ui, const std::string& text, bool muted = false);
float text_width(ImFont* font, const std::string& text);

// Drag-to-scroll: begin/end around a list. A drag beyond ~16 px scrolls and cancels the tap on the
// button it started on; after release the list glides on and slows down. A "meer" hint shows
// when more lies below.
struct TouchScroll {
  float velocity = 0;      // px per frame
  bool dragging = false;
  bool pressed_inside = false;
  float travelled = 0;
  float last_scroll_max = 0;
};
void begin_touch_scroll(UiContext& ui, const char* id, ImVec2 size, TouchScroll& s);
void end_touch_scroll(UiContext& ui, TouchScroll& s);

// A text field showing what has been typed (with a caret), as large as the body text.
void text_field(UiContext& ui, const TextEntry& entry, const std::string& placeholder, float width);

enum class KeyboardLayout { Letters, Digits, Code };
// The on-screen keyboard; also takes what a hardware keyboard types. Returns true on Enter.
// Letters: shift goes off once the first letter is in (callers set it again for a new field).
bool on_screen_keyboard(UiContext& ui, TextEntry& entry, KeyboardLayout layout, bool& shift);

// The QR code, drawn with whole pixels per module and its quiet zone.
void qr_code(UiContext& ui, const QrImage& img, float max_side);

// A row of − n + with big targets; returns true when n changed.
bool stepper(UiContext& ui, int& n, int min, int max);

}  // namespace bk::ui
