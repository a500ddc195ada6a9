#include "store/settings.hpp"

#include "store/engine/database.hpp"

namespace bk {

std::optional<std::string> read_setting(Store& store, const std::string& key) {
  auto st = store.engine().prepare("SELECT value FROM setting WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void write_setting(Store& store, const std::string& key, const std::string& value) {
  Database& db = store.engine();
  // On PostgreSQL a setting is the centre's own: (centre, key) is the key, the centre filled in.
  db.prepare(db.dialect() == Dialect::PostgreSQL
                 ? "INSERT INTO setting(key, value) VALUES (?, ?) "
                   "ON CONFLICT(centre, key) DO UPDATE SET value = excluded.value"
                 : "INSERT INTO setting(key, value) VALUES (?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key).bind(2, value).run();
}

void erase_setting(Store& store, const std::string& key) {
  store.engine().prepare("DELETE FROM setting WHERE key = ?").bind(1, key).run();
}

}  // namespace bk
