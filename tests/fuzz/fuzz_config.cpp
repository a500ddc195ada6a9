// The config loader must turn any bytes into either a Config or one ConfigError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)bk::parse_config(text, "fuzz.toml");
  } catch (const bk::ConfigError&) {
  }
  return 0;
}
