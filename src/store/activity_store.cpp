#include "store/activity_store.hpp"

#include "store/engine/database.hpp"
#include "store/engine/reused_statement.hpp"

namespace bk {
namespace {

std::optional<std::string> rule_or_null(const std::string& rrule) {
  return rrule.empty() ? std::nullopt : std::optional<std::string>(rrule);
}

}  // namespace

const char* to_string(ActivityOrigin o) {
  switch (o) {
    case ActivityOrigin::Import: return "import";
    case ActivityOrigin::Feed: return "feed";
    case ActivityOrigin::Local: break;
  }
  return "local";
}

std::optional<ActivityOrigin> parse_activity_origin(std::string_view s) {
  if (s == "local") return ActivityOrigin::Local;
  if (s == "import") return ActivityOrigin::Import;
  if (s == "feed") return ActivityOrigin::Feed;
  return std::nullopt;
}

struct ActivityStore::Prepared {
  std::optional<Statement> version, made, find;
};

ActivityStore::ActivityStore(Store& store) : store_(store), prepared_(std::make_unique<Prepared>()) {}
ActivityStore::~ActivityStore() = default;

bool ActivityStore::any() { return store_.engine().scalar_int("SELECT EXISTS (SELECT 1 FROM activity)") != 0; }

bool ActivityStore::live(ActivityId id) {
  auto st = store_.engine().prepare("SELECT 1 FROM activity WHERE deleted = 0 AND id = ?");
  st.bind(1, id);
  return st.step();
}

std::optional<StoredActivity> ActivityStore::find_by_uid(const std::string& uid) {
  if (!prepared_->find)
    prepared_->find.emplace(store_.engine().prepare(
        "SELECT id, title, description, location, category, capacity, all_day, series_ics, "
        "COALESCE(rrule,''), source, deleted, materialised_from, materialised_to, origin, "
        "file_title, file_description, file_location, file_category, file_capacity "
        "FROM activity WHERE uid = ?"));
  ReusedStatement st(*prepared_->find);
  st->bind(1, uid);
  if (!st->step()) return std::nullopt;
  StoredActivity a;
  a.id = st->int64(0);
  a.shown = {st->text(1), st->text(2), st->text(3), st->text(4), std::nullopt};
  if (!st->is_null(5)) a.shown.capacity = st->integer(5);
  a.all_day = st->int64(6) != 0;
  a.series_ics = st->text(7);
  a.rrule = st->text(8);
  a.source = st->text(9);
  a.deleted = st->int64(10) != 0;
  a.made_from = st->opt_int64(11);
  a.made_to = st->opt_int64(12);
  a.origin = parse_activity_origin(st->text(13)).value_or(ActivityOrigin::Local);
  if (!st->is_null(14)) {
    a.file = ActivityFields{st->text(14), st->text(15), st->text(16), st->text(17), std::nullopt};
    if (!st->is_null(18)) a.file->capacity = st->integer(18);
  }
  return a;
}

ActivityId ActivityStore::insert(const SeriesDefinition& s, const std::string& source, ActivityOrigin origin,
                                 const std::optional<ActivityFields>& file, UtcSeconds now) {
  auto st = store_.engine().prepare(
      "INSERT INTO activity(uid, source, title, description, location, category, capacity, "
      "all_day, series_ics, rrule, created_utc, updated_utc, origin, file_title, "
      "file_description, file_location, file_category, file_capacity) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, s.uid).bind(2, source).bind(3, s.title).bind(4, s.description).bind(5, s.location)
      .bind(6, s.category).bind(7, s.capacity).bind(8, s.all_day ? 1 : 0).bind(9, s.series_ics)
      .bind(10, rule_or_null(s.rrule)).bind(11, now).bind(12, now).bind(13, to_string(origin));
  if (file) {
    st.bind(14, file->title).bind(15, file->description).bind(16, file->location)
        .bind(17, file->category).bind(18, file->capacity);
  }  // unbound: NULL, no file has spoken
  st.run();
  return store_.engine().last_insert_id();
}

void ActivityStore::update_from_series(ActivityId id, const SeriesDefinition& s, const ActivityFields& shown,
                                       const std::string& source, ActivityOrigin origin, UtcSeconds now) {
  store_.engine()
      .prepare(
          "UPDATE activity SET source = ?, title = ?, description = ?, location = ?, "
          "category = ?, capacity = ?, all_day = ?, series_ics = ?, rrule = ?, deleted = 0, "
          "updated_utc = ?, origin = ?, file_title = ?, file_description = ?, file_location = ?, "
          "file_category = ?, file_capacity = ? WHERE id = ?")
      .bind(1, source).bind(2, shown.title).bind(3, shown.description).bind(4, shown.location)
      .bind(5, shown.category).bind(6, shown.capacity).bind(7, s.all_day ? 1 : 0).bind(8, s.series_ics)
      .bind(9, rule_or_null(s.rrule)).bind(10, now).bind(11, to_string(origin)).bind(12, s.title)
      .bind(13, s.description).bind(14, s.location).bind(15, s.category).bind(16, s.capacity).bind(17, id)
      .run();
}

void ActivityStore::edit(ActivityId id, const ActivityChange& change, UtcSeconds now) {
  // Only the columns given: the list's version trigger fires for the fields it shows.
  std::string sql = "UPDATE activity SET ";
  if (change.title) sql += "title = ?, ";
  if (change.description) sql += "description = ?, ";
  if (change.location) sql += "location = ?, ";
  if (change.category) sql += "category = ?, ";
  if (change.capacity) sql += "capacity = ?, ";
  sql += "updated_utc = ? WHERE id = ?";
  auto st = store_.engine().prepare(sql);
  int i = 1;
  if (change.title) st.bind(i++, *change.title);
  if (change.description) st.bind(i++, *change.description);
  if (change.location) st.bind(i++, *change.location);
  if (change.category) st.bind(i++, *change.category);
  if (change.capacity) st.bind(i++, *change.capacity);
  st.bind(i, now);
  st.bind(i + 1, id).run();
}

void ActivityStore::mark_deleted(ActivityId id, UtcSeconds now) {
  store_.engine().prepare("UPDATE activity SET deleted = 1, updated_utc = ? WHERE id = ?").bind(1, now).bind(2, id).run();
}

void ActivityStore::set_made(ActivityId id, UtcSeconds from, UtcSeconds to) {
  store_.engine()
      .prepare("UPDATE activity SET materialised_from = ?, materialised_to = ? WHERE id = ?")
      .bind(1, from).bind(2, to).bind(3, id).run();
}

std::int64_t ActivityStore::listing_version() {
  if (!prepared_->version) prepared_->version.emplace(store_.engine().prepare("SELECT n FROM activity_listing_version"));
  ReusedStatement st(*prepared_->version);
  st->step();
  return st->int64(0);
}

std::vector<ActivityListing> ActivityStore::listings() {
  std::vector<ActivityListing> out;
  auto st = store_.engine().prepare("SELECT id, title, location, category, capacity, deleted FROM activity");
  while (st.step()) {
    ActivityListing& a = out.emplace_back();
    a.id = st.int64(0);
    a.title = st.text(1);
    a.location = st.text(2);
    a.category = st.text(3);
    if (!st.is_null(4)) a.capacity = st.integer(4);
    a.deleted = st.int64(5) != 0;
  }
  return out;
}

bool ActivityStore::all_made(UtcSeconds from, UtcSeconds to) {
  // Answered from two index ends (activity_materialised_from/_to) without reading any activity row.
  if (!prepared_->made)
    prepared_->made.emplace(store_.engine().prepare(
        "SELECT EXISTS (SELECT 1 FROM activity WHERE deleted = 0 AND rrule IS NOT NULL AND materialised_from IS NULL), "
        "(SELECT max(materialised_from) FROM activity WHERE deleted = 0 AND rrule IS NOT NULL), "
        "(SELECT min(materialised_to) FROM activity WHERE deleted = 0 AND rrule IS NOT NULL)"));
  ReusedStatement st(*prepared_->made);
  st->step();
  const bool unmade = st->int64(0) != 0;
  const bool before = !st->is_null(1) && st->int64(1) > from;
  const bool after = !st->is_null(2) && st->int64(2) < to;
  return !unmade && !before && !after;
}

std::vector<SeriesToMake> ActivityStore::to_make(UtcSeconds from, UtcSeconds to) {
  std::vector<SeriesToMake> out;
  auto st = store_.engine().prepare(
      "SELECT id, series_ics, COALESCE(materialised_from, ?), COALESCE(materialised_to, ?) "
      "FROM activity WHERE deleted = 0 AND rrule IS NOT NULL AND "
      "(materialised_from IS NULL OR materialised_from > ? OR materialised_to < ?)");
  st.bind(1, from).bind(2, from).bind(3, from).bind(4, to);
  while (st.step()) out.push_back({st.int64(0), st.text(1), st.int64(2), st.int64(3)});
  return out;
}

}  // namespace bk
