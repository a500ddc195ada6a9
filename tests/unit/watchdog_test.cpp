// systemd notifications without libsystemd (services/watchdog.hpp), against real datagram sockets.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "services/watchdog.hpp"

using namespace bk;
using namespace std::chrono_literals;

namespace {

// A listening datagram socket standing in for systemd's notify socket.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& name) : name_(name) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, name.data(), name.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    if (name[0] == '@') {
      addr.sun_path[0] = '\0';
    } else {
      std::filesystem::remove(name);
      len += 1;
    }
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0) << std::strerror(errno);
  }
  ~NotifySocket() {
    ::close(fd_);
    if (name_[0] == '/') std::filesystem::remove(name_);
  }
  // The next message, or "" when none is waiting.
  std::string next() {
    char buf[256];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }

 private:
  std::string name_;
  int fd_ = -1;
};

std::string unique(const std::string& stem) { return stem + std::to_string(::getpid()); }

}  // namespace

TEST(Watchdog, SendsReadyAndPingsToAnAbstractSocket) {
  const std::string name = unique("@bk-watchdog-test-");
  NotifySocket sock(name);
  Watchdog w(name, 30s);
  ASSERT_TRUE(w.enabled());
  EXPECT_TRUE(w.ready());
  EXPECT_EQ(sock.next(), "READY=1");
  const auto t0 = Watchdog::Clock::time_point(100s);
  EXPECT_TRUE(w.ping(t0));
  EXPECT_EQ(sock.next(), "WATCHDOG=1");
  EXPECT_TRUE(w.status("agenda"));
  EXPECT_EQ(sock.next(), "STATUS=agenda");
  EXPECT_TRUE(w.stopping());
  EXPECT_EQ(sock.next(), "STOPPING=1");
}

TEST(Watchdog, PingsAtMostEveryHalfInterval) {
  const std::string name = unique("@bk-watchdog-rate-");
  NotifySocket sock(name);
  Watchdog w(name, 30s);
  const auto t0 = Watchdog::Clock::time_point(100s);
  EXPECT_EQ(w.next_ping_in(t0), 0ms);  // never pinged: now
  EXPECT_TRUE(w.ping(t0));
  EXPECT_FALSE(w.ping(t0 + 1s));  // a frame loop at 60 fps sends nothing more
  EXPECT_FALSE(w.ping(t0 + 14999ms));
  EXPECT_EQ(w.next_ping_in(t0 + 10s), 5000ms);  // how long the loop may sleep
  EXPECT_TRUE(w.ping(t0 + 15s));
  EXPECT_EQ(sock.next(), "WATCHDOG=1");
  EXPECT_EQ(sock.next(), "WATCHDOG=1");
  EXPECT_EQ(sock.next(), "");
}

TEST(Watchdog, WorksWithAPathSocket) {
  const std::string name = (std::filesystem::temp_directory_path() / unique("bk-notify-")).string();
  NotifySocket sock(name);
  Watchdog w(name, 2s);
  EXPECT_TRUE(w.ping(Watchdog::Clock::time_point(1s)));
  EXPECT_EQ(sock.next(), "WATCHDOG=1");
}

TEST(Watchdog, ReadsTheEnvironmentEvenWhenTheMainPidIsCage) {
  const std::string name = unique("@bk-watchdog-env-");
  NotifySocket sock(name);
  ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "30000000", 1);
  ::setenv("WATCHDOG_PID", "1", 1);  // cage's pid, not ours: still on (sd_watchdog_enabled says no)
  Watchdog w = Watchdog::from_environment();
  EXPECT_TRUE(w.enabled());
  EXPECT_EQ(w.interval(), 30s);
  EXPECT_TRUE(w.ping());
  EXPECT_EQ(sock.next(), "WATCHDOG=1");

  ::setenv("WATCHDOG_USEC", "thirty", 1);
  Watchdog bad = Watchdog::from_environment();
  EXPECT_TRUE(bad.notifying());
  EXPECT_FALSE(bad.enabled());
  EXPECT_FALSE(bad.ping());

  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
  Watchdog none = Watchdog::from_environment();  // started by hand
  EXPECT_FALSE(none.notifying());
  EXPECT_FALSE(none.ready());
  EXPECT_FALSE(none.ping());
  EXPECT_GE(none.next_ping_in(), std::chrono::milliseconds(3600 * 1000));
}

TEST(Watchdog, ASocketNobodyListensOnFailsQuietly) {
  Watchdog w(unique("@bk-watchdog-nobody-"), 30s);
  EXPECT_FALSE(w.ping());
  EXPECT_EQ(w.next_ping_in(), 0ms);  // not recorded as sent: try again next frame
}
