#include "services/connection_state.hpp"

#include <chrono>

#include "domain/log.hpp"

namespace bk {

ConnectionState::ConnectionState(Store& store, std::function<double()> steady_seconds)
    : store_(store), steady_(std::move(steady_seconds)) {
  if (!steady_)
    steady_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    };
}

void ConnectionState::lost() {
  // Only the start of an outage sets the probe: a screen that keeps failing must not push it away.
  if (outage_) return;
  log::warning("kiosk", "database server unreachable: showing the last agenda copy, keeping help requests here");
  outage_ = true;
  next_probe_ = steady_() + kProbeSeconds;
}

double ConnectionState::probe_in() const {
  if (!outage_) return 1e9;
  const double left = next_probe_ - steady_();
  return left > 0 ? left : 0;
}

bool ConnectionState::run_steps() {
  try {
    for (const auto& step : steps_) step();
  } catch (const DbError& e) {
    if (!e.unavailable()) throw;
    lost();
    return false;
  }
  return true;
}

bool ConnectionState::probe() {
  if (!outage_ || probe_in() > 0) return false;
  try {
    store_.data_version();
  } catch (const DbError& e) {
    if (!e.unavailable()) throw;
    next_probe_ = steady_() + kProbeSeconds;
    return false;
  }
  // Still "in outage" while the steps run: a step that finds the server gone again only moves
  // the next probe.
  if (!run_steps()) {
    next_probe_ = steady_() + kProbeSeconds;
    return false;
  }
  outage_ = false;
  log::info("kiosk", "database server reachable again");
  return true;
}

bool ConnectionState::reconnect_now() { return run_steps(); }

}  // namespace bk
