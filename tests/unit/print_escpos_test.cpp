// ESC/POS encoding: GS v 0 bands of (width+7)/8 bytes per row, MSB first, and the decoder used by
// the print tests to read captured bytes back.
#include <gtest/gtest.h>

#include "print/escpos.hpp"

using namespace bk::print;

namespace {

Raster pattern(int w, int h) {
  Raster r(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if ((x * 7 + y * 3) % 5 == 0 || x == y) r.set(x, y);
  return r;
}

}  // namespace

TEST(PrintEscPos, HeaderBandsAndTailAreExact) {
  Raster r(10, 3);  // 10 dots → 2 bytes per row, the last 6 bits padding
  r.set(0, 0);
  r.set(9, 0);
  r.set(8, 2);
  const auto b = encode_escpos(r, 2);
  const std::vector<std::uint8_t> expected = {
      0x1B, '@',                                      // initialise
      0x1D, 'v', '0', 0, 2, 0, 2, 0, 0x80, 0x40, 0, 0,  // band 1: 2 rows
      0x1D, 'v', '0', 0, 2, 0, 1, 0, 0x00, 0x80,        // band 2: 1 row
      0x1B, 'd', 5,                                   // feed past the cutter
      0x1D, 'V', 1};                                  // partial cut
  EXPECT_EQ(b, expected);
}

TEST(PrintEscPos, DecodeGivesBackTheImageWhateverTheBandSize) {
  for (int w : {384, 576, 13}) {
    const Raster r = pattern(w, 1000);
    for (int band : {1, 255, 256, 960}) {
      const DecodedJob j = decode_escpos(encode_escpos(r, band));
      EXPECT_TRUE(j.initialised);
      EXPECT_TRUE(j.cut);
      EXPECT_EQ(j.bands, (1000 + band - 1) / band);
      EXPECT_EQ(j.image.stride(), r.stride());
      EXPECT_EQ(j.image.height, r.height);
      EXPECT_EQ(j.image.bits, r.bits) << "width " << w << " band " << band;
    }
  }
}

TEST(PrintEscPos, LargeWidthsAndHeightsUseBothLengthBytes) {
  const Raster r = pattern(576, 300);
  const auto b = encode_escpos(r, 300);
  ASSERT_GT(b.size(), 10u);
  EXPECT_EQ(b[6], 72);        // xL: 576 / 8
  EXPECT_EQ(b[7], 0);         // xH
  EXPECT_EQ(b[8], 300 & 0xFF);  // yL
  EXPECT_EQ(b[9], 1);         // yH
}

TEST(PrintEscPos, DecoderRefusesWhatItDoesNotKnow) {
  auto b = encode_escpos(pattern(64, 10));
  auto truncated = b;
  truncated.resize(b.size() - 20);
  EXPECT_THROW(decode_escpos(truncated), std::runtime_error);
  EXPECT_THROW(decode_escpos({0x1B, 'x'}), std::runtime_error);
  EXPECT_THROW(decode_escpos({0x42}), std::runtime_error);
  // Two bands of different widths cannot be one image.
  auto mixed = encode_escpos(pattern(64, 2));
  auto other = encode_escpos(pattern(32, 2));
  mixed.insert(mixed.end(), other.begin(), other.end());
  EXPECT_THROW(decode_escpos(mixed), std::runtime_error);
  EXPECT_THROW(encode_escpos(pattern(8, 8), 0), std::invalid_argument);
}
