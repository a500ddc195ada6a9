// The follow-up site under abuse (issue #17): slow and idle connections, huge headers, many
// addresses. Most tests run the real `buurtkioskctl serve` and measure it from outside.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "test_support.hpp"
#include "web/followup_server.hpp"
#include "web/rate_limiter.hpp"

using namespace bk;
using SteadyClock = std::chrono::steady_clock;

namespace {

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A blocking TCP connection to 127.0.0.1:port from the loopback address `source` (127.0.0.0/8 is
// all ours, so each test client can be a different address). -1 when it fails.
int connect_from(const std::string& source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void send_all(int fd, const std::string& data) {
  for (std::size_t sent = 0; sent < data.size();) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server stopped listening to us: that is what some tests want
    sent += static_cast<std::size_t>(n);
  }
}

// Sends `request` and returns everything that comes back until the server closes (3 s at most).
std::string send_and_read(int port, const std::string& request) {
  const int fd = connect_from("127.0.0.1", port);
  if (fd < 0) return "<no connection>";
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  send_all(fd, request);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

// A shell command's exit code and what it printed.
bk::test::CmdResult run_command(const std::string& cmd) {
  bk::test::CmdResult r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Has the server closed (or answered) this connection? Does not wait.
bool ended_by_server(int fd) {
  char buf[512];
  const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

// `buurtkioskctl serve` on a fresh database and a port of its own, stopped with SIGTERM.
struct Serve {
  std::filesystem::path db = bk::test::temp_path("abuse");
  int port = free_port();
  pid_t pid = -1;

  Serve() {
    const std::string db_arg = db.string(), listen = "127.0.0.1:" + std::to_string(port);
    pid = ::fork();
    if (pid == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl(BUURTKIOSKCTL, BUURTKIOSKCTL, "--db", db_arg.c_str(), "serve", "--listen",
              listen.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500; ++i) {
      httplib::Client c("127.0.0.1", port);
      if (auto res = c.Get("/healthz"); res && res->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "serve did not start";
  }
  ~Serve() {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  long rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string word;
    while (in >> word)
      if (word == "VmRSS:") {
        long kib = 0;
        in >> kib;
        return kib;
      }
    return -1;
  }
  // One /healthz from 127.0.0.1: how long it took, or nullopt when it failed or was not "ok".
  std::optional<double> probe() const {
    const auto t0 = SteadyClock::now();
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(std::chrono::seconds(2));
    c.set_read_timeout(std::chrono::seconds(2));
    auto res = c.Get("/healthz");
    if (!res || res->status != 200 || res->body != "ok") return std::nullopt;
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
  }
};

}  // namespace

// Slowloris: 200 connections from 200 addresses, each sending one header line a second and
// reconnecting when the server ends it. /healthz must keep answering within a second, and the
// server must end a head that is not complete after 5 s.
TEST(WebAbuse, SlowClientsDoNotStarveOthers) {
  Serve s;
  std::atomic<bool> stop{false};
  std::atomic<int> opened{0};
  std::atomic<double> longest{0};
  std::thread attacker([&] {
    struct Slow {
      int fd = -1;
      SteadyClock::time_point since;
    };
    std::vector<Slow> conns(200);
    while (!stop) {
      for (std::size_t i = 0; i < conns.size() && !stop; ++i) {
        Slow& c = conns[i];
        if (c.fd >= 0 && ended_by_server(c.fd)) {
          longest = std::max<double>(
              longest, std::chrono::duration<double>(SteadyClock::now() - c.since).count());
          ::close(c.fd);
          c.fd = -1;
        }
        if (c.fd < 0) {
          c.fd = connect_from("127.0.0." + std::to_string(2 + i), s.port);
          c.since = SteadyClock::now();
          if (c.fd >= 0) ++opened;
          send_all(c.fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
        } else {
          send_all(c.fd, "X-Slow: 1\r\n");
        }
      }
      for (int t = 0; t < 10 && !stop; ++t)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& c : conns)
      if (c.fd >= 0) ::close(c.fd);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // all 200 are open and trickling
  int answered = 0;
  double slowest = 0;
  for (int i = 0; i < 20; ++i) {
    const auto took = s.probe();
    if (took) {
      ++answered;
      slowest = std::max(slowest, *took);
      EXPECT_LT(*took, 1.0) << "probe " << i;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(450));
  }
  stop = true;
  attacker.join();
  EXPECT_EQ(answered, 20) << "slowest " << slowest << " s";
  EXPECT_GT(opened.load(), 200) << "the server ended trickling connections, so they reconnected";
  EXPECT_LT(longest.load(), 7.0) << "a head must be complete within 5 s";
  std::cout << "[ measured ] 20 probes under 200 slow connections, slowest " << slowest * 1000
            << " ms\n";
}

// Idle connections: one address gets a handful; the rest are closed at once, and others are served.
TEST(WebAbuse, OneClientCannotHoldManyConnections) {
  Serve s;
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i) idle.push_back(connect_from("127.0.0.9", s.port));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int still_open = 0;
  for (int fd : idle)
    if (fd >= 0 && !ended_by_server(fd)) ++still_open;
  EXPECT_LE(still_open, 16);
  const auto took = s.probe();
  ASSERT_TRUE(took);
  EXPECT_LT(*took, 1.0);
  for (int fd : idle)
    if (fd >= 0) ::close(fd);
}

TEST(WebAbuse, HugeHeadersGet431AndMemoryStaysFlat) {
  Serve s;
  ASSERT_TRUE(s.probe());
  const long before = s.rss_kib();
  const std::string start = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  std::string mega = start;  // 1 MB of headers in 8 KB lines
  for (int i = 0; i < 128; ++i)
    mega += "X-Pad-" + std::to_string(i) + ": " + std::string(8000, 'a') + "\r\n";
  EXPECT_EQ(send_and_read(s.port, mega + "\r\n").substr(0, 12), "HTTP/1.1 431");

  std::string many = start;  // small, but too many
  for (int i = 0; i < 150; ++i) many += "X-H" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(send_and_read(s.port, many + "\r\n").substr(0, 12), "HTTP/1.1 431");

  std::string fine = start;  // a browser sends a dozen or two; 90 still pass
  for (int i = 0; i < 90; ++i) fine += "X-H" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(send_and_read(s.port, fine + "\r\n").substr(0, 12), "HTTP/1.1 200");

  // 64 MB of headers: read no further than the cap, and not kept.
  std::string line = "X-Pad: " + std::string(8000, 'b') + "\r\n", huge = start;
  while (huge.size() < 64u * 1024 * 1024) huge += line;
  (void)send_and_read(s.port, huge);
  ASSERT_TRUE(s.probe());
  const long after = s.rss_kib();
  EXPECT_LT(after - before, 5 * 1024) << before << " KiB → " << after << " KiB";
  std::cout << "[ measured ] serve VmRSS " << before << " KiB before, " << after << " KiB after\n";
}

TEST(WebRateLimiter, KeysIPv4ByAddressAndIPv6ByItsSlash64) {
  EXPECT_EQ(web::client_key("192.0.2.7"), "192.0.2.7");
  EXPECT_NE(web::client_key("192.0.2.7"), web::client_key("192.0.2.8"));
  EXPECT_EQ(web::client_key("2001:db8:1:2:a:b:c:d"), "2001:db8:1:2::/64");
  EXPECT_EQ(web::client_key("2001:db8:1:2::1"),
            web::client_key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
  EXPECT_NE(web::client_key("2001:db8:1:2::1"), web::client_key("2001:db8:1:3::1"));
  EXPECT_EQ(web::client_key("::ffff:192.0.2.7"), "192.0.2.7") << "IPv4 on a dual-stack socket";
  EXPECT_EQ(web::client_key("::1"), "::/64");
}

TEST(WebRateLimiter, ThreeHundredAddressesOfOneSlash64AreOneClient) {
  web::RateLimiter limiter(30);
  const auto now = web::RateLimiter::Clock::now();
  int allowed = 0;
  for (int i = 1; i <= 300; ++i) {
    char address[64];
    std::snprintf(address, sizeof address, "2001:db8:1:2:%x::%x", i, i * 7);
    allowed += limiter.allow(web::client_key(address), now);
  }
  EXPECT_EQ(allowed, 30);
  EXPECT_TRUE(limiter.allow(web::client_key("2001:db8:1:3::1"), now))
      << "the next /64 is someone else";
}

TEST(WebRateLimiter, MemoryStaysAtItsCap) {
  web::RateLimiter limiter(30, 10000);
  const auto now = web::RateLimiter::Clock::now();
  for (int i = 0; i < 1'000'000; ++i) limiter.allow("k" + std::to_string(i), now);
  EXPECT_EQ(limiter.size(), 10000u);
}

TEST(WebRateLimiter, ForgetsTheClientSeenLeastRecently) {
  web::RateLimiter limiter(1, 2);
  const auto now = web::RateLimiter::Clock::now();
  EXPECT_TRUE(limiter.allow("a", now));
  EXPECT_TRUE(limiter.allow("b", now));
  EXPECT_FALSE(limiter.allow("a", now));  // a is now the most recent
  EXPECT_TRUE(limiter.allow("c", now));   // b goes
  EXPECT_FALSE(limiter.allow("a", now)) << "a was kept, still limited";
  EXPECT_TRUE(limiter.allow("b", now)) << "b was forgotten, so it starts afresh";
  EXPECT_EQ(limiter.size(), 2u);
  EXPECT_TRUE(limiter.allow("a", now + std::chrono::seconds(61))) << "refilled after a minute";
}

// The same through the real server and real sockets: 300 addresses of one IPv6 /64 on loopback.
// Adding addresses needs a network namespace of our own (unshare -rn, as an unprivileged user
// too); this test runs the one below in such a namespace, or is skipped where that is not allowed.
TEST(WebAbuse, ThreeHundredAddressesOfOneSlash64AreLimitedAsOneClient) {
  if (std::system("unshare -rn true >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no network namespaces here";
  if (std::system("PATH=$PATH:/usr/sbin:/sbin command -v ip >/dev/null") != 0)
    GTEST_SKIP() << "iproute2 missing";
  const auto r = run_command("BK_IN_NETNS=1 unshare -rn '" +
                             std::filesystem::read_symlink("/proc/self/exe").string() +
                             "' --gtest_filter=WebAbuseInNamespace.*");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("[  PASSED  ] 1 test"), std::string::npos) << r.out;
}

TEST(WebAbuseInNamespace, Slash64SharesOneBucket) {
  if (!std::getenv("BK_IN_NETNS")) GTEST_SKIP() << "runs inside the test above";
  ASSERT_EQ(std::system("PATH=$PATH:/usr/sbin:/sbin; ip link set lo up && "
                        "ip -6 route add local 2001:db8:1:2::/64 dev lo"),
            0);
  const auto path = bk::test::temp_path("netns");
  {
    Store db(path);
    db.migrate();
  }
  bk::test::ManualClock clock;
  web::FollowupSettings settings;
  settings.database = path;
  settings.clock = &clock;
  settings.catalog = Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets");
  settings.requests_per_minute = 30;
  web::FollowupServer server(std::move(settings));
  const int port = server.bind("::1", 0);
  ASSERT_GT(port, 0);
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  int ok = 0, limited = 0;
  for (int i = 1; i <= 300; ++i) {
    const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    int yes = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &yes, sizeof yes);
    sockaddr_in6 from{}, to{};
    from.sin6_family = to.sin6_family = AF_INET6;
    char address[64];
    std::snprintf(address, sizeof address, "2001:db8:1:2:%x::%x", i, i * 7);
    inet_pton(AF_INET6, address, &from.sin6_addr);
    to.sin6_addr = in6addr_loopback;
    to.sin6_port = htons(static_cast<uint16_t>(port));
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from), 0)
        << address << ": " << std::strerror(errno);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0)
        << std::strerror(errno);
    send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    char buf[64] = {};
    ASSERT_GT(::recv(fd, buf, 12, MSG_WAITALL), 0);
    const std::string status(buf, 12);
    ok += status == "HTTP/1.1 200";
    limited += status == "HTTP/1.1 429";
    ::close(fd);
  }
  server.stop();
  t.join();
  EXPECT_EQ(ok, 30);
  EXPECT_EQ(limited, 270);
}
