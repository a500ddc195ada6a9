#include "print/ticket_text.hpp"

namespace bk::print {

namespace {

std::string text(const Catalog& c, const std::string& key, const std::string& dutch,
                 std::initializer_list<std::pair<std::string_view, std::string>> args = {}) {
  if (c.has(c.language(), key) || c.has("nl", key)) return c.tr(key, args);
  std::string s = dutch;  // the catalog does not know the key yet
  for (const auto& [name, value] : args) {
    const std::string slot = "{" + std::string(name) + "}";
    for (auto p = s.find(slot); p != std::string::npos; p = s.find(slot, p + value.size()))
      s.replace(p, slot.size(), value);
  }
  return s;
}

std::string when(const Catalog& c, const TimeZone& zone, const AgendaItem& item) {
  const LocalDateTime start = zone.to_local(item.start);
  std::string s = c.long_date(start.date);
  if (!item.all_day) s += ", " + c.time_of_day(start);
  return s;
}

Ticket base(const Catalog& c, const Config& cfg) {
  Ticket t;
  t.centre = cfg.centre.name;
  t.code_label = text(c, "ticket.code", "Uw code");
  if (!cfg.centre.phone.empty())
    t.phone_line = text(c, "ticket.phone", "Vragen? Bel {phone}", {{"phone", cfg.centre.phone}});
  return t;
}

}  // namespace

Ticket registration_ticket(const Catalog& c, const Config& cfg, const TimeZone& zone,
                           const AgendaItem& item, const std::string& code,
                           const std::string& followup_url, bool waitlisted) {
  Ticket t = base(c, cfg);
  t.status = c.tr(waitlisted ? "confirm.waitlisted" : "confirm.registered");
  t.what = item.title;
  t.when = when(c, zone, item);
  t.code = code;
  t.followup_url = followup_url;
  t.followup_sentence =
      text(c, "ticket.followup", "Scan de QR-code om uw aanmelding te bekijken of af te melden.");
  return t;
}

Ticket help_ticket(const Catalog& c, const Config& cfg, const std::string& category,
                   const std::string& code, const std::string& followup_url) {
  Ticket t = base(c, cfg);
  t.status = text(c, "ticket.help", "Uw hulpvraag");
  t.what = c.tr("help.category." + category);
  t.code = code;
  t.followup_url = followup_url;
  t.followup_sentence =
      text(c, "ticket.followup_help", "Scan de QR-code om te zien hoe het met uw hulpvraag staat.");
  return t;
}

Ticket test_ticket(const Catalog& c, const Config& cfg, const TimeZone& zone, UtcSeconds now) {
  Ticket t = base(c, cfg);
  t.what = text(c, "ticket.test_title", "Proefbon");
  const LocalDateTime local = zone.to_local(now);
  t.when = c.long_date(local.date) + ", " + c.time_of_day(local);
  t.code = "TEST";
  t.followup_url = cfg.followup.base_url + "/r/printer-test";
  t.followup_sentence = text(c, "ticket.test_text",
                             "Kunt u dit lezen en werkt de QR-code? Dan is de printer goed ingesteld.");
  return t;
}

AttendeeList attendee_list(const Catalog& c, const Config& cfg, const TimeZone& zone,
                           const AgendaItem& item, const std::vector<RegistrationView>& rows) {
  AttendeeList l;
  l.centre = cfg.centre.name;
  l.title = item.title;
  l.when = when(c, zone, item);
  const std::string waiting = text(c, "list.waitlist_note", "wachtlijst");
  int people = 0, waiting_people = 0;
  for (const auto& r : rows) {
    if (r.status == RegistrationStatus::Cancelled) continue;
    const bool waits = r.status == RegistrationStatus::Waitlisted;
    (waits ? waiting_people : people) += r.people;
    l.lines.push_back(AttendeeLine{r.name.empty() ? r.code : r.name, r.people, r.phone,
                                   waits ? waiting : "", r.checked_in});
  }
  l.summary = text(c, "list.summary", "{n} aangemeld, {w} op de wachtlijst",
                   {{"n", std::to_string(people)}, {"w", std::to_string(waiting_people)}});
  return l;
}

}  // namespace bk::print
