#include "cli/secret_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

namespace bk::cli {
namespace {

// EchoOff turns the terminal's echo off while the secret is read and turns it back on when it goes
// out of scope (also when an exception leaves), and a signal that ends the program (Ctrl-C,
// Ctrl-\, a hang-up, kill) restores it first. From a pipe nothing changes.
struct termios g_saved_terminal;
volatile std::sig_atomic_t g_terminal_saved = 0;

extern "C" void restore_echo_and_die(int sig) {
  if (g_terminal_saved) tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);  // async-signal-safe
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

class EchoOff {
 public:
  EchoOff() {
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &g_saved_terminal) != 0) return;
    g_terminal_saved = 1;
    for (int sig : kSignals) std::signal(sig, restore_echo_and_die);
    struct termios quiet = g_saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the Enter still moves to the next line
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  ~EchoOff() {
    if (!g_terminal_saved) return;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);
    g_terminal_saved = 0;
    for (int sig : kSignals) std::signal(sig, SIG_DFL);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
};

}  // namespace

std::optional<std::string> read_secret_line(const std::string& prompt) {
  if (isatty(STDIN_FILENO)) std::cerr << prompt << std::flush;
  std::string line;
  bool got_line;
  {
    EchoOff quiet;
    got_line = static_cast<bool>(std::getline(std::cin, line));
  }
  if (!got_line) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace bk::cli
