// The agenda's queries: the list of dates, one date, and who set which field. Import is in
// agenda_import.cpp, volunteers' edits in agenda_edit.cpp.
#include "services/agenda_service.hpp"

namespace bk {

AgendaService::AgendaService(Store& store, const TimeZone& zone, const Clock& clock, int horizon_days)
    : store_(store),
      activity_store_(store),
      occurrence_store_(store),
      zone_(zone),
      clock_(clock),
      horizon_days_(horizon_days) {}

bool AgendaService::empty() { return !activity_store_.any(); }

std::vector<AgendaItem> AgendaService::between(LocalDate from, LocalDate to_exclusive) {
  return between_utc(zone_.start_of_day(from), zone_.start_of_day(to_exclusive));
}

void AgendaService::refresh_listings() {
  const std::int64_t version = activity_store_.listing_version();
  if (version == listings_version_) return;
  std::vector<ActivityListing> all = activity_store_.listings();
  listings_.clear();
  listings_.reserve(all.size());
  for (ActivityListing& a : all) listings_.emplace(a.id, std::move(a));
  listings_version_ = version;
}

std::vector<AgendaItem> AgendaService::between_utc(UtcSeconds from, UtcSeconds to) {
  ensure_materialised(from, to);
  {
    // One snapshot for the version, the activities and the dates (unless the caller holds one).
    std::optional<ReadScope> snapshot;
    if (!store_.in_transaction()) snapshot.emplace(store_);
    refresh_listings();
    occurrence_store_.list(from, to, listed_);
  }
  std::vector<AgendaItem> out;
  out.reserve(listed_.size());
  for (ListedDate& d : listed_) {
    const auto a = listings_.find(d.activity_id);
    if (a == listings_.end()) continue;  // cannot happen: the row's activity is in the same snapshot
    const bool cancelled = d.status == OccurrenceStatus::Cancelled;
    if (a->second.deleted && !cancelled) continue;  // a deleted series shows only dates that were called off
    AgendaItem& i = out.emplace_back();
    i.occurrence_id = d.id;
    i.activity_id = d.activity_id;
    i.title = d.title ? std::move(*d.title) : a->second.title;
    i.location = d.location ? std::move(*d.location) : a->second.location;
    i.category = a->second.category;
    i.start = d.start;
    i.end = d.end;
    i.all_day = d.all_day;
    i.capacity = a->second.capacity;
    i.status = d.status;
    i.registered = d.registered;
    i.waitlisted = d.waitlisted;
  }
  return out;
}

std::optional<AgendaItem> AgendaService::item(OccurrenceId id) { return occurrence_store_.item(id); }

std::vector<ItemOrigin> AgendaService::origins(const std::vector<AgendaItem>& items) {
  std::vector<OccurrenceId> ids;
  ids.reserve(items.size());
  for (const AgendaItem& i : items) ids.push_back(i.occurrence_id);
  std::vector<ItemOrigin> out;
  out.reserve(items.size());
  for (const std::optional<LocalFields>& f : occurrence_store_.local_fields(ids)) {
    ItemOrigin& o = out.emplace_back();
    if (!f) continue;
    o.source = to_string(f->origin);
    if (f->origin == ActivityOrigin::Local) continue;  // every field is local
    // Changed by hand before the file's values were kept: the date's status, title and room are
    // unknown, "date" says it.
    const bool legacy = f->date_changed_before_tracking;
    const std::pair<bool, const char*> fields[] = {
        {f->title, "title"},           {f->description, "description"},
        {f->location, "location"},     {f->category, "category"},
        {f->capacity, "capacity"},     {f->date_time, "date_time"},
        {f->date_status && !legacy, "date_status"},
        {f->date_title && !legacy, "date_title"},
        {f->date_location && !legacy, "date_location"},
        {legacy, "date"}};
    for (const auto& [local, name] : fields)
      if (local) o.local_fields.emplace_back(name);
  }
  return out;
}

}  // namespace bk
