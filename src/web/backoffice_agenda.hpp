#pragma once
// The agenda section's two files (backoffice_agenda.cpp: week, new, import;
// backoffice_agenda_date.cpp: one date and its series) and the form pieces they share.
#include <string>

#include "web/backoffice.hpp"

namespace bk::web {

// <p><label>…</label><input …></p>; label is text (escaped here), value escaped.
std::string bo_input(const std::string& label, const char* name, const char* type, const std::string& value,
                     const char* extra);
std::string bo_textarea(const std::string& label, const char* name, const std::string& value);
// The kiosk's categories (their catalog labels) and "none"; a category from a file stays choosable.
std::string bo_category_select(const Visit& v, const std::string& label, const std::string& chosen);

void add_agenda_date_routes(BackofficeRoutes& r);

}  // namespace bk::web
