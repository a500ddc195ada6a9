#pragma once
// People's own accounts for the back office (`buurtkioskctl account …`, /beheer/ login).
// Passwords: argon2id (libsodium crypto_pwhash_str, interactive limits), at least 10 characters.
// Lockout, kept in the database so a restart does not lift it:
//   per account: 5 wrong passwords lock it for 5 minutes, doubling on each repeat;
//   per client address (an IPv4 address or IPv6 /64): 20 wrong passwords, same doubling.
// No timing tell: an unknown or disabled name is checked against a dummy hash, so it costs the
// same as a real one; while locked no hash is computed and the answer is the same for every name.
// A name without an account is counted (as a hash of the name) and locks like a real one, so a
// lock does not tell that an account exists either. A successful login clears the account's count,
// not the address's: else one account's owner could log in between guesses at other accounts.
// A count with no failure for a day starts afresh, doubling included.
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

inline constexpr int kLoginFailuresPerAccount = 5;
inline constexpr int kLoginFailuresPerAddress = 20;
inline constexpr int kLoginFirstLockSeconds = 5 * 60;
inline constexpr std::size_t kPasswordMin = 10;
inline constexpr std::size_t kPasswordMax = 200;  // characters (UTF-8 code points)
// The `by` of changes made with buurtkioskctl (audited as AuditRole::Cli; any other `by` is a
// staff account in the back office, AuditRole::Backoffice).
inline constexpr const char* kCliActor = "cli";

enum class AccountOutcome { Done, NotFound, InvalidInput, NameTaken };
struct AccountResult {
  AccountOutcome outcome = AccountOutcome::NotFound;
  std::string problem;  // English, one line: "name is empty", "password is shorter than 10 characters"
  bool ok() const { return outcome == AccountOutcome::Done; }
};

struct AccountInput {
  std::string name;  // valid UTF-8, 1–60 characters, no control characters; trimmed, inner
                     // white space folded; case-insensitive (ASCII letters); "cli" is kept
  AccountRole role = AccountRole::Volunteer;
  std::string team;   // required for partner: a [[team]] name (checked by the caller, who has the config)
  std::string email;  // optional
  std::string password;
};

enum class LoginOutcome { Opened, Wrong, Locked };
struct LoginResult {
  LoginOutcome outcome = LoginOutcome::Wrong;
  std::optional<Account> account;  // Opened
  UtcSeconds locked_until = 0;     // Locked
};

class AccountService {
 public:
  AccountService(Store& store, const Clock& clock);

  // `by` is the audit actor ("cli", or the staff account's name). Every change writes an audit row.
  AccountResult add(const AccountInput& in, const std::string& by);
  std::vector<Account> list();
  AccountResult disable(const std::string& name, const std::string& by);
  AccountResult enable(const std::string& name, const std::string& by);
  // A new password; lifts the account's lock.
  AccountResult reset(const std::string& name, const std::string& password, const std::string& by);

  // client: who asks, as one lockout scope: the web layer passes client_key(address) (an IPv4
  // address or an IPv6 /64, web/rate_limiter.hpp); the CLI passes "cli". Disabled accounts never open.
  LoginResult login(const std::string& name, const std::string& password, const std::string& client);
  // The account behind a session, re-read on every request (a disabled account is out at once).
  std::optional<Account> find(std::int64_t id);
  std::optional<Account> find_named(const std::string& name);

  long hashes_checked() const { return hashes_checked_; }  // tests: none while locked

 private:
  AccountResult set_disabled(const std::string& name, bool disabled, const std::string& by);

  Store& store_;
  const Clock& clock_;
  long hashes_checked_ = 0;
};

}  // namespace bk
