#pragma once
// What the agenda, attendee, report and status pages of the back office share: reading a form's
// fields into checked values with one Dutch message for what is wrong, dates as people read them,
// downloads. Internal to src/web/backoffice_*.cpp.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/roles.hpp"
#include "domain/time.hpp"
#include "domain/types.hpp"
#include "web/backoffice.hpp"

namespace bk::web {

// The page's words: the Dutch catalog's bo.* keys.
std::string bo_tr(const Visit& v, std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args = {});

// Reads the form's fields one by one; the first problem is kept (in Dutch, naming the field by its
// label) and later reads return empty values, so a handler reads everything, then checks ok().
class FormReader {
 public:
  explicit FormReader(const Visit& v) : v_(v) {}
  // Checked text (domain/text.hpp: valid UTF-8, no control characters, trimmed, max characters).
  std::string text(const std::string& field, std::string_view label, std::size_t max, bool allow_empty,
                   bool multiline = false);
  std::optional<LocalDate> date(const std::string& field, std::string_view label, bool allow_empty = false);
  std::optional<int> minutes(const std::string& field, std::string_view label);  // 10:00 → 600
  // A whole number in [min, max]; empty → nullopt when allow_empty.
  std::optional<int> number(const std::string& field, std::string_view label, int min, int max,
                            bool allow_empty);
  void fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
  }
  bool ok() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }

 private:
  std::string raw(const std::string& field);
  const Visit& v_;
  std::string problem_;
};

// "dinsdag 2 maart 2027, 10:00–11:30" in the centre's zone.
std::string bo_when(const Visit& v, const AgendaItem& item);
std::string bo_date(const Visit& v, LocalDate d);

// The number in the route's first group; nullopt when it is not a plain number.
std::optional<std::int64_t> bo_id(const Visit& v, int group = 1);

// A file to save (CSV, SVG): no caching, attachment with a plain-ASCII name.
void bo_download(Visit& v, const std::string& body, const char* content_type, const std::string& file_name);

// 404 inside the frame: the thing asked for is not there (any more).
void bo_not_found(Visit& v, std::string_view section, std::string_view message);

inline constexpr const char* kBoHtml = "text/html; charset=utf-8";
// The audit's role for everything done here; the actor is the account's name.
inline std::string bo_role() { return to_string(AuditRole::Backoffice); }

}  // namespace bk::web
