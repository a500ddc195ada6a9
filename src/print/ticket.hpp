#pragma once
// What goes on paper: a resident's ticket and a volunteer's attendee list, laid out top to bottom on
// a 1-bit raster as wide as the printer's print head. Strings arrive already translated (the caller
// owns the catalog); this only places them. Text is drawn with FreeType in the kiosk's own font
// (bk::find_font), so ł, ğ, ş and é print as they appear on screen.
#include <string>
#include <vector>

#include "print/raster.hpp"

namespace bk::print {

// Dots across the print head: 80 mm paper prints 72 mm = 576 dots at 203 dpi; 58 mm prints 384.
int dots_for_paper(int paper_mm);

struct Ticket {
  std::string centre;             // "Wijkcentrum De Oever"
  std::string status;             // optional first line: "U bent aangemeld" / "U staat op de wachtlijst"
  std::string what;               // the activity's title, or the kind of help
  std::string when;               // "dinsdag 2 maart, 10:00" (empty for a help request)
  std::string code_label;         // "Uw code"
  std::string code;               // reference code, printed large ("K7M3QX")
  std::string followup_url;       // in the QR code (not printed as text: it holds the token)
  std::string followup_sentence;  // "Scan de QR-code om te kijken of af te melden."
  std::string phone_line;         // "Vragen? Bel 072 000 00 00" (empty: no line)
};

struct AttendeeLine {
  std::string name;
  int people = 1;
  std::string phone;
  std::string note;  // optional, e.g. "wachtlijst"
  bool checked_in = false;
};

struct AttendeeList {
  std::string centre;
  std::string title;  // the activity
  std::string when;   // date and time
  std::string summary;  // "12 aangemeld, 2 op de wachtlijst" (optional)
  std::vector<AttendeeLine> lines;
};

// Throws std::runtime_error when no font can be loaded or the link is too long for a QR code.
Raster render_ticket(const Ticket& t, int width_dots);
Raster render_attendee_list(const AttendeeList& l, int width_dots);

// The QR code of `text` at whole dots per module with a 4-module quiet zone, as large as
// `max_width` allows up to `target_width` (and never below 4 dots per module unless it cannot fit).
Raster render_qr(const std::string& text, int max_width, int target_width);

}  // namespace bk::print
