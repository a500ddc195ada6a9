#include "app/platform.hpp"

#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_impl_sdlrenderer.h>

#include <cmath>
#include <string>

#include "config/fonts.hpp"

namespace bk::app {

Platform::SdlLibrary::SdlLibrary() {
  // Only video and timers: an open joystick subsystem keeps SDL_WaitEventTimeout from sleeping.
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0)
    throw PlatformError(std::string("SDL could not start: ") + SDL_GetError());
}

Platform::SdlLibrary::~SdlLibrary() { SDL_Quit(); }

Platform::Platform(const Config::Display& display, int width, int height, const PhaseLog& phase) {
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  // The software renderer draws into the window's shared-memory buffer: no OpenGL driver (Mesa with
  // LLVM) in the process, which was two thirds of its memory. The loop only draws on a change, so
  // the CPU it costs is small; "accelerated" is there for very large screens.
  const bool software = display.renderer == "software";
  if (software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  const bool fullscreen = width == 0 && display.fullscreen;
  Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
  if (fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  window_.reset(SDL_CreateWindow("Buurtkiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width ? width : 1280,
                                 height ? height : 800, flags));
  if (!window_) throw PlatformError(std::string("no window: ") + SDL_GetError());
  phase("window");
  if (!software)
    renderer_.reset(SDL_CreateRenderer(window(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
  if (!renderer_) renderer_.reset(SDL_CreateRenderer(window(), -1, SDL_RENDERER_SOFTWARE));
  if (!renderer_) throw PlatformError(std::string("no renderer: ") + SDL_GetError());
  if (fullscreen) SDL_ShowCursor(SDL_DISABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written to disk
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would keep the loop awake
  input_.init();
  ImGui_ImplSDLRenderer_Init(renderer());
}

Platform::~Platform() {
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext();
  // then the renderer, the window and SDL, as members
}

float Platform::base_px() const {
  int win_w = 0, win_h = 0;
  SDL_GetWindowSize(window(), &win_w, &win_h);
  return std::round(std::max(18.f, win_h * 28.f / 1080.f));
}

void Platform::present(ui::Rgb bg) {
  SDL_SetRenderDrawColor(renderer(), bg.r, bg.g, bg.b, 255);
  SDL_RenderClear(renderer());
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  SDL_RenderPresent(renderer());
}

void load_fonts(ui::Fonts& fonts, float base_px, int size) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->Flags |= ImFontAtlasFlags_NoMouseCursors;  // the cursor is hidden or the system's
  const std::string regular = find_font(FontWeight::Regular).string();
  const std::string bold = find_font(FontWeight::Bold).string();
  const ImWchar* text_ranges = reinterpret_cast<const ImWchar*>(kTextRanges);
  static const ImWchar code_ranges[] = {0x0020, 0x005A, 0};  // reference codes: digits, capitals
  const std::string symbols_regular = find_symbol_font(FontWeight::Regular).string();
  const std::string symbols_bold = find_symbol_font(FontWeight::Bold).string();
  // Each text font, then the signs its family lacks merged in from the symbol font.
  auto add = [&](const std::string& file, const std::string& symbols, float px, const ImWchar* ranges) {
    ImFont* f = io.Fonts->AddFontFromFileTTF(file.c_str(), px, nullptr, ranges);
    if (f && !symbols.empty() && file != symbols) {
      ImFontConfig merge;
      merge.MergeMode = true;
      io.Fonts->AddFontFromFileTTF(symbols.c_str(), px, &merge, reinterpret_cast<const ImWchar*>(kSymbolRanges));
    }
    return f;
  };
  const float s = base_px * ui::kTextScale[size];
  ImFont* body = add(regular, symbols_regular, s, text_ranges);
  ImFont* bold_font = add(bold, symbols_bold, s, text_ranges);
  ImFont* heading = add(bold, symbols_bold, std::round(s * 1.35f), text_ranges);
  ImFont* huge = io.Fonts->AddFontFromFileTTF(bold.c_str(), std::round(s * 2.6f), nullptr, code_ranges);
  if (!body || !bold_font || !heading || !huge) throw std::runtime_error("font could not be loaded: " + regular);
  if (!io.Fonts->Build()) throw std::runtime_error("the font atlas could not be built");
  for (int i = 0; i < ui::kTextSizes; ++i) {
    fonts.body[i] = body;
    fonts.bold[i] = bold_font;
    fonts.heading[i] = heading;
    fonts.huge[i] = huge;
  }
}

}  // namespace bk::app
