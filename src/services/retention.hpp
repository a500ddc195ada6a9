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
// The follow-up token hash goes too (the link then answers "niet gevonden").
// Rows stay (status, people, category, timestamps): the anonymous counts for reports do not change.
// Each cleared row gets purged_utc. After the purge the store is compacted (store/purge_store.hpp:
// its write log folded in and emptied), so the cleared values are not readable from the files.
//
// Every copy the program made goes the same way, so no copy keeps a name longer than the database:
// - backups in the backup folder, `backup DIR` copies (recorded in the setting `backup.copies`) and
//   files kept aside by a restore: older than retention_days they are deleted; newer ones get the
//   same clearing as the database (secure_delete, the WAL folded back in), keeping their age;
//   a backup or recorded copy that fails its integrity check cannot be cleared and is deleted
//   (it could not be restored from either); a damaged set-aside file is deleted by age only;
// - PNG files the `png` printer wrote (tickets, attendee lists), older than retention_days by the
//   time in their name, are deleted.
// A recorded copy that is not there (a USB stick someone took home) cannot be reached: it stays on
// the list and is counted, so staff are told.
#include <filesystem>
#include <string>
#include <vector>

#include "domain/roles.hpp"
#include "domain/time.hpp"
#include "store/purge_store.hpp"
#include "store/store.hpp"

namespace bk {

struct PurgeCounts {
  int registrations = 0;         // registrations whose name/phone were cleared
  int help_requests = 0;         // closed help requests cleared
  int help_requests_stale = 0;   // open/claimed ones past 2 × retention: cancelled and cleared
  int audit_actors = 0;          // audit rows whose volunteer name was cleared
  int old_files = 0;             // backups, recorded copies and set-aside files past retention: deleted
  int copies_cleared = 0;        // newer copies in which rows were cleared
  int copies_unreachable = 0;    // recorded `backup DIR` copies not found (or not readable)
  int printed_files = 0;         // PNG printer files past retention: deleted
  int total_rows() const { return registrations + help_requests + help_requests_stale + audit_actors; }
};

struct PurgeResult {
  PurgeCounts counts;
  bool wal_truncated = false;  // false when a reader kept compact() from finishing
};

class RetentionService {
 public:
  // `backup_dir`: where backups are (Config::backup_path()); files there and next to the database
  // that are older than retention_days are removed as well.
  RetentionService(Store& store, const Clock& clock, int retention_days,
                   std::filesystem::path backup_dir);
  // The folder of the `png` printer ([printer] kind = "png"), whose old files purge deletes.
  void also_printed_in(std::filesystem::path png_folder) { printed_folder_ = std::move(png_folder); }

  // What purge() would clear now; changes nothing.
  PurgeCounts due();
  // Clears what is due in one write transaction with one audit row (counts only), then
  // compacts the store (store/purge_store.hpp), removes old copies and clears the newer ones.
  PurgeResult purge(const std::string& role = to_string(AuditRole::System));

 private:
  UtcSeconds cutoff() const;
  PurgeCutoffs cutoffs(UtcSeconds now) const;  // closed: retention_days, stale: twice that
  int old_files(bool remove);
  // Backups, sound set-aside files and recorded copies not old enough to delete.
  void clear_copies(PurgeCounts& counts);
  int printed_files(bool remove);
  std::vector<std::filesystem::path> set_aside_files();

  Store& store_;
  const Clock& clock_;
  int retention_days_;
  std::filesystem::path backup_dir_;
  std::filesystem::path printed_folder_;
};

}  // namespace bk
