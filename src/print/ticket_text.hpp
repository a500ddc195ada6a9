#pragma once
// The words on a ticket, from the catalog in the kiosk's current language. Keys in [ticket] are
// used when the catalog has them; until then Dutch defaults below keep the ticket complete:
//   ticket.code       "Uw code"
//   ticket.followup   "Scan de QR-code om uw aanmelding te bekijken of af te melden."
//   ticket.followup_help "Scan de QR-code om te zien hoe het met uw hulpvraag staat."
//   ticket.phone      "Vragen? Bel {phone}"
//   ticket.help       "Uw hulpvraag"
//   ticket.test_title "Proefbon"
//   ticket.test_text  "Kunt u dit lezen en werkt de QR-code? Dan is de printer goed ingesteld."
//   list.people / list.waitlist: attendee-list summary
#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/registration.hpp"
#include "domain/time.hpp"
#include "domain/types.hpp"
#include "i18n/catalog.hpp"
#include "print/ticket.hpp"

namespace bk::print {

Ticket registration_ticket(const Catalog& c, const Config& cfg, const TimeZone& zone,
                           const AgendaItem& item, const std::string& code,
                           const std::string& followup_url, bool waitlisted);
// `category` is a help_categories() key (boodschappen, klusje, …).
Ticket help_ticket(const Catalog& c, const Config& cfg, const std::string& category,
                   const std::string& code, const std::string& followup_url);
Ticket test_ticket(const Catalog& c, const Config& cfg, const TimeZone& zone, UtcSeconds now);
// Registered and waiting parties (cancelled ones left out), in the service's order.
AttendeeList attendee_list(const Catalog& c, const Config& cfg, const TimeZone& zone,
                           const AgendaItem& item, const std::vector<RegistrationView>& rows);

}  // namespace bk::print
