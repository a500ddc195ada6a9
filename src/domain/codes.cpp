#include "domain/codes.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace bk {
namespace {

void ensure_sodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw std::runtime_error("libsodium could not initialise");
}

}  // namespace

std::string make_reference_code() {
  ensure_sodium();
  std::string code;
  for (std::size_t i = 0; i < kReferenceLength; ++i)
    code += kReferenceAlphabet[randombytes_uniform(static_cast<uint32_t>(kReferenceAlphabet.size()))];
  return code;
}

std::optional<std::string> normalise_reference_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    // Letters people mistype for the digits we do use, and vice versa, are mapped, not refused.
    if (c == '0') return std::nullopt;  // never in a code: a typo we cannot guess
    if (c == 'I' || c == 'L' || c == '1') return std::nullopt;
    if (kReferenceAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out += c;
    if (out.size() > kReferenceLength) return std::nullopt;
  }
  if (out.size() != kReferenceLength) return std::nullopt;
  return out;
}

std::string make_followup_token() {
  ensure_sodium();
  std::array<unsigned char, 18> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 40> out{};
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(out.data());
}

bool looks_like_followup_token(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string hash_token(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, 32> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  return std::string(hex.data());
}

}  // namespace bk
