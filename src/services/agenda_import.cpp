// Import: bringing the agenda in line with a file (or feed), field by field, so that what a
// volunteer set stays until the file itself changes it; and making the dates of a series on demand.
#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "agenda/series.hpp"
#include "domain/log.hpp"
#include "services/agenda_service.hpp"
#include "store/audit.hpp"

namespace bk {
namespace {

// Single dates are materialised whatever their date; this stands for "everything".
constexpr UtcSeconds kAllTime = std::numeric_limits<std::int64_t>::max() / 4;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Each field follows the file only when the file's value differs from what it said last time.
ActivityFields follow_file(const ActivityFields& shown, const ActivityFields& said_before, const ActivityFields& said) {
  ActivityFields next = shown;
  if (said.title != said_before.title) next.title = said.title;
  if (said.description != said_before.description) next.description = said.description;
  if (said.location != said_before.location) next.location = said.location;
  if (said.category != said_before.category) next.category = said.category;
  if (said.capacity != said_before.capacity) next.capacity = said.capacity;
  return next;
}

// The same for one date; all_day moves along with the times.
struct DateNext {
  DateFields fields;
  bool all_day;
};
DateNext follow_file(const StoredDate& e, const DateFields& said, bool said_all_day) {
  // A date changed by hand before the file's values were kept: as if the file had said this.
  const DateFields before = e.file ? *e.file : (e.detached ? said : e.now);
  DateNext next{e.now, e.all_day};
  if (said.start != before.start || said.end != before.end) {
    next.fields.start = said.start;
    next.fields.end = said.end;
    next.all_day = said_all_day;
  }
  if (said.status != before.status) next.fields.status = said.status;
  if (said.title != before.title) next.fields.title = said.title;
  if (said.location != before.location) next.fields.location = said.location;
  return next;
}

}  // namespace

ImportSummary AgendaService::import_ics_file(const std::filesystem::path& file) {
  return import_ics_text(read_file(file), file.string());
}

ImportSummary AgendaService::import_ics_text(std::string_view text, const std::string& source_name,
                                             ImportOrigin origin, const ImportBy& by) {
  IcsReadResult read = read_ics_with_warnings(text, source_name, zone_);
  ImportSummary sum = import_series(read.series, "ics",
                                    origin == ImportOrigin::Feed ? ActivityOrigin::Feed : ActivityOrigin::Import,
                                    source_name, by);
  sum.warnings = read.warnings;
  sum.warning_lines = std::move(read.warning_lines);
  return sum;
}

ImportSummary AgendaService::import_csv_file(const std::filesystem::path& file) {
  return import_csv_text(read_file(file), file.string());
}

ImportSummary AgendaService::import_csv_text(std::string_view text, const std::string& source_name,
                                             const ImportBy& by) {
  return import_series(read_csv(text, source_name, zone_), "csv", ActivityOrigin::Import, source_name, by);
}

bool AgendaService::import_demo_if_empty(const std::filesystem::path& demo_ics) {
  if (!empty() || demo_ics.empty()) return false;
  const ImportSummary s = import_ics_file(demo_ics);
  log::info("agenda", "first start: demo agenda imported (" + std::to_string(s.activities_added) +
                          " activities, " + std::to_string(s.occurrences_added) + " dates)");
  return true;
}

std::pair<UtcSeconds, UtcSeconds> AgendaService::import_window() const {
  const LocalDate today = zone_.local_date(clock_.now());
  return {zone_.start_of_day(today), zone_.start_of_day(add_days(today, horizon_days_))};
}

// Brings the dates of one activity in line with its instances in [from, to). file_* keep what the
// file said. prune: dates in that range that the series no longer has are removed, or — when
// somebody is registered — kept and marked cancelled, so no registration is ever silently dropped.
void AgendaService::sync_dates(ActivityId activity, const std::vector<Instance>& instances, UtcSeconds from,
                               UtcSeconds to, bool prune, ImportSummary& sum) {
  std::vector<std::string> wanted;
  wanted.reserve(instances.size());
  for (const Instance& i : instances) wanted.push_back(i.key);
  std::map<std::string, StoredDate> existing;
  for (StoredDate& d : occurrence_store_.of_activity(activity, from, to, wanted)) existing[d.key] = std::move(d);
  for (const Instance& i : instances) {
    const DateFields said{i.start, i.end, i.cancelled ? OccurrenceStatus::Cancelled : OccurrenceStatus::Scheduled,
                          i.title, i.location};
    const auto it = existing.find(i.key);
    if (it == existing.end()) {
      occurrence_store_.insert(activity, i.key, i.all_day, said);
      ++sum.occurrences_added;
      continue;
    }
    const StoredDate& e = it->second;
    const DateNext next = follow_file(e, said, i.all_day);
    const bool same = next.fields == e.now && next.all_day == e.all_day;
    if (same && e.file == said) continue;
    occurrence_store_.update(e.id, next.fields, next.all_day, said);
    if (!same) ++sum.occurrences_updated;
  }
  if (!prune) return;
  // A date the file no longer has: the file took it away, which wins over a volunteer's edit of it.
  const std::set<std::string> keys(wanted.begin(), wanted.end());
  for (const auto& [key, e] : existing) {
    if (keys.count(key) || e.now.start < from || e.now.start >= to) continue;
    if (!occurrence_store_.has_registrations(e.id)) {
      occurrence_store_.remove(e.id);
      ++sum.occurrences_removed;
    } else if (e.now.status != OccurrenceStatus::Cancelled) {
      occurrence_store_.set_status(e.id, OccurrenceStatus::Cancelled);
      ++sum.occurrences_cancelled;
    }
  }
}

ActivityId AgendaService::upsert_series(const SeriesDefinition& s, const std::string& source,
                                        ActivityOrigin origin, ImportSummary& sum) {
  const UtcSeconds now = clock_.now();
  const ActivityFields said{s.title, s.description, s.location, s.category, s.capacity};
  const std::optional<StoredActivity> held = activity_store_.find_by_uid(s.uid);
  ActivityId id = 0;
  std::optional<UtcSeconds> made_from, made_to;
  if (!held) {
    id = activity_store_.insert(s, source, origin,
                                origin == ActivityOrigin::Local ? std::nullopt : std::optional(said), now);
    ++sum.activities_added;
  } else {
    id = held->id;
    made_from = held->made_from;
    made_to = held->made_to;
    // An activity no file has spoken for yet counts as unchanged.
    const ActivityFields& said_before = held->file ? *held->file : held->shown;
    const ActivityFields next = follow_file(held->shown, said_before, said);
    const bool file_same = said == said_before && held->file && held->all_day == s.all_day &&
                           held->series_ics == s.series_ics && held->rrule == s.rrule &&
                           held->source == source && held->origin == origin;
    if (file_same && held->deleted) {
      // Deleted on the kiosk or with buurtkioskctl, and the file has not changed it since: it stays
      // deleted (its kept dates stay cancelled).
      ++sum.activities_unchanged;
      return id;
    }
    if (file_same && next == held->shown) {
      ++sum.activities_unchanged;
    } else {
      activity_store_.update_from_series(id, s, next, source, origin, now);
      ++sum.activities_updated;
    }
  }
  // Recurring series: from today to the horizon (or as far as was made on demand before); history
  // before today stays as it was. Single dates: whenever they are.
  UtcSeconds from = -kAllTime, to = kAllTime;
  if (!s.rrule.empty()) {
    std::tie(from, to) = import_window();
    if (made_to && *made_to > to) to = *made_to;
  }
  sync_dates(id, expand_series(s.series_ics, zone_, from, to), from, to, true, sum);
  activity_store_.set_made(id, made_from ? std::min(*made_from, from) : from, made_to ? std::max(*made_to, to) : to);
  return id;
}

ImportSummary AgendaService::import_series(const std::vector<SeriesDefinition>& series, const std::string& source,
                                           ActivityOrigin origin, const std::string& source_name,
                                           const ImportBy& by) {
  ImportSummary sum;
  WriteScope tx(store_);
  for (const SeriesDefinition& s : series) upsert_series(s, source, origin, sum);
  write_audit(store_, clock_.now(), by.role, "agenda.import", std::filesystem::path(source_name).filename().string(),
              std::to_string(sum.activities_added) + " added, " +
                  std::to_string(sum.activities_updated) + " updated, " +
                  std::to_string(sum.occurrences_added) + " dates added",
              by.actor);
  tx.commit();
  return sum;
}

void AgendaService::ensure_materialised(UtcSeconds from, UtcSeconds to) {
  // The usual case: every series already has its dates made for [from, to).
  if (activity_store_.all_made(from, to)) return;
  if (activity_store_.to_make(from, to).empty()) return;
  WriteScope tx(store_);
  ImportSummary ignored;
  for (const SeriesToMake& p : activity_store_.to_make(from, to)) {  // again under the lock: another process may have done it
    if (from < p.made_from)
      sync_dates(p.id, expand_series(p.series_ics, zone_, from, p.made_from), from, p.made_from, false, ignored);
    if (to > p.made_to)
      sync_dates(p.id, expand_series(p.series_ics, zone_, p.made_to, to), p.made_to, to, false, ignored);
    activity_store_.set_made(p.id, std::min(from, p.made_from), std::max(to, p.made_to));
  }
  tx.commit();
}

}  // namespace bk
