#pragma once
// What the on-screen keyboard (and a hardware keyboard) types into: a UTF-8 buffer that only ever
// holds clean text — no control characters, no invalid UTF-8, no pictographs, at most max_chars
// characters. Headless so it can be unit-tested and fuzzed.
#include <cstddef>
#include <string>
#include <string_view>

namespace bk {

class TextEntry {
 public:
  enum class Kind { Text, Phone, Code };
  explicit TextEntry(std::size_t max_chars = 60, Kind kind = Kind::Text) : max_(max_chars), kind_(kind) {}

  void type(std::string_view utf8);  // characters that do not belong are dropped
  void backspace();                  // removes one whole character
  void clear() { text_.clear(); }
  const std::string& text() const { return text_; }
  std::size_t length() const;
  bool full() const { return length() >= max_; }
  std::size_t max_chars() const { return max_; }

 private:
  bool accepts(char32_t cp) const;
  std::string text_;
  std::size_t max_;
  Kind kind_;
};

}  // namespace bk
