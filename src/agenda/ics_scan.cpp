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

// The first ':' outside double quotes (parameter values may hold one), or npos.
size_t value_colon(const std::string& text) {
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == ':' && !quoted) return i;
  }
  return std::string::npos;
}

// One pass over the logical lines: the component structure, and the text libical will get.
class Scanner {
 public:
  explicit Scanner(const std::string& file) : file_(file) {}

  void line(const Logical& l) {
    if (calendar_ended_) return after_calendar(l);
    const size_t colon = value_colon(l.text);
    if (colon == std::string::npos)
      fail_at(file_, l.line, "not an iCalendar line (no ':'): \"" + l.text.substr(0, 40) + "\"");
    const size_t name_end = std::min(colon, l.text.find(';'));
    const std::string name = upper(std::string_view(l.text).substr(0, name_end));
    if (name.empty() || name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
      return lost_fold(l, name, name_end);
    std::string value = l.text.substr(colon + 1);
    if (name == "RRULE") value = without_negative_count(l, value);
    if (name == "BEGIN") return begin(l, value);
    if (name == "END") return end(l, value);
    if (stack_.empty()) fail_at(file_, l.line, "a property outside BEGIN:VCALENDAR … END:VCALENDAR");
    if (stack_.size() == 2 && stack_.back().first == "VEVENT")
      out_.events.back().props.push_back(
          {name, name_end < colon ? l.text.substr(name_end + 1, colon - name_end - 1) : "", value, l.line});
    property(l, name, l.text.substr(0, colon + 1), value);  // RRULE: as cleaned above
  }

  ScannedCalendar finish() {
    if (!stack_.empty())
      fail_at(file_, stack_.back().second, "BEGIN:" + stack_.back().first + " is never closed");
    return std::move(out_);
  }

 private:
  void ignore(int line, const std::string& why) {
    out_.warnings.push_back(file_ + ":" + std::to_string(line) + ": ignored " + why);
  }
  void write(const std::string& text) { out_.text_for_libical += text + "\r\n"; }

  void after_calendar(const Logical& l) {
    // Feeds append notes ("X-COMMENT:Cached from …"); a second calendar would be lost, so not that.
    if (upper(l.text).rfind("BEGIN:", 0) == 0) fail_at(file_, l.line, "text after END:VCALENDAR");
    ignore(l.line, "a line after END:VCALENDAR");
  }

  // Confluence folds long lines without the leading space: a line that cannot start a property
  // ("l Latham;CN=…:mailto:…") is the rest of the line before it.
  void lost_fold(const Logical& l, const std::string& name, size_t name_end) {
    if (stack_.empty() || out_.text_for_libical.size() < 2 || name.find(' ') == std::string::npos)
      fail_at(file_, l.line, "not an iCalendar property name: \"" + l.text.substr(0, name_end) + "\"");
    out_.text_for_libical.resize(out_.text_for_libical.size() - 2);  // the "\r\n" of the line before
    write(l.text);
    ignore(l.line, "a missing fold space (the line is read as the rest of the line before)");
  }

  void begin(const Logical& l, const std::string& value) {
    if (static_cast<int>(stack_.size()) >= kMaxIcsNesting)
      fail_at(file_, l.line, "BEGIN:" + value.substr(0, 40) + " nests components more than " +
                                 std::to_string(kMaxIcsNesting) + " levels deep (the limit)");
    stack_.emplace_back(upper(value), l.line);
    if (stack_.size() == 2 && stack_.back().first == "VEVENT") out_.events.push_back({l.line, {}});
    write(l.text);
  }

  void end(const Logical& l, const std::string& value) {
    if (stack_.empty() || stack_.back().first != upper(value))
      fail_at(file_, l.line,
              stack_.empty() ? "END:" + value + " without BEGIN:" + value
                             : "END:" + value + " where END:" + stack_.back().first +
                                   " was expected (BEGIN on line " + std::to_string(stack_.back().second) + ")");
    stack_.pop_back();
    if (stack_.empty()) calendar_ended_ = true;
    write(l.text);
  }

  // head: the line up to and including the ':'. Warnings name properties, never values: those
  // may hold names of people.
  void property(const Logical& l, const std::string& name, const std::string& head, const std::string& value) {
    if (name == "X-LIC-ERROR") return ignore(l.line, "an X-LIC-ERROR note the exporting program left in the file");
    if (value.empty() && !keep_when_empty(name)) return ignore(l.line, name + " without a value");
    if (name.rfind("X-", 0) != 0 && icalproperty_string_to_kind(name.c_str()) == ICAL_NO_PROPERTY)
      return ignore(l.line, "the unknown property " + name.substr(0, 40));  // RFC 5545 3.7: iana-prop
    if (name == "RDATE" || name == "EXDATE") return date_list(l, name, head, value);
    write(head + value);
  }

  // Confluence writes COUNT=-1 for "no count" next to UNTIL; RFC 5545 allows one of them.
  std::string without_negative_count(const Logical& l, std::string rule) {
    const std::string upper_rule = upper(rule);
    for (const char* part : {";COUNT=-1", "COUNT=-1;"})
      if (const auto at = upper_rule.find(part); at != std::string::npos) {
        rule.erase(at, std::string_view(part).size());
        ignore(l.line, "COUNT=-1 in RRULE (a repeat count below zero)");
        break;
      }
    return rule;
  }

  // One value a line: libical keeps only the first 500 values of a list, silently.
  void date_list(const Logical& l, const std::string& name, const std::string& head, const std::string& value) {
    bool date_with_z = false;
    for (size_t from = 0; from <= value.size();) {
      const size_t comma = std::min(value.find(',', from), value.size());
      std::string one = value.substr(from, comma - from);
      // Google's birthday calendars write a date with a UTC "Z" (20131210Z): read the date.
      if (one.size() == 9 && one.back() == 'Z' && one.find_first_not_of("0123456789") == 8) {
        one.pop_back();
        date_with_z = true;
      }
      write(head + one);
      from = comma + 1;
    }
    if (date_with_z) ignore(l.line, "the \"Z\" after a date in " + name + " (a date has no time zone)");
  }

  const std::string& file_;
  ScannedCalendar out_;
  std::vector<std::pair<std::string, int>> stack_;  // open components and their BEGIN lines
  bool calendar_ended_ = false;
};

}  // namespace

ScannedCalendar scan_ics(std::string_view text, const std::string& file) {
  const std::vector<Logical> lines = logical_lines(text, file);
  if (lines.empty()) fail_at(file, 1, "the file is empty");
  if (upper(lines.front().text) != "BEGIN:VCALENDAR")
    fail_at(file, lines.front().line, "not an iCalendar file (it must start with BEGIN:VCALENDAR)");
  Scanner scanner(file);
  for (const auto& l : lines) scanner.line(l);
  return scanner.finish();
}

}  // namespace bk
