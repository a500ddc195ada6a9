// The iCalendar importer must turn any bytes into an import or one InputError, never a crash, and
// a rejected file must leave the database as it was.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/agenda_service.hpp"
#include "store/engine/database.hpp"  // the fuzzers check the tables: nothing half-written
#include "store/store.hpp"

namespace {
class FixedClock final : public bk::Clock {
 public:
  bk::UtcSeconds now() const override { return 1804060800; }  // 2027-03-02
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bk::TimeZone zone = bk::TimeZone::load("Europe/Amsterdam");
  static FixedClock clock;
  bk::Store db(":memory:");
  db.migrate();
  bk::AgendaService agenda(db, zone, clock, 60);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    agenda.import_ics_text(text, "fuzz.ics");
  } catch (const bk::InputError&) {
    if (db.engine().scalar_int("SELECT count(*) FROM activity") != 0) __builtin_trap();  // half-written
  }
  return 0;
}
