#include "web/backoffice_session.hpp"

#include <sodium.h>

#include <stdexcept>

namespace bk::web {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string random_hex32() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return to_hex(bytes, sizeof bytes);
}

bool same_secret(const std::string& a, const std::string& b) {
  // Lengths are not secret (always 64 here); the bytes are compared without an early exit.
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionStore::SessionStore(const Clock& clock, std::chrono::seconds idle, std::size_t max_sessions)
    : clock_(clock), idle_(idle), max_sessions_(max_sessions) {}

std::string SessionStore::key_of(const std::string& id) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(id.data()), id.size(), nullptr, 0);
  return to_hex(hash, sizeof hash);
}

void SessionStore::drop_idle(UtcSeconds now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (now - it->second.last_seen >= idle_.count())
      it = sessions_.erase(it);
    else
      ++it;
  }
}

SessionStore::Opened SessionStore::open(std::int64_t account_id) {
  Opened o{random_hex32(), random_hex32()};
  const UtcSeconds now = clock_.now();
  std::lock_guard lock(m_);
  if (sessions_.size() >= max_sessions_) drop_idle(now);
  if (sessions_.size() >= max_sessions_) {
    // Still full: the least recently seen session makes room (a login never fails for this).
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
      if (it->second.last_seen < oldest->second.last_seen) oldest = it;
    sessions_.erase(oldest);
  }
  sessions_[key_of(o.id)] = BackofficeSession{account_id, o.csrf, now};
  return o;
}

std::optional<BackofficeSession> SessionStore::touch(const std::string& id) {
  if (id.size() != 64) return std::nullopt;
  const std::string key = key_of(id);
  const UtcSeconds now = clock_.now();
  std::lock_guard lock(m_);
  const auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen >= idle_.count()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionStore::end(const std::string& id) {
  if (id.empty()) return;
  const std::string key = key_of(id);
  std::lock_guard lock(m_);
  sessions_.erase(key);
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(m_);
  return sessions_.size();
}

}  // namespace bk::web
