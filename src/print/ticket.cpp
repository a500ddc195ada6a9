#include "print/ticket.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "print/text_renderer.hpp"
#include "qr/qr.hpp"

namespace bk::print {

int dots_for_paper(int paper_mm) { return paper_mm <= 58 ? 384 : 576; }

Raster render_qr(const std::string& text, int max_width, int target_width) {
  const QrMatrix m = make_qr(text);
  const int modules = m.size + 8;  // 4 modules of quiet zone on each side
  const int fits = max_width / modules;
  // Large enough to scan from a crumpled ticket (≥ 4 dots = 0.5 mm per module), not wider than asked.
  const int scale = std::min(fits, std::max(4, target_width / modules));
  if (scale < 1) throw std::runtime_error("the QR code does not fit on the paper");
  Raster r(modules * scale, modules * scale);
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.at(x, y)) r.fill_rect((x + 4) * scale, (y + 4) * scale, scale, scale);
  return r;
}

namespace {

// Sizes are given for 80 mm paper and scaled down for 58 mm, never below what reads comfortably.
struct Scale {
  double s;
  int operator()(int px80, int min_px = 20) const {
    return std::max(min_px, static_cast<int>(std::lround(px80 * s)));
  }
};

void blit(Raster& dst, const Raster& src, int x0, int y0) {
  dst.ensure_height(y0 + src.height);
  for (int y = 0; y < src.height; ++y)
    for (int x = 0; x < src.width; ++x)
      if (src.get(x, y) && x0 + x < dst.width) dst.set(x0 + x, y0 + y);
}

// "K7M3QX" reads aloud and copies better as "K7M 3QX"; anything else is printed as given.
std::string group_code(const std::string& code) {
  if (code.size() != 6 || code.find(' ') != std::string::npos) return code;
  return code.substr(0, 3) + " " + code.substr(3);
}

}  // namespace

Raster render_ticket(const Ticket& t, int width) {
  if (width < 200) throw std::runtime_error("paper too narrow for a ticket");
  TextRenderer text;
  const Scale px{width / 576.0};
  const int margin = px(12, 8);
  const int inner = width - 2 * margin;
  Raster r(width, 1);
  int y = px(8, 6);

  y = text.paragraph(r, t.centre, px(34), true, margin, inner, y, Align::Centre);
  y += px(6, 4);
  r.ensure_height(y + 3);
  r.fill_rect(margin, y, inner, 3);
  y += px(16, 10);

  if (!t.status.empty()) y = text.paragraph(r, t.status, px(26), false, margin, inner, y, Align::Centre);
  if (!t.what.empty()) y = text.paragraph(r, t.what, px(34), true, margin, inner, y, Align::Centre);
  if (!t.when.empty()) y = text.paragraph(r, t.when, px(28), false, margin, inner, y, Align::Centre);
  y += px(18, 10);

  if (!t.code_label.empty())
    y = text.paragraph(r, t.code_label, px(24), false, margin, inner, y, Align::Centre);
  // The code as large as fits: it is what people read out on the phone.
  const std::string code = group_code(t.code);
  int code_px = px(96, 48);
  while (code_px > 24 && text.measure(code, code_px, true) > inner) code_px -= 4;
  y = text.paragraph(r, code, code_px, true, margin, inner, y, Align::Centre);
  y += px(10, 6);

  if (!t.followup_url.empty()) {
    const Raster qr = render_qr(t.followup_url, inner, 296);  // ~37 mm on either paper
    blit(r, qr, (width - qr.width) / 2, y);
    y += qr.height;
  }
  y += px(4, 2);
  if (!t.followup_sentence.empty())
    y = text.paragraph(r, t.followup_sentence, px(24), false, margin, inner, y, Align::Centre);
  if (!t.phone_line.empty()) {
    y += px(10, 6);
    y = text.paragraph(r, t.phone_line, px(26), true, margin, inner, y, Align::Centre);
  }
  r.ensure_height(y + px(24, 16));
  return r;
}

Raster render_attendee_list(const AttendeeList& l, int width) {
  if (width < 200) throw std::runtime_error("paper too narrow for a list");
  TextRenderer text;
  const Scale px{width / 576.0};
  const int margin = px(8, 6);
  const int inner = width - 2 * margin;
  Raster r(width, 1);
  int y = px(8, 6);
  if (!l.centre.empty()) y = text.paragraph(r, l.centre, px(24), false, margin, inner, y, Align::Left);
  y = text.paragraph(r, l.title, px(32), true, margin, inner, y, Align::Left);
  if (!l.when.empty()) y = text.paragraph(r, l.when, px(26), false, margin, inner, y, Align::Left);
  if (!l.summary.empty()) y = text.paragraph(r, l.summary, px(24), false, margin, inner, y, Align::Left);
  y += px(6, 4);
  r.ensure_height(y + 3);
  r.fill_rect(margin, y, inner, 3);
  y += px(12, 8);

  const int box = px(30, 22);
  const int gap = px(14, 10);
  const int text_x = margin + box + gap;
  const int text_w = inner - box - gap;
  const int size = px(26);
  for (const auto& a : l.lines) {
    std::string line = a.name + " · " + std::to_string(a.people);
    if (!a.phone.empty()) line += " · " + a.phone;
    if (!a.note.empty()) line += " · " + a.note;
    const int top = y;
    // The tick box, centred on the first text line; filled in when already checked in.
    const int box_top = top + std::max(0, (text.line_height(size, false) - box) / 2);
    r.ensure_height(box_top + box);
    r.fill_rect(margin, box_top, box, 3);
    r.fill_rect(margin, box_top + box - 3, box, 3);
    r.fill_rect(margin, box_top, 3, box);
    r.fill_rect(margin + box - 3, box_top, 3, box);
    if (a.checked_in) r.fill_rect(margin + 7, box_top + 7, box - 14, box - 14);
    y = text.paragraph(r, line, size, false, text_x, text_w, y, Align::Left);
    y = std::max(y, box_top + box) + px(6, 4);
    r.ensure_height(y + 1);
    for (int x = margin; x < width - margin; x += 4) r.set(x, y);  // dotted separator
    y += px(8, 6);
  }
  r.ensure_height(y + px(24, 16));
  return r;
}

}  // namespace bk::print
