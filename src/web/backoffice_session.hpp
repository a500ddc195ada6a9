#pragma once
// The back office's login sessions: in memory only (a restart logs everyone out, which costs a
// login and keeps no session secret on disk). A session id is 32 random bytes (libsodium) sent
// as hex in the cookie; the map keeps only its hash, so a memory dump or a log of the map's keys
// cannot be replayed as a cookie. Each session has its own CSRF token for the forms.
// A session ends after `idle` without a request (by the Clock, so tests and --now control it),
// on logout, or when its account is disabled (the server re-reads the account per request).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/time.hpp"

namespace bk::web {

struct BackofficeSession {
  std::int64_t account_id = 0;
  std::string csrf;  // 64 hex characters
  UtcSeconds last_seen = 0;
};

class SessionStore {
 public:
  SessionStore(const Clock& clock, std::chrono::seconds idle, std::size_t max_sessions = 10000);

  struct Opened {
    std::string id;    // for the cookie; not kept
    std::string csrf;
  };
  Opened open(std::int64_t account_id);
  // The session behind a cookie's id, its idle clock restarted; nullopt when unknown or idle too
  // long (then it is gone).
  std::optional<BackofficeSession> touch(const std::string& id);
  void end(const std::string& id);
  std::size_t size() const;

 private:
  static std::string key_of(const std::string& id);
  void drop_idle(UtcSeconds now);  // under m_

  const Clock& clock_;
  std::chrono::seconds idle_;
  std::size_t max_sessions_;
  mutable std::mutex m_;
  std::unordered_map<std::string, BackofficeSession> sessions_;  // by hash of the id
};

// 32 random bytes as 64 lower-case hex characters.
std::string random_hex32();
// Compares two secrets in time that does not depend on where they differ.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace bk::web
