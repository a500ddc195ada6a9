#include "services/watchdog.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "domain/log.hpp"

namespace bk {

Watchdog Watchdog::from_environment() {
  const char* sock = std::getenv("NOTIFY_SOCKET");
  if (!sock || !*sock) return Watchdog();
  std::chrono::microseconds interval{0};
  if (const char* usec = std::getenv("WATCHDOG_USEC"); usec && *usec) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(usec, &end, 10);
    if (errno == 0 && end && *end == '\0' && v > 0) interval = std::chrono::microseconds(v);
    else log::warning("watchdog", "WATCHDOG_USEC is not a number; watchdog off");
  }
  // WATCHDOG_PID names cage, the unit's main process: deliberately not compared with getpid().
  return Watchdog(sock, interval);
}

Watchdog::Watchdog(std::string notify_socket, std::chrono::microseconds interval)
    : socket_(std::move(notify_socket)), interval_(interval) {
  if (!socket_.empty() && socket_[0] != '/' && socket_[0] != '@') {
    log::warning("watchdog", "NOTIFY_SOCKET is neither a path nor an abstract socket; not notifying");
    socket_.clear();
  }
  if (socket_.size() >= sizeof(sockaddr_un::sun_path)) {
    log::warning("watchdog", "NOTIFY_SOCKET is too long; not notifying");
    socket_.clear();
  }
}

bool Watchdog::send(const std::string& message) const {
  if (socket_.empty()) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_.data(), socket_.size());
  if (socket_[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace: no trailing NUL counted
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_.size() +
                                          (socket_[0] == '@' ? 0 : 1));
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const ssize_t n = ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
                             reinterpret_cast<const sockaddr*>(&addr), len);
  const int err = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(message.size())) {
    log::warning("watchdog", std::string("notify failed: ") + std::strerror(err));
    return false;
  }
  return true;
}

bool Watchdog::ready() {
  const bool ok = send("READY=1");
  if (ok) log::info("watchdog", enabled() ? "ready; watchdog every " +
                                                std::to_string(interval_.count() / 1000) + " ms"
                                          : "ready");
  return ok;
}

bool Watchdog::ping(Clock::time_point now) {
  if (!enabled()) return false;
  if (pinged_ && now - last_ping_ < interval_ / 2) return false;
  if (!send("WATCHDOG=1")) return false;
  last_ping_ = now;
  pinged_ = true;
  return true;
}

std::chrono::milliseconds Watchdog::next_ping_in(Clock::time_point now) const {
  using std::chrono::milliseconds;
  if (!enabled()) return milliseconds(24L * 3600 * 1000);
  if (!pinged_) return milliseconds(0);
  const auto due = last_ping_ + interval_ / 2;
  if (due <= now) return milliseconds(0);
  // Round up, so a loop that sleeps this long is not woken a hair too early and sleeps again.
  return std::chrono::ceil<milliseconds>(due - now);
}

bool Watchdog::stopping() { return send("STOPPING=1"); }

bool Watchdog::status(const std::string& text) {
  std::string line = "STATUS=";
  for (char c : text) line += c == '\n' ? ' ' : c;
  return send(line);
}

}  // namespace bk
