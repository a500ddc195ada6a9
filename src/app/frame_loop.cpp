#include "app/frame_loop.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "domain/log.hpp"
#include "print/print_queue.hpp"

namespace bk::app {

std::array<double, 3> idle_deadlines(const Config::Kiosk& k) {
  return {static_cast<double>(k.idle_seconds), static_cast<double>(k.idle_seconds + k.idle_countdown_seconds),
          static_cast<double>(k.volunteer_logout_seconds)};
}

namespace {

// A touch, click or key: what wakes the night screen.
bool is_person_input(const SDL_Event& e) {
  switch (e.type) {
    case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP: case SDL_MOUSEWHEEL: case SDL_FINGERDOWN:
    case SDL_FINGERUP: case SDL_KEYDOWN: case SDL_KEYUP: case SDL_TEXTINPUT: case SDL_MOUSEMOTION:
    case SDL_FINGERMOTION:
      return true;
    default:
      return false;
  }
}

class FrameLoop {
 public:
  explicit FrameLoop(const LoopSetup& s)
      : s_(s), ui_(s.ui), kiosk_(s.kiosk), deadlines_(idle_deadlines(s.kiosk.config.kiosk)) {
    last_input_ = last_poll_ = SDL_GetTicks();
    if (!kiosk_.connection.outage()) unless_unavailable(kiosk_.connection, [this] { data_version_ = kiosk_.store.data_version(); });
    opening_ = s.hours.state_at(kiosk_.clock->now(), kiosk_.zone);
    fonts_size_ = ui_.text_size;
  }

  void run() {
    while (s_.running) {
      if (take_events(wait_timeout())) {
        last_input_ = SDL_GetTicks();
        frames_to_draw_ = 3;  // a tap is a press frame, a release frame, and the frame after
      }
      s_.watchdog.ping();
      const UtcSeconds now = kiosk_.clock->now();
      if (!needs_frame(now)) continue;
      draw(now);
    }
  }

 private:
  void want(int frames) { frames_to_draw_ = std::max(frames_to_draw_, frames); }
  double idle() const { return (SDL_GetTicks() - last_input_) / 1000.0; }

  double wait_timeout() const {
    double timeout_s = 3600;
    if (opening_.changes_at)
      timeout_s = std::max(0.0, static_cast<double>(*opening_.changes_at - kiosk_.clock->now()) + 0.05);
    // The watchdog must hear from the loop within WatchdogSec, even when nothing is drawn.
    timeout_s = std::min(timeout_s, s_.watchdog.next_ping_in().count() / 1000.0);
    // In an outage the server is probed every few seconds, at night too (kept help requests go).
    timeout_s = std::min(timeout_s, kiosk_.connection.probe_in() + 0.05);
    if (frames_to_draw_ > 0) return 0;
    if (ui_.night_showing) return timeout_s;  // nothing changes on screen until the opening or a touch
    if (ui_.animating) return std::min(timeout_s, 1.0 / 60);
    const double idle_s = idle();
    const UtcSeconds now = kiosk_.clock->now();
    timeout_s = std::min(timeout_s, static_cast<double>(60 - now % 60));  // the clock's minute
    timeout_s = std::min(timeout_s, 2.0 - (SDL_GetTicks() - last_poll_) / 1000.0);  // database changes
    timeout_s = std::min(timeout_s, ui_.wake_in);
    for (double deadline : deadlines_)
      if (deadline > idle_s) timeout_s = std::min(timeout_s, deadline - idle_s + 0.05);
    return timeout_s;
  }

  void print_done(const SDL_Event& e) {
    std::unique_ptr<print::PrintOutcome> o(static_cast<print::PrintOutcome*>(e.user.data1));
    if (!kiosk_.connection.outage())  // the status panel's line; in an outage it is only logged
      unless_unavailable(kiosk_.connection, [&] {
        print::save_status(kiosk_.store, {o->ok(), kiosk_.clock->now(), o->ok() ? "" : o->reason});
      });
    if (!o->ok()) log::warning("print", o->reason);
    if (!ui_.print_status.empty()) ui_.print_status = ui_.tr(o->ok() ? "confirm.print_ok" : "confirm.print_failed");
    want(1);
  }

  // Waits for events up to timeout_s, handles them all; true when a person touched or typed.
  bool take_events(double timeout_s) {
    SDL_Event e;
    bool got = SDL_WaitEventTimeout(&e, static_cast<int>(std::max(0.0, timeout_s) * 1000));
    bool woke_for_input = false;
    while (got) {
      if (e.type == SDL_QUIT) {
        // Closing the window is for staff; under cage there is no window manager to ask it.
        s_.running = false;
      } else if (e.type == s_.print_done_event) {
        print_done(e);
      } else if (e.type == SDL_WINDOWEVENT) {
        want(2);
      }
      if (waking_from_night_ && SDL_GetTicks() - waking_since_ >= 1000) waking_from_night_ = false;
      if ((ui_.night_showing || waking_from_night_) && is_person_input(e)) {
        // The touch that wakes the night screen must not also press what lies under it: its
        // events are swallowed until the finger lifts (or a second has passed).
        if (!waking_from_night_) waking_since_ = SDL_GetTicks();
        waking_from_night_ = !(e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP || e.type == SDL_KEYUP);
        woke_for_input = true;
      } else if (s_.platform.input().handle(e)) {
        woke_for_input = true;
        log::debug("input", "event " + std::to_string(e.type));
      }
      got = SDL_PollEvent(&e);
    }
    return woke_for_input;
  }

  // Opening hours, the clock's minute, database changes, idle deadlines: whether to draw now.
  bool needs_frame(UtcSeconds now) {
    if (opening_.changes_at && now >= *opening_.changes_at) {
      opening_ = s_.hours.state_at(now, kiosk_.zone);
      want(1);
    }
    ui_.closed = !opening_.open;
    ui_.opens_at = opening_.next_opening;
    poll_database();
    if (ui_.night_showing && frames_to_draw_ == 0) return false;  // draws nothing between wakes
    if (now / 60 != ui_.now / 60) want(1);
    idle_now_ = idle();
    if (ui_.wake_in < 1e8 && (ui_.wake_in <= 0 || ui_.idle_seconds != idle_now_)) want(1);
    for (double deadline : deadlines_)
      if (ui_.idle_seconds < deadline && idle_now_ >= deadline) want(1);
    if (ui_.animating) want(1);
    return frames_to_draw_ > 0;
  }

  // Online: another process's commit shows within 2 s. In an outage only the probe asks the
  // server (every ConnectionState::kProbeSeconds); when it answers, the screens reload.
  void poll_database() {
    if (kiosk_.connection.outage()) {
      if (kiosk_.connection.probe()) {
        ui_.data_changed = true;
        want(1);
      }
      return;
    }
    if (ui_.night_showing || SDL_GetTicks() - last_poll_ < 2000) return;
    last_poll_ = SDL_GetTicks();
    std::int64_t v = data_version_;
    if (!unless_unavailable(kiosk_.connection, [&] { v = kiosk_.store.data_version(); })) {
      want(1);  // the banner
    } else if (v != data_version_) {
      data_version_ = v;
      ui_.data_changed = true;
      want(1);
    }
  }

  void draw(UtcSeconds now) {
    ui_.now = now;
    ui_.local_now = kiosk_.zone.to_local(now);
    ui_.idle_seconds = idle_now_;
    ui_.animating = false;
    ui_.wake_in = 1e9;
    if (ui_.text_size != fonts_size_) {
      // A / A+ / A++ was tapped: a new atlas for that size; the backend uploads it in NewFrame.
      ImGui_ImplSDLRenderer_DestroyFontsTexture();
      load_fonts(ui_.fonts, ui_.base_px, ui_.text_size);
      fonts_size_ = ui_.text_size;
      want(2);  // the tap's frame was laid out with the old size
    }
    s_.platform.input().new_frame(s_.platform.window());
    ImGui_ImplSDLRenderer_NewFrame();
    // The texture holds the glyphs now; the atlas's own pixel copies (alpha and RGBA) can go.
    ImGuiIO& io = ImGui::GetIO();
    if (io.Fonts->TexPixelsAlpha8 || io.Fonts->TexPixelsRGBA32) io.Fonts->ClearTexData();
    ImGui::NewFrame();
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const int fonts = g.FontStack.Size, colors = g.ColorStack.Size, vars = g.StyleVarStack.Size;
    try {
      ui::draw_frame(ui_);
    } catch (const DbError& err) {
      // A busy or failing database must not take the kiosk down; the next frame tries again. A
      // server out of reach is the outage (#20): the next frame shows the banner and the copies.
      if (err.unavailable()) {
        if (!kiosk_.connection.outage()) want(1);
        kiosk_.connection.lost();
      } else {
        log::error("kiosk", std::string("database: ") + err.what());
      }
      // The throw left windows open and fonts, colours and styles pushed: undo them, or Render()
      // asserts and the kiosk stops.
      ImGui::ErrorCheckEndFrameRecover(nullptr);
      while (g.FontStack.Size > fonts) ImGui::PopFont();
      if (g.ColorStack.Size > colors) ImGui::PopStyleColor(g.ColorStack.Size - colors);
      if (g.StyleVarStack.Size > vars) ImGui::PopStyleVar(g.StyleVarStack.Size - vars);
    }
    ImGui::Render();
    s_.platform.present(ui_.theme->background);
    --frames_to_draw_;
    ++frames_drawn_;
    if (frames_drawn_ == 1) first_frame_shown();
    if (s_.exit_after_frames && frames_drawn_ >= s_.exit_after_frames) s_.running = false;
  }

  void first_frame_shown() {
    s_.phase("first frame");
    s_.watchdog.ready();
    if (!s_.report_startup) return;
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s_.started).count();
    std::printf("startup_ms %.1f\n", ms);
    std::fflush(stdout);
  }

  const LoopSetup& s_;
  ui::UiContext& ui_;
  Kiosk& kiosk_;
  const std::array<double, 3> deadlines_;
  Uint32 last_input_ = 0, last_poll_ = 0;
  double idle_now_ = 0;  // idle seconds as needs_frame saw them, for the frame it asks for
  std::int64_t data_version_ = 0;
  int frames_to_draw_ = 2;
  long frames_drawn_ = 0;
  OpeningHours::State opening_;
  bool waking_from_night_ = false;
  Uint32 waking_since_ = 0;
  int fonts_size_ = 0;
};

}  // namespace

void run_frame_loop(const LoopSetup& setup) { FrameLoop(setup).run(); }

}  // namespace bk::app
