#pragma once
// The follow-up pages a resident's phone opens from the QR code: whole HTML documents, rendered on
// the server from the catalogs (web.* keys), inline CSS only, no scripts, nothing fetched from
// elsewhere. Pure functions (no I/O), so they are easy to test and cannot leak a database handle.
//
// Every value that came from a person or the agenda goes through html_escape.
#include <string>
#include <string_view>
#include <vector>

#include "domain/text.hpp"
#include "domain/time.hpp"
#include "i18n/catalog.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"

namespace bk::web {

using bk::html_escape;  // domain/text.hpp

// "Anna de Vries" → "Anna": the page greets by first name only (the link may be seen by others).
std::string first_name(std::string_view full_name);

// The best language in an Accept-Language header among `supported` (RFC 9110 q-values, "en-GB"
// matches "en"); the first of `supported` (Dutch) when nothing matches.
std::string pick_language(std::string_view accept_language, const std::vector<std::string>& supported);

struct Centre {
  std::string name;
  std::string phone;  // empty: no "call us" line
};

struct RegistrationPage {
  const RegistrationView& view;
  std::string token;   // for the cancel link and form (already checked to be a token)
  bool can_cancel = false;  // not cancelled, the date is scheduled and has not started
};

// Catalog `c` must already be set to the page's language.
std::string registration_page(const Catalog& c, const TimeZone& zone, const Centre& centre,
                              const RegistrationPage& p);
// "Weet u het zeker?" with a POST button; GET never cancels.
std::string cancel_confirm_page(const Catalog& c, const TimeZone& zone, const Centre& centre,
                                const RegistrationPage& p);
// Category, timing, date asked and status in plain words: no name, phone or description.
std::string help_page(const Catalog& c, const TimeZone& zone, const Centre& centre,
                      const HelpPublicView& v);
// One page for every unknown, malformed, purged or mistyped link: identical bytes, so the answer
// says nothing about which tokens exist.
std::string not_found_page(const Catalog& c, const Centre& centre);
// A short page for the refusals (web.too_many, web.too_large …): title web.error_title.
std::string message_page(const Catalog& c, std::string_view message_key);

}  // namespace bk::web
