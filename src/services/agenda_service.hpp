#pragma once
// Use cases around the agenda: import, query, and volunteers' edits. Every face (kiosk, CLI, web)
// calls these, so they all behave the same.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/database.hpp"

namespace bk {

// A refused input file or value: `what()` is one line naming file, line and problem.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImportSummary {
  int activities_added = 0;
  int activities_updated = 0;
  int activities_unchanged = 0;
  int occurrences_added = 0;
  int occurrences_updated = 0;
  int occurrences_removed = 0;    // dates gone from the file with nobody registered
  int occurrences_cancelled = 0;  // dates gone from the file that have registrations: kept, cancelled
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

class AgendaService {
 public:
  AgendaService(Database& db, const TimeZone& zone, const Clock& clock, int horizon_days);

  // All-or-nothing: a broken file throws InputError and leaves the database as it was.
  ImportSummary import_ics_file(const std::filesystem::path& file);
  ImportSummary import_ics_text(std::string_view text, const std::string& source_name);
  ImportSummary import_csv_file(const std::filesystem::path& file);
  ImportSummary import_csv_text(std::string_view text, const std::string& source_name);

  // Occurrences whose start lies in [from 00:00, to_exclusive 00:00) local time, ordered by start,
  // however far ahead: dates past the materialised horizon are made on demand.
  std::vector<AgendaItem> between(LocalDate from, LocalDate to_exclusive);
  std::vector<AgendaItem> between_utc(UtcSeconds from, UtcSeconds to);
  std::optional<AgendaItem> item(OccurrenceId id);

  ActivityId add_activity(const NewActivity& a, const std::string& role = "cli");
  void edit_activity(ActivityId id, const ActivityEdit& e, const std::string& role = "cli");
  // Returns false when there is no such occurrence.
  bool cancel_occurrence(OccurrenceId id, const std::string& role = "cli");

  bool empty();  // no activities at all (first start: import the demo agenda)

 private:
  Database& db_;
  const TimeZone& zone_;
  const Clock& clock_;
  int horizon_days_;
};

}  // namespace bk
