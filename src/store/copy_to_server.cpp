#include "store/copy_to_server.hpp"

#include <cstdio>
#include <unordered_map>

#include "store/engine/database.hpp"
#include "store/settings.hpp"

namespace bk {
namespace {

using IdMap = std::unordered_map<std::int64_t, std::int64_t>;
enum class Map { None, Account, Activity, Occurrence };

// One table as both schemas have it. `columns` leaves out id and centre (the server numbers its
// own rows and fills centre from the connection); when a foreign key is mapped it comes first.
struct Table {
  const char* name;
  const char* key;        // the source's key: rows go over in its order
  const char* columns;
  const char* filter;     // which source rows go over ("" = all)
  Map self;               // its ids are remembered (old → new) for later tables; None: not needed
  Map fk;                 // column 1's ids are those of that table
  const char* existing;   // SQL on the server: the id of a row that makes this one superfluous
  const char* count_sql;  // this centre's rows on the server (RLS keeps other centres out)
};

constexpr Table kTables[] = {
    {"account", "id", "name, role, team, email, password_hash, disabled, created_utc, password_utc", "", Map::Account, Map::None,
     "SELECT id FROM account WHERE lower(name) = lower(?1)", "SELECT count(*) FROM account"},
    {"activity", "id",
     "uid, source, title, description, location, category, capacity, all_day, series_ics, rrule, "
     "materialised_from, materialised_to, deleted, created_utc, updated_utc, origin, file_title, "
     "file_description, file_location, file_category, file_capacity",
     "", Map::Activity, Map::None, nullptr, "SELECT count(*) FROM activity"},
    // registered_people/waitlisted_people are left to the server's triggers (checked afterwards).
    {"occurrence", "id",
     "activity_id, recurrence_key, start_utc, end_utc, all_day, status, title_override, location_override, "
     "detached, file_start, file_end, file_status, file_title, file_location",
     "", Map::Occurrence, Map::Activity, nullptr, "SELECT count(*) FROM occurrence"},
    {"registration", "id",
     "occurrence_id, code, token_hash, name, phone, people, status, channel, checked_in, created_utc, "
     "promoted_utc, cancelled_utc, purged_utc",
     "", Map::None, Map::Occurrence, nullptr,
     "SELECT count(*) FROM registration r JOIN occurrence o ON o.id = r.occurrence_id"},
    {"help_request", "id",
     "claimed_account, code, token_hash, category, timing, description, name, phone, comes_back, status, "
     "claimed_by, note, created_utc, claimed_utc, done_utc, cancelled_utc, purged_utc, team, escalated_utc",
     "", Map::None, Map::Account, nullptr, "SELECT count(*) FROM help_request"},
    {"audit", "id", "at_utc, role, actor, action, subject, detail", "", Map::None, Map::None, nullptr,
     "SELECT count(*) FROM audit"},
    {"setting", "key", "key, value", "", Map::None, Map::None, nullptr, "SELECT count(*) FROM setting"},
    {"outbox", "id",
     "kind, subject_code, recipients, subject, body, created_utc, attempts, next_utc, sent_utc, last_error",
     "sent_utc IS NULL", Map::None, Map::None, nullptr, "SELECT count(*) FROM outbox"},
    {"reserved_code", "code", "code, reserved_utc", "", Map::None, Map::None, nullptr, "SELECT count(*) FROM reserved_code"},
};

int column_count(const Table& t) {
  int n = 1;
  for (const char* c = t.columns; *c; ++c) n += *c == ',';
  return n;
}

std::string select_sql(const Table& t) {
  std::string sql = std::string("SELECT ") + t.key + ", " + t.columns + " FROM " + t.name;
  if (*t.filter) sql += std::string(" WHERE ") + t.filter;
  return sql + " ORDER BY 1";
}

std::string insert_sql(const Table& t) {
  std::string sql = std::string("INSERT INTO ") + t.name + " (" + t.columns + ") VALUES (";
  for (int i = 1; i <= column_count(t); ++i) sql += (i > 1 ? ", ?" : "?") + std::to_string(i);
  return sql + (t.self != Map::None ? ") RETURNING id" : ")");
}

// FNV-1a, 64 bits: enough to tell one state of a file from another, not a secret.
struct Hash {
  std::uint64_t h = 1469598103934665603ull;
  void add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xffu) * 1099511628211ull;  // a separator, so "ab","c" differs from "a","bc"
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

// The source's schema version, row counts and a hash of every value that would be copied.
std::string fingerprint(Database& src, std::vector<TableCopy>& tables) {
  Hash hash;
  std::string counts;
  for (const Table& t : kTables) {
    TableCopy tc{t.name};
    const int n = column_count(t);
    auto rows = src.prepare(select_sql(t));
    hash.add(t.name);
    while (rows.step()) {
      ++tc.source;
      for (int c = 0; c <= n; ++c) hash.add(rows.is_null(c) ? std::string_view("\x01null") : rows.text(c));
    }
    counts += std::string(counts.empty() ? "" : " ") + t.name + "=" + std::to_string(tc.source);
    tables.push_back(tc);
  }
  return "sqlite schema " + std::to_string(src.schema_version()) + "; " + counts + "; fnv " + hash.hex();
}

const IdMap* map_for(Map m, const IdMap ids[]) { return m == Map::None ? nullptr : &ids[static_cast<int>(m)]; }

std::int64_t mapped(const IdMap& map, std::int64_t old_id, const Table& t) {
  const auto it = map.find(old_id);
  if (it == map.end())
    throw DbError(std::string("the source's ") + t.name + " table refers to a row that is not there (id " +
                      std::to_string(old_id) + "); run `buurtkioskctl check` on it",
                  -1);
  return it->second;
}

// Copies one table's rows; fills `ids` (old → new) when the table has ids.
void copy_table(Database& src, Database& dst, const Table& t, IdMap ids[], TableCopy& tc) {
  const int n = column_count(t);
  const IdMap* fk = map_for(t.fk, ids);
  IdMap& own = ids[static_cast<int>(t.self)];
  auto rows = src.prepare(select_sql(t));
  auto insert = dst.prepare(insert_sql(t));
  while (rows.step()) {
    if (t.existing) {
      auto found = dst.prepare(t.existing);
      found.bind(1, rows.text(1));
      if (found.step()) {
        own[rows.int64(0)] = found.int64(0);
        ++tc.skipped;
        continue;
      }
    }
    insert.reset();
    for (int c = 1; c <= n; ++c) {
      if (rows.is_null(c))
        insert.bind_null(c);
      else if (c == 1 && fk)
        insert.bind(c, mapped(*fk, rows.int64(c), t));
      else
        insert.bind(c, rows.text(c));  // the server reads the text as the column's type
    }
    if (insert.step() && t.self != Map::None) own[rows.int64(0)] = insert.int64(0);
    ++tc.copied;
  }
}

std::int64_t people(Database& db, const char* column) {
  return db.scalar_int(std::string("SELECT COALESCE(sum(") + column + "), 0) FROM occurrence");
}

// Every table gained exactly what was copied, and each date counts the same people as before.
std::string check_counts(Database& src, Database& dst, std::vector<TableCopy>& tables,
                         const std::vector<std::int64_t>& before) {
  for (size_t i = 0; i < tables.size(); ++i) {
    TableCopy& tc = tables[i];
    tc.target = dst.scalar_int(kTables[i].count_sql) - before[i];
    if (tc.target != tc.copied || tc.copied + tc.skipped != tc.source)
      return tc.table + ": " + std::to_string(tc.source) + " in the source, " + std::to_string(tc.copied) +
             " copied, " + std::to_string(tc.skipped) + " kept, " + std::to_string(tc.target) + " counted on the server";
  }
  for (const char* column : {"registered_people", "waitlisted_people"}) {
    const std::int64_t a = people(src, column), b = people(dst, column);
    if (a != b)
      return std::string("occurrence.") + column + ": " + std::to_string(a) + " in the source, " + std::to_string(b) +
             " on the server";
  }
  return {};
}

// Settings, dates or help requests of this centre already on the server: a kiosk runs on it.
std::string centre_in_use(Database& dst) {
  for (const char* t : {"activity", "help_request", "setting"}) {
    const std::int64_t n = dst.scalar_int(std::string("SELECT count(*) FROM ") + t);
    if (n > 0) return std::string(t) + ": " + std::to_string(n) + " rows";
  }
  return {};
}

}  // namespace

CopyOutcome copy_to_server(Store& source, Store& target) {
  Database& src = source.engine();
  Database& dst = target.engine();
  CopyOutcome out;
  ReadScope snapshot(source);  // what is fingerprinted is what is copied
  out.fingerprint = fingerprint(src, out.tables);
  WriteScope write(target);
  if (auto mark = read_setting(target, kMigratedFromKey)) {
    out.status = *mark == out.fingerprint ? CopyOutcome::Status::AlreadyDone : CopyOutcome::Status::SourceChanged;
    out.recorded = *mark;
    return out;  // nothing written: the scope rolls back
  }
  if (out.problem = centre_in_use(dst); !out.problem.empty()) {
    out.status = CopyOutcome::Status::CentreNotEmpty;
    return out;
  }
  std::vector<std::int64_t> before;
  for (const Table& t : kTables) before.push_back(dst.scalar_int(t.count_sql));
  IdMap ids[4];
  for (size_t i = 0; i < out.tables.size(); ++i) copy_table(src, dst, kTables[i], ids, out.tables[i]);
  if (out.problem = check_counts(src, dst, out.tables, before); !out.problem.empty()) {
    out.status = CopyOutcome::Status::CountsDiffer;
    return out;  // rolled back
  }
  write_setting(target, kMigratedFromKey, out.fingerprint);
  write.commit();
  return out;
}

}  // namespace bk
