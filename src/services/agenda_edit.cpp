// Volunteers' edits of the agenda (kiosk, buurtkioskctl, web): a new activity, a changed series,
// one date changed or called off, a series deleted. Each is one transaction with its audit row.
#include "agenda/series.hpp"
#include "domain/codes.hpp"
#include "domain/text.hpp"
#include "services/agenda_service.hpp"
#include "store/audit.hpp"

namespace bk {
namespace {

std::string checked(const std::string& value, const char* field, std::size_t max, bool allow_empty,
                    bool multiline = false) {
  const CheckedText c = check_text(value, max, allow_empty, multiline);
  if (!c.ok()) throw InputError(std::string(field) + " " + describe(c.problem, max));
  return c.value;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void add_to(std::string& list, const char* item) { list += std::string(list.empty() ? "" : ", ") + item; }

void check_capacity(const std::optional<int>& capacity) {
  if (capacity && (*capacity < 0 || *capacity > 10000)) throw InputError("capacity must be between 0 and 10000");
}

// The checked values of an edit, in the order the fields are named; `changed` lists them for the audit.
ActivityChange checked_change(const ActivityEdit& e, std::string& changed) {
  ActivityChange c;
  auto take = [&](std::optional<std::string>& to, const std::optional<std::string>& v, const char* field,
                  std::size_t max, bool allow_empty, bool multiline) {
    if (!v) return;
    to = checked(*v, field, max, allow_empty, multiline);
    add_to(changed, field);
  };
  take(c.title, e.title, "title", 200, false, false);
  take(c.description, e.description, "description", 4000, true, true);
  take(c.location, e.location, "location", 200, true, false);
  take(c.category, e.category, "category", 40, true, false);
  if (c.category) c.category = lower(*c.category);
  if (e.capacity) {
    check_capacity(*e.capacity);
    c.capacity = e.capacity;
    add_to(changed, "capacity");
  }
  return c;
}

}  // namespace

ActivityId AgendaService::add_activity(const NewActivity& a, const std::string& role, const std::string& actor) {
  const std::string title = checked(a.title, "title", 200, false);
  const std::string description = checked(a.description, "description", 4000, true, true);
  const std::string location = checked(a.location, "location", 200, true);
  const std::string category = lower(checked(a.category, "category", 40, true));
  check_capacity(a.capacity);
  if (a.end < a.start) throw InputError("the end lies before the start");
  if (a.weekly_until && *a.weekly_until < a.start.date)
    throw InputError("weekly-until lies before the first date");
  const std::string uid = "local-" + make_followup_token() + "@buurtkiosk";
  const SeriesDefinition s = make_local_series(uid, title, description, location, category,
                                               a.capacity, a.start, a.end, a.weekly_until, zone_);
  ImportSummary sum;
  WriteScope tx(store_);
  const ActivityId id = upsert_series(s, "local", ActivityOrigin::Local, sum);
  write_audit(store_, clock_.now(), role, "activity.add", "activity " + std::to_string(id), title, actor);
  tx.commit();
  return id;
}

bool AgendaService::edit_activity(ActivityId id, const ActivityEdit& e, const std::string& role,
                                  const std::string& actor) {
  WriteScope tx(store_);
  if (!activity_store_.live(id)) return false;
  std::string changed;
  const ActivityChange change = checked_change(e, changed);
  if (change.capacity && *change.capacity) {
    // Lowering below what people already hold would drop them silently: refuse, naming the date.
    const std::optional<FullestDate> fullest = occurrence_store_.fullest_coming(id, clock_.now());
    if (fullest && fullest->people > **change.capacity)
      throw CapacityBelowRegistered("capacity " + std::to_string(**change.capacity) + " is below the " +
                                        std::to_string(fullest->people) + " people registered for " +
                                        format_datetime(zone_.to_local(fullest->start)).substr(0, 16) +
                                        "; cancel registrations first",
                                    **change.capacity, fullest->people, fullest->start);
  }
  activity_store_.edit(id, change, clock_.now());
  if (change.capacity && on_capacity_raised_)
    for (OccurrenceId o : occurrence_store_.coming(id, clock_.now())) on_capacity_raised_(o);
  write_audit(store_, clock_.now(), role, "activity.edit", "activity " + std::to_string(id), changed, actor);
  tx.commit();
  return true;
}

bool AgendaService::cancel_occurrence(OccurrenceId id, const std::string& role, const std::string& actor) {
  WriteScope tx(store_);
  // detached: the volunteer's decision stands, also when the feed is imported again.
  if (!occurrence_store_.cancel_detached(id)) return false;
  write_audit(store_, clock_.now(), role, "occurrence.cancel", "occurrence " + std::to_string(id), {}, actor);
  tx.commit();
  return true;
}

bool AgendaService::edit_occurrence(OccurrenceId id, const OccurrenceEdit& e, const std::string& role,
                                    const std::string& actor) {
  WriteScope tx(store_);
  const auto times = occurrence_store_.times(id);
  if (!times) return false;
  auto [start, end] = *times;
  std::string changed;
  if (e.start) {
    const UtcSeconds s = zone_.to_utc(*e.start);
    end += s - start;  // the same length, unless an end is given
    start = s;
    add_to(changed, "start");
  }
  if (e.end) {
    end = zone_.to_utc(*e.end);
    add_to(changed, "end");
  }
  if (end < start) throw InputError("the end lies before the start");
  occurrence_store_.move_detached(id, start, end);
  if (e.title) {
    occurrence_store_.set_own_title(id, checked(*e.title, "title", 200, false));
    add_to(changed, "title");
  }
  if (e.location) {
    occurrence_store_.set_own_location(id, checked(*e.location, "location", 200, true));
    add_to(changed, "location");
  }
  write_audit(store_, clock_.now(), role, "occurrence.edit", "occurrence " + std::to_string(id), changed, actor);
  tx.commit();
  return true;
}

std::optional<SeriesDeletion> AgendaService::delete_activity(ActivityId id, const std::string& role,
                                                             const std::string& actor) {
  WriteScope tx(store_);
  if (!activity_store_.live(id)) return std::nullopt;
  const UtcSeconds now = clock_.now();
  SeriesDeletion d;
  for (const DateRegistrations& date : occurrence_store_.coming_registrations(id, now)) {
    d.registrations_kept += date.active;
    if (date.active > 0) {
      occurrence_store_.cancel_detached(date.id);
      ++d.dates_cancelled;
    } else if (!date.any) {
      occurrence_store_.remove(date.id);
      ++d.dates_deleted;
    } else {
      // Only cancelled registrations: the row stays (they point at it), called off.
      occurrence_store_.cancel_detached(date.id);
    }
  }
  activity_store_.mark_deleted(id, now);
  write_audit(store_, now, role, "activity.delete", "activity " + std::to_string(id),
              std::to_string(d.dates_deleted) + " dates deleted, " + std::to_string(d.dates_cancelled) +
                  " cancelled with " + std::to_string(d.registrations_kept) + " registrations kept",
              actor);
  tx.commit();
  return d;
}

}  // namespace bk
