#pragma once
// The kiosk, its tickets and its glyph tests use one font family from a Debian font package
// (fonts-noto-core, else fonts-dejavu-core), found at run time.
#include <filesystem>
#include <stdexcept>

namespace bk {

enum class FontWeight { Regular, Bold };

// Throws std::runtime_error naming the packages to install when no usable font is found.
std::filesystem::path find_font(FontWeight weight = FontWeight::Regular);

}  // namespace bk
