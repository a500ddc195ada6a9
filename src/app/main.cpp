// buurtkiosk — the touchscreen program. Owns the SDL window, the ImGui context and the frame loop;
// everything else is reached through bk::Kiosk (services) and bk::ui::UiContext (screens).
#include <SDL.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_impl_sdlrenderer.h>

#include <malloc.h>
#include <sys/stat.h>
#include <chrono>
#include <future>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "app/sdl_input.hpp"
#include "config/fonts.hpp"
#include "domain/log.hpp"
#include "i18n/catalog.hpp"
#include "print/print_queue.hpp"
#include "ui/screens/confirmation.hpp"
#include "services/kiosk.hpp"
#include "services/opening_hours.hpp"
#include "services/recovery.hpp"
#include "services/speech.hpp"
#include "services/watchdog.hpp"
#include "ui/ui.hpp"

namespace {

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

// The font atlas holds one text size at a time (A, A+ or A++): all three at once made a texture
// three times as large, and building it was most of the start-up time. Changing the size rebuilds
// it between frames (tens of milliseconds, on a tap). Only `size` is filled in `fonts`; the other
// sizes point at the same fonts so a stray index never meets a null font.
void load_fonts(bk::ui::Fonts& fonts, float base_px, int size) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->Flags |= ImFontAtlasFlags_NoMouseCursors;  // the cursor is hidden or the system's
  const std::string regular = bk::find_font(bk::FontWeight::Regular).string();
  const std::string bold = bk::find_font(bk::FontWeight::Bold).string();
  const ImWchar* text_ranges = reinterpret_cast<const ImWchar*>(bk::kTextRanges);
  static const ImWchar code_ranges[] = {0x0020, 0x005A, 0};  // reference codes: digits, capitals
  const std::string symbols_regular = bk::find_symbol_font(bk::FontWeight::Regular).string();
  const std::string symbols_bold = bk::find_symbol_font(bk::FontWeight::Bold).string();
  // Each text font, then the signs its family lacks merged in from the symbol font.
  auto add = [&](const std::string& file, const std::string& symbols, float px, const ImWchar* ranges) {
    ImFont* f = io.Fonts->AddFontFromFileTTF(file.c_str(), px, nullptr, ranges);
    if (f && !symbols.empty() && file != symbols) {
      ImFontConfig merge;
      merge.MergeMode = true;
      io.Fonts->AddFontFromFileTTF(symbols.c_str(), px, &merge, reinterpret_cast<const ImWchar*>(bk::kSymbolRanges));
    }
    return f;
  };
  const float s = base_px * bk::ui::kTextScale[size];
  ImFont* body = add(regular, symbols_regular, s, text_ranges);
  ImFont* bold_font = add(bold, symbols_bold, s, text_ranges);
  ImFont* heading = add(bold, symbols_bold, std::round(s * 1.35f), text_ranges);
  ImFont* huge = io.Fonts->AddFontFromFileTTF(bold.c_str(), std::round(s * 2.6f), nullptr, code_ranges);
  if (!body || !bold_font || !heading || !huge) throw std::runtime_error("font could not be loaded: " + regular);
  if (!io.Fonts->Build()) throw std::runtime_error("the font atlas could not be built");
  for (int i = 0; i < bk::ui::kTextSizes; ++i) {
    fonts.body[i] = body;
    fonts.bold[i] = bold_font;
    fonts.heading[i] = heading;
    fonts.huge[i] = huge;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bk;
  // Whatever the kiosk creates may hold personal data: private to its user unless said otherwise
  // (store/private_files.hpp creates those files 0600 explicitly as well).
  ::umask(077);
  // Big buffers (a font atlas rebuilt on A/A+/A++, pixel copies, texture surfaces) get their own
  // mappings and go back to the system when freed. Without a fixed threshold glibc raises it after
  // the first such free and keeps later ones in the heap, where they stay after use.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  const auto started = std::chrono::steady_clock::now();
  // Where start-up time goes, at debug level (BUURTKIOSK_LOG=debug): the benchmark's breakdown.
  auto last_phase = started;
  auto phase = [&last_phase](const char* name) {
    const auto now = std::chrono::steady_clock::now();
    log::debug("startup", std::string(name) + " " +
                              std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now - last_phase).count() / 1000.0) + " ms");
    last_phase = now;
  };
  Options opts;
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
    std::cerr << "buurtkiosk: " << e.what() << "\n";
    return 2;
  }
  // The start-up integrity check (and a restore from backup when the database is damaged) reads
  // the whole file: it runs on a second thread while SDL, the window, the renderer and the fonts
  // start, and the database is opened only once it has passed. A kiosk never starts on a damaged
  // file; a restored one alerts staff in volunteer mode.
  auto startup_check = std::async(std::launch::async, [&opts] { return recover_database(opts.kiosk); });

  // Only video and timers: an open joystick subsystem keeps SDL_WaitEventTimeout from sleeping.
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::cerr << "buurtkiosk: SDL could not start: " << SDL_GetError() << "\n";
    return 1;
  }
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  // The software renderer draws into the window's shared-memory buffer: no OpenGL driver (Mesa with
  // LLVM) in the process, which was two thirds of its memory. The loop only draws on a change, so
  // the CPU it costs is small; "accelerated" is there for very large screens.
  const bool software = config.display.renderer == "software";
  if (software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  const bool fullscreen = opts.width == 0 && config.display.fullscreen;
  Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
  if (fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  SDL_Window* window = SDL_CreateWindow("Buurtkiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        opts.width ? opts.width : 1280, opts.height ? opts.height : 800, flags);
  if (!window) {
    std::cerr << "buurtkiosk: no window: " << SDL_GetError() << "\n";
    return 1;
  }
  phase("window");
  SDL_Renderer* renderer =
      software ? nullptr : SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  if (!renderer) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer) {
    std::cerr << "buurtkiosk: no renderer: " << SDL_GetError() << "\n";
    return 1;
  }
  if (fullscreen) SDL_ShowCursor(SDL_DISABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written to disk
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would keep the loop awake
  app::SdlInput input;
  input.init();
  ImGui_ImplSDLRenderer_Init(renderer);

  int win_w = 0, win_h = 0;
  SDL_GetWindowSize(window, &win_w, &win_h);
  // Body text 28 px at 1080 lines, scaled with the screen.
  const float base_px = std::round(std::max(18.f, win_h * 28.f / 1080.f));
  ui::Fonts fonts;
  try {
    phase("renderer");
    load_fonts(fonts, base_px, 0);
    phase("fonts");
  } catch (const std::exception& e) {
    std::cerr << "buurtkiosk: " << e.what() << "\n";
    return 2;
  }

  std::unique_ptr<Kiosk> kiosk;
  Catalog catalog;
  try {
    const StartupCheck check = startup_check.get();
    if (check.state == StartupCheck::State::Failed) {
      std::cerr << "buurtkiosk: " << check.problem << "\n";
      return 1;
    }
    if (check.state == StartupCheck::State::Restored)
      log::error("kiosk", "database restored from " + check.restored_from.filename().string() + ": " + check.problem);
    phase("integrity check (waited for)");
    kiosk = open_kiosk(opts.kiosk);
    phase("database open");
    if (kiosk->agenda.import_demo_if_empty(kiosk->config.agenda.demo_ics))
      log::info("kiosk", "demo agenda imported into " + kiosk->store.path().string());
    catalog = Catalog::load(assets_dir());
    catalog.set_language(kiosk->config.display.language);
  } catch (const std::exception& e) {
    // One line naming what is wrong (database, catalog), then stop.
    std::cerr << "buurtkiosk: " << e.what() << "\n";
    return 2;
  }
  ui::UiContext ui(*kiosk, catalog);
  ui.theme = &ui::theme_by_name(kiosk->config.display.theme);
  ui.base_px = base_px;
  ui.fonts = fonts;
  int fonts_size = ui.text_size;
  bool running = true;
  ui.make_qr_image = [renderer](const QrMatrix& m) {
    // One texture pixel per module, a 4-module quiet zone; drawn scaled by whole pixels, nearest.
    const int quiet = 4, side = m.size + 2 * quiet;
    SDL_Texture* t = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, side, side);
    std::vector<Uint32> px(static_cast<size_t>(side * side), 0xFFFFFFFFu);
    for (int y = 0; y < m.size; ++y)
      for (int x = 0; x < m.size; ++x)
        if (m.at(x, y)) px[static_cast<size_t>((y + quiet) * side + x + quiet)] = 0xFF000000u;
    SDL_UpdateTexture(t, nullptr, px.data(), side * 4);
    SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
    return ui::QrImage{t, side};
  };
  ui.free_qr_image = [](ui::QrImage& q) {
    if (q.texture) SDL_DestroyTexture(static_cast<SDL_Texture*>(q.texture));
    q = ui::QrImage{};
  };
  Watchdog watchdog = Watchdog::from_environment();
  ui.quit = [&running, &watchdog] {
    watchdog.stopping();  // a deliberate stop: systemd should not count it as a crash
    running = false;
  };
  OpeningHours hours;
  try {
    hours = OpeningHours::parse(kiosk->config.kiosk.opening_hours);
  } catch (const std::exception& e) {
    std::cerr << "buurtkiosk: kiosk.opening_hours: " << e.what() << "\n";
    return 2;
  }
  // Printing runs on the queue's worker, after the commit; its answer comes back as an SDL event so
  // the database and the screen are only touched from this thread.
  const Uint32 print_done_event = SDL_RegisterEvents(1);
  std::unique_ptr<print::PrintQueue> printer;
  if (kiosk->config.printer.kind != PrinterKind::None) {
    printer = std::make_unique<print::PrintQueue>(kiosk->config.printer);
    const print::PrintQueue::Callback post_outcome = [print_done_event](const print::PrintOutcome& o) {
      SDL_Event e{};
      e.type = print_done_event;
      e.user.data1 = new print::PrintOutcome(o);
      SDL_PushEvent(&e);
    };
    ui.print_ticket = [&ui, &printer, &kiosk, post_outcome](const ui::Confirmation& c) {
      if (!c.ticket) return;
      auto job = print::PrintJob::ticket(*c.ticket, c.code, kiosk->clock->now());
      const bool queued = printer->submit(std::move(job), post_outcome);
      ui.print_status = queued ? ui.tr("confirm.printing") : ui.tr("confirm.print_failed");
    };
    ui.print_list = [&ui, &printer, &kiosk, post_outcome](const print::AttendeeList& list, const std::string& label) {
      const bool queued = printer->submit(print::PrintJob::list(list, label, kiosk->clock->now()), post_outcome);
      ui.print_status = queued ? ui.tr("confirm.printing") : ui.tr("confirm.print_failed");
    };
  }
  std::unique_ptr<Speaker> speaker;
  if (kiosk->config.display.read_aloud) {
    speaker = Speaker::open(kiosk->config.display.read_aloud_folder);
    if (speaker->available()) {
      ui.speak = [&speaker, &catalog](const std::string& text) { speaker->say(text, catalog.language()); };
      ui.stop_speaking = [&speaker] { speaker->stop(); };
    } else {
      log::info("speech", "Voorlezen is off: " + speaker->problem());
    }
  }
  ui::create_screens(ui);
  phase("screens");
  ui.now = kiosk->clock->now();
  ui.local_now = kiosk->zone.to_local(ui.now);
  ui.home();

  // The frame loop sleeps: it draws only after input, while something moves, when the clock's
  // minute changes, at an idle deadline, or when another process changed the database.
  Uint32 last_input = SDL_GetTicks();
  Uint32 last_poll = last_input;
  std::int64_t data_version = kiosk->store.data_version();
  int frames_to_draw = 2;
  long frames_drawn = 0;
  const auto& kcfg = kiosk->config.kiosk;
  OpeningHours::State opening = hours.state_at(kiosk->clock->now(), kiosk->zone);
  bool waking_from_night = false;
  Uint32 waking_since = 0;
  while (running) {
    double timeout_s = 3600;
    if (opening.changes_at)
      timeout_s = std::max(0.0, static_cast<double>(*opening.changes_at - kiosk->clock->now()) + 0.05);
    // The watchdog must hear from the loop within WatchdogSec, even when nothing is drawn.
    timeout_s = std::min(timeout_s, watchdog.next_ping_in().count() / 1000.0);
    if (frames_to_draw > 0) {
      timeout_s = 0;
    } else if (ui.night_showing) {
      // Night: nothing changes on screen until the opening hour or a touch.
    } else if (ui.animating) {
      timeout_s = std::min(timeout_s, 1.0 / 60);
    } else {
      const double idle = (SDL_GetTicks() - last_input) / 1000.0;
      const UtcSeconds now = kiosk->clock->now();
      timeout_s = std::min(timeout_s, static_cast<double>(60 - now % 60));  // the clock's minute
      timeout_s = std::min(timeout_s, 2.0 - (SDL_GetTicks() - last_poll) / 1000.0);  // database changes
      timeout_s = std::min(timeout_s, ui.wake_in);
      for (double deadline : {static_cast<double>(kcfg.idle_seconds),
                              static_cast<double>(kcfg.idle_seconds + kcfg.idle_countdown_seconds),
                              static_cast<double>(kcfg.volunteer_logout_seconds)})
        if (deadline > idle) timeout_s = std::min(timeout_s, deadline - idle + 0.05);
    }
    SDL_Event e;
    bool got = SDL_WaitEventTimeout(&e, static_cast<int>(std::max(0.0, timeout_s) * 1000));
    bool woke_for_input = false;
    while (got) {
      if (e.type == SDL_QUIT) {
        // Closing the window is for staff; under cage there is no window manager to ask it.
        running = false;
      } else if (e.type == print_done_event) {
        std::unique_ptr<print::PrintOutcome> o(static_cast<print::PrintOutcome*>(e.user.data1));
        print::save_status(kiosk->store, {o->ok(), kiosk->clock->now(), o->ok() ? "" : o->reason});
        if (!o->ok()) log::warning("print", o->reason);
        if (!ui.print_status.empty()) ui.print_status = ui.tr(o->ok() ? "confirm.print_ok" : "confirm.print_failed");
        frames_to_draw = std::max(frames_to_draw, 1);
      } else if (e.type == SDL_WINDOWEVENT) {
        frames_to_draw = std::max(frames_to_draw, 2);
      }
      if (waking_from_night && SDL_GetTicks() - waking_since >= 1000) waking_from_night = false;
      if ((ui.night_showing || waking_from_night) && is_person_input(e)) {
        // The touch that wakes the night screen must not also press what lies under it: its
        // events are swallowed until the finger lifts (or a second has passed).
        if (!waking_from_night) waking_since = SDL_GetTicks();
        waking_from_night = !(e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP || e.type == SDL_KEYUP);
        woke_for_input = true;
      } else if (input.handle(e)) {
        woke_for_input = true;
        log::debug("input", "event " + std::to_string(e.type));
      }
      got = SDL_PollEvent(&e);
    }
    if (woke_for_input) {
      last_input = SDL_GetTicks();
      frames_to_draw = 3;  // a tap is a press frame, a release frame, and the frame after
    }
    watchdog.ping();
    const UtcSeconds now = kiosk->clock->now();
    if (opening.changes_at && now >= *opening.changes_at) {
      opening = hours.state_at(now, kiosk->zone);
      frames_to_draw = std::max(frames_to_draw, 1);
    }
    ui.closed = !opening.open;
    ui.opens_at = opening.next_opening;
    if (ui.night_showing && frames_to_draw == 0) continue;  // draws nothing between wakes
    if (now / 60 != ui.now / 60) frames_to_draw = std::max(frames_to_draw, 1);
    if (SDL_GetTicks() - last_poll >= 2000) {
      last_poll = SDL_GetTicks();
      const auto v = kiosk->store.data_version();
      if (v != data_version) {
        data_version = v;
        ui.data_changed = true;
        frames_to_draw = std::max(frames_to_draw, 1);
      }
    }
    const double idle = (SDL_GetTicks() - last_input) / 1000.0;
    if (ui.wake_in < 1e8 && (ui.wake_in <= 0 || ui.idle_seconds != idle)) frames_to_draw = std::max(frames_to_draw, 1);
    for (double deadline : {static_cast<double>(kcfg.idle_seconds), static_cast<double>(kcfg.idle_seconds + kcfg.idle_countdown_seconds),
                            static_cast<double>(kcfg.volunteer_logout_seconds)})
      if (ui.idle_seconds < deadline && idle >= deadline) frames_to_draw = std::max(frames_to_draw, 1);
    if (ui.animating) frames_to_draw = std::max(frames_to_draw, 1);
    if (frames_to_draw == 0) continue;

    ui.now = now;
    ui.local_now = kiosk->zone.to_local(now);
    ui.idle_seconds = idle;
    ui.animating = false;
    ui.wake_in = 1e9;
    if (ui.text_size != fonts_size) {
      // A / A+ / A++ was tapped: a new atlas for that size; the backend uploads it in NewFrame.
      ImGui_ImplSDLRenderer_DestroyFontsTexture();
      load_fonts(ui.fonts, ui.base_px, ui.text_size);
      fonts_size = ui.text_size;
      frames_to_draw = std::max(frames_to_draw, 2);  // the tap's frame was laid out with the old size
    }
    input.new_frame(window);
    ImGui_ImplSDLRenderer_NewFrame();
    // The texture holds the glyphs now; the atlas's own pixel copies (alpha and RGBA) can go.
    if (io.Fonts->TexPixelsAlpha8 || io.Fonts->TexPixelsRGBA32) io.Fonts->ClearTexData();
    ImGui::NewFrame();
    try {
      ui::draw_frame(ui);
    } catch (const DbError& err) {
      // A busy or failing database must not take the kiosk down; the next frame tries again.
      log::error("kiosk", std::string("database: ") + err.what());
    }
    ImGui::Render();
    const ui::Rgb bg = ui.theme->background;
    SDL_SetRenderDrawColor(renderer, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(renderer);
    --frames_to_draw;
    ++frames_drawn;
    if (frames_drawn == 1) {
      phase("first frame");
      watchdog.ready();
    }
    if (frames_drawn == 1 && opts.report_startup) {
      const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      std::printf("startup_ms %.1f\n", ms);
      std::fflush(stdout);
    }
    if (opts.exit_after_frames && frames_drawn >= opts.exit_after_frames) running = false;
  }

  for (auto& s : ui.screens) s->forget();
  printer.reset();  // lets a ticket in hand finish (bounded by the printer timeout)
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext();
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
