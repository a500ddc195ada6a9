// The gate's connections: accepted only within the total and per-client limits (client_key: an
// IPv4 address or an IPv6 /64), each under a deadline, closed with the per-client count kept right,
// and refusals counted and logged once a minute at most.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "domain/log.hpp"
#include "web/gate_loop.hpp"
#include "web/rate_limiter.hpp"

namespace bk::web {

using namespace gate;

void ConnectionGate::Loop::accept_all() {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = ::accept4(listener, reinterpret_cast<sockaddr*>(&peer), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN, or out of descriptors: try again on the next round
    }
    Connection c;
    c.fd = fd;
    c.ip = address_text(peer, c.port);
    c.client = client_key(c.ip);
    if (connections.size() >= limits.max_connections) {
      ++refused.total;
      ::close(fd);
      continue;
    }
    std::size_t& mine = per_client[c.client];
    if (mine >= limits.max_per_client) {
      ++refused.per_client;
      ::close(fd);
      continue;
    }
    ++mine;
    c.id = next_id++;
    c.accepted = Clock::now();
    c.deadline = c.accepted + limits.head_deadline;
    watch(fd, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_ADD);
    connections.emplace(fd, std::move(c));
  }
}

void ConnectionGate::Loop::close_connection(Connection& c) {
  const int fd = c.fd;
  ::close(fd);  // also leaves the epoll set
  auto it = per_client.find(c.client);
  if (it != per_client.end() && --it->second == 0) per_client.erase(it);
  connections.erase(fd);
}

// Closes what ran out of time; returns how long epoll may sleep.
int ConnectionGate::Loop::sweep() {
  const auto now = Clock::now();
  auto next = now + std::chrono::seconds(1);
  std::vector<int> expired;
  for (auto& [fd, c] : connections) {
    if (c.stage == Stage::Answering)
      continue;  // the worker's own limits apply (database busy timeout)
    if (c.deadline <= now)
      expired.push_back(fd);
    else
      next = std::min(next, c.deadline);
  }
  for (int fd : expired) {
    Connection& c = connections.at(fd);
    const bool reading = c.stage == Stage::Head || c.stage == Stage::Body;
    if (reading) ++refused.too_slow;
    // Half a request gets a word; an idle connection (or a finished one) just ends.
    if (reading && !c.in.empty())
      answer_now(c, plain_answer(408, "Request Timeout", "Request timeout."));
    else
      close_connection(c);
  }
  if (now - refused.since >= std::chrono::minutes(1)) report_refusals(now);
  return static_cast<int>(
             std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count()) +
         1;
}

void ConnectionGate::Loop::report_refusals(Clock::time_point now) {
  const Refusals& r = refused;
  if (r.per_client + r.total + r.too_slow + r.too_large > 0)
    log::warning("web", "refused in the last minute: " + std::to_string(r.per_client) +
                            " connections over the per-client limit, " + std::to_string(r.total) +
                            " over the total limit, " + std::to_string(r.too_slow) +
                            " too slow, " + std::to_string(r.too_large) +
                            " with headers too large");
  refused = Refusals{};
  refused.since = now;
}

}  // namespace bk::web
