#include "services/agenda_service.hpp"

#include "store/sqlite/database.hpp"

#include <sqlite3.h>

#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "agenda/series.hpp"
#include "domain/codes.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "store/audit.hpp"

namespace bk {
namespace {

// Single dates are materialised whatever their date; this stands for "everything".
constexpr UtcSeconds kAllTime = std::numeric_limits<std::int64_t>::max() / 4;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What a date row holds, and what the file said for it last (file: nullopt when no file has
// spoken yet, i.e. a date a volunteer changed before migration 4).
struct DateFields {
  UtcSeconds start = 0, end = 0;
  std::string status;
  std::optional<std::string> title, location;
  bool operator==(const DateFields&) const = default;
};

struct ExistingOccurrence {
  OccurrenceId id;
  bool all_day;
  DateFields now;
  std::optional<DateFields> file;
  bool detached;
};
// The list of dates, from the covering index occurrence_window alone: people counts are kept on
// the occurrence row by triggers (migration 2), and what the list shows of the activity comes from
// AgendaService's in-memory copy (migration 3 says when it is stale). The description is left out
// (the list does not show it); item() reads it.
constexpr const char* kListSelect = R"sql(
SELECT o.id, o.activity_id, o.title_override, o.location_override, o.start_utc, o.end_utc,
       o.all_day, o.status = 'cancelled', o.registered_people, o.waitlisted_people
FROM occurrence o WHERE o.start_utc >= ? AND o.start_utc < ? ORDER BY o.start_utc, o.id)sql";

constexpr const char* kItemSelect = R"sql(
SELECT o.id, o.activity_id, COALESCE(o.title_override, a.title), a.description,
       COALESCE(o.location_override, a.location), a.category, o.start_utc, o.end_utc, o.all_day,
       a.capacity, o.status = 'cancelled', o.registered_people, o.waitlisted_people
FROM occurrence o JOIN activity a ON a.id = o.activity_id
WHERE (a.deleted = 0 OR o.status = 'cancelled') AND )sql";

AgendaItem read_item(const Statement& st) {
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

// Brings the occurrence rows of one activity in line with its instances in [from, to).
// Each field of a date (its time, cancelled or not, its own title and room) follows the file only
// when the file's value differs from what the file said last time: what a volunteer set stays until
// the file itself changes that field. file_* keep what the file said.
// prune: rows in that range that the series no longer has are removed, or — when somebody is
// registered — kept and marked cancelled, so no registration is ever silently dropped.
void sync_occurrences(Database& db, ActivityId activity, const std::vector<Instance>& instances,
                      UtcSeconds from, UtcSeconds to, bool prune, ImportSummary& sum) {
  std::map<std::string, ExistingOccurrence> existing;
  {
    auto st = db.prepare(
        "SELECT recurrence_key, id, start_utc, end_utc, all_day, status, title_override, "
        "location_override, detached, file_start, file_end, file_status, file_title, file_location "
        "FROM occurrence WHERE activity_id = ? "
        "AND ((start_utc >= ? AND start_utc < ?) OR recurrence_key IN (SELECT value FROM json_each(?)))");
    std::string keys = "[";
    for (const auto& i : instances) keys += (keys.size() > 1 ? ",\"" : "\"") + i.key + "\"";
    keys += "]";
    st.bind(1, activity).bind(2, from).bind(3, to).bind(4, keys);
    while (st.step()) {
      ExistingOccurrence& e = existing[st.text(0)];
      e.id = st.int64(1);
      e.now = {st.int64(2), st.int64(3), st.text(5), st.opt_text(6), st.opt_text(7)};
      e.all_day = st.int64(4) != 0;
      e.detached = st.int64(8) != 0;
      if (!st.is_null(11))
        e.file = DateFields{st.int64(9), st.int64(10), st.text(11), st.opt_text(12), st.opt_text(13)};
    }
  }
  auto insert = db.prepare(
      "INSERT INTO occurrence(activity_id, recurrence_key, start_utc, end_utc, all_day, status, "
      "title_override, location_override, file_start, file_end, file_status, file_title, "
      "file_location) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  auto update = db.prepare(
      "UPDATE occurrence SET start_utc = ?, end_utc = ?, all_day = ?, status = ?, "
      "title_override = ?, location_override = ?, file_start = ?, file_end = ?, file_status = ?, "
      "file_title = ?, file_location = ? WHERE id = ?");
  std::set<std::string> keys;
  for (const Instance& i : instances) {
    keys.insert(i.key);
    const DateFields said{i.start, i.end, i.cancelled ? "cancelled" : "scheduled", i.title, i.location};
    auto it = existing.find(i.key);
    if (it == existing.end()) {
      insert.reset();
      insert.bind(1, activity).bind(2, i.key).bind(3, i.start).bind(4, i.end)
          .bind(5, i.all_day ? 1 : 0).bind(6, said.status).bind(7, i.title).bind(8, i.location)
          .bind(9, i.start).bind(10, i.end).bind(11, said.status).bind(12, i.title).bind(13, i.location);
      insert.run();
      ++sum.occurrences_added;
      continue;
    }
    const ExistingOccurrence& e = it->second;
    // A date changed by hand before the file's values were kept: as if the file had said this.
    const DateFields before = e.file ? *e.file : (e.detached ? said : e.now);
    DateFields next = e.now;
    bool all_day = e.all_day;
    if (said.start != before.start || said.end != before.end) {
      next.start = said.start;
      next.end = said.end;
      all_day = i.all_day;
    }
    if (said.status != before.status) next.status = said.status;
    if (said.title != before.title) next.title = said.title;
    if (said.location != before.location) next.location = said.location;
    if (next == e.now && all_day == e.all_day && e.file == said) continue;
    update.reset();
    update.bind(1, next.start).bind(2, next.end).bind(3, all_day ? 1 : 0).bind(4, next.status)
        .bind(5, next.title).bind(6, next.location).bind(7, said.start).bind(8, said.end)
        .bind(9, said.status).bind(10, said.title).bind(11, said.location).bind(12, e.id);
    update.run();
    if (!(next == e.now && all_day == e.all_day)) ++sum.occurrences_updated;
  }
  if (!prune) return;
  // A date the file no longer has: the file took it away, which wins over a volunteer's edit of it.
  for (const auto& [key, e] : existing) {
    if (keys.count(key) || e.now.start < from || e.now.start >= to) continue;
    auto reg = db.prepare("SELECT count(*) FROM registration WHERE occurrence_id = ?");
    reg.bind(1, e.id);
    reg.step();
    if (reg.int64(0) == 0) {
      db.prepare("DELETE FROM occurrence WHERE id = ?").bind(1, e.id).run();
      ++sum.occurrences_removed;
    } else if (e.now.status != "cancelled") {
      db.prepare("UPDATE occurrence SET status = 'cancelled' WHERE id = ?").bind(1, e.id).run();
      ++sum.occurrences_cancelled;
    }
  }
}

}  // namespace

AgendaService::AgendaService(Store& store, const TimeZone& zone, const Clock& clock, int horizon_days)
    : store_(store), db_(store.engine()), zone_(zone), clock_(clock), horizon_days_(horizon_days) {}

bool AgendaService::empty() { return db_.scalar_int("SELECT count(*) FROM activity") == 0; }

ImportSummary AgendaService::import_ics_file(const std::filesystem::path& file) {
  return import_ics_text(read_file(file), file.string());
}

ImportSummary AgendaService::import_ics_text(std::string_view text, const std::string& source_name,
                                             ImportOrigin origin) {
  IcsReadResult read = read_ics_with_warnings(text, source_name, zone_);
  ImportSummary sum = import_series(read.series, "ics", origin == ImportOrigin::Feed ? "feed" : "import", source_name);
  sum.warnings = read.warnings;
  sum.warning_lines = std::move(read.warning_lines);
  return sum;
}

ImportSummary AgendaService::import_csv_file(const std::filesystem::path& file) {
  return import_csv_text(read_file(file), file.string());
}

ImportSummary AgendaService::import_csv_text(std::string_view text, const std::string& source_name) {
  return import_series(read_csv(text, source_name, zone_), "csv", "import", source_name);
}

bool AgendaService::import_demo_if_empty(const std::filesystem::path& demo_ics) {
  if (!empty() || demo_ics.empty()) return false;
  const ImportSummary s = import_ics_file(demo_ics);
  log::info("agenda", "first start: demo agenda imported (" + std::to_string(s.activities_added) +
                          " activities, " + std::to_string(s.occurrences_added) + " dates)");
  return true;
}

std::pair<UtcSeconds, UtcSeconds> AgendaService::import_window() const {
  const LocalDate today = zone_.local_date(clock_.now());
  return {zone_.start_of_day(today), zone_.start_of_day(add_days(today, horizon_days_))};
}

ActivityId AgendaService::upsert_series(const SeriesDefinition& s, const std::string& source,
                                        const std::string& origin, ImportSummary& sum) {
  const UtcSeconds now = clock_.now();
  const bool from_file = origin != "local";
  auto find = db_.prepare(
      "SELECT id, title, description, location, category, capacity, all_day, series_ics, "
      "COALESCE(rrule,''), source, deleted, materialised_from, materialised_to, origin, "
      "file_title, file_description, file_location, file_category, file_capacity "
      "FROM activity WHERE uid = ?");
  find.bind(1, s.uid);
  ActivityId id = 0;
  std::optional<UtcSeconds> mat_from, mat_to;
  if (!find.step()) {
    db_.prepare(
           "INSERT INTO activity(uid, source, title, description, location, category, capacity, "
           "all_day, series_ics, rrule, created_utc, updated_utc, origin, file_title, "
           "file_description, file_location, file_category, file_capacity) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, s.uid).bind(2, source).bind(3, s.title).bind(4, s.description).bind(5, s.location)
        .bind(6, s.category).bind(7, s.capacity).bind(8, s.all_day ? 1 : 0).bind(9, s.series_ics)
        .bind(10, s.rrule.empty() ? std::optional<std::string>() : s.rrule).bind(11, now).bind(12, now)
        .bind(13, origin)
        .bind(14, from_file ? std::optional<std::string>(s.title) : std::nullopt)
        .bind(15, from_file ? std::optional<std::string>(s.description) : std::nullopt)
        .bind(16, from_file ? std::optional<std::string>(s.location) : std::nullopt)
        .bind(17, from_file ? std::optional<std::string>(s.category) : std::nullopt)
        .bind(18, from_file ? s.capacity : std::nullopt)
        .run();
    id = db_.last_insert_id();
    ++sum.activities_added;
  } else {
    id = find.int64(0);
    struct Fields {
      std::string title, description, location, category;
      std::optional<int> capacity;
      bool operator==(const Fields&) const = default;
    };
    Fields held{find.text(1), find.text(2), find.text(3), find.text(4), std::nullopt};
    if (!find.is_null(5)) held.capacity = find.integer(5);
    // What the file said last time; an activity no file has spoken for yet counts as unchanged.
    Fields said_before = held;
    if (!find.is_null(14)) {
      said_before = {find.text(14), find.text(15), find.text(16), find.text(17), std::nullopt};
      if (!find.is_null(18)) said_before.capacity = find.integer(18);
    }
    const Fields said{s.title, s.description, s.location, s.category, s.capacity};
    // Each field follows the file only when the file changed it; otherwise a local edit stays.
    Fields next = held;
    if (said.title != said_before.title) next.title = said.title;
    if (said.description != said_before.description) next.description = said.description;
    if (said.location != said_before.location) next.location = said.location;
    if (said.category != said_before.category) next.category = said.category;
    if (said.capacity != said_before.capacity) next.capacity = said.capacity;
    const bool file_same = said == said_before && !find.is_null(14) && (find.int64(6) != 0) == s.all_day &&
                           find.text(7) == s.series_ics && find.text(8) == s.rrule &&
                           find.text(9) == source && find.text(13) == origin;
    const bool deleted = find.int64(10) != 0;
    mat_from = find.opt_int64(11);
    mat_to = find.opt_int64(12);
    if (file_same && deleted) {
      // Deleted on the kiosk or with buurtkioskctl, and the file has not changed it since: it stays
      // deleted (its kept dates stay cancelled).
      ++sum.activities_unchanged;
      return id;
    }
    if (file_same && next == held) {
      ++sum.activities_unchanged;
    } else {
      db_.prepare(
             "UPDATE activity SET source = ?, title = ?, description = ?, location = ?, "
             "category = ?, capacity = ?, all_day = ?, series_ics = ?, rrule = ?, deleted = 0, "
             "updated_utc = ?, origin = ?, file_title = ?, file_description = ?, file_location = ?, "
             "file_category = ?, file_capacity = ? WHERE id = ?")
          .bind(1, source).bind(2, next.title).bind(3, next.description).bind(4, next.location)
          .bind(5, next.category).bind(6, next.capacity).bind(7, s.all_day ? 1 : 0).bind(8, s.series_ics)
          .bind(9, s.rrule.empty() ? std::optional<std::string>() : s.rrule).bind(10, now)
          .bind(11, origin).bind(12, s.title).bind(13, s.description).bind(14, s.location)
          .bind(15, s.category).bind(16, s.capacity).bind(17, id)
          .run();
      ++sum.activities_updated;
    }
  }
  // Recurring series: from today to the horizon (or as far as was made on demand before); history
  // before today stays as it was. Single dates: whenever they are.
  UtcSeconds from = -kAllTime, to = kAllTime;
  if (!s.rrule.empty()) {
    std::tie(from, to) = import_window();
    if (mat_to && *mat_to > to) to = *mat_to;
  }
  sync_occurrences(db_, id, expand_series(s.series_ics, zone_, from, to), from, to, true, sum);
  const UtcSeconds new_from = mat_from ? std::min(*mat_from, from) : from;
  const UtcSeconds new_to = mat_to ? std::max(*mat_to, to) : to;
  db_.prepare("UPDATE activity SET materialised_from = ?, materialised_to = ? WHERE id = ?")
      .bind(1, new_from).bind(2, new_to).bind(3, id).run();
  return id;
}

ImportSummary AgendaService::import_series(const std::vector<SeriesDefinition>& series,
                                           const std::string& source, const std::string& origin,
                                           const std::string& source_name) {
  ImportSummary sum;
  WriteTransaction tx(db_);
  for (const SeriesDefinition& s : series) upsert_series(s, source, origin, sum);
  write_audit(store_, clock_.now(), "cli", "agenda.import", std::filesystem::path(source_name).filename().string(),
              std::to_string(sum.activities_added) + " added, " +
                  std::to_string(sum.activities_updated) + " updated, " +
                  std::to_string(sum.occurrences_added) + " dates added");
  tx.commit();
  return sum;
}

void AgendaService::ensure_materialised(UtcSeconds from, UtcSeconds to) {
  struct Pending {
    ActivityId id;
    std::string ics;
    UtcSeconds mat_from, mat_to;
  };
  auto collect = [&] {
    std::vector<Pending> pending;
    auto st = db_.prepare(
        "SELECT id, series_ics, COALESCE(materialised_from, ?), COALESCE(materialised_to, ?) "
        "FROM activity WHERE deleted = 0 AND rrule IS NOT NULL AND "
        "(materialised_from IS NULL OR materialised_from > ? OR materialised_to < ?)");
    st.bind(1, from).bind(2, from).bind(3, from).bind(4, to);
    while (st.step()) pending.push_back({st.int64(0), st.text(1), st.int64(2), st.int64(3)});
    return pending;
  };
  // The usual case, answered from two index ends without reading any activity row: every series
  // already has its dates made for [from, to).
  {
    if (!made_stmt_)
      made_stmt_ = std::make_unique<Statement>(db_.prepare(
          "SELECT EXISTS (SELECT 1 FROM activity WHERE deleted = 0 AND rrule IS NOT NULL AND materialised_from IS NULL), "
          "(SELECT max(materialised_from) FROM activity WHERE deleted = 0 AND rrule IS NOT NULL), "
          "(SELECT min(materialised_to) FROM activity WHERE deleted = 0 AND rrule IS NOT NULL)"));
    Statement& st = *made_stmt_;
    st.reset();
    st.step();
    const bool unmade = st.int64(0) != 0;
    const bool before = !st.is_null(1) && st.int64(1) > from;
    const bool after = !st.is_null(2) && st.int64(2) < to;
    st.reset();
    if (!unmade && !before && !after) return;
  }
  if (collect().empty()) return;
  WriteTransaction tx(db_);
  ImportSummary ignored;
  for (const Pending& p : collect()) {  // again under the lock: another process may have done it
    if (from < p.mat_from)
      sync_occurrences(db_, p.id, expand_series(p.ics, zone_, from, p.mat_from), from, p.mat_from,
                       false, ignored);
    if (to > p.mat_to)
      sync_occurrences(db_, p.id, expand_series(p.ics, zone_, p.mat_to, to), p.mat_to, to, false,
                       ignored);
    db_.prepare("UPDATE activity SET materialised_from = ?, materialised_to = ? WHERE id = ?")
        .bind(1, std::min(from, p.mat_from)).bind(2, std::max(to, p.mat_to)).bind(3, p.id).run();
  }
  tx.commit();
}

std::vector<AgendaItem> AgendaService::between(LocalDate from, LocalDate to_exclusive) {
  return between_utc(zone_.start_of_day(from), zone_.start_of_day(to_exclusive));
}

void AgendaService::load_activities() {
  activities_.clear();
  auto st = db_.prepare("SELECT id, title, location, category, capacity, deleted FROM activity");
  while (st.step()) {
    ActivityListing& a = activities_[st.int64(0)];
    a.title = st.text(1);
    a.location = st.text(2);
    a.category = st.text(3);
    if (!st.is_null(4)) a.capacity = st.integer(4);
    a.deleted = st.int64(5) != 0;
  }
}

std::vector<AgendaItem> AgendaService::between_utc(UtcSeconds from, UtcSeconds to) {
  ensure_materialised(from, to);
  std::vector<AgendaItem> out;
  out.reserve(last_list_size_);
  {
    // One snapshot for the version, the activities and the dates (unless the caller holds one).
    std::optional<ReadTransaction> snapshot;
    if (sqlite3_get_autocommit(db_.handle())) snapshot.emplace(db_);
    if (!version_stmt_)
      version_stmt_ = std::make_unique<Statement>(db_.prepare("SELECT n FROM activity_listing_version"));
    version_stmt_->reset();
    version_stmt_->step();
    const std::int64_t version = version_stmt_->int64(0);
    version_stmt_->reset();
    if (version != activities_version_) {
      load_activities();
      activities_version_ = version;
    }
    if (!list_stmt_) list_stmt_ = std::make_unique<Statement>(db_.prepare(kListSelect));
    Statement& st = *list_stmt_;
    st.reset();
    st.bind(1, from).bind(2, to);
    while (st.step()) {
      const auto a = activities_.find(st.int64(1));
      if (a == activities_.end()) continue;  // cannot happen: the row's activity is in the same snapshot
      const bool cancelled = st.int64(7) != 0;
      if (a->second.deleted && !cancelled) continue;  // a deleted series shows only dates that were called off
      AgendaItem& i = out.emplace_back();
      i.occurrence_id = st.int64(0);
      i.activity_id = a->first;
      i.title = st.is_null(2) ? a->second.title : st.text(2);
      i.location = st.is_null(3) ? a->second.location : st.text(3);
      i.category = a->second.category;
      i.start = st.int64(4);
      i.end = st.int64(5);
      i.all_day = st.int64(6) != 0;
      i.capacity = a->second.capacity;
      i.status = cancelled ? OccurrenceStatus::Cancelled : OccurrenceStatus::Scheduled;
      i.registered = st.integer(8);
      i.waitlisted = st.integer(9);
    }
    st.reset();  // ends the read at once, so no snapshot is held between frames
  }
  last_list_size_ = out.size();
  return out;
}

std::optional<AgendaItem> AgendaService::item(OccurrenceId id) {
  auto st = db_.prepare(std::string(kItemSelect) + "o.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_item(st);
}

std::vector<ItemOrigin> AgendaService::origins(const std::vector<AgendaItem>& items) {
  auto st = db_.prepare(
      "SELECT a.origin, a.title IS NOT a.file_title, a.description IS NOT a.file_description, "
      "a.location IS NOT a.file_location, a.category IS NOT a.file_category, "
      "a.capacity IS NOT a.file_capacity, "
      "o.file_status IS NOT NULL AND (o.start_utc != o.file_start OR o.end_utc != o.file_end), "
      "o.status IS NOT o.file_status, o.title_override IS NOT o.file_title, "
      "o.location_override IS NOT o.file_location, o.file_status IS NULL AND o.detached "
      "FROM occurrence o JOIN activity a ON a.id = o.activity_id WHERE o.id = ?");
  static const char* const kFields[] = {"title", "description", "location", "category", "capacity",
                                        "date_time", "date_status", "date_title", "date_location", "date"};
  std::vector<ItemOrigin> out;
  out.reserve(items.size());
  for (const AgendaItem& i : items) {
    ItemOrigin& o = out.emplace_back();
    st.reset();
    st.bind(1, i.occurrence_id);
    if (!st.step()) continue;
    o.source = st.text(0);
    if (o.source == "local") continue;  // every field is local
    const bool legacy = st.int64(10) != 0;  // changed by hand before the file's values were kept
    for (int f = 0; f < 10; ++f) {
      if (f >= 6 && f <= 8 && legacy) continue;  // status/title/room unknown: "date" says it
      if (st.int64(1 + f) != 0) o.local_fields.emplace_back(kFields[f]);
    }
  }
  st.reset();
  return out;
}

namespace {

std::string checked(const std::string& value, const char* field, std::size_t max, bool allow_empty,
                    bool multiline = false) {
  const CheckedText c = check_text(value, max, allow_empty, multiline);
  if (!c.ok()) throw InputError(std::string(field) + " " + describe(c.problem, max));
  return c.value;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

ActivityId AgendaService::add_activity(const NewActivity& a, const std::string& role) {
  const std::string title = checked(a.title, "title", 200, false);
  const std::string description = checked(a.description, "description", 4000, true, true);
  const std::string location = checked(a.location, "location", 200, true);
  const std::string category = lower(checked(a.category, "category", 40, true));
  if (a.capacity && (*a.capacity < 0 || *a.capacity > 10000))
    throw InputError("capacity must be between 0 and 10000");
  if (a.end < a.start) throw InputError("the end lies before the start");
  if (a.weekly_until && *a.weekly_until < a.start.date)
    throw InputError("weekly-until lies before the first date");
  const std::string uid = "local-" + make_followup_token() + "@buurtkiosk";
  const SeriesDefinition s = make_local_series(uid, title, description, location, category,
                                               a.capacity, a.start, a.end, a.weekly_until, zone_);
  ImportSummary sum;
  WriteTransaction tx(db_);
  const ActivityId id = upsert_series(s, "local", "local", sum);
  write_audit(store_, clock_.now(), role, "activity.add", "activity " + std::to_string(id), title);
  tx.commit();
  return id;
}

bool AgendaService::edit_activity(ActivityId id, const ActivityEdit& e, const std::string& role) {
  WriteTransaction tx(db_);
  if (db_.scalar_int("SELECT count(*) FROM activity WHERE deleted = 0 AND id = " + std::to_string(id)) == 0)
    return false;
  std::string changed;
  auto set_text = [&](const char* column, const std::optional<std::string>& v, std::size_t max,
                      bool allow_empty, bool multiline) {
    if (!v) return;
    std::string value = checked(*v, column, max, allow_empty, multiline);
    if (std::string(column) == "category") value = lower(value);
    db_.prepare(std::string("UPDATE activity SET ") + column + " = ? WHERE id = ?")
        .bind(1, value).bind(2, id).run();
    changed += std::string(changed.empty() ? "" : ", ") + column;
  };
  set_text("title", e.title, 200, false, false);
  set_text("description", e.description, 4000, true, true);
  set_text("location", e.location, 200, true, false);
  set_text("category", e.category, 40, true, false);
  if (e.capacity) {
    if (*e.capacity && (**e.capacity < 0 || **e.capacity > 10000))
      throw InputError("capacity must be between 0 and 10000");
    if (*e.capacity) {
      // Lowering below what people already hold would drop them silently: refuse, naming the date.
      auto st = db_.prepare(
          "SELECT o.start_utc, SUM(r.people) AS n FROM occurrence o JOIN registration r ON r.occurrence_id = o.id "
          "WHERE o.activity_id = ? AND o.status = 'scheduled' AND o.start_utc > ? AND r.status = 'registered' "
          "GROUP BY o.id ORDER BY n DESC, o.start_utc LIMIT 1");
      st.bind(1, id).bind(2, clock_.now());
      if (st.step() && st.integer(1) > **e.capacity)
        throw InputError("capacity " + std::to_string(**e.capacity) + " is below the " + std::to_string(st.integer(1)) +
                         " people registered for " + format_datetime(zone_.to_local(st.int64(0))).substr(0, 16) +
                         "; cancel registrations first");
    }
    db_.prepare("UPDATE activity SET capacity = ? WHERE id = ?").bind(1, *e.capacity).bind(2, id).run();
    changed += std::string(changed.empty() ? "" : ", ") + "capacity";
    if (on_capacity_raised_) {
      auto st = db_.prepare("SELECT id FROM occurrence WHERE activity_id = ? AND start_utc > ?");
      st.bind(1, id).bind(2, clock_.now());
      std::vector<OccurrenceId> dates;
      while (st.step()) dates.push_back(st.int64(0));
      for (OccurrenceId o : dates) on_capacity_raised_(o);
    }
  }
  db_.prepare("UPDATE activity SET updated_utc = ? WHERE id = ?").bind(1, clock_.now()).bind(2, id).run();
  write_audit(store_, clock_.now(), role, "activity.edit", "activity " + std::to_string(id), changed);
  tx.commit();
  return true;
}

bool AgendaService::cancel_occurrence(OccurrenceId id, const std::string& role) {
  WriteTransaction tx(db_);
  // detached: the volunteer's decision stands, also when the feed is imported again.
  db_.prepare("UPDATE occurrence SET status = 'cancelled', detached = 1 WHERE id = ?").bind(1, id).run();
  if (db_.changes() == 0) return false;
  write_audit(store_, clock_.now(), role, "occurrence.cancel", "occurrence " + std::to_string(id));
  tx.commit();
  return true;
}

bool AgendaService::edit_occurrence(OccurrenceId id, const OccurrenceEdit& e, const std::string& role) {
  WriteTransaction tx(db_);
  auto cur = db_.prepare("SELECT start_utc, end_utc FROM occurrence WHERE id = ?");
  cur.bind(1, id);
  if (!cur.step()) return false;
  UtcSeconds start = cur.int64(0), end = cur.int64(1);
  std::string changed;
  if (e.start) {
    const UtcSeconds s = zone_.to_utc(*e.start);
    end += s - start;  // the same length, unless an end is given
    start = s;
    changed = "start";
  }
  if (e.end) {
    end = zone_.to_utc(*e.end);
    changed += std::string(changed.empty() ? "" : ", ") + "end";
  }
  if (end < start) throw InputError("the end lies before the start");
  db_.prepare("UPDATE occurrence SET start_utc = ?, end_utc = ?, detached = 1 WHERE id = ?")
      .bind(1, start).bind(2, end).bind(3, id).run();
  if (e.title) {
    db_.prepare("UPDATE occurrence SET title_override = ? WHERE id = ?")
        .bind(1, checked(*e.title, "title", 200, false)).bind(2, id).run();
    changed += std::string(changed.empty() ? "" : ", ") + "title";
  }
  if (e.location) {
    db_.prepare("UPDATE occurrence SET location_override = ? WHERE id = ?")
        .bind(1, checked(*e.location, "location", 200, true)).bind(2, id).run();
    changed += std::string(changed.empty() ? "" : ", ") + "location";
  }
  write_audit(store_, clock_.now(), role, "occurrence.edit", "occurrence " + std::to_string(id), changed);
  tx.commit();
  return true;
}

std::optional<SeriesDeletion> AgendaService::delete_activity(ActivityId id, const std::string& role) {
  WriteTransaction tx(db_);
  if (db_.scalar_int("SELECT count(*) FROM activity WHERE deleted = 0 AND id = " + std::to_string(id)) == 0)
    return std::nullopt;
  SeriesDeletion d;
  const std::string future = "activity_id = " + std::to_string(id) + " AND start_utc > " + std::to_string(clock_.now());
  const std::string has_people =
      "EXISTS (SELECT 1 FROM registration r WHERE r.occurrence_id = occurrence.id AND r.status != 'cancelled')";
  d.registrations_kept = static_cast<int>(db_.scalar_int(
      "SELECT count(*) FROM registration WHERE status != 'cancelled' AND occurrence_id IN "
      "(SELECT id FROM occurrence WHERE " + future + ")"));
  db_.exec("UPDATE occurrence SET status = 'cancelled', detached = 1 WHERE " + future + " AND " + has_people);
  d.dates_cancelled = db_.changes();
  // Rows with only cancelled registrations stay too (the registration rows point at them).
  db_.exec("DELETE FROM occurrence WHERE " + future +
           " AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.occurrence_id = occurrence.id)");
  d.dates_deleted = db_.changes();
  db_.exec("UPDATE occurrence SET status = 'cancelled', detached = 1 WHERE " + future);
  db_.prepare("UPDATE activity SET deleted = 1, updated_utc = ? WHERE id = ?").bind(1, clock_.now()).bind(2, id).run();
  write_audit(store_, clock_.now(), role, "activity.delete", "activity " + std::to_string(id),
              std::to_string(d.dates_deleted) + " dates deleted, " + std::to_string(d.dates_cancelled) +
                  " cancelled with " + std::to_string(d.registrations_kept) + " registrations kept");
  tx.commit();
  return d;
}

}  // namespace bk
