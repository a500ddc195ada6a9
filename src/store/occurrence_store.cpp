#include "store/occurrence_store.hpp"

#include "store/engine/database.hpp"
#include "store/engine/reused_statement.hpp"

namespace bk {
namespace {

OccurrenceStatus parse_status(const std::string& s) {
  return s == "cancelled" ? OccurrenceStatus::Cancelled : OccurrenceStatus::Scheduled;
}

// The list of dates, from the covering index occurrence_window alone: people counts are kept on
// the occurrence row by triggers (migration 2), and what the list shows of the activity comes from
// the caller's copy of ActivityStore::listings (migration 3 says when it is stale). The description
// is left out (the list does not show it); item() reads it.
constexpr const char* kListSelect = R"sql(
SELECT o.id, o.activity_id, o.title_override, o.location_override, o.start_utc, o.end_utc,
       o.all_day, o.status = 'cancelled', o.registered_people, o.waitlisted_people
FROM occurrence o WHERE o.start_utc >= ? AND o.start_utc < ? ORDER BY o.start_utc, o.id)sql";

constexpr const char* kItemSelect = R"sql(
SELECT o.id, o.activity_id, COALESCE(o.title_override, a.title), a.description,
       COALESCE(o.location_override, a.location), a.category, o.start_utc, o.end_utc, o.all_day,
       a.capacity, o.status = 'cancelled', o.registered_people, o.waitlisted_people
FROM occurrence o JOIN activity a ON a.id = o.activity_id
WHERE (a.deleted = 0 OR o.status = 'cancelled') AND o.id = ?)sql";

}  // namespace

struct OccurrenceStore::Prepared {
  std::optional<Statement> list, insert, update;
};

OccurrenceStore::OccurrenceStore(Store& store) : store_(store), prepared_(std::make_unique<Prepared>()) {}
OccurrenceStore::~OccurrenceStore() = default;

std::vector<StoredDate> OccurrenceStore::of_activity(ActivityId activity, UtcSeconds from, UtcSeconds to,
                                                     const std::vector<std::string>& keys) {
  // The keys as one JSON array: SQLite's json_each yields text values, PostgreSQL's yields json
  // (text = json has no operator there), so PostgreSQL takes the array's elements as text.
  const bool pg = store_.engine().dialect() == Dialect::PostgreSQL;
  auto st = store_.engine().prepare(
      std::string("SELECT recurrence_key, id, start_utc, end_utc, all_day, status, title_override, "
                  "location_override, detached, file_start, file_end, file_status, file_title, file_location "
                  "FROM occurrence WHERE activity_id = ? "
                  "AND ((start_utc >= ? AND start_utc < ?) OR recurrence_key IN (SELECT value FROM ") +
      (pg ? "json_array_elements_text(?::json)))" : "json_each(?)))"));
  std::string json = "[";  // keys are iCalendar date-times: no quotes or backslashes to escape
  for (const auto& k : keys) json += (json.size() > 1 ? ",\"" : "\"") + k + "\"";
  json += "]";
  st.bind(1, activity).bind(2, from).bind(3, to).bind(4, json);
  std::vector<StoredDate> out;
  while (st.step()) {
    StoredDate& d = out.emplace_back();
    d.key = st.text(0);
    d.id = st.int64(1);
    d.now = {st.int64(2), st.int64(3), parse_status(st.text(5)), st.opt_text(6), st.opt_text(7)};
    d.all_day = st.int64(4) != 0;
    d.detached = st.int64(8) != 0;
    if (!st.is_null(11))
      d.file = DateFields{st.int64(9), st.int64(10), parse_status(st.text(11)), st.opt_text(12), st.opt_text(13)};
  }
  return out;
}

void OccurrenceStore::insert(ActivityId activity, const std::string& key, bool all_day, const DateFields& said) {
  if (!prepared_->insert)
    prepared_->insert.emplace(store_.engine().prepare(
        "INSERT INTO occurrence(activity_id, recurrence_key, start_utc, end_utc, all_day, status, "
        "title_override, location_override, file_start, file_end, file_status, file_title, "
        "file_location) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  ReusedStatement st(*prepared_->insert);
  const char* status = to_string(said.status);
  st->bind(1, activity).bind(2, key).bind(3, said.start).bind(4, said.end).bind(5, all_day ? 1 : 0)
      .bind(6, status).bind(7, said.title).bind(8, said.location).bind(9, said.start).bind(10, said.end)
      .bind(11, status).bind(12, said.title).bind(13, said.location);
  st->run();
}

void OccurrenceStore::update(OccurrenceId id, const DateFields& now, bool all_day, const DateFields& said) {
  if (!prepared_->update)
    prepared_->update.emplace(store_.engine().prepare(
        "UPDATE occurrence SET start_utc = ?, end_utc = ?, all_day = ?, status = ?, "
        "title_override = ?, location_override = ?, file_start = ?, file_end = ?, file_status = ?, "
        "file_title = ?, file_location = ? WHERE id = ?"));
  ReusedStatement st(*prepared_->update);
  st->bind(1, now.start).bind(2, now.end).bind(3, all_day ? 1 : 0).bind(4, to_string(now.status))
      .bind(5, now.title).bind(6, now.location).bind(7, said.start).bind(8, said.end)
      .bind(9, to_string(said.status)).bind(10, said.title).bind(11, said.location).bind(12, id);
  st->run();
}

bool OccurrenceStore::has_registrations(OccurrenceId id) {
  auto st = store_.engine().prepare("SELECT EXISTS (SELECT 1 FROM registration WHERE occurrence_id = ?)");
  st.bind(1, id);
  st.step();
  return st.int64(0) != 0;
}

void OccurrenceStore::remove(OccurrenceId id) {
  store_.engine().prepare("DELETE FROM occurrence WHERE id = ?").bind(1, id).run();
}

void OccurrenceStore::set_status(OccurrenceId id, OccurrenceStatus status) {
  store_.engine().prepare("UPDATE occurrence SET status = ? WHERE id = ?").bind(1, to_string(status)).bind(2, id).run();
}

bool OccurrenceStore::cancel_detached(OccurrenceId id) {
  Database& db = store_.engine();
  db.prepare("UPDATE occurrence SET status = 'cancelled', detached = 1 WHERE id = ?").bind(1, id).run();
  return db.changes() != 0;
}

void OccurrenceStore::move_detached(OccurrenceId id, UtcSeconds start, UtcSeconds end) {
  store_.engine()
      .prepare("UPDATE occurrence SET start_utc = ?, end_utc = ?, detached = 1 WHERE id = ?")
      .bind(1, start).bind(2, end).bind(3, id).run();
}

void OccurrenceStore::set_own_title(OccurrenceId id, const std::string& title) {
  store_.engine().prepare("UPDATE occurrence SET title_override = ? WHERE id = ?").bind(1, title).bind(2, id).run();
}

void OccurrenceStore::set_own_location(OccurrenceId id, const std::string& location) {
  store_.engine().prepare("UPDATE occurrence SET location_override = ? WHERE id = ?").bind(1, location).bind(2, id).run();
}

std::optional<std::pair<UtcSeconds, UtcSeconds>> OccurrenceStore::times(OccurrenceId id) {
  auto st = store_.engine().prepare("SELECT start_utc, end_utc FROM occurrence WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return std::pair{st.int64(0), st.int64(1)};
}

void OccurrenceStore::list(UtcSeconds from, UtcSeconds to, std::vector<ListedDate>& out) {
  out.clear();
  if (!prepared_->list) prepared_->list.emplace(store_.engine().prepare(kListSelect));
  ReusedStatement st(*prepared_->list);  // reset at the end: no snapshot is held between frames
  st->bind(1, from).bind(2, to);
  while (st->step()) {
    ListedDate& d = out.emplace_back();
    d.id = st->int64(0);
    d.activity_id = st->int64(1);
    if (!st->is_null(2)) d.title = st->text(2);
    if (!st->is_null(3)) d.location = st->text(3);
    d.start = st->int64(4);
    d.end = st->int64(5);
    d.all_day = st->int64(6) != 0;
    d.status = st->int64(7) != 0 ? OccurrenceStatus::Cancelled : OccurrenceStatus::Scheduled;
    d.registered = st->integer(8);
    d.waitlisted = st->integer(9);
  }
}

std::optional<AgendaItem> OccurrenceStore::item(OccurrenceId id) {
  auto st = store_.engine().prepare(kItemSelect);
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  AgendaItem i;
  i.occurrence_id = st.int64(0);
  i.activity_id = st.int64(1);
  i.title = st.text(2);
  i.description = st.text(3);
  i.location = st.text(4);
  i.category = st.text(5);
  i.start = st.int64(6);
  i.end = st.int64(7);
  i.all_day = st.int64(8) != 0;
  if (!st.is_null(9)) i.capacity = st.integer(9);
  i.status = st.int64(10) != 0 ? OccurrenceStatus::Cancelled : OccurrenceStatus::Scheduled;
  i.registered = st.integer(11);
  i.waitlisted = st.integer(12);
  return i;
}

std::vector<std::optional<LocalFields>> OccurrenceStore::local_fields(const std::vector<OccurrenceId>& ids) {
  // A field is local where it differs from its file_* twin (what the file said last).
  auto st = store_.engine().prepare(
      "SELECT a.origin, a.title IS NOT a.file_title, a.description IS NOT a.file_description, "
      "a.location IS NOT a.file_location, a.category IS NOT a.file_category, "
      "a.capacity IS NOT a.file_capacity, "
      "o.file_status IS NOT NULL AND (o.start_utc != o.file_start OR o.end_utc != o.file_end), "
      "o.status IS NOT o.file_status, o.title_override IS NOT o.file_title, "
      "o.location_override IS NOT o.file_location, o.file_status IS NULL AND o.detached "
      "FROM occurrence o JOIN activity a ON a.id = o.activity_id WHERE o.id = ?");
  std::vector<std::optional<LocalFields>> out;
  out.reserve(ids.size());
  for (OccurrenceId id : ids) {
    auto& f = out.emplace_back();
    st.reset();
    st.bind(1, id);
    if (!st.step()) continue;
    f.emplace();
    f->origin = parse_activity_origin(st.text(0)).value_or(ActivityOrigin::Local);
    bool* const flags[] = {&f->title, &f->description, &f->location, &f->category, &f->capacity,
                           &f->date_time, &f->date_status, &f->date_title, &f->date_location,
                           &f->date_changed_before_tracking};
    for (int c = 0; c < 10; ++c) *flags[c] = st.int64(1 + c) != 0;
  }
  st.reset();
  return out;
}

std::vector<OccurrenceId> OccurrenceStore::coming(ActivityId activity, UtcSeconds after) {
  auto st = store_.engine().prepare("SELECT id FROM occurrence WHERE activity_id = ? AND start_utc > ?");
  st.bind(1, activity).bind(2, after);
  std::vector<OccurrenceId> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::vector<DateRegistrations> OccurrenceStore::coming_registrations(ActivityId activity, UtcSeconds after) {
  auto st = store_.engine().prepare(
      "SELECT o.id, (SELECT count(*) FROM registration r WHERE r.occurrence_id = o.id AND r.status != 'cancelled'), "
      "EXISTS (SELECT 1 FROM registration r WHERE r.occurrence_id = o.id) "
      "FROM occurrence o WHERE o.activity_id = ? AND o.start_utc > ?");
  st.bind(1, activity).bind(2, after);
  std::vector<DateRegistrations> out;
  while (st.step()) out.push_back({st.int64(0), st.integer(1), st.int64(2) != 0});
  return out;
}

std::optional<FullestDate> OccurrenceStore::fullest_coming(ActivityId activity, UtcSeconds after) {
  auto st = store_.engine().prepare(
      "SELECT o.start_utc, SUM(r.people) AS n FROM occurrence o JOIN registration r ON r.occurrence_id = o.id "
      "WHERE o.activity_id = ? AND o.status = 'scheduled' AND o.start_utc > ? AND r.status = 'registered' "
      "GROUP BY o.id ORDER BY n DESC, o.start_utc LIMIT 1");
  st.bind(1, activity).bind(2, after);
  if (!st.step()) return std::nullopt;
  return FullestDate{st.int64(0), st.integer(1)};
}

}  // namespace bk
