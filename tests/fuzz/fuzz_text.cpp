// What people type goes through check_text / check_phone / normalise_reference_code first: any
// bytes must give a clean result or a refusal, and a clean result must be valid UTF-8 again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/codes.hpp"
#include "domain/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto name = bk::check_text(in, 60, false);
  if (name.ok() && (!bk::is_valid_utf8(name.value) || bk::utf8_length(name.value) > 60)) abort();
  const auto desc = bk::check_text(in, 500, true, true);
  if (desc.ok() && !bk::is_valid_utf8(desc.value)) abort();
  (void)bk::check_phone(in);
  if (auto code = bk::normalise_reference_code(in)) {
    if (code->size() != bk::kReferenceLength) abort();
    if (bk::normalise_reference_code(*code) != code) abort();  // idempotent
  }
  return 0;
}
