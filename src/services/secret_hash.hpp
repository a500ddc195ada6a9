#pragma once
// What the kiosk's PIN pad (volunteer_auth) and people's own accounts (account_service) share:
// argon2id hashing with libsodium's interactive limits, and the length of a lock that doubles
// each time it repeats.
#include <cstdint>
#include <string>
#include <string_view>

namespace bk {

// crypto_pwhash_str (argon2id): a self-describing "$argon2id$…" string. Slow by design: call it
// outside a write transaction. Throws std::runtime_error when libsodium fails (out of memory).
std::string hash_secret(std::string_view secret);
// crypto_pwhash_str_verify: as slow as hash_secret, whether or not it matches.
bool verify_secret(const std::string& hash, std::string_view secret);

// How long a lock lasts after `earlier_locks` locks in a row: `first_seconds`, doubling each time,
// at most 256 times the first (5 minutes grow to about 21 hours).
std::int64_t lock_seconds(int first_seconds, std::int64_t earlier_locks);

}  // namespace bk
