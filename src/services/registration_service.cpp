#include "services/registration_service.hpp"

#include "store/sqlite/database.hpp"

#include "domain/codes.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "store/audit.hpp"

namespace bk {

const char* to_string(RegistrationStatus s) {
  switch (s) {
    case RegistrationStatus::Registered: return "registered";
    case RegistrationStatus::Waitlisted: return "waitlisted";
    case RegistrationStatus::Cancelled: return "cancelled";
  }
  return "registered";
}

namespace {

RegistrationStatus status_from(const std::string& s) {
  if (s == "waitlisted") return RegistrationStatus::Waitlisted;
  if (s == "cancelled") return RegistrationStatus::Cancelled;
  return RegistrationStatus::Registered;
}

int registered_people(Database& db, OccurrenceId occ) {
  auto st = db.prepare(
      "SELECT COALESCE(SUM(people), 0) FROM registration WHERE occurrence_id = ? AND status = 'registered'");
  st.bind(1, occ);
  st.step();
  return st.integer(0);
}

bool code_in_use(Database& db, const std::string& code) {
  auto st = db.prepare(
      "SELECT 1 FROM registration WHERE code = ?1 UNION ALL SELECT 1 FROM help_request WHERE code = ?1");
  st.bind(1, code);
  return st.step();
}

}  // namespace

std::string new_unique_code(Store& store) {
  Database& db = store.engine();
  for (;;) {  // 31^6 codes: a collision is rare, and a retry cheap
    std::string code = make_reference_code();
    if (!code_in_use(db, code)) return code;
  }
}

std::vector<std::string> promote_waiting(Store& store, OccurrenceId occ, UtcSeconds now) {
  Database& db = store.engine();
  std::vector<std::string> promoted;
  auto cap = db.prepare("SELECT a.capacity FROM occurrence o JOIN activity a ON a.id = o.activity_id WHERE o.id = ?");
  cap.bind(1, occ);
  if (!cap.step()) return promoted;
  const bool unlimited = cap.is_null(0);
  int free = unlimited ? 0 : cap.integer(0) - registered_people(db, occ);
  // First come, first served; a group that does not fit is skipped, so a smaller party behind it
  // can take the places (and the larger group keeps its place at the head for the next opening).
  auto waiting = db.prepare(
      "SELECT id, code, people FROM registration WHERE occurrence_id = ? AND status = 'waitlisted' "
      "ORDER BY created_utc, id");
  waiting.bind(1, occ);
  std::vector<std::tuple<std::int64_t, std::string, int>> rows;
  while (waiting.step()) rows.emplace_back(waiting.int64(0), waiting.text(1), waiting.integer(2));
  for (const auto& [id, code, people] : rows) {
    if (!unlimited && people > free) continue;
    db.prepare("UPDATE registration SET status = 'registered', promoted_utc = ? WHERE id = ?")
        .bind(1, now).bind(2, id).run();
    write_audit(store, now, "system", "registration.promote", code);
    promoted.push_back(code);
    free -= people;
  }
  return promoted;
}

RegistrationService::RegistrationService(Store& store, const Clock& clock, std::string base_url)
    : store_(store), db_(store.engine()), clock_(clock), base_url_(std::move(base_url)) {}

RegisterResult RegistrationService::register_for(const RegistrationRequest& r) {
  RegisterResult out;
  const CheckedText name = check_text(r.name, 60, false);
  if (!name.ok()) {
    out.outcome = RegisterOutcome::InvalidInput;
    out.problem = "name " + describe(name.problem, 60);
    return out;
  }
  const CheckedText phone = check_phone(r.phone);
  if (!phone.ok()) {
    out.outcome = RegisterOutcome::InvalidInput;
    out.problem = phone.problem == TextProblem::UnsupportedCharacter
                      ? "phone must be a phone number (6 to 20 digits)"
                      : "phone " + describe(phone.problem, 30);
    return out;
  }
  const int max_people = r.channel == "kiosk" ? 6 : 20;
  if (r.people < 1 || r.people > max_people) {
    out.outcome = RegisterOutcome::InvalidInput;
    out.problem = "people must be between 1 and " + std::to_string(max_people);
    return out;
  }
  const std::string token = make_followup_token();
  const UtcSeconds now = clock_.now();

  // The capacity check and the insert in one BEGIN IMMEDIATE transaction: every writer (kiosk,
  // buurtkioskctl, the web page) queues for the write lock, so the count cannot change between them.
  WriteTransaction tx(db_);
  auto occ = db_.prepare(
      "SELECT o.status, o.start_utc, a.capacity FROM occurrence o JOIN activity a ON a.id = o.activity_id "
      "WHERE o.id = ? AND (a.deleted = 0 OR o.status = 'cancelled')");  // as the agenda shows them
  occ.bind(1, r.occurrence_id);
  if (!occ.step()) {
    out.outcome = RegisterOutcome::NotFound;
    return out;
  }
  if (occ.text(0) == "cancelled" || occ.int64(1) <= now) {
    out.outcome = RegisterOutcome::Closed;
    return out;
  }
  bool waitlist = false;
  if (!occ.is_null(2)) {
    const int left = occ.integer(2) - registered_people(db_, r.occurrence_id);
    if (r.people > left) {
      if (!r.waitlist_if_full) {
        out.outcome = RegisterOutcome::Full;
        return out;
      }
      waitlist = true;
    }
  }
  const std::string code = new_unique_code(store_);
  db_.prepare(
         "INSERT INTO registration(occurrence_id, code, token_hash, name, phone, people, status, "
         "channel, created_utc) VALUES (?,?,?,?,?,?,?,?,?)")
      .bind(1, r.occurrence_id).bind(2, code).bind(3, hash_token(token)).bind(4, name.value)
      .bind(5, phone.value.empty() ? std::optional<std::string>() : phone.value).bind(6, r.people)
      .bind(7, waitlist ? "waitlisted" : "registered").bind(8, r.channel).bind(9, now)
      .run();
  write_audit(store_, now, r.role, waitlist ? "registration.waitlist" : "registration.add", code,
              "occurrence " + std::to_string(r.occurrence_id) + ", " + std::to_string(r.people) + " people");
  tx.commit();  // on disk now (synchronous=FULL): only from here on may it be acknowledged
  log::info("registration", std::string(waitlist ? "waitlisted " : "registered ") + code +
                                " for occurrence " + std::to_string(r.occurrence_id));
  out.outcome = waitlist ? RegisterOutcome::Waitlisted : RegisterOutcome::Registered;
  out.code = code;
  out.token = token;
  out.followup_url = base_url_ + "/r/" + token;
  out.people = r.people;
  return out;
}

std::optional<RegistrationView> RegistrationService::find(const char* where, const std::string& key) {
  auto st = db_.prepare(std::string(
      "SELECT r.id, r.code, r.status, r.people, COALESCE(r.name,''), COALESCE(r.phone,''), "
      "r.checked_in, r.created_utc, r.occurrence_id FROM registration r WHERE ") + where);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  RegistrationView v;
  v.id = st.int64(0);
  v.code = st.text(1);
  v.status = status_from(st.text(2));
  v.people = st.integer(3);
  v.name = st.text(4);
  v.phone = st.text(5);
  v.checked_in = st.int64(6) != 0;
  v.created = st.int64(7);
  const OccurrenceId occ = st.int64(8);
  if (v.status == RegistrationStatus::Waitlisted) {
    auto pos = db_.prepare(
        "SELECT count(*) FROM registration WHERE occurrence_id = ? AND status = 'waitlisted' "
        "AND (created_utc < ? OR (created_utc = ? AND id <= ?))");
    pos.bind(1, occ).bind(2, v.created).bind(3, v.created).bind(4, v.id);
    pos.step();
    v.waitlist_position = pos.integer(0);
  }
  if (agenda_item_) {
    if (auto item = agenda_item_(occ)) v.occurrence = *item;
  }
  v.occurrence.occurrence_id = occ;
  return v;
}

std::optional<RegistrationView> RegistrationService::lookup_code(const std::string& typed_code) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return std::nullopt;
  return find("r.code = ?", *code);
}

std::optional<RegistrationView> RegistrationService::lookup_token(const std::string& token) {
  if (!looks_like_followup_token(token)) return std::nullopt;
  return find("r.token_hash = ?", hash_token(token));
}

CancelResult RegistrationService::cancel_where(const char* where, const std::string& key,
                                               const std::string& role) {
  CancelResult out;
  const UtcSeconds now = clock_.now();
  WriteTransaction tx(db_);
  auto st = db_.prepare(std::string("SELECT id, code, status, occurrence_id FROM registration WHERE ") + where);
  st.bind(1, key);
  if (!st.step()) return out;
  const std::int64_t id = st.int64(0);
  const std::string code = st.text(1);
  const bool was_registered = st.text(2) == "registered";
  const OccurrenceId occ = st.int64(3);
  if (st.text(2) == "cancelled") {
    out.outcome = CancelOutcome::AlreadyCancelled;
    return out;
  }
  db_.prepare("UPDATE registration SET status = 'cancelled', cancelled_utc = ? WHERE id = ?")
      .bind(1, now).bind(2, id).run();
  write_audit(store_, now, role, "registration.cancel", code);
  if (was_registered) out.promoted_codes = promote_waiting(store_, occ, now);
  tx.commit();
  log::info("registration", "cancelled " + code + (out.promoted_codes.empty() ? "" : ", " +
                                std::to_string(out.promoted_codes.size()) + " moved up from the waiting list"));
  out.outcome = CancelOutcome::Cancelled;
  return out;
}

CancelResult RegistrationService::cancel_code(const std::string& typed_code, const std::string& role) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return {};
  return cancel_where("code = ?", *code, role);
}

CancelResult RegistrationService::cancel_token(const std::string& token, const std::string& role) {
  if (!looks_like_followup_token(token)) return {};
  return cancel_where("token_hash = ?", hash_token(token), role);
}

std::vector<RegistrationView> RegistrationService::for_occurrence(OccurrenceId id) {
  std::vector<std::string> codes;
  auto st = db_.prepare(
      "SELECT code FROM registration WHERE occurrence_id = ? ORDER BY "
      "CASE status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, created_utc, id");
  st.bind(1, id);
  while (st.step()) codes.push_back(st.text(0));
  std::vector<RegistrationView> out;
  for (const auto& c : codes)
    if (auto v = find("r.code = ?", c)) out.push_back(std::move(*v));
  return out;
}

bool RegistrationService::set_checked_in(const std::string& typed_code, bool checked_in,
                                         const std::string& role) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return false;
  WriteTransaction tx(db_);
  db_.prepare("UPDATE registration SET checked_in = ? WHERE code = ?").bind(1, checked_in ? 1 : 0).bind(2, *code).run();
  if (db_.changes() == 0) return false;
  write_audit(store_, clock_.now(), role, checked_in ? "registration.checkin" : "registration.checkout", *code);
  tx.commit();
  return true;
}

}  // namespace bk
