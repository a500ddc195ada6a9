#pragma once
// The kiosk, its tickets and its glyph tests use one font family from a Debian font package
// (fonts-noto-core, else fonts-dejavu-core), found at run time.
#include <filesystem>
#include <stdexcept>

namespace bk {

enum class FontWeight { Regular, Bold };

// Throws std::runtime_error naming the packages to install when no usable font is found.
std::filesystem::path find_font(FontWeight weight = FontWeight::Regular);

// Debian's Noto Sans has no arrows, minus sign or check mark; DejaVu Sans (fonts-dejavu-core) has
// them. The kiosk merges these signs from it into every text font. Empty when it is not installed.
std::filesystem::path find_symbol_font(FontWeight weight = FontWeight::Regular);

// The signs taken from the symbol font (pairs of first/last code point, 0-terminated for ImGui).
inline constexpr unsigned short kSymbolRanges[] = {0x2190, 0x2193, 0x2212, 0x2212, 0x2713, 0x2713, 0};

}  // namespace bk
