#pragma once
// A 1-bit image for thermal paper: rows of (width+7)/8 bytes, most significant bit = leftmost dot,
// 1 = black. That is exactly the layout ESC/POS `GS v 0` sends, so encoding is a copy.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace bk::print {

struct Raster {
  int width = 0, height = 0;
  std::vector<std::uint8_t> bits;  // height * stride()

  Raster() = default;
  Raster(int w, int h) : width(w), height(h), bits(static_cast<size_t>(stride() * h), 0) {}

  int stride() const { return (width + 7) / 8; }
  bool get(int x, int y) const {
    return (bits[static_cast<size_t>(y * stride() + x / 8)] >> (7 - x % 8)) & 1;
  }
  void set(int x, int y, bool black = true) {
    auto& b = bits[static_cast<size_t>(y * stride() + x / 8)];
    const auto mask = static_cast<std::uint8_t>(0x80 >> (x % 8));
    b = black ? static_cast<std::uint8_t>(b | mask) : static_cast<std::uint8_t>(b & ~mask);
  }
  // Clipped: dots outside the image are ignored.
  void fill_rect(int x, int y, int w, int h, bool black = true);
  // Grows (white) to at least `h` rows; the layout draws top to bottom without knowing the end.
  void ensure_height(int h);
  long black_dots() const;
};

// A 1-bit greyscale PNG (libpng), written to `tmp` first and renamed, so a reader never sees half a
// file. Throws std::runtime_error naming the file on failure.
void write_png(const Raster& r, const std::filesystem::path& file);
// Reads a PNG (any colour type) back as 1-bit (dark < 50% grey = black); for tests and previews.
Raster read_png(const std::filesystem::path& file);

}  // namespace bk::print
