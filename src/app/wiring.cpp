#include "app/wiring.hpp"

#include <vector>

#include "domain/log.hpp"
#include "ui/screens/confirmation.hpp"

namespace bk::app {

void wire_qr_images(ui::UiContext& ui, SDL_Renderer* renderer) {
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
}

std::unique_ptr<print::PrintQueue> wire_printing(ui::UiContext& ui, Kiosk& kiosk, Uint32 print_done_event) {
  if (kiosk.config.printer.kind == PrinterKind::None) return nullptr;
  auto printer = std::make_unique<print::PrintQueue>(kiosk.config.printer);
  const print::PrintQueue::Callback post_outcome = [print_done_event](const print::PrintOutcome& o) {
    SDL_Event e{};
    e.type = print_done_event;
    e.user.data1 = new print::PrintOutcome(o);
    SDL_PushEvent(&e);
  };
  print::PrintQueue* queue = printer.get();
  ui.print_ticket = [&ui, queue, &kiosk, post_outcome](const ui::Confirmation& c) {
    if (!c.ticket) return;
    auto job = print::PrintJob::ticket(*c.ticket, c.code, kiosk.clock->now());
    const bool queued = queue->submit(std::move(job), post_outcome);
    ui.print_status = queued ? ui.tr("confirm.printing") : ui.tr("confirm.print_failed");
  };
  ui.print_list = [&ui, queue, &kiosk, post_outcome](const print::AttendeeList& list, const std::string& label) {
    const bool queued = queue->submit(print::PrintJob::list(list, label, kiosk.clock->now()), post_outcome);
    ui.print_status = queued ? ui.tr("confirm.printing") : ui.tr("confirm.print_failed");
  };
  return printer;
}

std::unique_ptr<Speaker> wire_speech(ui::UiContext& ui, Kiosk& kiosk, Catalog& catalog) {
  if (!kiosk.config.display.read_aloud) return nullptr;
  std::unique_ptr<Speaker> speaker = Speaker::open(kiosk.config.display.read_aloud_folder);
  if (speaker->available()) {
    Speaker* s = speaker.get();
    ui.speak = [s, &catalog](const std::string& text) { s->say(text, catalog.language()); };
    ui.stop_speaking = [s] { s->stop(); };
  } else {
    log::info("speech", "Voorlezen is off: " + speaker->problem());
  }
  return speaker;
}

}  // namespace bk::app
