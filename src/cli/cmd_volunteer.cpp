// set-pin and audit: the staff side of volunteer mode.
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "store/audit.hpp"
#include "services/volunteer_auth.hpp"

namespace bk::cli {
namespace {

// Typing a PIN on a terminal must not show it (someone may look over a shoulder, or the screen is
// shared). EchoOff turns the terminal's echo off while the PIN is read and turns it back on when it
// goes out of scope (also when an exception leaves), and a signal that ends the program
// (Ctrl-C, Ctrl-\, a hang-up, kill) restores it first. From a pipe nothing changes.
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

void add_volunteer_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* set_pin = app.add_subcommand(
      "set-pin", "read a new PIN (4-8 digits) from standard input and store its argon2id hash");
  // Option values live as long as the App: owned by the lambdas, not by statics.
  auto role_text = std::make_shared<std::string>();
  set_pin->add_option("--role", *role_text, "volunteer or staff")
      ->required()
      ->check(CLI::IsMember({"volunteer", "staff"}));
  set_pin->callback([&ctx, &action, role_text] {
    action = [&ctx, role_text] {
      if (isatty(STDIN_FILENO)) std::cerr << "New PIN for " << *role_text << ": " << std::flush;
      std::string pin;
      bool got_line;
      {
        EchoOff quiet;
        got_line = static_cast<bool>(std::getline(std::cin, pin));
      }
      if (!got_line) throw BadInput("set-pin: no PIN on standard input");
      if (!pin.empty() && pin.back() == '\r') pin.pop_back();
      Kiosk& k = ctx.kiosk();
      VolunteerAuth auth(k.store, *k.clock);
      switch (auth.set_pin(*role_from(*role_text), pin)) {
        case SetPinOutcome::InvalidPin: throw BadInput("set-pin: a PIN is 4 to 8 digits");
        case SetPinOutcome::SameAsOtherRole:
          throw BadInput("set-pin: the other role already uses this PIN; choose another");
        case SetPinOutcome::Stored: break;
      }
      std::cout << "PIN for " << *role_text << " stored (argon2id hash)\n";
      return 0;
    };
  });

  auto* audit = app.add_subcommand("audit", "who changed what, when");
  auto since = std::make_shared<std::string>();
  audit->add_option("--since", *since, "from this local date (YYYY-MM-DD); default: everything");
  audit->callback([&ctx, &action, since] {
    action = [&ctx, since] {
      Kiosk& k = ctx.kiosk();
      UtcSeconds from = 0;
      if (!since->empty()) {
        auto d = parse_date(*since);
        if (!d) throw BadInput("audit: --since \"" + *since + "\" is not a date like 2027-03-02");
        from = k.zone.start_of_day(*d);
      }
      for (const AuditEntry& e : read_audit(k.store, from)) {
        std::cout << k.zone.iso_with_offset(e.at) << "  " << e.role;
        if (!e.actor.empty()) std::cout << " (" << e.actor << ")";
        std::cout << "  " << e.action;
        if (!e.subject.empty()) std::cout << "  " << e.subject;
        if (!e.detail.empty()) std::cout << "  " << e.detail;
        std::cout << "\n";
      }
      return 0;
    };
  });
}

}  // namespace bk::cli
