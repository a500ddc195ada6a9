// The string catalogs: Dutch complete for every key the screens use, the other languages with the
// same keys and the same {placeholders}.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "i18n/catalog.hpp"

using namespace bk;

namespace {

std::set<std::string> placeholders(const std::string& s) {
  std::set<std::string> out;
  static const std::regex re("\\{([a-z_]+)\\}");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

Catalog load() { return Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets"); }

}  // namespace

TEST(Catalog, EveryKeyTheScreensUseIsInDutch) {
  const Catalog c = load();
  const std::regex use("tr\\(\"([a-z_.]+)\"");
  int checked = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "src/ui")) {
    if (f.path().extension() != ".cpp") continue;
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), use); it != std::sregex_iterator(); ++it) {
      const std::string key = (*it)[1];
      if (key.back() == '.' || key.back() == '_') continue;  // a prefix completed at run time
      EXPECT_TRUE(c.has("nl", key)) << key << " used in " << f.path().filename();
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(Catalog, OtherLanguagesHaveTheSameKeysAndPlaceholders) {
  const Catalog c = load();
  const auto nl = c.keys("nl");
  for (const Language& l : supported_languages()) {
    if (l.code == "nl") continue;
    ASSERT_FALSE(c.keys(l.code).empty()) << "no catalog for " << l.code;
    for (const auto& key : nl) {
      ASSERT_TRUE(c.has(l.code, key)) << l.code << " lacks " << key;
      EXPECT_EQ(placeholders(c.tr_in(l.code, key)), placeholders(c.tr_in("nl", key))) << l.code << ": " << key;
    }
    EXPECT_EQ(c.keys(l.code).size(), nl.size()) << l.code << " has keys Dutch does not";
  }
}

TEST(Catalog, DatesAndFallbacks) {
  Catalog c = load();
  c.set_language("nl");
  EXPECT_EQ(c.long_date({2027, 3, 2}), "dinsdag 2 maart");
  EXPECT_EQ(c.tr("agenda.places_left", {{"n", "5"}}), "nog 5 plekken");
  c.set_language("en");
  EXPECT_EQ(c.long_date({2027, 3, 2}), "Tuesday 2 March");
  EXPECT_EQ(c.tr("no.such.key"), "no.such.key");
  c.set_language("tr");
  EXPECT_EQ(c.long_date({2027, 3, 2}), "2 Mart Salı");
  c.set_language("pl");
  EXPECT_EQ(c.long_date({2027, 3, 2}), "wtorek, 2 marca");
  c.set_language("xx");
  EXPECT_EQ(c.language(), "nl");
}
