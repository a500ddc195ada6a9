#pragma once
// Calendar files from `serve` (the pages are in pages.cpp, the routes in followup_server.cpp):
//   GET /r/<token>/agenda.ics  the registration's one date, for "Zet in mijn agenda"
//   GET /agenda.ics            the centre's public agenda for the coming weeks, to subscribe to
// Nothing personal in either: the date as the public agenda shows it.
#include <string>

#include "services/agenda_service.hpp"
#include "services/registration_service.hpp"
#include "web/followup_server.hpp"

namespace httplib {
struct Response;
}

namespace bk::web {

inline constexpr int kPublicAgendaWeeks = 8;

// Both fill `res` (status 200, text/calendar, Content-Disposition). registration_ics returns false
// when the token is unknown, and then leaves `res` alone (the caller gives the one 404 page).
bool registration_ics(const FollowupSettings& s, RegistrationService& registrations,
                      const std::string& token, httplib::Response& res);
void public_agenda_ics(const FollowupSettings& s, AgendaService& agenda, httplib::Response& res);

}  // namespace bk::web
