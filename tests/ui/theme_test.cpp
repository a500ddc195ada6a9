#include <gtest/gtest.h>

#include "ui/theme.hpp"

using namespace bk::ui;

TEST(Theme, ContrastRatioFormula) {
  EXPECT_NEAR(contrast_ratio({0, 0, 0}, {255, 255, 255}), 21.0, 0.01);
  EXPECT_NEAR(contrast_ratio({119, 119, 119}, {255, 255, 255}), 4.48, 0.01);
}

TEST(Theme, EveryTextPairMeetsWcagAaInBothThemes) {
  for (const Theme* t : {&default_theme(), &high_contrast_theme()}) {
    for (const ColourPair& p : text_pairs(*t))
      EXPECT_GE(contrast_ratio(p.text, p.background), 4.5) << t->name << ": " << p.what;
  }
}

TEST(Theme, HighContrastIsHigher) {
  for (size_t i = 0; i < text_pairs(default_theme()).size(); ++i) {
    const auto d = text_pairs(default_theme())[i], h = text_pairs(high_contrast_theme())[i];
    EXPECT_GE(contrast_ratio(h.text, h.background), 7.0) << h.what;
    (void)d;
  }
}
