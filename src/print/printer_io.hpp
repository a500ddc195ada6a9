#pragma once
// What the ways of printing share (printer.cpp, printer_tcp.cpp, printer_cups.cpp): one deadline
// for a whole attempt, an owned descriptor, and a write loop that waits with poll(). Internal to
// src/print.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "print/printer.hpp"

namespace bk::print::io {

using SteadyClock = std::chrono::steady_clock;

class Deadline {
 public:
  explicit Deadline(Timeout t) : start_(SteadyClock::now()), end_(start_ + t), total_(t) {}
  // Milliseconds left for poll(), at least 0.
  int left_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - SteadyClock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
  }
  bool passed() const { return SteadyClock::now() >= end_; }
  double elapsed() const { return std::chrono::duration<double>(SteadyClock::now() - start_).count(); }
  std::string total() const {
    const auto ms = total_.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
  }

 private:
  SteadyClock::time_point start_, end_;
  Timeout total_;
};

inline PrintOutcome outcome(PrintError e, std::string reason, const Deadline& d) {
  return PrintOutcome{e, std::move(reason), d.elapsed()};
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

enum class WriteEnd { Done, Timeout, Error };

// Writes everything, waiting with poll() whenever the other side is not ready (printer.cpp).
WriteEnd write_all(int fd, const Bytes& bytes, const Deadline& d, bool socket, int& err);

}  // namespace bk::print::io
