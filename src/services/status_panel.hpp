#pragma once
// What volunteer mode's status panel shows, read in one place, and the one thing it changes
// (clearing the "restored from backup" alert), so the screen neither reads settings nor writes
// audit rows itself.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.hpp"
#include "print/print_queue.hpp"
#include "services/volunteer_auth.hpp"
#include "store/store.hpp"

namespace bk {

struct StatusPanel {
  std::optional<std::uintmax_t> db_bytes;     // nullopt: the file's size could not be read
  std::optional<print::PrintStatus> printer;  // the last print, from this kiosk or buurtkioskctl
  std::string backup_last;                    // backup.last; empty when never
  std::string feed_status;                    // import.last_status; empty when none
  std::string restored_alert;                 // alert.restored; empty when none
};

StatusPanel read_status(Store& store);

// Clears alert.restored and writes the audit row (alert.clear), in one WriteScope.
void clear_restored_alert(Store& store, Role role, UtcSeconds now);

}  // namespace bk
