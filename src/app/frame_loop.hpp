#pragma once
// The frame loop: it sleeps, and draws only after input, while something moves, when the clock's
// minute changes, at an idle deadline, at the opening hours' change, or when another process
// changed the database.
#include <SDL.h>

#include <array>
#include <chrono>

#include "app/platform.hpp"
#include "services/kiosk.hpp"
#include "services/opening_hours.hpp"
#include "services/watchdog.hpp"
#include "ui/ui.hpp"

namespace bk::app {

struct LoopSetup {
  Platform& platform;
  Kiosk& kiosk;
  ui::UiContext& ui;
  Watchdog& watchdog;
  const OpeningHours& hours;
  Uint32 print_done_event;  // see wiring.hpp
  bool& running;            // the loop stops when this turns false
  long exit_after_frames = 0;  // 0: no limit
  bool report_startup = false;  // print startup_ms once the first frame is on screen
  std::chrono::steady_clock::time_point started;
  PhaseLog phase;
};

// The idle times (seconds without a touch) at which a frame must be drawn: the question "Bent u er
// nog?", the reset after its countdown, the volunteer logout.
std::array<double, 3> idle_deadlines(const Config::Kiosk& k);

void run_frame_loop(const LoopSetup& setup);

}  // namespace bk::app
