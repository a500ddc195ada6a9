#pragma once
// The `setting` table: small values that travel with backups and that volunteer mode's status panel
// shows (backup.last, import.last_status, alert.restored). Values never hold personal data.
#include <optional>
#include <string>

#include "store/store.hpp"

namespace bk {

std::optional<std::string> read_setting(Store& store, const std::string& key);
// Inserts or replaces; call inside a WriteScope when it belongs to a larger change.
void write_setting(Store& store, const std::string& key, const std::string& value);
void erase_setting(Store& store, const std::string& key);

}  // namespace bk
