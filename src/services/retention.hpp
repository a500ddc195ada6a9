#pragma once
// Retention (AVG/GDPR): personal data is kept only as long as it serves the resident.
//
//   registration  name, phone             retention_days after the occurrence's end
//   help_request  name, phone, description, claimed_by (the volunteer), note
//                                          retention_days after it was closed (done or cancelled);
//                                          an open or claimed request nobody closed is cancelled
//                                          and cleared 2 × retention_days after it was made,
//                                          because without contact details nobody could act on it
//   audit         actor (a volunteer's name) retention_days after the change; role, action and
//                                          codes stay
//
// Rows stay (status, people, category, timestamps): the anonymous counts for reports do not change.
// Each cleared row gets purged_utc. After the purge the WAL is checkpointed and truncated, so with
// secure_delete (store/database.cpp) the cleared values are not readable from the database files.
// Old copies go too: backups and files kept aside by a restore that are older than retention_days.
#include <filesystem>
#include <string>

#include "domain/time.hpp"
#include "store/database.hpp"

namespace bk {

struct PurgeCounts {
  int registrations = 0;         // registrations whose name/phone were cleared
  int help_requests = 0;         // closed help requests cleared
  int help_requests_stale = 0;   // open/claimed ones past 2 × retention: cancelled and cleared
  int audit_actors = 0;          // audit rows whose volunteer name was cleared
  int old_files = 0;             // backups and set-aside database files past retention
  int total_rows() const { return registrations + help_requests + help_requests_stale + audit_actors; }
};

struct PurgeResult {
  PurgeCounts counts;
  bool wal_truncated = false;  // false when a reader kept the checkpoint from finishing
};

class RetentionService {
 public:
  // `backup_dir`: where backups are (Config::backup_path()); files there and next to the database
  // that are older than retention_days are removed as well.
  RetentionService(Database& db, const Clock& clock, int retention_days,
                   std::filesystem::path backup_dir);

  // What purge() would clear now; changes nothing.
  PurgeCounts due();
  // Clears what is due in one write transaction with one audit row (counts only), then
  // checkpoints and truncates the WAL and removes old copies.
  PurgeResult purge(const std::string& role = "system");

 private:
  UtcSeconds cutoff() const;
  int old_files(bool remove);

  Database& db_;
  const Clock& clock_;
  int retention_days_;
  std::filesystem::path backup_dir_;
};

// PRAGMA wal_checkpoint(TRUNCATE), retried briefly while readers hold old frames. True when the
// WAL was fully copied into the database and truncated to zero bytes.
bool checkpoint_truncate(Database& db);

}  // namespace bk
