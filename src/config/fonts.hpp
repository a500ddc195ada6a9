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

// What the kiosk loads from the text font (pairs, 0-terminated): Latin-1 and Latin Extended-A
// cover Dutch, English, Turkish and Polish; dashes, quotes, ellipsis, the euro sign, and the
// symbol-font signs below (from the text font when it has them, else merged from the symbol font).
inline constexpr unsigned short kTextRanges[] = {0x0020, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A, 0x20AC, 0x20AC,
                                                 0x2190, 0x2193, 0x2212, 0x2212, 0x2713, 0x2713, 0};

// The signs taken from the symbol font (pairs of first/last code point, 0-terminated for ImGui).
inline constexpr unsigned short kSymbolRanges[] = {0x2190, 0x2193, 0x2212, 0x2212, 0x2713, 0x2713, 0};

}  // namespace bk
