#pragma once
// Text that people type (names, phone numbers, descriptions) is checked here before it goes
// anywhere near the database: valid UTF-8, no control characters, no pictographs the kiosk font
// cannot draw, trimmed, within a length counted in characters (not bytes).
#include <cstddef>
#include <string>
#include <string_view>

namespace bk {

enum class TextProblem { None, Empty, TooLong, InvalidUtf8, UnsupportedCharacter };

struct CheckedText {
  std::string value;  // cleaned: trimmed, inner runs of white space folded to one space
  TextProblem problem = TextProblem::None;
  bool ok() const { return problem == TextProblem::None; }
};

bool is_valid_utf8(std::string_view s);
std::size_t utf8_length(std::string_view s);  // code points; s must be valid UTF-8
// Decodes one code point at s[i], advancing i; returns U+FFFD on a bad sequence.
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

// allow_empty: an optional field. multiline: keeps single newlines (descriptions).
CheckedText check_text(std::string_view in, std::size_t max_chars, bool allow_empty,
                       bool multiline = false);

// Text from other programs (calendar feeds): pictographs the kiosk cannot draw are dropped instead
// of refusing the whole file. Invalid UTF-8 is left for check_text to refuse.
std::string without_pictographs(std::string_view in);

// Phone numbers: digits, spaces, + - ( ); 6 to 20 digits when given.
CheckedText check_phone(std::string_view in);

// True when `s` holds a control character: C0/C1 controls (tab and newline too), zero-width and
// bidirectional formatting marks. Names that log in must not hide anything (check_text drops them
// silently; a login name refuses them instead).
bool has_control_character(std::string_view s);

// name@host with no spaces, brackets, quotes or control characters (line breaks), at most 254 bytes:
// enough to catch a typo and a mail header injection (config's addresses, accounts' addresses).
// A host without a dot is fine: buurtkiosk@localhost is a valid sender.
bool plausible_email(std::string_view e);

// & < > " ' as character references: text (a name, a title) made safe inside HTML or SVG, in an
// element or a quoted attribute. The one escaper for every page, report and chart.
std::string html_escape(std::string_view s);

// English words for a problem, for CLI messages ("is empty", "is longer than 80 characters").
std::string describe(TextProblem p, std::size_t max_chars);

}  // namespace bk
