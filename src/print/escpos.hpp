#pragma once
// ESC/POS for receipt printers: initialise (ESC @), the image as `GS v 0` raster bands, feed past
// the cutter (ESC d), partial cut (GS V 1). The raster path works on every ESC/POS printer; native
// QR commands (GS ( k) do not. Bands keep each command within what cheap printers buffer.
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "print/raster.hpp"

namespace bk::print {

inline constexpr int kDefaultBandRows = 256;

std::vector<std::uint8_t> encode_escpos(const Raster& r, int band_rows = kDefaultBandRows);

// The other way, for tests and for checking what a printer would have received: the `GS v 0`
// bands stacked into one image. Knows the commands encode_escpos writes (plus LF); anything else,
// a truncated band or bands of different widths, throws std::runtime_error.
struct DecodedJob {
  Raster image;
  int bands = 0;
  bool initialised = false;  // ESC @ seen
  bool cut = false;          // GS V seen
  int feed_lines = 0;
};
DecodedJob decode_escpos(const std::vector<std::uint8_t>& bytes);

}  // namespace bk::print
