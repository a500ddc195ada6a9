#include "store/help_request_store.hpp"

#include "store/engine/database.hpp"

namespace bk {
namespace {

const char* const kColumns =
    "SELECT id, code, category, timing, COALESCE(description,''), COALESCE(name,''), "
    "COALESCE(phone,''), comes_back, status, COALESCE(claimed_by,''), COALESCE(note,''), "
    "created_utc, claimed_utc, done_utc, cancelled_utc, purged_utc, claimed_account, COALESCE(team,''), "
    "escalated_utc FROM help_request ";

HelpRequestView read_row(const Statement& st) {
  HelpRequestView v;
  v.id = st.int64(0);
  v.code = st.text(1);
  v.category = st.text(2);
  v.timing = st.text(3);
  v.description = st.text(4);
  v.name = st.text(5);
  v.phone = st.text(6);
  v.comes_back = st.int64(7) != 0;
  v.status = help_status_from(st.text(8)).value_or(HelpStatus::Open);
  v.claimed_by = st.text(9);
  v.note = st.text(10);
  v.created = st.int64(11);
  v.claimed = st.opt_int64(12);
  v.done = st.opt_int64(13);
  v.cancelled = st.opt_int64(14);
  v.purged = st.opt_int64(15);
  v.claimed_account = st.opt_int64(16);
  v.team = st.text(17);
  v.escalated = st.opt_int64(18);
  return v;
}

std::optional<std::string> unless_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

void insert_help_request(Store& store, const NewHelpRequest& r) {
  store.engine()
      .prepare("INSERT INTO help_request(code, token_hash, category, timing, description, name, phone, "
               "comes_back, status, created_utc, team) VALUES (?,?,?,?,?,?,?,?,'open',?,?)")
      .bind(1, r.code).bind(2, r.token_hash).bind(3, r.category).bind(4, r.timing)
      .bind(5, r.description).bind(6, r.name).bind(7, r.phone)
      .bind(8, r.comes_back ? 1 : 0).bind(9, r.created).bind(10, unless_empty(r.team))
      .run();
}

std::optional<HelpRequestView> find_help_request(Store& store, HelpRequestKey key,
                                                 const std::string& value) {
  auto st = store.engine().prepare(std::string(kColumns) +
                                   (key == HelpRequestKey::Code ? "WHERE code = ?" : "WHERE token_hash = ?"));
  st.bind(1, value);
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

std::vector<HelpRequestView> list_help_requests(Store& store, std::optional<HelpStatus> status) {
  // The CAST gives the parameter a type for PostgreSQL, which cannot infer it from `IS NULL`.
  auto st = store.engine().prepare(std::string(kColumns) +
                                   "WHERE CAST(?1 AS TEXT) IS NULL OR status = ?1 ORDER BY created_utc, id");
  if (status) {
    st.bind(1, to_string(*status));
  } else {
    st.bind_null(1);
  }
  std::vector<HelpRequestView> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

std::vector<HelpRequestView> help_requests_to_escalate(Store& store, UtcSeconds created_before) {
  auto st = store.engine().prepare(std::string(kColumns) +
                                   "WHERE status = 'open' AND escalated_utc IS NULL AND created_utc <= ? "
                                   "ORDER BY created_utc, id");
  st.bind(1, created_before);
  std::vector<HelpRequestView> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

void update_help_request(Store& store, const HelpRequestView& v) {
  store.engine()
      .prepare("UPDATE help_request SET status = ?, claimed_by = ?, note = ?, claimed_utc = ?, "
               "done_utc = ?, cancelled_utc = ?, claimed_account = ?, team = ?, escalated_utc = ? WHERE id = ?")
      .bind(1, to_string(v.status)).bind(2, unless_empty(v.claimed_by)).bind(3, unless_empty(v.note))
      .bind(4, v.claimed).bind(5, v.done).bind(6, v.cancelled).bind(7, v.claimed_account)
      .bind(8, unless_empty(v.team)).bind(9, v.escalated).bind(10, v.id)
      .run();
}

}  // namespace bk
