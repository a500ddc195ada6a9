#pragma once
// The agenda's dates as the store keeps them: each occurrence with what the file said for it last
// (so a volunteer's change of one date survives re-imports), its people counts, and the agenda
// list read from them. Changes that belong together run inside the caller's WriteScope. Nothing
// here names the engine: another one implements the same class.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/activity_store.hpp"
#include "store/store.hpp"

namespace bk {

// What a date holds, or what the file said for it.
struct DateFields {
  UtcSeconds start = 0, end = 0;
  OccurrenceStatus status = OccurrenceStatus::Scheduled;
  std::optional<std::string> title, location;  // the date's own, when it differs from its series
  bool operator==(const DateFields&) const = default;
};

// A date as import compares it with a file.
struct StoredDate {
  OccurrenceId id = 0;
  std::string key;  // recurrence key
  bool all_day = false;
  DateFields now;
  std::optional<DateFields> file;  // nullopt: changed by hand before the file's values were kept
  bool detached = false;           // changed by hand: the series leaves it alone
};

// One line of the agenda list, without what it takes from its activity.
struct ListedDate {
  OccurrenceId id = 0;
  ActivityId activity_id = 0;
  std::optional<std::string> title, location;  // the date's own
  UtcSeconds start = 0, end = 0;
  bool all_day = false;
  OccurrenceStatus status = OccurrenceStatus::Scheduled;
  int registered = 0, waitlisted = 0;  // people
};

// Which fields of a date (and of its activity) were set here rather than by the file.
struct LocalFields {
  ActivityOrigin origin = ActivityOrigin::Local;
  bool title = false, description = false, location = false, category = false, capacity = false;
  bool date_time = false, date_status = false, date_title = false, date_location = false;
  bool date_changed_before_tracking = false;  // changed by hand before the file's values were kept
};

// The date of a series with the most people registered, and how many.
struct FullestDate {
  UtcSeconds start = 0;
  int people = 0;
};

// A coming date and the registrations that point at it.
struct DateRegistrations {
  OccurrenceId id = 0;
  int active = 0;        // registrations not cancelled
  bool any = false;      // cancelled ones included
};

class OccurrenceStore {
 public:
  explicit OccurrenceStore(Store& store);
  ~OccurrenceStore();
  OccurrenceStore(const OccurrenceStore&) = delete;
  OccurrenceStore& operator=(const OccurrenceStore&) = delete;

  // The activity's dates starting in [from, to), and those with one of `keys` wherever they lie.
  std::vector<StoredDate> of_activity(ActivityId activity, UtcSeconds from, UtcSeconds to,
                                      const std::vector<std::string>& keys);
  // A date from a file: what it holds is what the file said.
  void insert(ActivityId activity, const std::string& key, bool all_day, const DateFields& said);
  void update(OccurrenceId id, const DateFields& now, bool all_day, const DateFields& said);
  bool has_registrations(OccurrenceId id);  // cancelled ones too
  void remove(OccurrenceId id);
  void set_status(OccurrenceId id, OccurrenceStatus status);
  // A volunteer's decision for one date: the series and later imports leave it as set.
  // False when there is no such date.
  bool cancel_detached(OccurrenceId id);
  void move_detached(OccurrenceId id, UtcSeconds start, UtcSeconds end);
  void set_own_title(OccurrenceId id, const std::string& title);
  void set_own_location(OccurrenceId id, const std::string& location);
  std::optional<std::pair<UtcSeconds, UtcSeconds>> times(OccurrenceId id);

  // Dates starting in [from, to), ordered by start, into `out` (cleared first; its room is kept).
  // Reads no activity row: the caller adds what it keeps of the activities.
  void list(UtcSeconds from, UtcSeconds to, std::vector<ListedDate>& out);
  // One date with its activity's fields and description; nullopt when there is no such date or its
  // series was deleted (unless the date was kept, cancelled).
  std::optional<AgendaItem> item(OccurrenceId id);
  // One entry per id, in the same order; nullopt for an id that is not there.
  std::vector<std::optional<LocalFields>> local_fields(const std::vector<OccurrenceId>& ids);

  // Coming dates: after `after`, of one series.
  std::vector<OccurrenceId> coming(ActivityId activity, UtcSeconds after);
  std::vector<DateRegistrations> coming_registrations(ActivityId activity, UtcSeconds after);
  // The scheduled coming date with the most people registered (not waiting).
  std::optional<FullestDate> fullest_coming(ActivityId activity, UtcSeconds after);

 private:
  struct Prepared;  // statements prepared once: the kiosk lists on every data change
  Store& store_;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace bk
