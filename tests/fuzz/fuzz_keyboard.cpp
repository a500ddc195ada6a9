// The on-screen keyboard's buffer: any sequence of typed bytes and backspaces keeps it clean.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "domain/text.hpp"
#include "domain/text_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  bk::TextEntry entry(40, static_cast<bk::TextEntry::Kind>(data[0] % 3));
  size_t i = 1;
  while (i < size) {
    const size_t n = 1 + data[i] % 8;
    ++i;
    if (data[i - 1] % 5 == 0) {
      entry.backspace();
      continue;
    }
    const size_t take = std::min(n, size - i);
    entry.type(std::string_view(reinterpret_cast<const char*>(data + i), take));
    i += take;
    if (!bk::is_valid_utf8(entry.text()) || entry.length() > 40) abort();
    if (!entry.text().empty() && !bk::check_text(entry.text(), 40, true).ok()) abort();
  }
  return 0;
}
