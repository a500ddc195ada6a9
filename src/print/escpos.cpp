#include "print/escpos.hpp"

#include <algorithm>
#include <string>

namespace bk::print {

namespace {
constexpr std::uint8_t ESC = 0x1B, GS = 0x1D, LF = 0x0A;
constexpr int kFeedLines = 5;  // the cutter sits a few lines above the print head
}  // namespace

std::vector<std::uint8_t> encode_escpos(const Raster& r, int band_rows) {
  if (band_rows < 1 || band_rows > 2303) throw std::invalid_argument("band rows must be 1-2303");
  if (r.stride() > 0xFFFF) throw std::invalid_argument("image too wide for GS v 0");
  std::vector<std::uint8_t> out = {ESC, '@'};
  out.reserve(r.bits.size() + static_cast<size_t>(r.height / band_rows + 1) * 8 + 16);
  const int stride = r.stride();
  for (int y = 0; y < r.height; y += band_rows) {
    const int rows = std::min(band_rows, r.height - y);
    const std::uint8_t head[] = {GS,
                                 'v',
                                 '0',
                                 0,  // m = 0: normal density, 1:1
                                 static_cast<std::uint8_t>(stride & 0xFF),
                                 static_cast<std::uint8_t>(stride >> 8),
                                 static_cast<std::uint8_t>(rows & 0xFF),
                                 static_cast<std::uint8_t>(rows >> 8)};
    out.insert(out.end(), std::begin(head), std::end(head));
    const auto first = r.bits.begin() + static_cast<std::ptrdiff_t>(y) * stride;
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(rows) * stride);
  }
  const std::uint8_t tail[] = {ESC, 'd', kFeedLines, GS, 'V', 1};
  out.insert(out.end(), std::begin(tail), std::end(tail));
  return out;
}

DecodedJob decode_escpos(const std::vector<std::uint8_t>& b) {
  DecodedJob job;
  size_t i = 0;
  const auto need = [&](size_t n, const char* what) {
    if (i + n > b.size())
      throw std::runtime_error(std::string("ESC/POS: truncated ") + what + " at byte " + std::to_string(i));
  };
  while (i < b.size()) {
    if (b[i] == LF) {
      ++job.feed_lines;
      ++i;
    } else if (b[i] == ESC) {
      need(2, "ESC command");
      if (b[i + 1] == '@') {
        job.initialised = true;
        i += 2;
      } else if (b[i + 1] == 'd') {
        need(3, "ESC d");
        job.feed_lines += b[i + 2];
        i += 3;
      } else {
        throw std::runtime_error("ESC/POS: unknown command ESC " + std::to_string(b[i + 1]));
      }
    } else if (b[i] == GS) {
      need(2, "GS command");
      if (b[i + 1] == 'v') {
        need(8, "GS v 0 header");
        if (b[i + 2] != '0' && b[i + 2] != 0)
          throw std::runtime_error("ESC/POS: GS v with function " + std::to_string(b[i + 2]));
        const int stride = b[i + 4] | (b[i + 5] << 8);
        const int rows = b[i + 6] | (b[i + 7] << 8);
        i += 8;
        need(static_cast<size_t>(stride) * static_cast<size_t>(rows), "GS v 0 band");
        if (job.bands == 0) {
          job.image = Raster(stride * 8, 0);
        } else if (job.image.stride() != stride) {
          throw std::runtime_error("ESC/POS: bands of different widths");
        }
        job.image.bits.insert(job.image.bits.end(), b.begin() + static_cast<std::ptrdiff_t>(i),
                              b.begin() + static_cast<std::ptrdiff_t>(i + static_cast<size_t>(stride * rows)));
        job.image.height += rows;
        i += static_cast<size_t>(stride * rows);
        ++job.bands;
      } else if (b[i + 1] == 'V') {
        need(3, "GS V");
        const std::uint8_t m = b[i + 2];
        i += 3;
        if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) {
          need(1, "GS V n");
          job.feed_lines += b[i];
          ++i;
        }
        job.cut = true;
      } else {
        throw std::runtime_error("ESC/POS: unknown command GS " + std::to_string(b[i + 1]));
      }
    } else {
      throw std::runtime_error("ESC/POS: unexpected byte " + std::to_string(b[i]) + " at " + std::to_string(i));
    }
  }
  return job;
}

}  // namespace bk::print
