#include "store/account_store.hpp"

#include "store/engine/database.hpp"

namespace bk {
namespace {

const char* const kColumns =
    "SELECT id, name, role, COALESCE(team,''), COALESCE(email,''), disabled, created_utc, password_utc "
    "FROM account ";

Account read_row(const Statement& st) {
  Account a;
  a.id = st.int64(0);
  a.name = st.text(1);
  a.role = account_role_from(st.text(2)).value_or(AccountRole::Volunteer);
  a.team = st.text(3);
  a.email = st.text(4);
  a.disabled = st.int64(5) != 0;
  a.created = st.int64(6);
  a.password_set = st.int64(7);
  return a;
}

std::optional<std::string> unless_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

std::optional<Account> one(Statement st) {
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

}  // namespace

std::int64_t insert_account(Store& store, const NewAccount& a) {
  auto& db = store.engine();
  db.prepare("INSERT INTO account(name, role, team, email, password_hash, created_utc, password_utc) "
             "VALUES (?,?,?,?,?,?,?)")
      .bind(1, a.name).bind(2, to_string(a.role)).bind(3, unless_empty(a.team))
      .bind(4, unless_empty(a.email)).bind(5, a.password_hash).bind(6, a.now).bind(7, a.now)
      .run();
  return db.last_insert_id();
}

std::optional<Account> find_account(Store& store, std::int64_t id) {
  return one(std::move(store.engine().prepare(std::string(kColumns) + "WHERE id = ?").bind(1, id)));
}

std::optional<Account> find_account_named(Store& store, const std::string& name) {
  // The column's NOCASE collation makes this case-insensitive (ASCII letters, as SQLite folds them).
  return one(std::move(store.engine().prepare(std::string(kColumns) + "WHERE lower(name) = lower(?)").bind(1, name)));
}

std::optional<std::string> account_password_hash(Store& store, std::int64_t id) {
  auto st = store.engine().prepare("SELECT password_hash FROM account WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

std::vector<Account> list_accounts(Store& store) {
  auto st = store.engine().prepare(std::string(kColumns) + "ORDER BY name, id");
  std::vector<Account> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

void set_account_disabled(Store& store, std::int64_t id, bool disabled) {
  store.engine().prepare("UPDATE account SET disabled = ? WHERE id = ?").bind(1, disabled ? 1 : 0).bind(2, id).run();
}

void set_account_password(Store& store, std::int64_t id, const std::string& hash, UtcSeconds now) {
  store.engine()
      .prepare("UPDATE account SET password_hash = ?, password_utc = ? WHERE id = ?")
      .bind(1, hash).bind(2, now).bind(3, id)
      .run();
}

std::vector<std::string> staff_emails(Store& store) {
  auto st = store.engine().prepare(
      "SELECT email FROM account WHERE role = 'staff' AND disabled = 0 AND COALESCE(email,'') <> '' "
      "ORDER BY name, id");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

LoginFailures read_login_failures(Store& store, const std::string& scope) {
  auto st = store.engine().prepare("SELECT failures, locks, locked_until, last_utc FROM login_failure WHERE scope = ?");
  st.bind(1, scope);
  LoginFailures f;
  if (st.step()) {
    f.failures = st.integer(0);
    f.locks = st.integer(1);
    f.locked_until = st.int64(2);
    f.last = st.int64(3);
  }
  return f;
}

void write_login_failures(Store& store, const std::string& scope, const LoginFailures& f, UtcSeconds now) {
  store.engine()
      .prepare("INSERT INTO login_failure(scope, failures, locks, locked_until, last_utc) VALUES (?,?,?,?,?) "
               "ON CONFLICT(scope) DO UPDATE SET failures = excluded.failures, locks = excluded.locks, "
               "locked_until = excluded.locked_until, last_utc = excluded.last_utc")
      .bind(1, scope).bind(2, f.failures).bind(3, f.locks).bind(4, f.locked_until).bind(5, now)
      .run();
}

void clear_login_failures(Store& store, const std::string& scope) {
  store.engine().prepare("DELETE FROM login_failure WHERE scope = ?").bind(1, scope).run();
}

void forget_login_failures(Store& store, UtcSeconds before, UtcSeconds now) {
  store.engine()
      .prepare("DELETE FROM login_failure WHERE last_utc < ? AND locked_until <= ?")
      .bind(1, before).bind(2, now)
      .run();
}

}  // namespace bk
