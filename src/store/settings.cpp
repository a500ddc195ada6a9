#include "store/settings.hpp"

#include "store/sqlite/database.hpp"

namespace bk {

std::optional<std::string> read_setting(Store& store, const std::string& key) {
  auto st = store.engine().prepare("SELECT value FROM setting WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void write_setting(Store& store, const std::string& key, const std::string& value) {
  store.engine().prepare("INSERT INTO setting(key, value) VALUES (?, ?) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key).bind(2, value).run();
}

void erase_setting(Store& store, const std::string& key) {
  store.engine().prepare("DELETE FROM setting WHERE key = ?").bind(1, key).run();
}

}  // namespace bk
