#pragma once
// The agenda's series as the store keeps them: the activity rows, what the file said last for each
// field (so a volunteer's edit survives re-importing an unchanged file), where each came from, and
// for which range its dates have been made. Changes that belong together run inside the caller's
// WriteScope. Nothing here names the engine: another one implements the same class.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agenda/series.hpp"
#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/store.hpp"

namespace bk {

// Where an activity came from: made here (kiosk, buurtkioskctl), imported from a file, or the feed.
enum class ActivityOrigin { Local, Import, Feed };
const char* to_string(ActivityOrigin o);  // "local" | "import" | "feed"
std::optional<ActivityOrigin> parse_activity_origin(std::string_view s);

// The fields of an activity that a file or a volunteer sets.
struct ActivityFields {
  std::string title, description, location, category;
  std::optional<int> capacity;  // nullopt: free entry
  bool operator==(const ActivityFields&) const = default;
};

// An activity as import compares it with a file.
struct StoredActivity {
  ActivityId id = 0;
  ActivityFields shown;                // what the agenda shows now
  std::optional<ActivityFields> file;  // what the file said last; nullopt: no file has spoken yet
  bool all_day = false;
  std::string series_ics;
  std::string rrule;   // empty: a single date
  std::string source;  // local | ics | csv
  ActivityOrigin origin = ActivityOrigin::Local;
  bool deleted = false;
  std::optional<UtcSeconds> made_from, made_to;  // its dates exist for [from, to)
};

// A volunteer's change: fields left empty stay as they are.
struct ActivityChange {
  std::optional<std::string> title, description, location, category;
  std::optional<std::optional<int>> capacity;
};

// What the agenda list shows of an activity.
struct ActivityListing {
  ActivityId id = 0;
  std::string title, location, category;
  std::optional<int> capacity;
  bool deleted = false;
};

// A recurring series whose dates have not been made for all of a range yet.
struct SeriesToMake {
  ActivityId id = 0;
  std::string series_ics;
  UtcSeconds made_from = 0, made_to = 0;  // the range when none was made: the range asked for
};

class ActivityStore {
 public:
  explicit ActivityStore(Store& store);
  ~ActivityStore();
  ActivityStore(const ActivityStore&) = delete;
  ActivityStore& operator=(const ActivityStore&) = delete;

  bool any();                  // deleted ones count too
  bool live(ActivityId id);    // exists and is not deleted
  std::optional<StoredActivity> find_by_uid(const std::string& uid);
  // A new activity shown as `s` says; `file` is what a file said (nullopt: made here).
  ActivityId insert(const SeriesDefinition& s, const std::string& source, ActivityOrigin origin,
                    const std::optional<ActivityFields>& file, UtcSeconds now);
  // A re-import: shows `shown`, remembers `s`'s fields as the file's, and undeletes.
  void update_from_series(ActivityId id, const SeriesDefinition& s, const ActivityFields& shown,
                          const std::string& source, ActivityOrigin origin, UtcSeconds now);
  // A volunteer's edit; the file's fields stay, so the change shows as local.
  void edit(ActivityId id, const ActivityChange& change, UtcSeconds now);
  void mark_deleted(ActivityId id, UtcSeconds now);
  void set_made(ActivityId id, UtcSeconds from, UtcSeconds to);

  // Moves whenever what the agenda list shows of any activity changes (any process): a caller may
  // keep listings() while it stays the same.
  std::int64_t listing_version();
  std::vector<ActivityListing> listings();
  // The cheap check the kiosk makes before every list: every live recurring series has its dates
  // made for [from, to).
  bool all_made(UtcSeconds from, UtcSeconds to);
  std::vector<SeriesToMake> to_make(UtcSeconds from, UtcSeconds to);

 private:
  struct Prepared;  // statements prepared once: the kiosk asks on every data change
  Store& store_;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace bk
