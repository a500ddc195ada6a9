#include "store/migrations.hpp"

#include <array>
#include <string_view>

#include "store/migrations_pg.hpp"

namespace bk {
namespace {

// Append new migrations at the end; never edit one that has shipped.
constexpr std::array<std::string_view, 6> kMigrations = {
    // 1: the whole first schema. Instants are UTC seconds; local time is a display matter.
    R"sql(
CREATE TABLE activity (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,           -- iCalendar UID, or generated for local ones
  source        TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local','ics','csv')),
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  location      TEXT NOT NULL DEFAULT '',
  category      TEXT NOT NULL DEFAULT '',
  capacity      INTEGER CHECK (capacity IS NULL OR capacity >= 0),  -- NULL: free entry
  all_day       INTEGER NOT NULL DEFAULT 0,
  -- The series as a small self-contained iCalendar text (time zone, master event, overrides), so
  -- dates beyond the materialised horizon can be made on demand by the same expansion code.
  series_ics    TEXT NOT NULL,
  rrule         TEXT,                            -- NULL for a single date; shown to volunteers
  materialised_from INTEGER,                     -- UTC: occurrences exist for [from, to)
  materialised_to   INTEGER,
  deleted       INTEGER NOT NULL DEFAULT 0,      -- a deleted series keeps its history for reports
  created_utc   INTEGER NOT NULL,
  updated_utc   INTEGER NOT NULL
);

CREATE TABLE occurrence (
  id             INTEGER PRIMARY KEY,
  activity_id    INTEGER NOT NULL REFERENCES activity(id),
  recurrence_key TEXT NOT NULL,                  -- original start, e.g. 20270302T090000Z or 20270302
  start_utc      INTEGER NOT NULL,
  end_utc        INTEGER NOT NULL,
  all_day        INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
  title_override    TEXT,
  location_override TEXT,
  detached       INTEGER NOT NULL DEFAULT 0,     -- an override (RECURRENCE-ID or one-date edit)
  UNIQUE (activity_id, recurrence_key)
);
CREATE INDEX occurrence_by_start ON occurrence(start_utc);

CREATE TABLE registration (
  id            INTEGER PRIMARY KEY,
  occurrence_id INTEGER NOT NULL REFERENCES occurrence(id),
  code          TEXT NOT NULL UNIQUE,
  token_hash    TEXT NOT NULL UNIQUE,
  name          TEXT,                            -- personal: NULL after purge
  phone         TEXT,                            -- personal: NULL after purge
  people        INTEGER NOT NULL CHECK (people BETWEEN 1 AND 20),
  status        TEXT NOT NULL CHECK (status IN ('registered','waitlisted','cancelled')),
  channel       TEXT NOT NULL DEFAULT 'kiosk',   -- kiosk | desk | web
  checked_in    INTEGER NOT NULL DEFAULT 0,
  created_utc   INTEGER NOT NULL,
  promoted_utc  INTEGER,
  cancelled_utc INTEGER,
  purged_utc    INTEGER
);
CREATE INDEX registration_by_occurrence ON registration(occurrence_id, status, created_utc);

CREATE TABLE help_request (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  token_hash    TEXT NOT NULL UNIQUE,
  category      TEXT NOT NULL,
  timing        TEXT NOT NULL CHECK (timing IN ('today','this_week','any')),
  description   TEXT,                            -- personal: NULL after purge
  name          TEXT,                            -- personal: NULL after purge
  phone         TEXT,                            -- personal: NULL after purge
  comes_back    INTEGER NOT NULL DEFAULT 0,      -- "Ik kom zelf terug": no contact stored
  status        TEXT NOT NULL CHECK (status IN ('open','claimed','done','cancelled')),
  claimed_by    TEXT,                            -- volunteer's name; purged with the rest
  note          TEXT,
  created_utc   INTEGER NOT NULL,
  claimed_utc   INTEGER,
  done_utc      INTEGER,
  cancelled_utc INTEGER,
  purged_utc    INTEGER
);
CREATE INDEX help_request_by_status ON help_request(status, created_utc);

CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at_utc    INTEGER NOT NULL,
  role      TEXT NOT NULL,                       -- resident | volunteer | staff | system | cli
  actor     TEXT,                                -- a volunteer's name when given
  action    TEXT NOT NULL,                       -- e.g. activity.add, registration.cancel
  subject   TEXT NOT NULL DEFAULT '',            -- ids and codes, never names or phone numbers
  detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_time ON audit(at_utc);

-- Small settings that travel with backups: PIN hashes, lockout state, last import, alerts.
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
    // 2: speed of the agenda query (tests/bench: one week of 3,000 series in under 2 ms).
    // - Each date carries its people counts, kept by triggers in the same transaction as the
    //   registration change, so the week query needs no sub-query per date. (The capacity check
    //   still sums the registration rows itself.)
    // - A week's dates lie scattered over the occurrence table (rows go in series by series): the
    //   week query reads them from a covering index in start order instead.
    // - Which series still need dates made for a window is answered from an index, without reading
    //   every activity row past its series_ics text.
    R"sql(
ALTER TABLE occurrence ADD COLUMN registered_people INTEGER NOT NULL DEFAULT 0;
ALTER TABLE occurrence ADD COLUMN waitlisted_people INTEGER NOT NULL DEFAULT 0;
UPDATE occurrence SET
  registered_people = COALESCE((SELECT SUM(people) FROM registration r
                                WHERE r.occurrence_id = occurrence.id AND r.status = 'registered'), 0),
  waitlisted_people = COALESCE((SELECT SUM(people) FROM registration r
                                WHERE r.occurrence_id = occurrence.id AND r.status = 'waitlisted'), 0);
CREATE TRIGGER registration_counts_insert AFTER INSERT ON registration BEGIN
  UPDATE occurrence SET
    registered_people = registered_people + (CASE WHEN NEW.status = 'registered' THEN NEW.people ELSE 0 END),
    waitlisted_people = waitlisted_people + (CASE WHEN NEW.status = 'waitlisted' THEN NEW.people ELSE 0 END)
  WHERE id = NEW.occurrence_id;
END;
CREATE TRIGGER registration_counts_delete AFTER DELETE ON registration BEGIN
  UPDATE occurrence SET
    registered_people = registered_people - (CASE WHEN OLD.status = 'registered' THEN OLD.people ELSE 0 END),
    waitlisted_people = waitlisted_people - (CASE WHEN OLD.status = 'waitlisted' THEN OLD.people ELSE 0 END)
  WHERE id = OLD.occurrence_id;
END;
CREATE TRIGGER registration_counts_update AFTER UPDATE OF status, people, occurrence_id ON registration BEGIN
  UPDATE occurrence SET
    registered_people = registered_people - (CASE WHEN OLD.status = 'registered' THEN OLD.people ELSE 0 END),
    waitlisted_people = waitlisted_people - (CASE WHEN OLD.status = 'waitlisted' THEN OLD.people ELSE 0 END)
  WHERE id = OLD.occurrence_id;
  UPDATE occurrence SET
    registered_people = registered_people + (CASE WHEN NEW.status = 'registered' THEN NEW.people ELSE 0 END),
    waitlisted_people = waitlisted_people + (CASE WHEN NEW.status = 'waitlisted' THEN NEW.people ELSE 0 END)
  WHERE id = NEW.occurrence_id;
END;
CREATE INDEX occurrence_window ON occurrence(start_utc, id, activity_id, end_utc, all_day, status,
                                             registered_people, waitlisted_people,
                                             title_override, location_override);
DROP INDEX occurrence_by_start;
CREATE INDEX activity_materialised_from ON activity(materialised_from) WHERE deleted = 0 AND rrule IS NOT NULL;
CREATE INDEX activity_materialised_to ON activity(materialised_to) WHERE deleted = 0 AND rrule IS NOT NULL;
)sql",
    // 3: a counter that moves whenever what the agenda list shows of an activity changes, so a
    // process may keep the activities in memory and list dates from the occurrence index alone
    // (half the week query). It starts at a random value: a restored or different database never
    // looks like the one a process has cached.
    R"sql(
CREATE TABLE activity_listing_version (n INTEGER NOT NULL);
INSERT INTO activity_listing_version (n) VALUES (abs(random() / 4));
CREATE TRIGGER activity_listing_insert AFTER INSERT ON activity BEGIN
  UPDATE activity_listing_version SET n = n + 1;
END;
CREATE TRIGGER activity_listing_update AFTER UPDATE OF title, location, category, capacity, deleted ON activity BEGIN
  UPDATE activity_listing_version SET n = n + 1;
END;
CREATE TRIGGER activity_listing_delete AFTER DELETE ON activity BEGIN
  UPDATE activity_listing_version SET n = n + 1;
END;
)sql",
    // 4: who owns which field. An imported activity remembers what the file said last for each
    // field it can carry (file_*), and so does each date; a re-import applies a file's field only
    // when the file's value differs from what it said last time, so a volunteer's capacity, room,
    // cancelled or moved date stays until the file itself changes that field. A value that differs
    // from its file_* twin was set locally. origin says where an activity came from.
    // Existing rows: what they hold now is taken as what the file said, except dates a volunteer
    // changed (detached), whose file values are learnt at the next import.
    R"sql(
ALTER TABLE activity ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','import','feed'));
ALTER TABLE activity ADD COLUMN file_title TEXT;          -- NULL: no file has spoken (local)
ALTER TABLE activity ADD COLUMN file_description TEXT;
ALTER TABLE activity ADD COLUMN file_location TEXT;
ALTER TABLE activity ADD COLUMN file_category TEXT;
ALTER TABLE activity ADD COLUMN file_capacity INTEGER;
UPDATE activity SET origin = 'import', file_title = title, file_description = description,
  file_location = location, file_category = category, file_capacity = capacity
WHERE source != 'local';
ALTER TABLE occurrence ADD COLUMN file_start INTEGER;
ALTER TABLE occurrence ADD COLUMN file_end INTEGER;
ALTER TABLE occurrence ADD COLUMN file_status TEXT;       -- NULL: no file has spoken yet
ALTER TABLE occurrence ADD COLUMN file_title TEXT;
ALTER TABLE occurrence ADD COLUMN file_location TEXT;
UPDATE occurrence SET file_start = start_utc, file_end = end_utc, file_status = status,
  file_title = title_override, file_location = location_override
WHERE detached = 0;
)sql",
    // 5: the neighbourhood team (#19). People log in to the back office with their own account;
    // help requests are routed to a team; mails wait in an outbox written in the same transaction
    // as what they announce, so a mail server that is down loses nothing and nobody waits on it.
    R"sql(
CREATE TABLE account (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- the login name, also the audit actor
  role          TEXT NOT NULL CHECK (role IN ('volunteer','staff','partner')),
  team          TEXT,                                 -- a partner sees only this team's requests
  email         TEXT,                                 -- staff: escalations go here
  password_hash TEXT NOT NULL,                        -- argon2id (libsodium crypto_pwhash_str)
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_utc   INTEGER NOT NULL,
  password_utc  INTEGER NOT NULL                      -- when the password was last set
);

-- Failed logins, per account ('account:<id>') and per client address ('address:<ip or /64>'):
-- kept in the database so a restart does not lift a lock.
CREATE TABLE login_failure (
  scope         TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL DEFAULT 0,    -- since the last lock or success
  locks         INTEGER NOT NULL DEFAULT 0,    -- each lock lasts twice as long as the one before
  locked_until  INTEGER NOT NULL DEFAULT 0,    -- UTC seconds
  last_utc      INTEGER NOT NULL
);

ALTER TABLE help_request ADD COLUMN team TEXT;                 -- [[team]] name it was routed to
ALTER TABLE help_request ADD COLUMN claimed_account INTEGER REFERENCES account(id);
ALTER TABLE help_request ADD COLUMN escalated_utc INTEGER;     -- staff were told nobody claimed it

-- Mails to send. Never a name, phone or description: kind, timing, code and a link.
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,                 -- help.new | help.escalated | help.handover | summary
  subject_code  TEXT NOT NULL DEFAULT '',      -- the help request's code, when about one
  recipients    TEXT NOT NULL,                 -- addresses, one per line
  subject       TEXT NOT NULL,
  body          TEXT NOT NULL,
  created_utc   INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_utc      INTEGER NOT NULL,              -- not before this (backoff after a failure)
  sent_utc      INTEGER,
  last_error    TEXT                           -- the mail server's answer, never the mail
);
CREATE INDEX outbox_due ON outbox(sent_utc, next_utc);
)sql",
    // 6: reference codes set aside for a kiosk that may lose its database server (#20). A help
    // request typed during an outage takes one of the kiosk's reserved codes, so the code the
    // resident takes home is still unique when the request reaches the server later.
    R"sql(
CREATE TABLE reserved_code (
  code          TEXT PRIMARY KEY,
  reserved_utc  INTEGER NOT NULL
);
)sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

int migrate(Database& db) {
  for (;;) {
    WriteTransaction tx(db);  // one migrating process at a time, also on a shared server
    const int current = db.schema_version();
    if (current > latest_schema_version())
      throw DbError("database schema version " + std::to_string(current) +
                        " is newer than this program knows (" +
                        std::to_string(latest_schema_version()) + "); update Buurtkiosk",
                    -1);
    if (current == latest_schema_version()) {
      tx.commit();
      return current;
    }
    int next = current + 1;
    if (db.dialect() == Dialect::PostgreSQL) {
      db.exec(pg_migration_from(current, &next));
    } else {
      db.exec(kMigrations[static_cast<size_t>(current)]);
    }
    db.set_schema_version(next);
    tx.commit();
  }
}

}  // namespace bk
