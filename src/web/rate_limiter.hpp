#pragma once
// Who counts as one client for the follow-up site's limits, and the per-client token bucket.
//
// One IPv4 address is one client. An IPv6 client usually owns a whole /64 (SLAAC, privacy
// addresses: a phone changes its address every day, and anyone can pick a new one per request), so
// every address of a /64 counts as the same client. An IPv4-mapped IPv6 address ("::ffff:1.2.3.4",
// what a dual-stack socket reports for IPv4) is the IPv4 client.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bk::web {

// "192.0.2.7" → "192.0.2.7"; "2001:db8:1:2:a:b:c:d" → "2001:db8:1:2::/64"; "::ffff:192.0.2.7" →
// "192.0.2.7". Anything that is not an address is returned as it is.
std::string client_key(const std::string& address);

// A token bucket per client key: `per_minute` requests at once, refilled at that rate. At most
// `max_clients` buckets are kept; a new client beyond that replaces the one seen least recently.
// A forgotten client starts with a full bucket again, which only matters to someone who sends from
// more than `max_clients` different clients within a minute, and the connection limits still hold.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(int per_minute, std::size_t max_clients = 10000);

  bool allow(const std::string& key, Clock::time_point now = Clock::now());
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
    std::list<std::string>::iterator recent;  // its place in recent_
  };
  int capacity_;
  std::size_t max_clients_;
  mutable std::mutex m_;
  std::list<std::string> recent_;  // keys, the most recently seen first
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace bk::web
