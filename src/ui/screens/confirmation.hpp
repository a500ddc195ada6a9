#pragma once
#include <optional>
#include <string>

#include "print/ticket.hpp"

#include "ui/ui.hpp"

namespace bk::ui {

// The confirmation that registration and help request share: the reference code in large
// letters, the QR code of the follow-up link, Printen when a printer is set up, and Klaar.
struct Confirmation {
  std::string title;         // "U bent aangemeld"
  std::string what;          // activity and date, or the kind of help
  std::string note;          // a sentence more, when there is something to say (kept during an outage)
  std::string code;
  std::string followup_url;
  std::string ticket_line;   // for the printed ticket
  std::string ticket_when;
  std::optional<print::Ticket> ticket;  // what Printen prints
};

void draw_confirmation(UiContext& ui, const Confirmation& c, const QrImage& qr);

}  // namespace bk::ui
