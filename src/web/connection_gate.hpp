#pragma once
// The follow-up site's front door: one thread with an epoll loop accepts connections and reads each
// request (head and small body) under one deadline and byte caps, and only a complete request goes
// to a worker, which answers it in memory; the loop writes the answer back and closes.
//
// Why not let cpp-httplib read the sockets itself: Debian's httplib (0.11) gives every connection a
// thread of a fixed pool (8) that reads the head with a timeout per read and no limit on its size,
// so eight clients sending a header line every few seconds, or a few hundred idle connections,
// take the site offline, and one request with 200 MB of headers is read into memory. Here an idle
// or trickling connection costs a few bytes and a slot in the epoll set, never a thread; the
// workers only ever see whole requests, so they are never waiting on a client.
//
// Limits (GateLimits): connections in total and per client (client_key: an IPv4 address or an
// IPv6 /64), the whole request head within `head_deadline` (not per read), at most `max_head_bytes`
// and `max_header_lines` (→ 431), a body only by Content-Length and at most `max_body` (larger or
// chunked requests go on without their body, for the handler to refuse), one request per
// connection, the answer written within `write_deadline`.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace bk::web {

struct GateLimits {
  std::size_t max_connections = 512;                // open at once, all clients together
  std::size_t max_per_client = 16;                  // open at once from one client
  std::chrono::milliseconds head_deadline{5000};    // from accept to the end of the head
  std::chrono::milliseconds body_deadline{10000};   // from accept to the end of a (small) body
  std::chrono::milliseconds write_deadline{10000};  // for the answer, once it is ready
  std::size_t max_head_bytes = 16 * 1024;
  std::size_t max_header_lines = 100;
  std::size_t max_body = 4 * 1024;
  int workers = 4;
};

// A complete request as the client sent it (head, then the body when it had a small
// Content-Length) and the client's address → the whole response to send back.
using RequestHandler = std::function<std::string(const std::string& request,
                                                 const std::string& remote_ip, int remote_port)>;

class ConnectionGate {
 public:
  ConnectionGate(GateLimits limits, RequestHandler handler);
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Binds and listens; port 0 picks a free port. Returns the port, or -1 when it cannot.
  int bind(const std::string& host, int port);
  // Serves until stop(). False when not bound.
  bool run();
  bool is_running() const;
  void stop();

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace bk::web
