#pragma once
// The inside of ConnectionGate (see connection_gate.hpp): the state of the epoll loop, and where
// each part of it lives. Internal to src/web.
//   connection_gate.cpp  the epoll loop, the workers, bind/run/stop
//   gate_clients.cpp     accepting under the total and per-client limits, deadlines, refusals
//   gate_request.cpp     reading one request under its byte caps, handing it over, the answer
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "web/connection_gate.hpp"

namespace bk::web {

namespace gate {

using Clock = std::chrono::steady_clock;

// A whole plain-text answer that closes the connection (gate_request.cpp).
std::string plain_answer(int status, const char* reason, const char* text);
// How many body bytes to wait for after this head (gate_request.cpp).
std::size_t body_to_read(std::string_view head, std::size_t max_body);
// The peer's address as text, and its port (connection_gate.cpp).
std::string address_text(const sockaddr_storage& a, int& port);

}  // namespace gate

struct ConnectionGate::Loop {
  using Clock = gate::Clock;

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

  // The loop and the workers (connection_gate.cpp).
  void notify();
  void watch(int fd, std::uint32_t events, int op);
  void fit_descriptor_limit();  // room for max_connections descriptors, else fewer connections
  void work();
  void collect_answers();
  bool run();

  // Connections: accepting under the limits, closing, deadlines, refusals (gate_clients.cpp).
  void accept_all();
  void close_connection(Connection& c);
  // Closes what ran out of time; returns how long epoll may sleep.
  int sweep();
  void report_refusals(Clock::time_point now);

  // One request per connection: the head and body under caps, the answer (gate_request.cpp).
  // Reads what the client sent (the connection may be closed when this returns).
  void read_some(Connection& c);
  // After new head bytes: false once the connection has moved on (answered, or handed over).
  bool head_progress(Connection& c, std::size_t before);
  void hand_over(Connection& c);
  // Sends `response` (the connection may be closed when this returns).
  void answer_now(Connection& c, std::string response);
  void write_some(Connection& c);
};

}  // namespace bk::web
