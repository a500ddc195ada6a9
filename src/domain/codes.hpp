#pragma once
// Two kinds of code identify a registration or help request:
// - ReferenceCode: 6 characters people read aloud and type (no 0/O/1/I/L to confuse).
// - FollowUpToken: ≥128 random bits, URL-safe, only in links (QR codes); stored as a hash.
#include <optional>
#include <string>
#include <string_view>

namespace bk {

inline constexpr std::string_view kReferenceAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kReferenceLength = 6;

std::string make_reference_code();  // OS randomness (libsodium)
// What a person typed (lower case, spaces, dashes, o for 0 …) → canonical code, or nullopt.
std::optional<std::string> normalise_reference_code(std::string_view typed);

std::string make_followup_token();  // 144 random bits, base64url without padding: 24 chars
bool looks_like_followup_token(std::string_view s);
std::string hash_token(std::string_view token);  // BLAKE2b-256, hex; what the database keeps

}  // namespace bk
