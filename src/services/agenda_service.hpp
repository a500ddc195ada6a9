#pragma once
// Use cases around the agenda: import, query, and volunteers' edits. Every face (kiosk, CLI, web)
// calls these, so they all behave the same.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/errors.hpp"
#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/activity_store.hpp"
#include "store/occurrence_store.hpp"
#include "store/store.hpp"

namespace bk {

struct ImportSummary {
  int activities_added = 0;
  int activities_updated = 0;
  int activities_unchanged = 0;
  int occurrences_added = 0;
  int occurrences_updated = 0;
  int occurrences_removed = 0;    // dates gone from the file with nobody registered
  int occurrences_cancelled = 0;  // dates gone from the file that have registrations: kept, cancelled
  int warnings = 0;                        // parts of the file ignored (empty values, unknown lines)
  std::vector<std::string> warning_lines;  // the first of them, "NAME:LINE: ignored …", no values
};

struct NewActivity {
  std::string title;
  std::string description;
  std::string location;
  std::string category;
  std::optional<int> capacity;  // nullopt: free entry
  LocalDateTime start;          // local, in the centre's zone
  LocalDateTime end;
  std::optional<LocalDate> weekly_until;  // repeat weekly up to and including this date
};

struct ActivityEdit {  // fields left empty are unchanged
  std::optional<std::string> title, description, location, category;
  std::optional<std::optional<int>> capacity;  // set to nullopt inside: free entry
};

struct OccurrenceEdit {  // one date; fields left empty are unchanged
  std::optional<LocalDateTime> start;  // the end moves along unless given too
  std::optional<LocalDateTime> end;
  std::optional<std::string> title, location;
};

// Where an imported activity came from; the file (or feed) owns the fields it says, see import.
enum class ImportOrigin { File, Feed };

// Who imports, for the audit row: buurtkioskctl ("cli"), or a back-office account (role
// "backoffice", actor its name).
struct ImportBy {
  std::string role = "cli";
  std::string actor;
};

// Where a date's activity comes from, and which of its fields were set on the kiosk or with
// buurtkioskctl rather than by the file: those stay until the file itself changes that field.
struct ItemOrigin {
  std::string source;                     // "local" | "import" | "feed"
  std::vector<std::string> local_fields;  // e.g. "capacity", "date_status"; empty for "local"
};

// An edit that would give a series fewer places than people already hold on one of its coming
// dates: refused (they would be dropped silently). The fields let a face say it in its own words.
class CapacityBelowRegistered : public InputError {
 public:
  CapacityBelowRegistered(const std::string& message, int capacity, int people, UtcSeconds date_start)
      : InputError(message), capacity(capacity), people(people), date_start(date_start) {}
  int capacity;
  int people;
  UtcSeconds date_start;
};

struct SeriesDeletion {
  int dates_deleted = 0;    // future dates nobody had registered for
  int dates_cancelled = 0;  // future dates with registrations: kept, cancelled
  int registrations_kept = 0;
};

class AgendaService {
 public:
  AgendaService(Store& store, const TimeZone& zone, const Clock& clock, int horizon_days);

  // All-or-nothing: a broken file throws InputError and leaves the database as it was.
  ImportSummary import_ics_file(const std::filesystem::path& file);
  // Fields are owned by whoever set them last: a re-import applies a field from the file only when
  // the file's value differs from what the file said the previous time, so local edits survive
  // re-importing an unchanged file (or an unchanged feed every hour).
  ImportSummary import_ics_text(std::string_view text, const std::string& source_name,
                                ImportOrigin origin = ImportOrigin::File, const ImportBy& by = {});
  ImportSummary import_csv_file(const std::filesystem::path& file);
  ImportSummary import_csv_text(std::string_view text, const std::string& source_name, const ImportBy& by = {});

  // Occurrences whose start lies in [from 00:00, to_exclusive 00:00) local time, ordered by start,
  // however far ahead: dates past the materialised horizon are made on demand.
  // Lists leave AgendaItem::description empty (no list shows it, and it is the bulk of a row);
  // item() fills it.
  std::vector<AgendaItem> between(LocalDate from, LocalDate to_exclusive);
  std::vector<AgendaItem> between_utc(UtcSeconds from, UtcSeconds to);
  std::optional<AgendaItem> item(OccurrenceId id);
  // For `agenda --json` and volunteer mode: one entry per item, in the same order.
  std::vector<ItemOrigin> origins(const std::vector<AgendaItem>& items);

  // Edits: `role` and `actor` go to the audit row (actor: the back-office account's name; empty
  // for the kiosk's PIN roles and the CLI).
  // Throws InputError for a bad value (its message names the field).
  ActivityId add_activity(const NewActivity& a, const std::string& role = "cli", const std::string& actor = {});
  // Returns false when there is no such activity.
  bool edit_activity(ActivityId id, const ActivityEdit& e, const std::string& role = "cli",
                     const std::string& actor = {});
  // Returns false when there is no such occurrence.
  bool cancel_occurrence(OccurrenceId id, const std::string& role = "cli", const std::string& actor = {});
  // One date only: it keeps its registrations (the same occurrence) and is detached, so the
  // series and later imports leave it as the volunteer set it. False when there is no such date.
  bool edit_occurrence(OccurrenceId id, const OccurrenceEdit& e, const std::string& role = "cli",
                       const std::string& actor = {});
  // Deletes a series. Registrations are never dropped: a future date with registrations stays,
  // cancelled, so a volunteer can call the people on its list and the resident's lookup says it
  // does not go ahead; dates nobody registered for go; past dates stay for the reports.
  std::optional<SeriesDeletion> delete_activity(ActivityId id, const std::string& role = "cli",
                                                const std::string& actor = {});

  bool empty();  // no activities at all (first start: import the demo agenda)
  // First start: imports the demo agenda into an empty database. True when it did.
  bool import_demo_if_empty(const std::filesystem::path& demo_ics);

  // Called inside the edit's transaction for each coming date of an activity whose capacity was
  // changed, so the registration service can move the waiting list up (set by struct Kiosk).
  void on_capacity_changed(std::function<void(OccurrenceId)> f) { on_capacity_raised_ = std::move(f); }

 private:
  // agenda_import.cpp: bringing the store in line with a file, and making dates on demand
  std::pair<UtcSeconds, UtcSeconds> import_window() const;
  ActivityId upsert_series(const SeriesDefinition& s, const std::string& source, ActivityOrigin origin,
                           ImportSummary& sum);
  ImportSummary import_series(const std::vector<SeriesDefinition>& series, const std::string& source,
                              ActivityOrigin origin, const std::string& source_name, const ImportBy& by = {});
  void sync_dates(ActivityId activity, const std::vector<Instance>& instances, UtcSeconds from,
                  UtcSeconds to, bool prune, ImportSummary& sum);
  void ensure_materialised(UtcSeconds from, UtcSeconds to);
  // agenda_service.cpp
  void refresh_listings();

  std::function<void(OccurrenceId)> on_capacity_raised_;
  Store& store_;
  ActivityStore activity_store_;
  OccurrenceStore occurrence_store_;
  std::vector<ListedDate> listed_;  // between_utc's rows, kept: the next list is likely as long
  // What the list shows of each activity, kept while ActivityStore::listing_version stays the same
  // (registrations, the frequent change, do not move it).
  std::unordered_map<ActivityId, ActivityListing> listings_;
  std::optional<std::int64_t> listings_version_;
  const TimeZone& zone_;
  const Clock& clock_;
  int horizon_days_;
};

}  // namespace bk
