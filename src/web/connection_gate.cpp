#include "web/connection_gate.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <exception>

#include "domain/log.hpp"
#include "web/gate_loop.hpp"

namespace bk::web {

using namespace gate;

namespace gate {

std::string address_text(const sockaddr_storage& a, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  return text;
}

}  // namespace gate

void ConnectionGate::Loop::notify() {
  const std::uint64_t one = 1;
  (void)!::write(wake, &one, sizeof one);
}

void ConnectionGate::Loop::watch(int fd, std::uint32_t events, int op) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  epoll_ctl(epoll, op, fd, &ev);
}

// Out of file descriptors, accept() fails and the listener stays readable: the loop would spin.
// So every connection the limits allow must have a descriptor, with room for the listener, the
// workers' database files and the journal.
void ConnectionGate::Loop::fit_descriptor_limit() {
  constexpr rlim_t kSpare = 64;
  rlimit fds{};
  if (getrlimit(RLIMIT_NOFILE, &fds) != 0) return;
  if (fds.rlim_cur < limits.max_connections + kSpare && fds.rlim_cur < fds.rlim_max) {
    fds.rlim_cur = std::min<rlim_t>(fds.rlim_max, limits.max_connections + kSpare);
    setrlimit(RLIMIT_NOFILE, &fds);
    getrlimit(RLIMIT_NOFILE, &fds);
  }
  if (fds.rlim_cur < limits.max_connections + kSpare)
    limits.max_connections = fds.rlim_cur > 2 * kSpare ? fds.rlim_cur - kSpare : kSpare;
}

void ConnectionGate::Loop::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(m);
      jobs_ready.wait(lock, [&] { return stopping || !jobs.empty(); });
      if (stopping) return;
      job = std::move(jobs.front());
      jobs.pop_front();
    }
    std::string response;
    try {
      response = handler(job.request, job.ip, job.port);
    } catch (const std::exception& e) {
      log::error("web", std::string("answering a request: ") + e.what());
    }
    if (response.empty())
      response = plain_answer(500, "Internal Server Error", "Internal server error.");
    {
      std::lock_guard lock(m);
      done.push_back({job.id, std::move(response)});
    }
    notify();
  }
}

void ConnectionGate::Loop::collect_answers() {
  std::deque<Done> ready;
  {
    std::lock_guard lock(m);
    ready.swap(done);
  }
  for (auto& d : ready) {
    auto it = std::find_if(connections.begin(), connections.end(),
                           [&](const auto& kv) { return kv.second.id == d.id; });
    if (it != connections.end()) answer_now(it->second, std::move(d.response));
  }
}

bool ConnectionGate::Loop::run() {
  if (listener < 0) return false;
  if (epoll < 0 || wake < 0) return false;
  fit_descriptor_limit();
  watch(listener, EPOLLIN, EPOLL_CTL_ADD);
  watch(wake, EPOLLIN, EPOLL_CTL_ADD);
  for (int i = 0; i < std::max(1, limits.workers); ++i) workers.emplace_back([this] { work(); });
  running = true;
  std::vector<epoll_event> events(256);
  while (!stopping) {
    const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), sweep());
    for (int i = 0; i < n && !stopping; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == listener) {
        accept_all();
      } else if (fd == wake) {
        std::uint64_t count;
        (void)!::read(wake, &count, sizeof count);
        collect_answers();
      } else if (auto it = connections.find(fd); it != connections.end()) {
        Connection& c = it->second;
        if (c.stage == Stage::Writing)
          write_some(c);
        else if (c.stage != Stage::Answering)
          read_some(c);
      }
    }
  }
  {
    std::lock_guard lock(m);
    stopping = true;
  }
  jobs_ready.notify_all();
  for (auto& t : workers) t.join();
  workers.clear();
  for (auto& [fd, c] : connections) ::close(fd);
  connections.clear();
  per_client.clear();
  running = false;
  return true;
}

ConnectionGate::ConnectionGate(GateLimits limits, RequestHandler handler)
    : loop_(std::make_unique<Loop>(limits, std::move(handler))) {}

ConnectionGate::~ConnectionGate() { stop(); }

int ConnectionGate::bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR only (no SO_REUSEPORT): a second `serve` on the same port is an error at start,
    // not a silent sharer of the requests.
    int yes = 1, no = 0;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (a->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return -1;
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  int bound_port = 0;
  address_text(bound, bound_port);
  loop_->listener = fd;
  return bound_port;
}

bool ConnectionGate::run() { return loop_->run(); }
bool ConnectionGate::is_running() const { return loop_->running; }

void ConnectionGate::stop() {
  if (!loop_) return;
  {
    std::lock_guard lock(loop_->m);
    loop_->stopping = true;
  }
  loop_->jobs_ready.notify_all();
  if (loop_->wake >= 0) loop_->notify();
}

}  // namespace bk::web
