#include "app/sdl_input.hpp"

#include <imgui.h>

#include <cfloat>

namespace bk::app {

void SdlInput::init() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "buurtkiosk_sdl";
  io.KeyMap[ImGuiKey_Tab] = SDL_SCANCODE_TAB;
  io.KeyMap[ImGuiKey_LeftArrow] = SDL_SCANCODE_LEFT;
  io.KeyMap[ImGuiKey_RightArrow] = SDL_SCANCODE_RIGHT;
  io.KeyMap[ImGuiKey_UpArrow] = SDL_SCANCODE_UP;
  io.KeyMap[ImGuiKey_DownArrow] = SDL_SCANCODE_DOWN;
  io.KeyMap[ImGuiKey_Home] = SDL_SCANCODE_HOME;
  io.KeyMap[ImGuiKey_End] = SDL_SCANCODE_END;
  io.KeyMap[ImGuiKey_Delete] = SDL_SCANCODE_DELETE;
  io.KeyMap[ImGuiKey_Backspace] = SDL_SCANCODE_BACKSPACE;
  io.KeyMap[ImGuiKey_Space] = SDL_SCANCODE_SPACE;
  io.KeyMap[ImGuiKey_Enter] = SDL_SCANCODE_RETURN;
  io.KeyMap[ImGuiKey_Escape] = SDL_SCANCODE_ESCAPE;
  io.KeyMap[ImGuiKey_KeyPadEnter] = SDL_SCANCODE_KP_ENTER;
}

bool SdlInput::handle(const SDL_Event& e) {
  ImGuiIO& io = ImGui::GetIO();
  switch (e.type) {
    case SDL_MOUSEMOTION: {
      // X11 sends crossing events (a screen grab, a window mapped) that SDL turns into motion to
      // the same spot: not a person, so not a reason to wake up or to reset the idle timer.
      const bool moved = x_ != static_cast<float>(e.motion.x) || y_ != static_cast<float>(e.motion.y);
      x_ = static_cast<float>(e.motion.x);
      y_ = static_cast<float>(e.motion.y);
      if (moved) park_pointer_ = false;
      return moved;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
      const int b = e.button.button == SDL_BUTTON_LEFT ? 0 : e.button.button == SDL_BUTTON_RIGHT ? 1 : e.button.button == SDL_BUTTON_MIDDLE ? 2 : -1;
      x_ = static_cast<float>(e.button.x);
      y_ = static_cast<float>(e.button.y);
      park_pointer_ = false;
      if (b < 0) return true;
      if (e.type == SDL_MOUSEBUTTONDOWN) {
        pressed_latch_[b] = true;
        down_[b] = true;
      } else {
        down_[b] = false;
        // A finger has no hover: once it lifts, the pointer must not stay over a button.
        if (e.button.which == SDL_TOUCH_MOUSEID) touch_released_ = true;
      }
      return true;
    }
    case SDL_MOUSEWHEEL:
      io.MouseWheel += static_cast<float>(e.wheel.y);
      return true;
    case SDL_TEXTINPUT:
      io.AddInputCharactersUTF8(e.text.text);
      return true;
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
      const int key = e.key.keysym.scancode;
      if (key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[key] = e.type == SDL_KEYDOWN;
      const SDL_Keymod mod = SDL_GetModState();
      io.KeyShift = (mod & KMOD_SHIFT) != 0;
      io.KeyCtrl = (mod & KMOD_CTRL) != 0;
      io.KeyAlt = (mod & KMOD_ALT) != 0;
      return true;
    }
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      return true;  // SDL also sends them as mouse events (SDL_TOUCH_MOUSEID); wake up only
    default:
      return false;
  }
}

void SdlInput::new_frame(SDL_Window* window) {
  ImGuiIO& io = ImGui::GetIO();
  int w = 0, h = 0;
  SDL_GetWindowSize(window, &w, &h);
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  for (int b = 0; b < 3; ++b) {
    io.MouseDown[b] = pressed_latch_[b] || down_[b];
    pressed_latch_[b] = false;
  }
  if (park_pointer_) {
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  } else {
    io.MousePos = ImVec2(x_, y_);
  }
  // The release is seen this frame at the finger's position; from the next frame on, no hover.
  if (touch_released_ && !io.MouseDown[0]) {
    park_pointer_ = true;
    touch_released_ = false;
  }
}

}  // namespace bk::app
