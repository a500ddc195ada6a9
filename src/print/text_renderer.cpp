#include "print/text_renderer.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <stdexcept>

#include "config/fonts.hpp"
#include "domain/text.hpp"

namespace bk::print {

std::vector<char32_t> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < s.size()) out.push_back(next_code_point(s, i));
  return out;
}

namespace {

std::string encode_utf8(const std::vector<char32_t>& cps, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) append_utf8(s, cps[i]);
  return s;
}

}  // namespace

struct TextRenderer::Impl {
  FT_Library lib = nullptr;
  FT_Face regular = nullptr, bold = nullptr;

  FT_Face face(int px, bool b) {
    FT_Face f = b ? bold : regular;
    if (FT_Set_Pixel_Sizes(f, 0, static_cast<FT_UInt>(px)) != 0)
      throw std::runtime_error("font: cannot set size " + std::to_string(px));
    return f;
  }
};

TextRenderer::TextRenderer() : impl_(std::make_unique<Impl>()) {
  if (FT_Init_FreeType(&impl_->lib) != 0) throw std::runtime_error("FreeType: cannot initialise");
  const auto load = [&](FontWeight w, FT_Face& out) {
    const auto path = find_font(w);
    if (FT_New_Face(impl_->lib, path.c_str(), 0, &out) != 0)
      throw std::runtime_error("font: cannot load " + path.string());
  };
  try {
    load(FontWeight::Regular, impl_->regular);
    load(FontWeight::Bold, impl_->bold);
  } catch (...) {
    if (impl_->regular) FT_Done_Face(impl_->regular);
    FT_Done_FreeType(impl_->lib);
    throw;
  }
}

TextRenderer::~TextRenderer() {
  FT_Done_Face(impl_->bold);
  FT_Done_Face(impl_->regular);
  FT_Done_FreeType(impl_->lib);
}

int TextRenderer::line_height(int px, bool bold) {
  FT_Face f = impl_->face(px, bold);
  return static_cast<int>(f->size->metrics.height >> 6);
}

int TextRenderer::measure(std::string_view utf8, int px, bool bold) {
  FT_Face f = impl_->face(px, bold);
  long pen = 0;
  FT_UInt prev = 0;
  for (char32_t cp : decode_utf8(utf8)) {
    const FT_UInt gi = FT_Get_Char_Index(f, cp);
    if (prev && gi && FT_HAS_KERNING(f)) {
      FT_Vector k;
      if (FT_Get_Kerning(f, prev, gi, FT_KERNING_DEFAULT, &k) == 0) pen += k.x;
    }
    if (FT_Load_Glyph(f, gi, FT_LOAD_DEFAULT) == 0) pen += f->glyph->advance.x;
    prev = gi;
  }
  return static_cast<int>((pen + 63) >> 6);
}

std::vector<std::string> TextRenderer::wrap(std::string_view utf8, int px, bool bold, int max_width) {
  const auto cps = decode_utf8(utf8);
  std::vector<std::string> lines;
  std::string line;
  size_t i = 0;
  while (i < cps.size()) {
    while (i < cps.size() && cps[i] == U' ') ++i;
    size_t j = i;
    while (j < cps.size() && cps[j] != U' ') ++j;
    if (i == j) break;
    std::string word = encode_utf8(cps, i, j);
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (measure(candidate, px, bold) <= max_width) {
      line = candidate;
    } else {
      if (!line.empty()) lines.push_back(line);
      line.clear();
      // A word wider than the paper (a long street name, a URL): split it by character.
      size_t start = i;
      for (size_t k = i + 1; k <= j; ++k) {
        if (measure(encode_utf8(cps, start, k), px, bold) > max_width && k - 1 > start) {
          lines.push_back(encode_utf8(cps, start, k - 1));
          start = k - 1;
        }
      }
      line = encode_utf8(cps, start, j);
    }
    i = j;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

int TextRenderer::draw_line(Raster& r, std::string_view utf8, int px, bool bold, int x, int top) {
  FT_Face f = impl_->face(px, bold);
  const int height = static_cast<int>(f->size->metrics.height >> 6);
  const int baseline = top + static_cast<int>(f->size->metrics.ascender >> 6);
  r.ensure_height(top + height);
  long pen = static_cast<long>(x) << 6;
  FT_UInt prev = 0;
  for (char32_t cp : decode_utf8(utf8)) {
    const FT_UInt gi = FT_Get_Char_Index(f, cp);
    if (prev && gi && FT_HAS_KERNING(f)) {
      FT_Vector k;
      if (FT_Get_Kerning(f, prev, gi, FT_KERNING_DEFAULT, &k) == 0) pen += k.x;
    }
    prev = gi;
    if (FT_Load_Glyph(f, gi, FT_LOAD_RENDER) != 0) continue;
    const FT_GlyphSlot g = f->glyph;
    const FT_Bitmap& bm = g->bitmap;
    const int gx = static_cast<int>(pen >> 6) + g->bitmap_left;
    const int gy = baseline - g->bitmap_top;
    for (unsigned row = 0; row < bm.rows; ++row) {
      const int y = gy + static_cast<int>(row);
      if (y < 0 || y >= r.height) continue;
      for (unsigned col = 0; col < bm.width; ++col) {
        const int xx = gx + static_cast<int>(col);
        if (xx < 0 || xx >= r.width) continue;
        const unsigned char* p = bm.buffer + static_cast<long>(row) * bm.pitch;
        const bool on = bm.pixel_mode == FT_PIXEL_MODE_MONO ? ((p[col / 8] >> (7 - col % 8)) & 1)
                                                            : p[col] >= 112;
        if (on) r.set(xx, y);
      }
    }
    pen += g->advance.x;
  }
  return height;
}

int TextRenderer::paragraph(Raster& r, std::string_view utf8, int px, bool bold, int x, int width,
                            int top, Align align) {
  for (const auto& line : wrap(utf8, px, bold, width)) {
    const int w = measure(line, px, bold);
    const int lx = align == Align::Centre ? x + std::max(0, (width - w) / 2) : x;
    top += draw_line(r, line, px, bold, lx, top);
  }
  return top;
}

}  // namespace bk::print
