#pragma once
// A QR code as a square of modules (true = dark), from libqrencode. The screen turns it into a
// texture and the ticket into raster dots; both add the quiet zone themselves.
#include <string_view>
#include <vector>

namespace bk {

struct QrMatrix {
  int size = 0;  // modules per side
  std::vector<bool> dark;  // size*size, row-major
  bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)]; }
};

// Error correction M (survives a crease or a smudge on a ticket). Throws on text too long.
QrMatrix make_qr(std::string_view text);

}  // namespace bk
