#include "i18n/catalog.hpp"

#include <cstdlib>
#include <stdexcept>
#include <toml++/toml.h>

namespace bk {

const std::vector<Language>& supported_languages() {
  static const std::vector<Language> langs = {
      {"nl", "Nederlands"}, {"en", "English"}, {"tr", "Türkçe"}, {"pl", "Polski"}};
  return langs;
}

namespace {

void flatten(const toml::table& t, const std::string& prefix,
             std::map<std::string, std::string, std::less<>>& out, const std::string& file) {
  for (auto&& [k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      flatten(*sub, key, out, file);
    } else if (const auto* s = v.as_string()) {
      out[key] = s->get();
    } else {
      throw std::runtime_error(file + ":" + std::to_string(v.source().begin.line) + ": " + key +
                               ": must be a string");
    }
  }
}

}  // namespace

Catalog Catalog::load(const std::filesystem::path& dir) {
  Catalog c;
  for (const Language& l : supported_languages()) {
    const auto file = dir / "i18n" / (l.code + ".toml");
    if (!std::filesystem::exists(file)) continue;
    try {
      const toml::table t = toml::parse_file(file.string());
      flatten(t, "", c.strings_[l.code], file.string());
    } catch (const toml::parse_error& e) {
      throw std::runtime_error(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                               std::string(e.description()));
    }
  }
  if (!c.strings_.count("nl"))
    throw std::runtime_error((dir / "i18n/nl.toml").string() + ": the Dutch catalog is missing");
  return c;
}

void Catalog::set_language(const std::string& code) {
  language_ = strings_.count(code) ? code : "nl";
}

bool Catalog::has(const std::string& lang, const std::string& key) const {
  auto l = strings_.find(lang);
  return l != strings_.end() && l->second.count(key);
}

std::vector<std::string> Catalog::keys(const std::string& lang) const {
  std::vector<std::string> out;
  if (auto l = strings_.find(lang); l != strings_.end())
    for (const auto& [k, v] : l->second) out.push_back(k);
  return out;
}

std::string Catalog::tr_in(const std::string& lang, std::string_view key) const {
  for (const std::string& l : {lang, std::string("nl")}) {
    auto it = strings_.find(l);
    if (it == strings_.end()) continue;
    if (auto s = it->second.find(key); s != it->second.end()) return s->second;
  }
  return std::string(key);
}

std::string Catalog::tr(std::string_view key,
                        std::initializer_list<std::pair<std::string_view, std::string>> args) const {
  std::string s = tr_in(language_, key);
  for (const auto& [name, value] : args) {
    const std::string placeholder = "{" + std::string(name) + "}";
    for (size_t pos = s.find(placeholder); pos != std::string::npos;
         pos = s.find(placeholder, pos + value.size()))
      s.replace(pos, placeholder.size(), value);
  }
  return s;
}

std::string Catalog::weekday_name(int iso_weekday) const {
  static const char* keys[] = {"date.monday", "date.tuesday", "date.wednesday", "date.thursday",
                               "date.friday", "date.saturday", "date.sunday"};
  return tr(keys[iso_weekday % 7]);
}

std::string Catalog::long_date(LocalDate d) const {
  static const char* months[] = {"date.january", "date.february", "date.march", "date.april",
                                 "date.may", "date.june", "date.july", "date.august",
                                 "date.september", "date.october", "date.november", "date.december"};
  // The catalog says how the language orders them: e.g. "{weekday} {day} {month}".
  return tr("date.long", {{"weekday", weekday_name(weekday(d))},
                          {"day", std::to_string(d.day)},
                          {"month", tr(months[d.month - 1])},
                          {"year", std::to_string(d.year)}});
}

std::string Catalog::time_of_day(const LocalDateTime& t) const {
  return tr("date.time", {{"hh", (t.hour < 10 ? "0" : "") + std::to_string(t.hour)},
                          {"mm", (t.minute < 10 ? "0" : "") + std::to_string(t.minute)}});
}

std::filesystem::path assets_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("BUURTKIOSK_ASSETS"); env && *env) return env;
  if (fs::exists(fs::path(BUURTKIOSK_DATA_DIR) / "i18n/nl.toml")) return BUURTKIOSK_DATA_DIR;
  return fs::path(BUURTKIOSK_SOURCE_DIR) / "assets";
}

}  // namespace bk
