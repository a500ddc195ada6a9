#include "web/rate_limiter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace bk::web {

std::string client_key(const std::string& address) {
  in6_addr a6{};
  if (inet_pton(AF_INET6, address.c_str(), &a6) != 1) return address;  // IPv4 (or not an address)
  char text[INET6_ADDRSTRLEN] = {};
  if (IN6_IS_ADDR_V4MAPPED(&a6)) {
    inet_ntop(AF_INET, &a6.s6_addr[12], text, sizeof text);
    return text;
  }
  std::memset(&a6.s6_addr[8], 0, 8);  // the interface half: the client picks it freely
  inet_ntop(AF_INET6, &a6, text, sizeof text);
  return std::string(text) + "/64";
}

RateLimiter::RateLimiter(int per_minute, std::size_t max_clients)
    : capacity_(std::max(1, per_minute)), max_clients_(std::max<std::size_t>(1, max_clients)) {}

bool RateLimiter::allow(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(m_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) {
      buckets_.erase(recent_.back());
      recent_.pop_back();
    }
    recent_.push_front(key);
    it = buckets_.emplace(key, Bucket{static_cast<double>(capacity_), now, recent_.begin()}).first;
  } else {
    recent_.splice(recent_.begin(), recent_, it->second.recent);
    Bucket& b = it->second;
    const double seconds = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(capacity_, b.tokens + std::max(0.0, seconds) * capacity_ / 60.0);
    b.last = now;
  }
  Bucket& b = it->second;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(m_);
  return buckets_.size();
}

}  // namespace bk::web
