// buurtkiosk — the touchscreen program. Starts the platform (app/platform.hpp), opens the data,
// wires the screens to the platform (app/wiring.hpp) and runs the frame loop (app/frame_loop.hpp);
// everything else is reached through bk::Kiosk (services) and bk::ui::UiContext (screens).
#include <SDL.h>

#include <malloc.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <string>

#include "app/frame_loop.hpp"
#include "app/platform.hpp"
#include "app/wiring.hpp"
#include "domain/log.hpp"
#include "i18n/catalog.hpp"
#include "services/kiosk.hpp"
#include "services/opening_hours.hpp"
#include "services/recovery.hpp"
#include "services/watchdog.hpp"
#include "ui/ui.hpp"

namespace {

using namespace bk;

struct Options {
  bk::KioskOptions kiosk;
  int width = 0, height = 0;  // --windowed WxH
  long exit_after_frames = 0;
  bool report_startup = false;
};

const char* kUsage =
    "usage: buurtkiosk [--config FILE] [--db FILE] [--now ISO] [--windowed WxH]\n"
    "                  [--exit-after-frames N] [--report-startup]\n"
    "  --config FILE          kiosk.toml (default: system config, else kiosk-config/kiosk.toml)\n"
    "  --db FILE              database (overrides the config)\n"
    "  --now ISO              start the clock at this local time, e.g. 2027-03-02T10:00\n"
    "  --windowed WxH         a window of that size instead of fullscreen (testing)\n"
    "  --exit-after-frames N  stop after N frames (benchmarks)\n"
    "  --report-startup       print the milliseconds from start to the first frame on screen\n";

// Returns false with a message for bad usage.
bool parse_args(int argc, char** argv, Options& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        error = std::string(name) + " needs a value";
        return nullptr;
      }
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (a == "--config") {
      const char* v = value("--config");
      if (!v) return false;
      o.kiosk.config_file = v;
    } else if (a == "--db") {
      const char* v = value("--db");
      if (!v) return false;
      o.kiosk.db_file = v;
    } else if (a == "--now") {
      const char* v = value("--now");
      if (!v) return false;
      o.kiosk.now = v;
    } else if (a == "--windowed") {
      const char* v = value("--windowed");
      if (!v || std::sscanf(v, "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240) {
        error = "--windowed needs a size like 1280x800";
        return false;
      }
    } else if (a == "--exit-after-frames") {
      const char* v = value("--exit-after-frames");
      if (!v) return false;
      o.exit_after_frames = std::atol(v);
      if (o.exit_after_frames <= 0) {
        error = "--exit-after-frames needs a positive number";
        return false;
      }
    } else if (a == "--report-startup") {
      o.report_startup = true;
    } else {
      error = "unknown option " + a;
      return false;
    }
  }
  return true;
}

// Where start-up time goes, at debug level (BUURTKIOSK_LOG=debug): the benchmark's breakdown.
struct StartupTimer {
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last = started;
  void phase(const char* name) {
    const auto now = std::chrono::steady_clock::now();
    log::debug("startup", std::string(name) + " " +
                              std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now - last).count() / 1000.0) + " ms");
    last = now;
  }
};

int fail(const std::string& why, int code) {
  std::cerr << "buurtkiosk: " << why << "\n";
  return code;
}

// Waits for the start-up integrity check, then opens the database (importing the demo agenda into
// an empty one) and the catalog. 0, or the exit code after saying what is wrong in one line.
int open_data(const Options& opts, std::future<StartupCheck>& startup_check, std::unique_ptr<Kiosk>& kiosk,
              Catalog& catalog, const app::PhaseLog& phase) {
  try {
    const StartupCheck check = startup_check.get();
    if (check.state == StartupCheck::State::Failed) return fail(check.problem, 1);
    if (check.state == StartupCheck::State::Restored)
      log::error("kiosk", "database restored from " + check.restored_from.filename().string() + ": " + check.problem);
    phase("integrity check (waited for)");
    kiosk = open_kiosk(opts.kiosk);
    phase("database open");
    try {
      kiosk->keep_local_state(kiosk->local_state_file());
    } catch (const std::exception& e) {
      // Without it the kiosk still runs; only an outage is handled less well (no copy, no reserve).
      log::error("kiosk", std::string("kiosk-local.db: ") + e.what());
    }
    unless_unavailable(kiosk->connection, [&kiosk] {  // a server out of reach: start in outage
      if (kiosk->agenda.import_demo_if_empty(kiosk->config.agenda.demo_ics))
        log::info("kiosk", "demo agenda imported into " + kiosk->store.path().string());
    });
    catalog = Catalog::load(assets_dir());
    catalog.set_language(kiosk->config.display.language);
  } catch (const std::exception& e) {
    return fail(e.what(), 2);  // one line naming what is wrong (database, catalog), then stop
  }
  return 0;
}

// The window, the data, the screens, the loop; returns the exit code. Every return path shuts the
// platform down (Platform's destructor).
int run_kiosk(const Options& opts, const Config& config, std::future<StartupCheck>& startup_check,
              StartupTimer& timer) {
  const app::PhaseLog phase = [&timer](const char* name) { timer.phase(name); };
  app::Platform platform(config.display, opts.width, opts.height, phase);
  const float base_px = platform.base_px();
  ui::Fonts fonts;
  try {
    phase("renderer");
    app::load_fonts(fonts, base_px, 0);
    phase("fonts");
  } catch (const std::exception& e) {
    return fail(e.what(), 2);
  }
  std::unique_ptr<Kiosk> kiosk;
  Catalog catalog;
  if (const int code = open_data(opts, startup_check, kiosk, catalog, phase)) return code;
  OpeningHours hours;
  try {
    hours = OpeningHours::parse(kiosk->config.kiosk.opening_hours);
  } catch (const std::exception& e) {
    return fail(std::string("kiosk.opening_hours: ") + e.what(), 2);
  }
  ui::UiContext ui(*kiosk, catalog);
  ui.theme = &ui::theme_by_name(kiosk->config.display.theme);
  ui.base_px = base_px;
  ui.fonts = fonts;
  app::wire_qr_images(ui, platform.renderer());
  bool running = true;
  Watchdog watchdog = Watchdog::from_environment();
  ui.quit = [&running, &watchdog] {
    watchdog.stopping();  // a deliberate stop: systemd should not count it as a crash
    running = false;
  };
  const Uint32 print_done_event = SDL_RegisterEvents(1);
  std::unique_ptr<print::PrintQueue> printer = app::wire_printing(ui, *kiosk, print_done_event);
  const std::unique_ptr<Speaker> speaker = app::wire_speech(ui, *kiosk, catalog);
  ui::create_screens(ui);
  phase("screens");
  ui.now = kiosk->clock->now();
  ui.local_now = kiosk->zone.to_local(ui.now);
  ui.home();
  app::run_frame_loop({platform, *kiosk, ui, watchdog, hours, print_done_event, running, opts.exit_after_frames,
                       opts.report_startup, timer.started, phase});
  for (auto& s : ui.screens)
    if (s) s->forget();
  printer.reset();  // lets a ticket in hand finish (bounded by the printer timeout)
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Whatever the kiosk creates may hold personal data: private to its user unless said otherwise
  // (store/private_files.hpp creates those files 0600 explicitly as well).
  ::umask(077);
  // Big buffers (a font atlas rebuilt on A/A+/A++, pixel copies, texture surfaces) get their own
  // mappings and go back to the system when freed. Without a fixed threshold glibc raises it after
  // the first such free and keeps later ones in the heap, where they stay after use.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  StartupTimer timer;
  Options opts;
  opts.kiosk.survive_outage = true;  // the screen says what is unavailable (#20)
  std::string error;
  if (!parse_args(argc, argv, opts, error)) {
    std::cerr << "buurtkiosk: " << error << "\n" << kUsage;
    return 2;
  }
  // The configuration first: a mistake in it stops here with one line, before any window opens.
  Config config;
  try {
    config = load_kiosk_config(opts.kiosk);
  } catch (const std::exception& e) {
    return fail(e.what(), 2);
  }
  // The start-up integrity check (and a restore from backup when the database is damaged) reads
  // the whole file: it runs on a second thread while SDL, the window, the renderer and the fonts
  // start, and the database is opened only once it has passed. A kiosk never starts on a damaged
  // file; a restored one alerts staff in volunteer mode.
  auto startup_check = std::async(std::launch::async, [&opts] { return recover_database(opts.kiosk); });
  try {
    return run_kiosk(opts, config, startup_check, timer);
  } catch (const app::PlatformError& e) {
    return fail(e.what(), 1);
  }
}
