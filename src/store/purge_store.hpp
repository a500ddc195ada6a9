#pragma once
// Retention in the store: counting and clearing the personal data that is due (see
// services/retention.hpp for what is kept how long), and making sure cleared values do not stay
// readable in the engine's side files.
#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

struct PurgeCutoffs {
  UtcSeconds closed = 0;  // registrations (by the occurrence's end), closed help requests, audit names
  UtcSeconds stale = 0;   // open or claimed help requests made before this
};

struct PurgeRowCounts {
  int registrations = 0;
  int help_requests = 0;        // closed ones
  int help_requests_stale = 0;  // open/claimed ones: cancelled and cleared
  int audit_actors = 0;
  int total() const { return registrations + help_requests + help_requests_stale + audit_actors; }
};

// What clear_purge_due would clear now; changes nothing. The dry run and the purge share their
// conditions, so both always agree.
PurgeRowCounts count_purge_due(Store& store, const PurgeCutoffs& cut);
// Clears name, phone, descriptions, notes, volunteers' names and follow-up links of what is due
// and marks the rows purged at `now`; rows and counts stay. Call inside a WriteScope.
PurgeRowCounts clear_purge_due(Store& store, UtcSeconds now, const PurgeCutoffs& cut);

// Moves every committed change into the main database file and empties the engine's write log,
// so no cleared value is left readable beside it. Retried briefly while readers hold older
// state; false when it could not finish (try again on the next run).
bool compact(Store& store);
// Leaves the database a single file that stands alone (no write log beside it): for copies that
// are moved or kept aside. Call after compact().
void make_standalone(Store& store);

}  // namespace bk
