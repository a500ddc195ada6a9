#include "web/connection_gate.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "domain/log.hpp"
#include "web/rate_limiter.hpp"

namespace bk::web {

namespace {

using Clock = std::chrono::steady_clock;

// A refused connection may still be sending; after our answer we read and drop what comes for a
// moment, so the client sees the answer instead of a reset.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;

std::string plain_answer(int status, const char* reason, const char* text) {
  const std::string body = std::string(text) + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) +
         "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: "
         "nosniff\r\n\r\n" +
         body;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// How many body bytes to wait for after this head: Content-Length when it is small and plain.
// Chunked, too large or malformed: none; the handler refuses those without reading a body.
std::size_t body_to_read(std::string_view head, std::size_t max_body) {
  std::size_t pos = head.find("\r\n");
  std::optional<std::string_view> length;
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line =
        head.substr(start, end == std::string_view::npos ? head.npos : end - start);
    pos = end;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    if (iequals(name, "transfer-encoding")) return 0;
    if (iequals(name, "content-length") && !length) length = trim(line.substr(colon + 1));
  }
  if (!length || length->empty() || length->size() > 9) return 0;
  std::size_t n = 0;
  for (char ch : *length) {
    if (ch < '0' || ch > '9') return 0;
    n = n * 10 + static_cast<std::size_t>(ch - '0');
  }
  return n <= max_body ? n : 0;
}

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

}  // namespace

struct ConnectionGate::Loop {
  enum class Stage { Head, Body, Answering, Writing, Lingering };

  struct Connection {
    std::uint64_t id = 0;
    int fd = -1;
    std::string ip;
    int port = 0;
    std::string client;  // client_key(ip)
    Stage stage = Stage::Head;
    Clock::time_point accepted;
    Clock::time_point deadline;
    std::string in;
    std::size_t wanted = 0;  // head_size + body, once the head is known
    std::string out;
    std::size_t sent = 0;
    std::size_t lingered = 0;
  };

  struct Job {
    std::uint64_t id;
    std::string request, ip;
    int port;
  };
  struct Done {
    std::uint64_t id;
    std::string response;
  };

  // Refusals are counted and logged once a minute at most: an attack must not flood the journal.
  struct Refusals {
    std::size_t per_client = 0, total = 0, too_slow = 0, too_large = 0;
    Clock::time_point since = Clock::now();
  };

  Loop(GateLimits l, RequestHandler h)
      : limits(l),
        handler(std::move(h)),
        epoll(epoll_create1(EPOLL_CLOEXEC)),
        wake(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~Loop() {
    if (listener >= 0) ::close(listener);
    if (wake >= 0) ::close(wake);
    if (epoll >= 0) ::close(epoll);
  }

  GateLimits limits;
  RequestHandler handler;
  int listener = -1, epoll = -1, wake = -1;
  std::atomic<bool> running{false}, stopping{false};

  std::unordered_map<int, Connection> connections;  // by fd; only the loop thread touches these
  std::unordered_map<std::string, std::size_t> per_client;
  std::uint64_t next_id = 1;
  Refusals refused;

  std::mutex m;
  std::condition_variable jobs_ready;
  std::deque<Job> jobs;
  std::deque<Done> done;
  std::vector<std::thread> workers;

  void notify() {
    const std::uint64_t one = 1;
    (void)!::write(wake, &one, sizeof one);
  }

  void watch(int fd, std::uint32_t events, int op) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(epoll, op, fd, &ev);
  }

  void close_connection(Connection& c) {
    const int fd = c.fd;
    ::close(fd);  // also leaves the epoll set
    auto it = per_client.find(c.client);
    if (it != per_client.end() && --it->second == 0) per_client.erase(it);
    connections.erase(fd);
  }

  void accept_all() {
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

  // Sends `response` (the connection may be closed when this returns).
  void answer_now(Connection& c, std::string response) {
    if (c.stage == Stage::Answering)
      watch(c.fd, EPOLLOUT, EPOLL_CTL_ADD);
    else
      watch(c.fd, EPOLLOUT, EPOLL_CTL_MOD);
    c.out = std::move(response);
    c.sent = 0;
    c.stage = Stage::Writing;
    c.deadline = Clock::now() + limits.write_deadline;
    write_some(c);
  }

  // Reads what the client sent (the connection may be closed when this returns).
  void read_some(Connection& c) {
    char buf[16 * 1024];
    for (;;) {
      if (c.stage == Stage::Lingering) {
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0 && (c.lingered += static_cast<std::size_t>(n)) < kLingerBytes) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0 && errno == EINTR) continue;
        return close_connection(c);
      }
      // Never more than one byte past what may be kept: enough to see that it is too much.
      const std::size_t room =
          c.stage == Stage::Head ? limits.max_head_bytes + 1 - c.in.size() : c.wanted - c.in.size();
      const ssize_t n = ::recv(c.fd, buf, std::min(sizeof buf, room), 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n < 0 && errno == EINTR) continue;
      // The client gave up, or shut its side before sending the whole request.
      if (n <= 0) return close_connection(c);
      const std::size_t before = c.in.size();
      c.in.append(buf, static_cast<std::size_t>(n));
      if (c.stage == Stage::Head && !head_progress(c, before)) return;
      if (c.stage == Stage::Body && c.in.size() >= c.wanted) return hand_over(c);
    }
  }

  // After new head bytes: false once the connection has moved on (answered, or handed over).
  bool head_progress(Connection& c, std::size_t before) {
    const std::size_t from = before >= 3 ? before - 3 : 0;
    const std::size_t end = c.in.find("\r\n\r\n", from);
    const std::size_t head_bytes = end == std::string::npos ? c.in.size() : end + 4;
    const auto lines = static_cast<std::size_t>(
        std::count(c.in.begin(), c.in.begin() + static_cast<long>(head_bytes), '\n'));
    // Request line, the headers and the blank line.
    if (head_bytes > limits.max_head_bytes || lines > limits.max_header_lines + 2) {
      ++refused.too_large;
      answer_now(c, plain_answer(431, "Request Header Fields Too Large",
                                 "Request header fields too large."));
      return false;
    }
    if (end == std::string::npos) return true;
    c.wanted =
        head_bytes + body_to_read(std::string_view(c.in).substr(0, head_bytes), limits.max_body);
    if (c.in.size() >= c.wanted) {
      hand_over(c);
      return false;
    }
    c.stage = Stage::Body;
    c.deadline = c.accepted + limits.body_deadline;
    return true;
  }

  void hand_over(Connection& c) {
    c.in.resize(c.wanted);  // anything after the request is not read as another one
    c.stage = Stage::Answering;
    // A worker answers. Out of the epoll set meanwhile: a hang-up would be reported (and
    // reported again) even with no events asked for.
    epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    {
      std::lock_guard lock(m);
      jobs.push_back({c.id, std::move(c.in), c.ip, c.port});
    }
    c.in = std::string();
    jobs_ready.notify_one();
  }

  void write_some(Connection& c) {
    while (c.sent < c.out.size()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n <= 0) return close_connection(c);
      c.sent += static_cast<std::size_t>(n);
    }
    // All sent: one request per connection. Say so, then drop whatever still comes for a moment.
    ::shutdown(c.fd, SHUT_WR);
    c.out = std::string();
    c.stage = Stage::Lingering;
    c.deadline = Clock::now() + kLinger;
    watch(c.fd, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD);
    read_some(c);
  }

  void collect_answers() {
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

  // Closes what ran out of time; returns how long epoll may sleep.
  int sweep() {
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

  void report_refusals(Clock::time_point now) {
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

  // Out of file descriptors, accept() fails and the listener stays readable: the loop would spin.
  // So every connection the limits allow must have a descriptor, with room for the listener, the
  // workers' database files and the journal.
  void fit_descriptor_limit() {
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

  void work() {
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

  bool run() {
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
};

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
