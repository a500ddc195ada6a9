#pragma once
// Colours as data: every text/background pair the screens use is listed, so a unit test can check
// WCAG contrast (≥ 4.5:1) for both themes.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace bk::ui {

struct Rgb {
  std::uint8_t r, g, b;
};

struct Theme {
  std::string name;
  Rgb background, surface, surface_text, text, muted_text;
  Rgb header, header_text;
  Rgb primary, primary_text;      // main action buttons
  Rgb secondary, secondary_text;  // other buttons
  Rgb danger, danger_text;
  Rgb full, full_text;            // "Vol — wachtlijst" badge
  Rgb free, free_text;            // "Vrije inloop" / places left badge
  std::array<Rgb, 6> category;    // stripes; not text, so no contrast rule
};

const Theme& default_theme();
const Theme& high_contrast_theme();
const Theme& theme_by_name(const std::string& name);

// Pairs of (text, background) with a label, for the contrast test.
struct ColourPair {
  const char* what;
  Rgb text, background;
};
std::vector<ColourPair> text_pairs(const Theme& t);

double relative_luminance(Rgb c);
double contrast_ratio(Rgb a, Rgb b);

}  // namespace bk::ui
