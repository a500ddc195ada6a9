#include "store/local_store.hpp"

#include "store/engine/sqlite_database.hpp"

namespace bk {
namespace {

// Version 1. The file is the kiosk's own and can be rebuilt; tables are created when missing.
const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS reserve (
  code          TEXT PRIMARY KEY,
  reserved_utc  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_help (
  code          TEXT PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  category      TEXT NOT NULL,
  timing        TEXT NOT NULL,
  description   TEXT,
  name          TEXT,
  phone         TEXT,
  comes_back    INTEGER NOT NULL,
  created_utc   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agenda_span (
  id INTEGER PRIMARY KEY CHECK (id = 1), from_utc INTEGER NOT NULL, to_utc INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agenda_item (
  occurrence_id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL, title TEXT NOT NULL,
  location TEXT NOT NULL, category TEXT NOT NULL, start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,
  all_day INTEGER NOT NULL, capacity INTEGER, registered INTEGER NOT NULL, waitlisted INTEGER NOT NULL,
  cancelled INTEGER NOT NULL
);
PRAGMA user_version = 1;
)sql";

bool code_used(Database& db, const std::string& code) {
  auto st = db.prepare("SELECT 1 FROM pending_help WHERE code = ?1 UNION ALL SELECT 1 FROM reserve WHERE code = ?1");
  st.bind(1, code);
  return st.step();
}

}  // namespace

LocalStore::LocalStore(const std::filesystem::path& file) : db_(std::make_unique<SqliteDatabase>(file)) {
  WriteTransaction tx(*db_);
  db_->exec(kSchema);
  tx.commit();
}

LocalStore::~LocalStore() = default;

std::vector<std::string> LocalStore::reserved_codes() {
  auto st = db_->prepare("SELECT code FROM reserve ORDER BY reserved_utc, rowid");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void LocalStore::add_reserved(const std::vector<std::string>& codes, UtcSeconds now) {
  WriteTransaction tx(*db_);
  auto st = db_->prepare("INSERT OR IGNORE INTO reserve(code, reserved_utc) VALUES (?, ?)");
  for (const auto& c : codes) {
    st.bind(1, c).bind(2, now).run();
    st.reset();
  }
  tx.commit();
}

LocalStore::Kept LocalStore::keep(const NewHelpRequest& r, const std::function<std::string()>& fresh_code) {
  WriteTransaction tx(*db_);
  Kept k;
  {
    auto st = db_->prepare("SELECT code FROM reserve ORDER BY reserved_utc, rowid LIMIT 1");
    if (st.step()) k = {st.text(0), true};
  }
  if (k.from_reserve) {
    db_->prepare("DELETE FROM reserve WHERE code = ?").bind(1, k.code).run();
  } else {
    do k.code = fresh_code();
    while (code_used(*db_, k.code));
  }
  db_->prepare("INSERT INTO pending_help(code, token_hash, category, timing, description, name, phone, "
               "comes_back, created_utc) VALUES (?,?,?,?,?,?,?,?,?)")
      .bind(1, k.code).bind(2, r.token_hash).bind(3, r.category).bind(4, r.timing).bind(5, r.description)
      .bind(6, r.name).bind(7, r.phone).bind(8, r.comes_back ? 1 : 0).bind(9, r.created)
      .run();
  tx.commit();  // on disk now: only after this does the resident see the code
  return k;
}

std::vector<NewHelpRequest> LocalStore::pending() {
  auto st = db_->prepare("SELECT code, token_hash, category, timing, description, name, phone, comes_back, "
                         "created_utc FROM pending_help ORDER BY created_utc, rowid");
  std::vector<NewHelpRequest> out;
  while (st.step()) {
    NewHelpRequest& r = out.emplace_back();
    r.code = st.text(0);
    r.token_hash = st.text(1);
    r.category = st.text(2);
    r.timing = st.text(3);
    r.description = st.opt_text(4);
    r.name = st.opt_text(5);
    r.phone = st.opt_text(6);
    r.comes_back = st.int64(7) != 0;
    r.created = st.int64(8);
  }
  return out;
}

void LocalStore::remove_pending(const std::string& code) {
  WriteTransaction tx(*db_);
  db_->prepare("DELETE FROM pending_help WHERE code = ?").bind(1, code).run();
  tx.commit();
}

bool LocalStore::is_pending(const std::string& code) {
  auto st = db_->prepare("SELECT 1 FROM pending_help WHERE code = ?");
  st.bind(1, code);
  return st.step();
}

void LocalStore::save_agenda(UtcSeconds from, UtcSeconds to, const std::vector<AgendaItem>& items) {
  WriteTransaction tx(*db_);
  db_->exec("DELETE FROM agenda_item");
  db_->prepare("INSERT OR REPLACE INTO agenda_span(id, from_utc, to_utc) VALUES (1, ?, ?)").bind(1, from).bind(2, to).run();
  auto st = db_->prepare(
      "INSERT OR REPLACE INTO agenda_item(occurrence_id, activity_id, title, location, category, start_utc, end_utc, "
      "all_day, capacity, registered, waitlisted, cancelled) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const AgendaItem& i : items) {
    st.bind(1, i.occurrence_id).bind(2, i.activity_id).bind(3, i.title).bind(4, i.location).bind(5, i.category)
        .bind(6, i.start).bind(7, i.end).bind(8, i.all_day ? 1 : 0).bind(9, i.capacity).bind(10, i.registered)
        .bind(11, i.waitlisted).bind(12, i.status == OccurrenceStatus::Cancelled ? 1 : 0)
        .run();
    st.reset();
  }
  tx.commit();
}

LocalStore::AgendaCopy LocalStore::load_agenda() {
  AgendaCopy c;
  ReadTransaction snapshot(*db_);
  {
    auto st = db_->prepare("SELECT from_utc, to_utc FROM agenda_span WHERE id = 1");
    if (!st.step()) return c;
    c.from = st.int64(0);
    c.to = st.int64(1);
  }
  auto st = db_->prepare(
      "SELECT occurrence_id, activity_id, title, location, category, start_utc, end_utc, all_day, capacity, "
      "registered, waitlisted, cancelled FROM agenda_item ORDER BY start_utc, occurrence_id");
  while (st.step()) {
    AgendaItem& i = c.items.emplace_back();
    i.occurrence_id = st.int64(0);
    i.activity_id = st.int64(1);
    i.title = st.text(2);
    i.location = st.text(3);
    i.category = st.text(4);
    i.start = st.int64(5);
    i.end = st.int64(6);
    i.all_day = st.int64(7) != 0;
    if (!st.is_null(8)) i.capacity = st.integer(8);
    i.registered = st.integer(9);
    i.waitlisted = st.integer(10);
    i.status = st.int64(11) ? OccurrenceStatus::Cancelled : OccurrenceStatus::Scheduled;
  }
  return c;
}

}  // namespace bk
