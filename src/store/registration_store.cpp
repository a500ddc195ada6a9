#include "store/registration_store.hpp"

#include "store/engine/database.hpp"

namespace bk {

std::optional<BookableOccurrence> find_bookable_occurrence(Store& store, OccurrenceId id) {
  auto st = store.engine().prepare(
      "SELECT o.status, o.start_utc, a.capacity FROM occurrence o JOIN activity a ON a.id = o.activity_id "
      "WHERE o.id = ? AND (a.deleted = 0 OR o.status = 'cancelled')");  // as the agenda shows them
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  BookableOccurrence o;
  o.cancelled = st.text(0) == "cancelled";
  o.start = st.int64(1);
  if (!st.is_null(2)) o.capacity = st.integer(2);
  return o;
}

std::optional<OccurrenceCapacity> occurrence_capacity(Store& store, OccurrenceId id) {
  auto st = store.engine().prepare(
      "SELECT a.capacity FROM occurrence o JOIN activity a ON a.id = o.activity_id WHERE o.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  if (st.is_null(0)) return OccurrenceCapacity{true, 0};
  return OccurrenceCapacity{false, st.integer(0)};
}

int registered_people(Store& store, OccurrenceId id) {
  auto st = store.engine().prepare(
      "SELECT COALESCE(SUM(people), 0) FROM registration WHERE occurrence_id = ? AND status = 'registered'");
  st.bind(1, id);
  st.step();
  return st.integer(0);
}

bool reference_code_taken(Store& store, const std::string& code) {
  auto st = store.engine().prepare(
      "SELECT 1 FROM registration WHERE code = ?1 UNION ALL SELECT 1 FROM help_request WHERE code = ?1 "
      "UNION ALL SELECT 1 FROM reserved_code WHERE code = ?1");
  st.bind(1, code);
  return st.step();
}

void insert_registration(Store& store, const NewRegistration& r) {
  store.engine()
      .prepare("INSERT INTO registration(occurrence_id, code, token_hash, name, phone, people, status, "
               "channel, created_utc) VALUES (?,?,?,?,?,?,?,?,?)")
      .bind(1, r.occurrence_id).bind(2, r.code).bind(3, r.token_hash).bind(4, r.name)
      .bind(5, r.phone.empty() ? std::optional<std::string>() : r.phone).bind(6, r.people)
      .bind(7, to_string(r.status)).bind(8, r.channel).bind(9, r.created)
      .run();
}

std::optional<RegistrationView> find_registration(Store& store, RegistrationKey key,
                                                  const std::string& value) {
  Database& db = store.engine();
  auto st = db.prepare(std::string(
      "SELECT r.id, r.code, r.status, r.people, COALESCE(r.name,''), COALESCE(r.phone,''), "
      "r.checked_in, r.created_utc, r.occurrence_id FROM registration r WHERE ") +
      (key == RegistrationKey::Code ? "r.code = ?" : "r.token_hash = ?"));
  st.bind(1, value);
  if (!st.step()) return std::nullopt;
  RegistrationView v;
  v.id = st.int64(0);
  v.code = st.text(1);
  v.status = registration_status_from(st.text(2));
  v.people = st.integer(3);
  v.name = st.text(4);
  v.phone = st.text(5);
  v.checked_in = st.int64(6) != 0;
  v.created = st.int64(7);
  v.occurrence.occurrence_id = st.int64(8);
  if (v.status == RegistrationStatus::Waitlisted) {
    auto pos = db.prepare(
        "SELECT count(*) FROM registration WHERE occurrence_id = ? AND status = 'waitlisted' "
        "AND (created_utc < ? OR (created_utc = ? AND id <= ?))");
    pos.bind(1, v.occurrence.occurrence_id).bind(2, v.created).bind(3, v.created).bind(4, v.id);
    pos.step();
    v.waitlist_position = pos.integer(0);
  }
  return v;
}

std::optional<RegistrationRef> find_registration_ref(Store& store, RegistrationKey key,
                                                     const std::string& value) {
  auto st = store.engine().prepare(
      std::string("SELECT id, code, status, occurrence_id FROM registration WHERE ") +
      (key == RegistrationKey::Code ? "code = ?" : "token_hash = ?"));
  st.bind(1, value);
  if (!st.step()) return std::nullopt;
  return RegistrationRef{st.int64(0), st.text(1), registration_status_from(st.text(2)), st.int64(3)};
}

std::vector<std::string> registration_codes(Store& store, OccurrenceId id) {
  std::vector<std::string> codes;
  auto st = store.engine().prepare(
      "SELECT code FROM registration WHERE occurrence_id = ? ORDER BY "
      "CASE status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, created_utc, id");
  st.bind(1, id);
  while (st.step()) codes.push_back(st.text(0));
  return codes;
}

std::vector<WaitingParty> waiting_parties(Store& store, OccurrenceId id) {
  auto st = store.engine().prepare(
      "SELECT id, code, people FROM registration WHERE occurrence_id = ? AND status = 'waitlisted' "
      "ORDER BY created_utc, id");
  st.bind(1, id);
  std::vector<WaitingParty> rows;
  while (st.step()) rows.push_back({st.int64(0), st.text(1), st.integer(2)});
  return rows;
}

void mark_registration_promoted(Store& store, std::int64_t id, UtcSeconds at) {
  store.engine()
      .prepare("UPDATE registration SET status = 'registered', promoted_utc = ? WHERE id = ?")
      .bind(1, at).bind(2, id).run();
}

void mark_registration_cancelled(Store& store, std::int64_t id, UtcSeconds at) {
  store.engine()
      .prepare("UPDATE registration SET status = 'cancelled', cancelled_utc = ? WHERE id = ?")
      .bind(1, at).bind(2, id).run();
}

bool set_registration_checked_in(Store& store, const std::string& code, bool checked_in) {
  Database& db = store.engine();
  db.prepare("UPDATE registration SET checked_in = ? WHERE code = ?")
      .bind(1, checked_in ? 1 : 0).bind(2, code).run();
  return db.changes() > 0;
}

}  // namespace bk
