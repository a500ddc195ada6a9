#pragma once
// The agenda as the kiosk's screens ask for it, with its last good copy (#20): while the database
// server answers, between() and item() are AgendaService's and each answer is kept; in an outage
// (ConnectionState) they come from that copy without asking the server, so the agenda stays
// browsable for every date already loaded. Dates never loaded are simply empty; the screens say
// why with the outage banner. The copy is also written to the kiosk's own file (LocalStore) when
// it changes, so a kiosk restarted during an outage still shows the coming days.
#include <memory>
#include <optional>
#include <vector>

#include "domain/time.hpp"
#include "domain/types.hpp"
#include "services/agenda_service.hpp"
#include "services/connection_state.hpp"
#include "store/local_store.hpp"

namespace bk {

class AgendaCopy {
 public:
  AgendaCopy(AgendaService& agenda, ConnectionState& connection, const TimeZone& zone);
  // Persist the copy there, and start from the copy found there (a restart during an outage).
  void keep_in(std::shared_ptr<LocalStore> local);

  std::vector<AgendaItem> between(LocalDate from, LocalDate to_exclusive);
  std::optional<AgendaItem> item(OccurrenceId id);
  // Whether the copy holds every date starting in [from, to): outside it an outage shows nothing.
  bool covers(LocalDate from, LocalDate to_exclusive) const;

 private:
  void remember(UtcSeconds from, UtcSeconds to, const std::vector<AgendaItem>& fresh);
  std::vector<AgendaItem> from_copy(UtcSeconds from, UtcSeconds to) const;

  AgendaService& agenda_;
  ConnectionState& connection_;
  const TimeZone& zone_;
  std::shared_ptr<LocalStore> local_;
  UtcSeconds from_ = 0, to_ = 0;      // the span the copy covers (from_ == to_: none)
  std::vector<AgendaItem> items_;     // ordered by start
  std::optional<AgendaItem> last_item_;  // the last item() answer, description and all
};

}  // namespace bk
