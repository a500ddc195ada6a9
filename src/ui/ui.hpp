#pragma once
// The kiosk's screens share one UiContext, passed explicitly to every draw call. A screen is a
// class with its own state (one file pair under src/ui/screens/) and its ScreenId as `kId`;
// screens are registered by type once in screens.cpp (add_screen<S>()), reached by ScreenId
// through the navigation stack here, or by type with screen<S>().
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "i18n/catalog.hpp"
#include "qr/qr.hpp"
#include "services/kiosk.hpp"
#include "ui/theme.hpp"

struct ImFont;

namespace bk::print {
struct AttendeeList;
}

namespace bk::ui {

enum class ScreenId { Agenda, Activity, Register, Lookup, Help, Volunteer, Count };

// Sizes step with the A / A+ / A++ buttons.
inline constexpr int kTextSizes = 3;
inline constexpr float kTextScale[kTextSizes] = {1.0f, 1.25f, 1.5f};

struct Fonts {
  ImFont* body[kTextSizes] = {};
  ImFont* bold[kTextSizes] = {};
  ImFont* heading[kTextSizes] = {};
  ImFont* huge[kTextSizes] = {};  // reference codes
};

// A QR code ready to draw; made by the platform layer (an SDL texture), used by screens.
struct QrImage {
  void* texture = nullptr;  // ImTextureID
  int pixels = 0;           // side, quiet zone included, in texture pixels (1 per module)
};

class Screen;
struct Confirmation;

struct UiContext {
  UiContext(Kiosk& k, Catalog& c) : kiosk(k), text(c) {}
  Kiosk& kiosk;
  Catalog& text;
  Fonts fonts;
  const Theme* theme = &default_theme();
  int text_size = 0;
  float base_px = 28.f;  // body text at A, from the screen height

  // Navigation: the stack's top is what shows; home is the agenda.
  std::vector<ScreenId> stack{ScreenId::Agenda};
  ScreenId current() const { return stack.back(); }
  void go(ScreenId id);
  void back();
  void home();  // and forget everything typed (idle reset, Begin)

  // Shared between screens: the occurrence the resident looked at.
  OccurrenceId selected_occurrence = 0;

  // Time as this frame sees it.
  UtcSeconds now = 0;
  LocalDateTime local_now;

  // Set by a screen while something moves (scroll inertia, a countdown): keeps the loop awake.
  bool animating = false;
  // Set by a screen that needs a redraw after this many seconds without input (a countdown).
  double wake_in = 1e9;
  // Set by the loop when another process changed the database; screens reload their data.
  bool data_changed = true;
  // Seconds since the last touch or key; the loop resets it.
  double idle_seconds = 0;
  // Opening hours, set by the loop. Outside them, once nobody has touched the screen for
  // idle_seconds, draw_frame shows the dark night screen and sets night_showing so the loop can
  // sleep until the opening; a touch wakes the agenda until the next idle.
  bool closed = false;
  std::optional<LocalDateTime> opens_at;
  bool night_showing = false;

  // Provided by the platform layer.
  std::function<QrImage(const QrMatrix&)> make_qr_image;
  std::function<void(QrImage&)> free_qr_image;
  std::function<void()> quit;  // staff only
  // Printing (off the frame loop); empty when no printer is configured. The result comes back
  // as a plain sentence in print_status.
  std::function<void(const Confirmation&)> print_ticket;
  std::function<void(const print::AttendeeList&, const std::string& label)> print_list;
  std::string print_status;
  // Voorlezen (read aloud) in the current language; empty when off or without an audio device.
  std::function<void(const std::string& text)> speak;
  std::function<void()> stop_speaking;

  // Indexed by ScreenId; a slot holds the screen whose kId it is (add_screen sees to that).
  std::array<std::unique_ptr<Screen>, static_cast<size_t>(ScreenId::Count)> screens;
  Screen& screen(ScreenId id);  // throws std::logic_error when none was registered for `id`
  template <typename S>
  S& add_screen();
  template <typename S>
  S& screen() {
    return static_cast<S&>(screen(S::kId));  // safe: only add_screen<S> fills S::kId's slot
  }

  float em() const { return base_px * kTextScale[text_size]; }
  std::string tr(std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string>> args = {}) const {
    return text.tr(key, args);
  }
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual void draw(UiContext& ui) = 0;
  // Called when the screen becomes the current one (go/back).
  virtual void on_show(UiContext&) {}
  // Forget everything personal: called on Begin, on the idle reset and when leaving.
  virtual void forget() {}
  // A form asks "Bent u er nog?" after idle_seconds and is reset after the countdown.
  virtual bool is_form() const { return false; }
  // Main text for "Voorlezen" (read aloud).
  virtual std::string spoken_text(UiContext&) { return {}; }
};

template <typename S>
S& UiContext::add_screen() {
  static_assert(std::is_base_of_v<Screen, S>, "a screen derives from ui::Screen");
  auto& slot = screens.at(static_cast<size_t>(S::kId));
  if (slot) throw std::logic_error("two screens registered for one ScreenId");
  slot = std::make_unique<S>();
  return static_cast<S&>(*slot);
}

// Builds every screen (screens.cpp) — the one place a new screen is registered.
void create_screens(UiContext& ui);
// Draws the whole frame: header, the current screen, the idle overlay.
void draw_frame(UiContext& ui);

}  // namespace bk::ui
