#include "config/fonts.hpp"

#include <array>
#include <cstdlib>

namespace bk {

std::filesystem::path find_font(FontWeight weight) {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("BUURTKIOSK_FONT"); env && *env && weight == FontWeight::Regular)
    return env;
  const bool bold = weight == FontWeight::Bold;
  const std::array<const char*, 4> candidates = {
      bold ? "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
           : "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
      bold ? "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
           : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  };
  for (const char* c : candidates)
    if (fs::exists(c)) return c;
  throw std::runtime_error(
      "no font found: install fonts-noto-core or fonts-dejavu-core (deploy/install-deps.sh)");
}

std::filesystem::path find_symbol_font(FontWeight weight) {
  const std::filesystem::path p = weight == FontWeight::Bold ? "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
                                                             : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  return std::filesystem::exists(p) ? p : std::filesystem::path();
}

}  // namespace bk
