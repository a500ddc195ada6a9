#include "web/backoffice_forms.hpp"

#include <httplib.h>

#include "domain/text.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {

std::string bo_tr(const Visit& v, std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args) {
  return v.settings.catalog.tr(key, args);
}

std::string FormReader::raw(const std::string& field) { return ok() ? bo_field(v_, field) : std::string(); }

std::string FormReader::text(const std::string& field, std::string_view label, std::size_t max, bool allow_empty,
                             bool multiline) {
  const std::string in = raw(field);
  if (!ok()) return {};
  const CheckedText c = check_text(in, max, allow_empty, multiline);
  const std::string f(label);
  switch (c.problem) {
    case TextProblem::None: return c.value;
    case TextProblem::Empty: fail(bo_tr(v_, "bo.form.empty", {{"field", f}})); break;
    case TextProblem::TooLong:
      fail(bo_tr(v_, "bo.form.too_long", {{"field", f}, {"n", std::to_string(max)}}));
      break;
    case TextProblem::InvalidUtf8: fail(bo_tr(v_, "bo.form.invalid_utf8", {{"field", f}})); break;
    case TextProblem::UnsupportedCharacter: fail(bo_tr(v_, "bo.form.bad_character", {{"field", f}})); break;
  }
  return {};
}

std::optional<LocalDate> FormReader::date(const std::string& field, std::string_view label, bool allow_empty) {
  const std::string in = raw(field);
  if (!ok() || (in.empty() && allow_empty)) return std::nullopt;
  const auto d = parse_date(in);
  // 2027-02-30 and 2027-13-01 do not exist: refused, never moved to another day.
  if (!d) fail(bo_tr(v_, in.empty() ? "bo.form.empty" : "bo.form.bad_date", {{"field", std::string(label)}}));
  return d;
}

std::optional<int> FormReader::minutes(const std::string& field, std::string_view label) {
  std::string in = raw(field);
  if (!ok()) return std::nullopt;
  if (in.size() == 8 && in.compare(5, 3, ":00") == 0) in.resize(5);  // a browser may send seconds
  const auto m = parse_hhmm(in);
  if (!m) fail(bo_tr(v_, in.empty() ? "bo.form.empty" : "bo.form.bad_time", {{"field", std::string(label)}}));
  return m;
}

std::optional<int> FormReader::number(const std::string& field, std::string_view label, int min, int max,
                                      bool allow_empty) {
  const std::string in = raw(field);
  if (!ok() || (in.empty() && allow_empty)) return std::nullopt;
  const bool digits = !in.empty() && in.size() <= 6 && in.find_first_not_of("0123456789") == std::string::npos;
  const int n = digits ? std::stoi(in) : -1;
  if (!digits || n < min || n > max) {
    fail(bo_tr(v_, "bo.form.bad_number",
               {{"field", std::string(label)}, {"min", std::to_string(min)}, {"max", std::to_string(max)}}));
    return std::nullopt;
  }
  return n;
}

std::string bo_date(const Visit& v, LocalDate d) {
  return v.settings.catalog.long_date(d) + " " + std::to_string(d.year);
}

std::string bo_when(const Visit& v, const AgendaItem& item) {
  const LocalDateTime s = v.settings.zone.to_local(item.start), e = v.settings.zone.to_local(item.end);
  if (item.all_day) return bo_date(v, s.date) + ", " + bo_tr(v, "bo.agenda.all_day");
  return bo_date(v, s.date) + ", " + v.settings.catalog.time_of_day(s) + "–" + v.settings.catalog.time_of_day(e);
}

std::optional<std::int64_t> bo_id(const Visit& v, int group) {
  if (static_cast<int>(v.req.matches.size()) <= group) return std::nullopt;
  const std::string s = v.req.matches[group].str();
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(s);
}

void bo_download(Visit& v, const std::string& body, const char* content_type, const std::string& file_name) {
  v.res.set_header("Cache-Control", "no-store");
  v.res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  v.res.set_content(body, content_type);
}

void bo_not_found(Visit& v, std::string_view section, std::string_view message) {
  v.res.status = 404;
  v.res.set_content(bo_page(v, bo_tr(v, "bo.form.not_found_title"), section, bo_notice("error", message)),
                    kBoHtml);
}

}  // namespace bk::web
