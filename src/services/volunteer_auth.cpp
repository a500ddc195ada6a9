#include "services/volunteer_auth.hpp"

#include "domain/log.hpp"
#include "services/secret_hash.hpp"
#include "store/audit.hpp"
#include "store/settings.hpp"

namespace bk {

VolunteerAuth::VolunteerAuth(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
namespace {

std::int64_t setting_int(Store& store, const char* key) {
  auto v = read_setting(store, key);
  return v ? std::stoll(*v) : 0;
}

const char* pin_key(Role r) { return r == Role::Staff ? setting_key::pin_staff : setting_key::pin_volunteer; }

}  // namespace

const char* to_string(Role r) { return r == Role::Staff ? "staff" : "volunteer"; }

std::optional<Role> role_from(std::string_view s) {
  if (s == "volunteer") return Role::Volunteer;
  if (s == "staff") return Role::Staff;
  return std::nullopt;
}

bool is_valid_pin(std::string_view pin) {
  if (pin.size() < 4 || pin.size() > 8) return false;
  for (char c : pin)
    if (c < '0' || c > '9') return false;
  return true;
}

SetPinOutcome VolunteerAuth::set_pin(Role role, const std::string& pin) {
  if (!is_valid_pin(pin)) return SetPinOutcome::InvalidPin;
  const Role other = role == Role::Staff ? Role::Volunteer : Role::Staff;
  // Hash outside the transaction: argon2id takes a while and must not hold the write lock.
  const std::string hash = hash_secret(pin);
  WriteScope tx(store_);
  if (auto other_hash = read_setting(store_, pin_key(other)); other_hash && verify_secret(*other_hash, pin))
    return SetPinOutcome::SameAsOtherRole;
  write_setting(store_, pin_key(role), hash);
  write_audit(store_, clock_.now(), AuditRole::Staff, "pin.set", to_string(role));
  tx.commit();
  return SetPinOutcome::Stored;
}

bool VolunteerAuth::has_any_pin() {
  return read_setting(store_, setting_key::pin_volunteer) || read_setting(store_, setting_key::pin_staff);
}

int VolunteerAuth::locked_seconds_left() {
  const auto until = setting_int(store_, setting_key::pin_locked_until);
  const auto now = clock_.now();
  return until > now ? static_cast<int>(until - now) : 0;
}

PinResult VolunteerAuth::check_pin(const std::string& pin) {
  PinResult r;
  // A locked pad answers before any hash is computed: the same few reads whatever was typed, so
  // the time of the answer cannot tell the staff PIN from a volunteer's or a wrong one.
  if (const auto until = setting_int(store_, setting_key::pin_locked_until); until > clock_.now()) {
    r.check = PinCheck::Locked;
    r.locked_until = until;
    return r;
  }
  // Read the hashes first and verify outside the write lock (argon2id is slow by design).
  const auto staff = read_setting(store_, pin_key(Role::Staff));
  const auto volunteer = read_setting(store_, pin_key(Role::Volunteer));
  if (!staff && !volunteer) {
    r.check = PinCheck::NoPinSet;
    return r;
  }
  // Both hashes are always checked (no early exit), so the time does not say which one matched.
  auto matches = [&](const std::optional<std::string>& hash) {
    if (!hash) return false;
    ++hashes_checked_;
    return verify_secret(*hash, pin);
  };
  const bool is_staff = matches(staff);
  const bool is_volunteer = matches(volunteer);
  std::optional<Role> match;
  if (is_staff) match = Role::Staff;
  else if (is_volunteer) match = Role::Volunteer;

  WriteScope tx(store_);
  const UtcSeconds now = clock_.now();
  const auto locked_until = setting_int(store_, setting_key::pin_locked_until);
  if (locked_until > now) {
    // Another process locked the pad while we hashed. Even the right PIN does not open during a
    // lock; the attempt is not counted either.
    r.check = PinCheck::Locked;
    r.locked_until = locked_until;
    return r;
  }
  if (match) {
    write_setting(store_, setting_key::pin_failures, "0");
    write_setting(store_, setting_key::pin_lock_count, "0");
    write_audit(store_, now, to_string(*match), "volunteer.login", "");
    tx.commit();
    r.check = PinCheck::Opened;
    r.role = match;
    log::info("volunteer", std::string("login as ") + to_string(*match));
    return r;
  }
  const auto failures = setting_int(store_, setting_key::pin_failures) + 1;
  if (failures >= kPinAttemptsBeforeLock) {
    const auto lock_count = setting_int(store_, setting_key::pin_lock_count);
    const std::int64_t seconds = lock_seconds(kFirstLockSeconds, lock_count);
    write_setting(store_, setting_key::pin_failures, "0");
    write_setting(store_, setting_key::pin_lock_count, std::to_string(lock_count + 1));
    write_setting(store_, setting_key::pin_locked_until, std::to_string(now + seconds));
    write_audit(store_, now, AuditRole::Resident, "volunteer.locked", "", std::to_string(seconds) + " s");
    tx.commit();
    log::warning("volunteer", "PIN pad locked for " + std::to_string(seconds) + " s after " +
                                  std::to_string(kPinAttemptsBeforeLock) + " wrong PINs");
    r.check = PinCheck::Locked;
    r.locked_until = now + seconds;
    return r;
  }
  write_setting(store_, setting_key::pin_failures, std::to_string(failures));
  write_audit(store_, now, AuditRole::Resident, "volunteer.wrong_pin", "");
  tx.commit();
  r.check = PinCheck::Wrong;
  r.attempts_left = static_cast<int>(kPinAttemptsBeforeLock - failures);
  return r;
}

}  // namespace bk
