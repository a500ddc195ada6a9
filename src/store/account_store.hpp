#pragma once
// Accounts and failed-login counters in the store (tables `account`, `login_failure`). Callers
// group writes in a WriteScope; passwords arrive here only as argon2id hashes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

struct NewAccount {
  std::string name;
  AccountRole role = AccountRole::Volunteer;
  std::string team;
  std::string email;
  std::string password_hash;
  UtcSeconds now = 0;
};
std::int64_t insert_account(Store& store, const NewAccount& a);  // throws DbError on a taken name

std::optional<Account> find_account(Store& store, std::int64_t id);
std::optional<Account> find_account_named(Store& store, const std::string& name);  // case-insensitive
std::optional<std::string> account_password_hash(Store& store, std::int64_t id);
std::vector<Account> list_accounts(Store& store);  // by name
void set_account_disabled(Store& store, std::int64_t id, bool disabled);
void set_account_password(Store& store, std::int64_t id, const std::string& hash, UtcSeconds now);
// Enabled staff accounts with an e-mail address (escalations go there).
std::vector<std::string> staff_emails(Store& store);

// Failed logins for one scope ("account:<id>", "address:<ip or /64>").
struct LoginFailures {
  int failures = 0;
  int locks = 0;
  UtcSeconds locked_until = 0;
  UtcSeconds last = 0;  // the last failure (0: none kept); old counts are forgotten (services)
};
LoginFailures read_login_failures(Store& store, const std::string& scope);
void write_login_failures(Store& store, const std::string& scope, const LoginFailures& f, UtcSeconds now);
void clear_login_failures(Store& store, const std::string& scope);
// Drops counters whose last failure is before `before` and that are not locked now.
void forget_login_failures(Store& store, UtcSeconds before, UtcSeconds now);

}  // namespace bk
