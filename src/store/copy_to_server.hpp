#pragma once
// `buurtkioskctl migrate-to-postgresql` (#20): one centre's SQLite database copied into the
// regional PostgreSQL server, in one write transaction on the server (all or nothing), with the
// rows counted on both sides before the commit.
//
// What goes over: the centre's own tables (activity, occurrence, registration, help_request,
// audit, setting — the server fills their `centre` from the connection), and of the regional
// tables the accounts (an account whose login name the server already has is kept as it is there,
// and a help request claimed by it points to the server's account), the mails not yet sent and the
// reserved codes. Not copied: sent mail, failed-login counters (login_failure), the listing counter.
// Ids are new on the server; foreign keys are mapped. The people counts of each date are made by
// the server's own triggers from the registrations copied, then compared with the source's.
//
// Idempotent: at the end the copy writes the setting `migrated.from` (this centre's) = a
// fingerprint of the source (its schema version, the row counts per table and a hash of every
// copied value). A second run finds it: the same fingerprint → AlreadyDone, nothing written; a
// different one (the kiosk went on writing to its file since) → SourceChanged, nothing written.
// A centre that already holds an agenda, help requests or settings on the server without that
// mark (a kiosk already runs on it) is not filled: CentreNotEmpty.
#include <cstdint>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace bk {

struct TableCopy {
  std::string table;
  std::int64_t source = 0;   // rows in the source that belong to the copy (outbox: not yet sent)
  std::int64_t copied = 0;   // rows written on the server
  std::int64_t skipped = 0;  // account: the name existed on the server already
  std::int64_t target = 0;   // rows of this centre on the server after the copy (regional: added)
};

struct CopyOutcome {
  enum class Status { Copied, AlreadyDone, SourceChanged, CentreNotEmpty, CountsDiffer };
  Status status = Status::Copied;
  std::string fingerprint;  // of the source as it is now
  std::string recorded;     // SourceChanged: what the server's mark says
  std::string problem;      // CountsDiffer / CentreNotEmpty: which table, no row content
  std::vector<TableCopy> tables;  // Copied and CountsDiffer: one line per table
};

inline constexpr const char* kMigratedFromKey = "migrated.from";

// `source`: a SQLite Store at the newest schema; `target`: a PostgreSQL Store of a real centre,
// migrated. Only Status::Copied has changed the server.
CopyOutcome copy_to_server(Store& source, Store& target);

}  // namespace bk
