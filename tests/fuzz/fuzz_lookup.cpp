// Whatever a resident types into "Mijn aanmelding" (or a link carries) is normalised to a code or
// refused, and looking it up never crashes and never finds something that does not exist.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/codes.hpp"
#include "services/registration_service.hpp"
#include "services/help_service.hpp"
#include "store/store.hpp"

namespace {
class FixedClock final : public bk::Clock {
 public:
  bk::UtcSeconds now() const override { return 1804060800; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static FixedClock clock;
  static bk::Store db(":memory:");
  static const bool ready = (db.migrate(), true);
  (void)ready;
  static bk::RegistrationService regs(db, clock, "https://kiosk.test");
  const std::string typed(reinterpret_cast<const char*>(data), size);
  if (const auto code = bk::normalise_reference_code(typed)) {
    if (code->size() != 6) __builtin_trap();
  }
  if (regs.lookup_code(typed)) __builtin_trap();  // the database is empty
  (void)regs.cancel_token(typed);
  return 0;
}
