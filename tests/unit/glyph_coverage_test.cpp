// Every string in every catalog can be drawn: each character lies in the ranges the kiosk loads
// and the font it comes from has a glyph for it (no empty boxes or "?" for a Turkish ı or a
// Polish ł, an arrow or a check mark).
#include <gtest/gtest.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <set>
#include <sstream>

#include "config/fonts.hpp"
#include "i18n/catalog.hpp"

using namespace bk;

namespace {

bool in_ranges(const unsigned short* r, char32_t cp) {
  for (; r[0]; r += 2)
    if (cp >= r[0] && cp <= r[1]) return true;
  return false;
}

std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

struct Face {
  FT_Face face = nullptr;
  bool has(char32_t cp) const { return face && FT_Get_Char_Index(face, cp) != 0; }
};

}  // namespace

TEST(GlyphCoverage, EveryCatalogStringRendersInTheKioskFonts) {
  FT_Library lib = nullptr;
  ASSERT_EQ(FT_Init_FreeType(&lib), 0);
  const Catalog c = Catalog::load(assets_dir());
  for (FontWeight w : {FontWeight::Regular, FontWeight::Bold}) {
    Face text, symbols;
    ASSERT_EQ(FT_New_Face(lib, find_font(w).c_str(), 0, &text.face), 0);
    const auto sym = find_symbol_font(w);
    ASSERT_FALSE(sym.empty()) << "fonts-dejavu-core is missing (deploy/install-deps.sh)";
    ASSERT_EQ(FT_New_Face(lib, sym.c_str(), 0, &symbols.face), 0);
    int checked = 0;
    for (const Language& l : supported_languages()) {
      std::set<std::string> missing;
      for (const auto& key : c.keys(l.code)) {
        const std::string s = c.tr_in(l.code, key);
        for (char32_t cp : code_points(s)) {
          ++checked;
          const bool drawn = in_ranges(kTextRanges, cp) &&
                             (text.has(cp) || (in_ranges(kSymbolRanges, cp) && symbols.has(cp)));
          if (!drawn) {
            std::ostringstream m;
            m << key << " U+" << std::hex << std::uppercase << static_cast<unsigned>(cp);
            missing.insert(m.str());
          }
        }
      }
      EXPECT_TRUE(missing.empty()) << l.code << ": no glyph for " << *missing.begin() << " (and "
                                   << missing.size() - 1 << " more)";
    }
    EXPECT_GT(checked, 15000);  // four catalogs, every character
    FT_Done_Face(text.face);
    FT_Done_Face(symbols.face);
  }
  FT_Done_FreeType(lib);
}

TEST(GlyphCoverage, TheCheckCatchesAMissingGlyph) {
  // The test above must be able to fail: Noto Sans has no check mark of its own, and the CJK
  // ideograph is in no range the kiosk loads.
  FT_Library lib = nullptr;
  ASSERT_EQ(FT_Init_FreeType(&lib), 0);
  Face text;
  ASSERT_EQ(FT_New_Face(lib, find_font(FontWeight::Regular).c_str(), 0, &text.face), 0);
  EXPECT_TRUE(text.has(U'ł'));
  EXPECT_TRUE(text.has(U'ı'));
  EXPECT_FALSE(in_ranges(kTextRanges, U'\u4E2D'));
  if (find_font(FontWeight::Regular).string().find("Noto") != std::string::npos) EXPECT_FALSE(text.has(U'\u2713'));
  FT_Done_Face(text.face);
  FT_Done_FreeType(lib);
}
