// TEMPORARY (branch bocore): the other sections are written on branch bopages; these empty
// definitions let the server link until that branch is merged, and go then.
#include "web/backoffice.hpp"

namespace bk::web {

void add_agenda_routes(BackofficeRoutes&) {}
void add_attendee_routes(BackofficeRoutes&) {}
void add_report_routes(BackofficeRoutes&) {}
void add_status_routes(BackofficeRoutes&) {}

}  // namespace bk::web
