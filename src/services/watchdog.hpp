#pragma once
// systemd's service notification (READY=1, WATCHDOG=1, STOPPING=1) without libsystemd.
//
// Under cage the kiosk is not the unit's main process (cage is), so libsystemd's
// sd_watchdog_enabled() — which compares WATCHDOG_PID with getpid() — would say "no". The unit sets
// NotifyAccess=all; the kiosk reads NOTIFY_SOCKET and WATCHDOG_USEC itself and sends plain
// datagrams. A path starting with '@' is an abstract socket (Linux).
//
// The frame loop calls ping() every frame; it sends at most once per half interval, so a loop that
// hangs for longer than WatchdogSec= gets the kiosk restarted. The loop must also wake at least every
// next_ping_in() even when it has nothing to draw (sleep in SDL_WaitEventTimeout no longer than that).
#include <chrono>
#include <string>

namespace bk {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // From NOTIFY_SOCKET and WATCHDOG_USEC. Without NOTIFY_SOCKET it does nothing (a kiosk started
  // by hand, or in tests); without WATCHDOG_USEC it only sends READY=1/STOPPING=1.
  static Watchdog from_environment();
  Watchdog(std::string notify_socket, std::chrono::microseconds interval);
  Watchdog() = default;

  bool notifying() const { return !socket_.empty(); }
  bool enabled() const { return notifying() && interval_.count() > 0; }
  std::chrono::microseconds interval() const { return interval_; }

  // Once the first frame is on screen (Type=notify: the unit counts as started only then).
  bool ready();
  // Every frame: sends WATCHDOG=1 when half the interval has passed since the last one.
  // Returns true when it sent.
  bool ping(Clock::time_point now = Clock::now());
  // How long the frame loop may sleep before it must call ping() again (a large value when the
  // watchdog is off).
  std::chrono::milliseconds next_ping_in(Clock::time_point now = Clock::now()) const;
  // Before a deliberate exit (staff closed the program).
  bool stopping();
  // Free text for `systemctl status` (no personal data).
  bool status(const std::string& text);

  // Sends one notification message; false when the socket is unset or the send failed.
  bool send(const std::string& message) const;

 private:
  std::string socket_;
  std::chrono::microseconds interval_{0};
  Clock::time_point last_ping_{};
  bool pinged_ = false;
};

}  // namespace bk
