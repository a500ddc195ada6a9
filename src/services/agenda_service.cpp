#include "services/agenda_service.hpp"

namespace bk {

AgendaService::AgendaService(Database& db, const TimeZone& zone, const Clock& clock, int horizon_days)
    : db_(db), zone_(zone), clock_(clock), horizon_days_(horizon_days) {}

bool AgendaService::empty() { return db_.scalar_int("SELECT count(*) FROM activity") == 0; }

}  // namespace bk
