#pragma once
// Every word on a screen comes from a catalog in assets/i18n/<language>.toml (keys "area.key").
// A missing key falls back to Dutch, then to the key itself, so a gap is visible, never a crash.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/time.hpp"

namespace bk {

struct Language {
  std::string code;  // nl, en, tr, pl
  std::string own_name;  // as its speakers write it: Nederlands, English, Türkçe, Polski
};
const std::vector<Language>& supported_languages();

class Catalog {
 public:
  // Loads every language found in `dir`; throws std::runtime_error naming a broken file.
  static Catalog load(const std::filesystem::path& dir);

  void set_language(const std::string& code);
  const std::string& language() const { return language_; }
  bool has(const std::string& lang, const std::string& key) const;
  std::vector<std::string> keys(const std::string& lang) const;

  // tr("agenda.places_left", {{"n", "5"}}) → "nog 5 plekken"
  std::string tr(std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string>> args = {}) const;
  std::string tr_in(const std::string& lang, std::string_view key) const;

  // Dates and times the way the current language writes them, from the catalog's date.* keys:
  // "dinsdag 2 maart", "Tuesday 2 March", "2 Mart Salı", "wtorek, 2 marca".
  std::string weekday_name(int iso_weekday) const;  // 0 = Monday
  std::string long_date(LocalDate d) const;
  std::string time_of_day(const LocalDateTime& t) const;  // 10:00 (all four use 24 h)

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>> strings_;
  std::string language_ = "nl";
};

// The assets folder: $BUURTKIOSK_ASSETS, the installed share folder, or the source tree's.
std::filesystem::path assets_dir();

}  // namespace bk
