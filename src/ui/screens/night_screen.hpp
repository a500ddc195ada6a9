#pragma once
// The dark screen outside opening hours: "closed, open again at …". Not a screen on the
// navigation stack: draw_frame shows it instead of everything else once the kiosk is idle while
// closed. It is static, so the loop can sleep until the opening or a touch.
namespace bk::ui {
struct UiContext;
void draw_night(UiContext& ui);
}  // namespace bk::ui
