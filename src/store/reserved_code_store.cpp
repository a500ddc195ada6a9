#include "store/reserved_code_store.hpp"

#include "store/engine/database.hpp"

namespace bk {

void reserve_code(Store& store, const std::string& code, UtcSeconds now) {
  store.engine().prepare("INSERT INTO reserved_code(code, reserved_utc) VALUES (?, ?)").bind(1, code).bind(2, now).run();
}

void release_reserved_code(Store& store, const std::string& code) {
  store.engine().prepare("DELETE FROM reserved_code WHERE code = ?").bind(1, code).run();
}

int reserved_code_count(Store& store) {
  return static_cast<int>(store.engine().scalar_int("SELECT count(*) FROM reserved_code"));
}

}  // namespace bk
