#pragma once
// Fake printers for the print tests: a TCP "printer" on 127.0.0.1 that captures what it is sent
// (or accepts and never reads, like a printer that is out of paper), and zbarimg to read QR codes.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace bk::test {

class FakeTcpPrinter {
 public:
  enum class Mode { Capture, NeverRead };

  explicit FakeTcpPrinter(Mode mode) : mode_(mode) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (mode == Mode::NeverRead) {
      // A tiny receive window, inherited by the accepted socket: the sender's buffers fill quickly.
      int small = 1024;
      ::setsockopt(listen_fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;  // an ephemeral port
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_fd_, 4);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    if (::pipe(stop_) != 0) stop_[0] = stop_[1] = -1;
    thread_ = std::thread([this] { run(); });
  }
  ~FakeTcpPrinter() {
    finish();
    ::close(listen_fd_);
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  int port() const { return port_; }
  std::string target() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  // Waits for the sender to close (at most 10 s) and returns everything received.
  std::vector<std::uint8_t> captured() {
    finish();
    return bytes_;
  }

 private:
  void finish() {
    if (!thread_.joinable()) return;
    if (mode_ == Mode::NeverRead) (void)!::write(stop_[1], "x", 1);
    thread_.join();
  }
  void run() {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
    if (::poll(p, 2, 10000) <= 0 || !(p[0].revents & POLLIN)) return;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    if (mode_ == Mode::NeverRead) {
      pollfd s{stop_[0], POLLIN, 0};
      ::poll(&s, 1, 20000);  // hold the connection open, read nothing
    } else {
      char buf[65536];
      for (;;) {
        pollfd r{fd, POLLIN, 0};
        if (::poll(&r, 1, 10000) <= 0) break;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        bytes_.insert(bytes_.end(), buf, buf + n);
      }
    }
    ::close(fd);
  }

  Mode mode_;
  int listen_fd_ = -1, port_ = 0;
  int stop_[2] = {-1, -1};
  std::vector<std::uint8_t> bytes_;
  std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
inline int closed_port() {
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

// What zbarimg reads from an image: the decoded text of each symbol, one per line.
inline std::string zbarimg(const std::filesystem::path& png) {
  const std::string cmd = "zbarimg --quiet --raw " + png.string() + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

inline std::vector<std::uint8_t> read_bytes(const std::filesystem::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh empty folder in the temp folder.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("bk_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace bk::test
