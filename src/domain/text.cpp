#include "domain/text.hpp"

namespace bk {

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = 0;
  char32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    i = s.size();
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const unsigned char cc = byte(i + k);
    if ((cc & 0xC0) != 0x80) {
      i += k;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0xFFFD;
  return cp;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(s, i);
    if (cp == 0xFFFD) {
      // A literal U+FFFD (EF BF BD) is valid; anything else that decoded to it is not.
      if (!(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD")) return false;
    }
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A);
}

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// Pictographs and emoji: the kiosk's fonts do not draw them, and a ticket printer neither.
bool is_pictograph(char32_t cp) {
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D || (cp >= 0xE000 && cp <= 0xF8FF) ||
         cp >= 0xF0000 || cp == 0xFFFD;
}

}  // namespace

bool has_control_character(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size())
    if (is_control(next_code_point(s, i))) return true;
  return false;
}

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < e.size() && e.back() != '.' && e.size() <= 254 &&
         e.find_first_of(" <>,;\"") == std::string_view::npos && e.find('@', at + 1) == std::string_view::npos &&
         is_valid_utf8(e) && !has_control_character(e);
}

CheckedText check_text(std::string_view in, std::size_t max_chars, bool allow_empty,
                       bool multiline) {
  CheckedText r;
  if (!is_valid_utf8(in)) {
    r.problem = TextProblem::InvalidUtf8;
    return r;
  }
  std::string out;
  bool pending_space = false, pending_newline = false;
  std::size_t i = 0;
  while (i < in.size()) {
    const char32_t cp = next_code_point(in, i);
    if (multiline && cp == '\n') {
      pending_newline = !out.empty();
      pending_space = false;
      continue;
    }
    if (cp == '\r') continue;
    if (is_space(cp) || (cp == '\n')) {
      pending_space = !out.empty();
      continue;
    }
    if (is_control(cp)) continue;  // dropped silently: invisible and never wanted
    if (is_pictograph(cp)) {
      r.problem = TextProblem::UnsupportedCharacter;
      return r;
    }
    if (pending_newline) {
      out += '\n';
    } else if (pending_space) {
      out += ' ';
    }
    pending_space = pending_newline = false;
    append_utf8(out, cp);
  }
  if (out.empty() && !allow_empty) {
    r.problem = TextProblem::Empty;
    return r;
  }
  if (utf8_length(out) > max_chars) {
    r.problem = TextProblem::TooLong;
    return r;
  }
  r.value = std::move(out);
  return r;
}

std::string without_pictographs(std::string_view in) {
  if (!is_valid_utf8(in)) return std::string(in);
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(in, i);
    if (!is_pictograph(cp)) out.append(in.substr(start, i - start));
  }
  return out;
}

CheckedText check_phone(std::string_view in) {
  CheckedText r = check_text(in, 30, true);
  if (!r.ok() || r.value.empty()) return r;
  int digits = 0;
  for (char c : r.value) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      r.problem = TextProblem::UnsupportedCharacter;
      return r;
    }
  }
  if (digits < 6 || digits > 20) r.problem = TextProblem::UnsupportedCharacter;
  return r;
}

std::string describe(TextProblem p, std::size_t max_chars) {
  switch (p) {
    case TextProblem::None: return "is fine";
    case TextProblem::Empty: return "is empty";
    case TextProblem::TooLong: return "is longer than " + std::to_string(max_chars) + " characters";
    case TextProblem::InvalidUtf8: return "is not valid UTF-8";
    case TextProblem::UnsupportedCharacter: return "contains characters that are not allowed";
  }
  return "is not valid";
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace bk
