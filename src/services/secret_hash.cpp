#include "services/secret_hash.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace bk {
namespace {

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
}

}  // namespace

std::string hash_secret(std::string_view secret) {
  init_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return hash;
}

bool verify_secret(const std::string& hash, std::string_view secret) {
  init_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) == 0;
}

std::int64_t lock_seconds(int first_seconds, std::int64_t earlier_locks) {
  return static_cast<std::int64_t>(first_seconds) << std::clamp<std::int64_t>(earlier_locks, 0, 8);
}

}  // namespace bk
