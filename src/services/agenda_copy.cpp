#include "services/agenda_copy.hpp"

#include <algorithm>

#include "domain/log.hpp"

namespace bk {
namespace {

constexpr UtcSeconds kKeepBefore = 7 * 86400;

bool same(const AgendaItem& a, const AgendaItem& b) {
  return a.occurrence_id == b.occurrence_id && a.activity_id == b.activity_id && a.title == b.title &&
         a.location == b.location && a.category == b.category && a.start == b.start && a.end == b.end &&
         a.all_day == b.all_day && a.capacity == b.capacity && a.registered == b.registered &&
         a.waitlisted == b.waitlisted && a.status == b.status;
}

}  // namespace

AgendaCopy::AgendaCopy(AgendaService& agenda, ConnectionState& connection, const TimeZone& zone)
    : agenda_(agenda), connection_(connection), zone_(zone) {}

void AgendaCopy::keep_in(std::shared_ptr<LocalStore> local) {
  local_ = std::move(local);
  LocalStore::AgendaCopy c = local_->load_agenda();
  from_ = c.from;
  to_ = c.to;
  items_ = std::move(c.items);
}

std::vector<AgendaItem> AgendaCopy::from_copy(UtcSeconds from, UtcSeconds to) const {
  std::vector<AgendaItem> out;
  for (const AgendaItem& i : items_)
    if (i.start >= from && i.start < to) out.push_back(i);
  return out;
}

void AgendaCopy::remember(UtcSeconds from, UtcSeconds to, const std::vector<AgendaItem>& fresh) {
  std::vector<AgendaItem> next;
  const bool joins = from_ < to_ && from <= to_ && to >= from_;  // overlaps or touches: one span
  // A kiosk runs for months: of what lies before this answer, a week is kept, not every day seen.
  const UtcSeconds span_from = joins ? std::max(std::min(from, from_), from - kKeepBefore) : from;
  const UtcSeconds span_to = joins ? std::max(to, to_) : to;
  if (joins)
    for (const AgendaItem& i : items_)
      if ((i.start < from || i.start >= to) && i.start >= span_from) next.push_back(i);
  next.insert(next.end(), fresh.begin(), fresh.end());
  std::stable_sort(next.begin(), next.end(), [](const AgendaItem& a, const AgendaItem& b) { return a.start < b.start; });
  const bool changed = span_from != from_ || span_to != to_ || next.size() != items_.size() ||
                       !std::equal(next.begin(), next.end(), items_.begin(), same);
  from_ = span_from;
  to_ = span_to;
  items_ = std::move(next);
  if (!changed || !local_) return;
  try {
    local_->save_agenda(from_, to_, items_);
  } catch (const DbError& e) {
    log::warning("kiosk", std::string("cannot keep the agenda copy: ") + e.what());  // the screen goes on
  }
}

std::vector<AgendaItem> AgendaCopy::between(LocalDate from, LocalDate to_exclusive) {
  const UtcSeconds f = zone_.start_of_day(from), t = zone_.start_of_day(to_exclusive);
  if (!connection_.outage()) {
    std::vector<AgendaItem> fresh;
    if (unless_unavailable(connection_, [&] { fresh = agenda_.between_utc(f, t); })) {
      remember(f, t, fresh);
      return fresh;
    }
  }
  return from_copy(f, t);
}

std::optional<AgendaItem> AgendaCopy::item(OccurrenceId id) {
  if (!connection_.outage()) {
    std::optional<AgendaItem> fresh;
    if (unless_unavailable(connection_, [&] { fresh = agenda_.item(id); })) {
      if (fresh) last_item_ = fresh;
      return fresh;
    }
  }
  if (last_item_ && last_item_->occurrence_id == id) return last_item_;
  for (const AgendaItem& i : items_)
    if (i.occurrence_id == id) return i;
  return std::nullopt;
}

bool AgendaCopy::covers(LocalDate from, LocalDate to_exclusive) const {
  return from_ < to_ && zone_.start_of_day(from) >= from_ && zone_.start_of_day(to_exclusive) <= to_;
}

}  // namespace bk
