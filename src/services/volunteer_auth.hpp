#pragma once
// Volunteer and staff PINs. Only argon2id hashes (libsodium crypto_pwhash_str) are stored, in the
// `setting` table (store/settings.hpp, setting_key::pin_*) so they travel with backups. Five wrong PINs lock the pad for 5 minutes, doubling
// on each repeat; the lock lives in the database, so a restart does not lift it, and the right PIN
// during a lock does not open.
#include <optional>
#include <string>

#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

enum class Role { Volunteer, Staff };
const char* to_string(Role r);  // volunteer | staff
std::optional<Role> role_from(std::string_view s);

// What each role may do on the kiosk. Volunteers keep the agenda, the attendee lists and the help
// queue; only staff close the program or change settings (PINs, clearing alerts).
enum class Permission { EditAgenda, HandleHelp, CloseProgram, ChangeSettings };
constexpr bool may(Role r, Permission p) {
  return r == Role::Staff || p == Permission::EditAgenda || p == Permission::HandleHelp;
}

inline constexpr int kPinAttemptsBeforeLock = 5;
inline constexpr int kFirstLockSeconds = 5 * 60;

enum class PinCheck { Opened, Wrong, Locked, NoPinSet };

struct PinResult {
  PinCheck check = PinCheck::Wrong;
  std::optional<Role> role;       // Opened
  int attempts_left = 0;          // Wrong
  UtcSeconds locked_until = 0;    // Locked (also when this attempt caused the lock)
};

enum class SetPinOutcome { Stored, InvalidPin, SameAsOtherRole };

class VolunteerAuth {
 public:
  VolunteerAuth(Store& store, const Clock& clock);

  // A PIN is 4 to 8 digits. Refuses the PIN another role already uses (it could not tell them apart).
  SetPinOutcome set_pin(Role role, const std::string& pin);
  bool has_any_pin();

  // While locked: Locked at once, no hash computed (the answer takes the same time whatever was
  // typed). Otherwise every stored hash is checked, whichever matches.
  PinResult check_pin(const std::string& pin);
  // How many argon2id verifications check_pin ran on this object (tests: none while locked).
  long hashes_checked() const { return hashes_checked_; }
  // Seconds the pad stays locked from now (0 when open).
  int locked_seconds_left();

 private:
  Store& store_;
  const Clock& clock_;
  long hashes_checked_ = 0;
};

bool is_valid_pin(std::string_view pin);

}  // namespace bk
