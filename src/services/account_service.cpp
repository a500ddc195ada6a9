#include "services/account_service.hpp"

#include <algorithm>
#include <cctype>

#include "domain/codes.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "services/secret_hash.hpp"
#include "store/account_store.hpp"
#include "store/audit.hpp"

namespace bk {
namespace {

constexpr std::size_t kNameMax = 60;
constexpr std::size_t kTeamMax = 60;
// A counter with no failure for a day starts afresh (failures and the doubling), and its row goes.
constexpr UtcSeconds kForgetFailuresAfter = 24 * 3600;

std::string fold_ascii(std::string s) {  // as SQLite's NOCASE collation folds: ASCII letters only
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

AccountResult done() { return {AccountOutcome::Done, {}}; }
AccountResult refuse(AccountOutcome o, std::string problem) { return {o, std::move(problem)}; }

// The name as stored and looked up: trimmed, inner white space folded to one space. Control and
// formatting characters are refused rather than dropped: a login name must not hide anything.
std::optional<std::string> clean_name(const std::string& raw, std::string* problem = nullptr) {
  auto says = [&](std::string words) {
    if (problem) *problem = std::move(words);
    return std::nullopt;
  };
  if (!is_valid_utf8(raw)) return says("name is not valid UTF-8");
  if (has_control_character(raw)) return says("name contains a control character");
  const CheckedText t = check_text(raw, kNameMax, false);
  if (!t.ok()) return says("name " + describe(t.problem, kNameMax));
  return t.value;
}

std::string password_problem(const std::string& pw) {
  if (!is_valid_utf8(pw)) return "password is not valid UTF-8";
  const std::size_t n = utf8_length(pw);
  if (n < kPasswordMin) return "password is shorter than " + std::to_string(kPasswordMin) + " characters";
  if (n > kPasswordMax) return "password is longer than " + std::to_string(kPasswordMax) + " characters";
  return {};
}

std::string input_problem(const AccountInput& in) {
  if (in.team.size() && (!is_valid_utf8(in.team) || has_control_character(in.team) ||
                         utf8_length(in.team) > kTeamMax))
    return "team must be plain text of at most " + std::to_string(kTeamMax) + " characters";
  if (in.role == AccountRole::Partner && in.team.empty()) return "a partner account needs a team";
  if (!in.email.empty() && !plausible_email(in.email)) return "e-mail address is not like name@example.nl";
  return password_problem(in.password);
}

// "cli" is buurtkioskctl; any other `by` is the staff account acting in the back office.
void audit(Store& store, UtcSeconds now, const std::string& by, const char* action, std::int64_t id,
           const std::string& detail = {}) {
  const AuditRole role = by == kCliActor ? AuditRole::Cli : AuditRole::Backoffice;
  write_audit(store, now, role, action, "account " + std::to_string(id), detail, by);
}

// The hash an unknown or disabled name is checked against, so that it costs what a real one costs.
// Made once per process, of a random secret nobody knows.
const std::string& dummy_hash() {
  static const std::string hash = hash_secret(make_followup_token());
  return hash;
}

// Scopes of login_failure. A name without an account has a counter too, so that it locks after five
// tries like a real one (a lock must not tell that a name exists); it is kept as a hash, because
// people type passwords into the name field.
std::string account_scope(std::int64_t id) { return "account:" + std::to_string(id); }
std::string unknown_name_scope(const std::string& name) { return "name:" + hash_token(fold_ascii(name)).substr(0, 32); }

// When the scope is locked now: its end; else 0.
UtcSeconds locked_until(Store& store, const std::string& scope, UtcSeconds now) {
  const LoginFailures f = read_login_failures(store, scope);
  return f.locked_until > now ? f.locked_until : 0;
}

// One more failure for the scope; locks it at `limit` failures. Returns the lock's end, or 0.
UtcSeconds count_failure(Store& store, const std::string& scope, int limit, UtcSeconds now) {
  LoginFailures f = read_login_failures(store, scope);
  if (f.last != 0 && now - f.last > kForgetFailuresAfter) f = {};
  if (++f.failures < limit) {
    write_login_failures(store, scope, f, now);
    return 0;
  }
  const std::int64_t seconds = lock_seconds(kLoginFirstLockSeconds, f.locks);
  f.failures = 0;
  ++f.locks;
  f.locked_until = now + seconds;
  write_login_failures(store, scope, f, now);
  const bool address = scope.rfind("address:", 0) == 0;
  write_audit(store, now, AuditRole::System, "account.locked",
              address ? "client address" : scope.rfind("account:", 0) == 0 ? "account " + scope.substr(8) : "unknown name",
              std::to_string(seconds) + " s");
  log::warning("account", std::string(address ? "a client address" : "a login name") + " locked for " +
                              std::to_string(seconds) + " s");
  return f.locked_until;
}

}  // namespace

AccountService::AccountService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

AccountResult AccountService::add(const AccountInput& in, const std::string& by) {
  std::string problem;
  const auto name = clean_name(in.name, &problem);
  if (!name) return refuse(AccountOutcome::InvalidInput, problem);
  if (fold_ascii(*name) == kCliActor) return refuse(AccountOutcome::InvalidInput, "name \"cli\" is kept for buurtkioskctl in the audit");
  if (problem = input_problem(in); !problem.empty()) return refuse(AccountOutcome::InvalidInput, problem);
  const std::string hash = hash_secret(in.password);  // slow: before the write lock
  WriteScope tx(store_);
  if (find_account_named(store_, *name)) return refuse(AccountOutcome::NameTaken, "name \"" + *name + "\" is taken");
  const UtcSeconds now = clock_.now();
  const auto id = insert_account(store_, NewAccount{*name, in.role, in.team, in.email, hash, now});
  audit(store_, now, by, "account.add", id, std::string(to_string(in.role)) + (in.team.empty() ? "" : ", team " + in.team));
  tx.commit();
  return done();
}

std::vector<Account> AccountService::list() { return list_accounts(store_); }

AccountResult AccountService::set_disabled(const std::string& name, bool disabled, const std::string& by) {
  const auto clean = clean_name(name);
  WriteScope tx(store_);
  const auto a = clean ? find_account_named(store_, *clean) : std::nullopt;
  if (!a) return refuse(AccountOutcome::NotFound, "no account named \"" + name + "\"");
  if (a->disabled == disabled) return done();  // nothing changes, nothing to audit
  set_account_disabled(store_, a->id, disabled);
  audit(store_, clock_.now(), by, disabled ? "account.disable" : "account.enable", a->id);
  tx.commit();
  return done();
}

AccountResult AccountService::disable(const std::string& name, const std::string& by) { return set_disabled(name, true, by); }
AccountResult AccountService::enable(const std::string& name, const std::string& by) { return set_disabled(name, false, by); }

AccountResult AccountService::reset(const std::string& name, const std::string& password, const std::string& by) {
  if (auto problem = password_problem(password); !problem.empty()) return refuse(AccountOutcome::InvalidInput, problem);
  const auto clean = clean_name(name);
  if (!clean || !find_account_named(store_, *clean)) return refuse(AccountOutcome::NotFound, "no account named \"" + name + "\"");
  const std::string hash = hash_secret(password);
  WriteScope tx(store_);
  const auto a = find_account_named(store_, *clean);
  if (!a) return refuse(AccountOutcome::NotFound, "no account named \"" + name + "\"");
  const UtcSeconds now = clock_.now();
  set_account_password(store_, a->id, hash, now);
  clear_login_failures(store_, account_scope(a->id));  // a new password lifts the lock
  audit(store_, now, by, "account.reset", a->id);
  tx.commit();
  return done();
}

LoginResult AccountService::login(const std::string& name, const std::string& password, const std::string& client) {
  const std::string address = "address:" + client;
  const auto clean = clean_name(name);
  const auto account = clean ? find_account_named(store_, *clean) : std::nullopt;
  const std::string scope = account ? account_scope(account->id) : unknown_name_scope(clean.value_or(name));
  LoginResult r;
  // Locked (the address, or the name): answered before any hash is computed, whatever the name.
  auto lock_now = [&](UtcSeconds now) {
    return std::max(locked_until(store_, address, now), locked_until(store_, scope, now));
  };
  if (const UtcSeconds until = lock_now(clock_.now())) {
    r.outcome = LoginOutcome::Locked;
    r.locked_until = until;
    return r;
  }
  // One hash, real or dummy, outside the write lock: the same work for every name.
  const bool usable = account && !account->disabled;
  const auto real = usable ? account_password_hash(store_, account->id) : std::nullopt;
  ++hashes_checked_;
  const bool matches = verify_secret(real ? *real : dummy_hash(), password) && real.has_value();

  WriteScope tx(store_);
  const UtcSeconds now = clock_.now();
  if (const UtcSeconds until = lock_now(now)) {  // locked by another process while we hashed
    r.outcome = LoginOutcome::Locked;
    r.locked_until = until;
    return r;
  }
  if (matches) {
    // The account's count starts afresh; the address's does not, or someone with one account
    // could log in between guesses at other people's passwords and never be stopped.
    clear_login_failures(store_, scope);
    write_audit(store_, now, AuditRole::Backoffice, "account.login", "account " + std::to_string(account->id), {}, account->name);
    tx.commit();
    r.outcome = LoginOutcome::Opened;
    r.account = account;
    return r;
  }
  forget_login_failures(store_, now - kForgetFailuresAfter, now);
  const UtcSeconds until = std::max(count_failure(store_, scope, kLoginFailuresPerAccount, now),
                                    count_failure(store_, address, kLoginFailuresPerAddress, now));
  tx.commit();
  r.outcome = until ? LoginOutcome::Locked : LoginOutcome::Wrong;
  r.locked_until = until;
  return r;
}

std::optional<Account> AccountService::find(std::int64_t id) { return find_account(store_, id); }

std::optional<Account> AccountService::find_named(const std::string& name) {
  const auto clean = clean_name(name);
  return clean ? find_account_named(store_, *clean) : std::nullopt;
}

}  // namespace bk
