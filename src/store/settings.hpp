#pragma once
// The `setting` table: small values that travel with backups and that volunteer mode's status panel
// shows (backup.last, import.last_status, alert.restored). Values never hold personal data.
// Nobody outside this file names the table; the keys are the constants below.
#include <optional>
#include <string>

#include "store/store.hpp"

namespace bk {

// Every key the program reads or writes, in one place.
namespace setting_key {
inline constexpr const char* restored_alert = "alert.restored";  // set by a restore, cleared by staff
inline constexpr const char* last_backup = "backup.last";        // "2027-03-02 14:30 kiosk-….db"
inline constexpr const char* backup_copies = "backup.copies";    // `backup DIR` copies, one path a line
inline constexpr const char* import_status = "import.last_status";
inline constexpr const char* import_last_ok = "import.last_ok";
inline constexpr const char* printer_last_status = "printer.last_status";  // "ok|<utc>|" …
inline constexpr const char* pin_volunteer = "pin.volunteer";    // argon2id hash
inline constexpr const char* pin_staff = "pin.staff";            // argon2id hash
inline constexpr const char* pin_failures = "pin.failures";      // wrong PINs since the last lock
inline constexpr const char* pin_lock_count = "pin.lock_count";  // locks in a row (doubles the time)
inline constexpr const char* pin_locked_until = "pin.locked_until";  // UTC seconds
}  // namespace setting_key

std::optional<std::string> read_setting(Store& store, const std::string& key);
// Inserts or replaces; call inside a WriteScope when it belongs to a larger change.
void write_setting(Store& store, const std::string& key, const std::string& value);
void erase_setting(Store& store, const std::string& key);

}  // namespace bk
