#pragma once
// What the platform layer gives the screens: QR textures, printing off the frame loop, Voorlezen.
#include <SDL.h>

#include <memory>

#include "i18n/catalog.hpp"
#include "print/print_queue.hpp"
#include "services/kiosk.hpp"
#include "services/speech.hpp"
#include "ui/ui.hpp"

namespace bk::app {

// make_qr_image / free_qr_image as SDL textures of `renderer`.
void wire_qr_images(ui::UiContext& ui, SDL_Renderer* renderer);

// Printing runs on the queue's worker, after the commit; its answer comes back as an SDL event of
// type `print_done_event` (data1: a new print::PrintOutcome for the loop to delete), so the
// database and the screen are only touched from the loop's thread. Null without a printer.
std::unique_ptr<print::PrintQueue> wire_printing(ui::UiContext& ui, Kiosk& kiosk, Uint32 print_done_event);

// speak / stop_speaking when read_aloud is on and an audio device is there; null when off.
std::unique_ptr<Speaker> wire_speech(ui::UiContext& ui, Kiosk& kiosk, Catalog& catalog);

}  // namespace bk::app
