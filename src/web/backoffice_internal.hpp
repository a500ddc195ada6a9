#pragma once
// Pieces of the back office that only its server and its own pages use (not the sections'
// interface, which is backoffice_layout.hpp): pages shown without a logged-in account and the
// one "not found" page every section answers with.
#include <string>
#include <string_view>

#include "web/backoffice.hpp"

namespace bk::web {

inline constexpr const char* kBackofficeCookie = "bk_backoffice";

// A whole document without navigation (login, refusals before a session exists). body is HTML.
std::string bo_plain_page(const std::string& centre_name, std::string_view title, const std::string& body_html);

// The login form. notice_html: a bo_notice or empty; next: a checked /beheer/ path or empty.
std::string bo_login_page(const std::string& centre_name, const std::string& notice_html,
                          const std::string& name, const std::string& next);

// "Niet gevonden": the same page for an unknown code and for one the account may not see.
void bo_not_found(Visit& v);

// Where login may send someone afterwards: a path under /beheer/ of plain characters only (no
// "//", no scheme, no query), else "".
std::string bo_safe_next(std::string_view path);

// Percent-encodes a query value we build ourselves (letters, digits, "-_.~/" stay as they are).
std::string bo_url_encode(std::string_view s);

}  // namespace bk::web
