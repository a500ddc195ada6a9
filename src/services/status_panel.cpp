#include "services/status_panel.hpp"

#include <filesystem>

#include "store/audit.hpp"
#include "store/settings.hpp"

namespace bk {

StatusPanel read_status(Store& store) {
  StatusPanel s;
  std::error_code ec;
  const auto size = std::filesystem::file_size(store.path(), ec);
  if (!ec) s.db_bytes = size;
  s.printer = print::load_status(store);
  s.backup_last = read_setting(store, "backup.last").value_or("");
  s.feed_status = read_setting(store, "import.last_status").value_or("");
  s.restored_alert = read_setting(store, "alert.restored").value_or("");
  return s;
}

void clear_restored_alert(Store& store, Role role, UtcSeconds now) {
  WriteScope scope(store);
  erase_setting(store, "alert.restored");
  write_audit(store, now, to_string(role), "alert.clear", "alert.restored");
  scope.commit();
}

}  // namespace bk
