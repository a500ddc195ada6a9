#pragma once
// Our own small SDL → ImGui input layer (instead of Debian's imgui_impl_sdl, whose
// SDL_CaptureMouse can stop touch input on X11 after the first tap).
#include <SDL.h>

namespace bk::app {

class SdlInput {
 public:
  void init();  // key map; call after ImGui::CreateContext
  // Returns true when the event was input a person made (wakes the loop, resets idle).
  bool handle(const SDL_Event& e);
  // Before ImGui::NewFrame: mouse buttons, the hover fix after a finger lifts.
  void new_frame(SDL_Window* window);

 private:
  bool pressed_latch_[3] = {};  // a tap shorter than a frame still counts as a press
  bool down_[3] = {};
  bool touch_released_ = false;  // move the pointer away next frame: no stuck hover
  bool park_pointer_ = false;
  float x_ = -1, y_ = -1;
};

}  // namespace bk::app
