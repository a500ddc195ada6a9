// The CSV agenda format (documented in kiosk-config/agenda-example.csv): RFC 4180 with a header
// row naming the columns; lines starting with # before the header are comments.
#include <algorithm>
#include <functional>
#include <map>

#include "agenda/series.hpp"
#include "domain/errors.hpp"
#include "domain/text.hpp"

namespace bk {
namespace {

struct Row {
  std::vector<std::string> fields;
  int line = 0;
};

[[noreturn]] void fail(const std::string& file, int line, const std::string& what) {
  throw InputError(file + ":" + std::to_string(line) + ": " + what);
}

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<Row> parse_rows(std::string_view text, const std::string& file) {
  std::vector<Row> rows;
  size_t i = 0;
  int line = 1;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size()) {
    Row row;
    row.line = line;
    // A comment line before anything else.
    if (text[i] == '#' ) {
      const size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
      ++line;
      continue;
    }
    std::string field;
    bool in_quotes = false, was_quoted = false;
    for (;;) {
      if (i >= text.size()) {
        if (in_quotes) fail(file, row.line, "a quoted field is never closed");
        row.fields.push_back(std::move(field));
        break;
      }
      const char c = text[i++];
      if (in_quotes) {
        if (c == '"') {
          if (i < text.size() && text[i] == '"') {
            field += '"';
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
        continue;
      }
      if (c == '"') {
        if (!field.empty() || was_quoted) fail(file, line, "a quote inside an unquoted field");
        in_quotes = was_quoted = true;
      } else if (c == ',') {
        row.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i < text.size() && text[i] == '\n') ++i;
        ++line;
        row.fields.push_back(std::move(field));
        break;
      } else {
        if (was_quoted) fail(file, line, "text after a closing quote");
        field += c;
      }
    }
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

// Names the first line that is not UTF-8 precisely.
void check_utf8_lines(std::string_view text, const std::string& file) {
  int line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!is_valid_utf8(text.substr(start, end - start))) fail(file, line, "not valid UTF-8 text");
    ++line;
    start = end + 1;
  }
}

// The header row: column name → index; unknown, repeated or missing columns are refused.
std::map<std::string, size_t> read_header(const Row& header, const std::string& file) {
  static const std::vector<std::string> known = {"uid", "title", "start", "end", "location",
                                                 "category", "capacity", "description",
                                                 "weekly_until"};
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = header.fields[i];
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(file, header.line, "unknown column \"" + name + "\"");
    if (col.count(name)) fail(file, header.line, "column \"" + name + "\" appears twice");
    col[name] = i;
  }
  for (const char* needed : {"title", "start", "end"})
    if (!col.count(needed)) fail(file, header.line, std::string("the column \"") + needed + "\" is missing");
  return col;
}

// One data row as a series; `seen_uid` (uid → line) refuses a uid given twice.
SeriesDefinition read_row(const Row& row, const std::map<std::string, size_t>& col,
                          size_t header_fields, const std::string& file, const TimeZone& centre,
                          std::map<std::string, int>& seen_uid) {
  if (row.fields.size() != header_fields)
    fail(file, row.line, std::to_string(row.fields.size()) + " fields where the header has " +
                             std::to_string(header_fields));
  auto get = [&](const char* name) -> std::string {
    auto it = col.find(name);
    return it == col.end() ? std::string() : row.fields[it->second];
  };
  auto text_field = [&](const char* name, size_t max, bool allow_empty, bool multiline) {
    const auto c = check_text(get(name), max, allow_empty, multiline);
    if (!c.ok()) fail(file, row.line, std::string(name) + " " + describe(c.problem, max));
    return c.value;
  };
  const std::string title = text_field("title", 200, false, false);
  const auto start = parse_local_datetime(get("start"));
  if (!start) fail(file, row.line, "start \"" + get("start") + "\" is not a time like 2027-03-02T10:00");
  const auto end = parse_local_datetime(get("end"));
  if (!end) fail(file, row.line, "end \"" + get("end") + "\" is not a time like 2027-03-02T11:30");
  if (*end < *start) fail(file, row.line, "end lies before start");
  std::optional<int> capacity;
  if (const std::string cap = get("capacity"); !cap.empty()) {
    int n = 0;
    if (cap.size() > 6 || cap.find_first_not_of("0123456789") != std::string::npos)
      fail(file, row.line, "capacity \"" + cap + "\" is not a whole number (empty: free entry)");
    n = std::stoi(cap);
    capacity = n;
  }
  std::optional<LocalDate> until;
  if (const std::string u = get("weekly_until"); !u.empty()) {
    until = parse_date(u);
    if (!until) fail(file, row.line, "weekly_until \"" + u + "\" is not a date like 2027-06-30");
    if (*until < start->date) fail(file, row.line, "weekly_until lies before start");
  }
  std::string uid = text_field("uid", 200, true, false);
  if (uid.empty()) uid = "csv-" + std::to_string(std::hash<std::string>{}(title + "|" + get("start")));
  if (auto it = seen_uid.find(uid); it != seen_uid.end())
    fail(file, row.line, "uid \"" + uid + "\" was already used on line " + std::to_string(it->second));
  seen_uid[uid] = row.line;
  std::string category = text_field("category", 40, true, false);
  for (char& c : category)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return make_local_series(uid, title, text_field("description", 4000, true, true),
                           text_field("location", 200, true, false), category, capacity, *start,
                           *end, until, centre);
}

}  // namespace

std::vector<SeriesDefinition> read_csv(std::string_view text, const std::string& file,
                                       const TimeZone& centre) {
  check_utf8_lines(text, file);
  const std::vector<Row> rows = parse_rows(text, file);
  if (rows.empty()) fail(file, 1, "no header row (uid,title,start,end,location,category,capacity,description,weekly_until)");
  const std::map<std::string, size_t> col = read_header(rows[0], file);
  std::vector<SeriesDefinition> out;
  std::map<std::string, int> seen_uid;
  for (size_t r = 1; r < rows.size(); ++r)
    out.push_back(read_row(rows[r], col, rows[0].fields.size(), file, centre, seen_uid));
  return out;
}

}  // namespace bk
