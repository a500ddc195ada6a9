#pragma once
// Whether this kiosk can reach its database server (#20, PostgreSQL; with SQLite it always can).
// Any call to the store may throw DbError::unavailable(); whoever catches it calls lost(), and from
// then on the kiosk does not ask the server anything but the probe: the agenda comes from its last
// good copy (AgendaCopy), help requests are kept on the kiosk (OfflineHelp), registering says it
// cannot. The frame loop probes every kProbeSeconds (probe_in() keeps the sleeping loop awake for
// it); the first probe that succeeds runs the reconnect steps (send what was kept, refill the
// code reserve) and ends the outage. Passed explicitly, owned by struct Kiosk.
#include <functional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace bk {

class ConnectionState {
 public:
  static constexpr double kProbeSeconds = 5.0;
  // steady_seconds: a monotonic clock in seconds (default std::chrono::steady_clock); tests step it.
  explicit ConnectionState(Store& store, std::function<double()> steady_seconds = {});

  bool outage() const { return outage_; }
  // A store call threw DbError::unavailable(): the outage starts, the first probe kProbeSeconds
  // from now (in an outage already: nothing changes). Logged once per outage, without the error's
  // text (it may name a host).
  void lost();
  // Runs `step` after every probe that reaches the server (in the order added), and once from
  // reconnect_now(). A step that throws DbError::unavailable() keeps (or puts) the kiosk in outage.
  void on_reconnect(std::function<void()> step) { steps_.push_back(std::move(step)); }

  // Seconds until the next probe is due: 0 when due, a large number when online.
  double probe_in() const;
  // When a probe is due: asks the server (Store::data_version), and when it answers runs the
  // reconnect steps. True when the outage ended with this call.
  bool probe();
  // The reconnect steps now (start-up): false, and in outage, when the server cannot be reached.
  bool reconnect_now();

 private:
  bool run_steps();
  Store& store_;
  std::function<double()> steady_;
  std::vector<std::function<void()>> steps_;
  bool outage_ = false;
  double next_probe_ = 0;
};

// Runs f(); when it throws DbError::unavailable(), tells `connection` and returns false.
template <typename F>
bool unless_unavailable(ConnectionState& connection, F&& f) {
  try {
    f();
    return true;
  } catch (const DbError& e) {
    if (!e.unavailable()) throw;
    connection.lost();
    return false;
  }
}

}  // namespace bk
