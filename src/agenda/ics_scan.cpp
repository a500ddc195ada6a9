#include "agenda/ics_scan.hpp"

#include <libical/ical.h>

#include <algorithm>

#include "domain/errors.hpp"
#include "domain/text.hpp"

namespace bk {

const ScannedProperty* ScannedEvent::find(std::string_view name) const {
  for (const auto& p : props)
    if (p.name == name) return &p;
  return nullptr;
}

int ScannedEvent::line_of(std::string_view name) const {
  const auto* p = find(name);
  return p ? p->line : begin_line;
}

void fail_at(const std::string& file, int line, const std::string& what) {
  throw InputError(file + ":" + std::to_string(line) + ": " + what);
}

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

struct Logical {
  std::string text;
  int line;
};

// Unfolds continuation lines (RFC 5545 3.1) and checks the encoding line by line.
std::vector<Logical> logical_lines(std::string_view text, const std::string& file) {
  std::vector<Logical> lines;
  int number = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a UTF-8 byte order mark
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (!is_valid_utf8(raw)) fail_at(file, number, "not valid UTF-8 text");
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t')) {
      if (lines.empty()) fail_at(file, number, "a continuation line with nothing before it");
      lines.back().text.append(raw.substr(1));
      continue;
    }
    if (raw.find_first_not_of(" \t") == std::string_view::npos) continue;
    lines.push_back({std::string(raw), number});
  }
  return lines;
}

// Time properties stay even when empty: leaving them out would turn "DTSTART is not a
// valid date" into a vaguer "event without DTSTART".
bool keep_when_empty(const std::string& name) {
  return name == "DTSTART" || name == "DTEND" || name == "DURATION" || name == "RECURRENCE-ID";
}

}  // namespace

ScannedCalendar scan_ics(std::string_view text, const std::string& file) {
  const std::vector<Logical> lines = logical_lines(text, file);
  if (lines.empty()) fail_at(file, 1, "the file is empty");
  if (upper(lines.front().text) != "BEGIN:VCALENDAR")
    fail_at(file, lines.front().line, "not an iCalendar file (it must start with BEGIN:VCALENDAR)");

  ScannedCalendar out;
  out.text_for_libical.reserve(text.size());
  auto ignore = [&](int line, const std::string& why) {
    out.warnings.push_back(file + ":" + std::to_string(line) + ": ignored " + why);
  };
  std::vector<std::pair<std::string, int>> stack;
  bool seen_calendar_end = false;
  for (const auto& l : lines) {
    if (seen_calendar_end) {
      // Feeds append notes ("X-COMMENT:Cached from …"); a second calendar would be lost, so not that.
      if (upper(l.text).rfind("BEGIN:", 0) == 0) fail_at(file, l.line, "text after END:VCALENDAR");
      ignore(l.line, "a line after END:VCALENDAR");
      continue;
    }
    // The name ends at the first ';' or ':'; the value starts at the first ':' outside quotes.
    size_t colon = std::string::npos;
    bool quoted = false;
    for (size_t i = 0; i < l.text.size(); ++i) {
      if (l.text[i] == '"') quoted = !quoted;
      if (l.text[i] == ':' && !quoted) {
        colon = i;
        break;
      }
    }
    if (colon == std::string::npos)
      fail_at(file, l.line, "not an iCalendar line (no ':'): \"" + l.text.substr(0, 40) + "\"");
    const size_t name_end = std::min(colon, l.text.find(';'));
    const std::string name = upper(std::string_view(l.text).substr(0, name_end));
    if (name.empty() || name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos) {
      // Confluence folds long lines without the leading space: a line that cannot start a
      // property ("l Latham;CN=…:mailto:…") is the rest of the line before it.
      if (stack.empty() || out.text_for_libical.size() < 2 || name.find(' ') == std::string::npos)
        fail_at(file, l.line, "not an iCalendar property name: \"" + l.text.substr(0, name_end) + "\"");
      out.text_for_libical.resize(out.text_for_libical.size() - 2);  // the "\r\n" of the line before
      out.text_for_libical += l.text + "\r\n";
      ignore(l.line, "a missing fold space (the line is read as the rest of the line before)");
      continue;
    }
    std::string value = l.text.substr(colon + 1);
    std::string line_text = l.text;
    // Confluence writes COUNT=-1 for "no count" next to UNTIL; RFC 5545 allows only one of them.
    if (name == "RRULE") {
      const std::string upper_value = upper(value);
      for (const char* part : {";COUNT=-1", "COUNT=-1;"})
        if (const auto at = upper_value.find(part); at != std::string::npos) {
          value.erase(at, std::string_view(part).size());
          line_text = l.text.substr(0, colon + 1) + value;
          ignore(l.line, "COUNT=-1 in RRULE (a repeat count below zero)");
          break;
        }
    }
    if (name == "BEGIN") {
      if (static_cast<int>(stack.size()) >= kMaxIcsNesting)
        fail_at(file, l.line, "BEGIN:" + value.substr(0, 40) + " nests components more than " +
                                  std::to_string(kMaxIcsNesting) + " levels deep (the limit)");
      stack.emplace_back(upper(value), l.line);
      if (stack.size() == 2 && stack.back().first == "VEVENT") out.events.push_back({l.line, {}});
    } else if (name == "END") {
      if (stack.empty() || stack.back().first != upper(value))
        fail_at(file, l.line,
                stack.empty() ? "END:" + value + " without BEGIN:" + value
                              : "END:" + value + " where END:" + stack.back().first +
                                    " was expected (BEGIN on line " +
                                    std::to_string(stack.back().second) + ")");
      stack.pop_back();
      if (stack.empty()) seen_calendar_end = true;
    } else {
      if (stack.empty()) fail_at(file, l.line, "a property outside BEGIN:VCALENDAR … END:VCALENDAR");
      if (stack.size() == 2 && stack.back().first == "VEVENT")
        out.events.back().props.push_back(
            {name, name_end < colon ? l.text.substr(name_end + 1, colon - name_end - 1) : "",
             value, l.line});
      // Values are not named in warnings: they may hold names of people.
      if (name == "X-LIC-ERROR") {
        ignore(l.line, "an X-LIC-ERROR note the exporting program left in the file");
        continue;
      }
      if (value.empty() && !keep_when_empty(name)) {
        ignore(l.line, name + " without a value");
        continue;
      }
      if (name.rfind("X-", 0) != 0 && icalproperty_string_to_kind(name.c_str()) == ICAL_NO_PROPERTY) {
        ignore(l.line, "the unknown property " + name.substr(0, 40));  // RFC 5545 3.7 (x-prop, iana-prop)
        continue;
      }
    }
    if (name == "RDATE" || name == "EXDATE") {
      // One value a line: libical keeps only the first 500 values of a list, silently.
      const std::string head = l.text.substr(0, colon + 1);
      bool date_with_z = false;
      for (size_t from = 0; from <= value.size();) {
        const size_t comma = std::min(value.find(',', from), value.size());
        std::string one = value.substr(from, comma - from);
        // Google's birthday calendars write a date with a UTC "Z" (20131210Z): read the date.
        if (one.size() == 9 && one.back() == 'Z' &&
            one.find_first_not_of("0123456789") == 8) {
          one.pop_back();
          date_with_z = true;
        }
        out.text_for_libical += head + one + "\r\n";
        from = comma + 1;
      }
      if (date_with_z) ignore(l.line, "the \"Z\" after a date in " + name + " (a date has no time zone)");
      continue;
    }
    out.text_for_libical += line_text;
    out.text_for_libical += "\r\n";
  }
  if (!stack.empty())
    fail_at(file, stack.back().second, "BEGIN:" + stack.back().first + " is never closed");
  return out;
}

}  // namespace bk
