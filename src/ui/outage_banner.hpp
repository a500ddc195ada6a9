#pragma once
// The database server is out of reach (#20, ConnectionState): one plain sentence in a coloured
// band, on the screens where it matters, instead of a form a resident would fill in for nothing.
#include <string>

#include "ui/ui.hpp"

namespace bk::ui {

bool in_outage(const UiContext& ui);
// The band with `text` (a catalog sentence), full width, wrapped.
void outage_banner(UiContext& ui, const std::string& text, float width = 0);  // 0: what is left
// The band with "Aanmelden lukt nu even niet — vraag het aan de balie." when in outage.
void registration_outage_banner(UiContext& ui, float width = 0);

}  // namespace bk::ui
