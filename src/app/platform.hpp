#pragma once
// The SDL and ImGui side of the touchscreen program, owned by one object so that every way out of
// main (an error at start-up as well as a normal stop) shuts ImGui, the renderer, the window and
// SDL down, in that order.
#include <SDL.h>

#include <functional>
#include <memory>
#include <stdexcept>

#include "app/sdl_input.hpp"
#include "config/config.hpp"
#include "ui/ui.hpp"

namespace bk::app {

// SDL, the window or the renderer could not start; what() is the sentence for stderr.
class PlatformError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using PhaseLog = std::function<void(const char*)>;  // start-up timing (main.cpp)

class Platform {
 public:
  // width 0: fullscreen when the config asks for it, else 1280x800. Throws PlatformError.
  Platform(const Config::Display& display, int width, int height, const PhaseLog& phase);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  SDL_Window* window() const { return window_.get(); }
  SDL_Renderer* renderer() const { return renderer_.get(); }
  SdlInput& input() { return input_; }
  // Body text 28 px at 1080 lines, scaled with the screen.
  float base_px() const;
  // Clears the window in `background` and shows what ImGui drew.
  void present(ui::Rgb background);

 private:
  struct SdlLibrary {
    SdlLibrary();
    ~SdlLibrary();
  };
  struct WindowDeleter {
    void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
  };
  struct RendererDeleter {
    void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
  };
  SdlLibrary sdl_;  // first made, last gone
  std::unique_ptr<SDL_Window, WindowDeleter> window_;
  std::unique_ptr<SDL_Renderer, RendererDeleter> renderer_;
  SdlInput input_;
};

// The font atlas holds one text size at a time (A, A+ or A++): all three at once made a texture
// three times as large, and building it was most of the start-up time. Changing the size rebuilds
// it between frames (tens of milliseconds, on a tap). Only `size` is filled in `fonts`; the other
// sizes point at the same fonts so a stray index never meets a null font. Throws when a font
// cannot be loaded.
void load_fonts(ui::Fonts& fonts, float base_px, int size);

}  // namespace bk::app
