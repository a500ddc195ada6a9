// One request per connection: the head within its byte and line caps (431 past them), a body only
// by a small Content-Length, handed to a worker once whole; then the answer, and a short linger.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <optional>
#include <string_view>

#include "web/gate_loop.hpp"

namespace bk::web {

using namespace gate;

namespace {

// A refused connection may still be sending; after our answer we read and drop what comes for a
// moment, so the client sees the answer instead of a reset.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;

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

}  // namespace

namespace gate {

std::string plain_answer(int status, const char* reason, const char* text) {
  const std::string body = std::string(text) + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) +
         "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: "
         "nosniff\r\n\r\n" +
         body;
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

}  // namespace gate

// Reads what the client sent (the connection may be closed when this returns).
void ConnectionGate::Loop::read_some(Connection& c) {
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
bool ConnectionGate::Loop::head_progress(Connection& c, std::size_t before) {
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

void ConnectionGate::Loop::hand_over(Connection& c) {
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

// Sends `response` (the connection may be closed when this returns).
void ConnectionGate::Loop::answer_now(Connection& c, std::string response) {
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

void ConnectionGate::Loop::write_some(Connection& c) {
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

}  // namespace bk::web
