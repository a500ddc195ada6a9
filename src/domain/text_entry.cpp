#include "domain/text_entry.hpp"

#include "domain/text.hpp"

namespace bk {

std::size_t TextEntry::length() const { return utf8_length(text_); }

bool TextEntry::accepts(char32_t cp) const {
  switch (kind_) {
    case Kind::Phone: return (cp >= '0' && cp <= '9') || cp == '+' || cp == ' ' || cp == '-';
    case Kind::Code:
      return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    case Kind::Text: break;
  }
  if (cp == ' ') return true;
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD) return false;
  std::string one;
  append_utf8(one, cp);
  return check_text(one, 1, false).ok();  // the same rule as the database's: no pictographs …
}

void TextEntry::type(std::string_view utf8) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    char32_t cp = next_code_point(utf8, i);
    const bool literal_fffd = i - start == 3 && utf8.substr(start, 3) == "\xEF\xBF\xBD";
    if (cp == 0xFFFD && !literal_fffd) continue;  // a broken sequence
    if (cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
    if (!accepts(cp) || full()) continue;
    if (cp == ' ' && (text_.empty() || text_.back() == ' ')) continue;  // no leading or double spaces
    if (kind_ == Kind::Code && cp >= 'a' && cp <= 'z') cp = cp - 'a' + 'A';
    append_utf8(text_, cp);
  }
}

void TextEntry::backspace() {
  if (text_.empty()) return;
  std::size_t n = text_.size() - 1;
  // Not a second decoder: text_ is valid UTF-8 (only append_utf8 writes it), so stepping back over
  // continuation bytes (10xxxxxx) finds where the last character starts.
  while (n > 0 && (static_cast<unsigned char>(text_[n]) & 0xC0) == 0x80) --n;
  text_.erase(n);
}

}  // namespace bk
