#pragma once
// FreeType text onto a Raster: UTF-8 in, word-wrapped lines out. One instance per thread
// (FreeType libraries are not shared between threads).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "print/raster.hpp"

namespace bk::print {

enum class Align { Left, Centre };

class TextRenderer {
 public:
  TextRenderer();  // loads the regular and bold faces from find_font; throws with a clear line
  ~TextRenderer();
  TextRenderer(const TextRenderer&) = delete;
  TextRenderer& operator=(const TextRenderer&) = delete;

  // Width in dots of one line at `px` pixels (em size).
  int measure(std::string_view utf8, int px, bool bold);
  // Splits at spaces so each line fits `max_width`; a word longer than a line is split by character.
  std::vector<std::string> wrap(std::string_view utf8, int px, bool bold, int max_width);
  // Draws one line with its top at `top`; returns the line height (ascender + descender + gap).
  int draw_line(Raster& r, std::string_view utf8, int px, bool bold, int x, int top);
  int line_height(int px, bool bold);
  // Wraps and draws a paragraph between x and x+width; grows the raster; returns the new top.
  int paragraph(Raster& r, std::string_view utf8, int px, bool bold, int x, int width, int top,
                Align align);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// UTF-8 to code points with the domain codec (next_code_point in domain/text.hpp); a bad sequence
// becomes U+FFFD (printed text must never abort a ticket).
std::vector<char32_t> decode_utf8(std::string_view s);

}  // namespace bk::print
