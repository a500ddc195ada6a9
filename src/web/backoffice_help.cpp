// /beheer/hulpvragen: the help queue of the back office (backoffice.hpp). A partner sees only the
// requests routed to its own team, and another team's request is "not found" exactly as an
// unknown code is. The requester's name, phone and description are shown only to the account that
// claimed the request and to staff, and every such view is an audit row with the account's name.
#include <httplib.h>

#include <algorithm>
#include <functional>
#include <optional>

#include "domain/text.hpp"
#include "services/help_service.hpp"
#include "store/audit.hpp"
#include "store/store.hpp"
#include "web/backoffice_internal.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {

namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kCodePattern = R"(/beheer/hulpvragen/([A-Za-z0-9-]{1,16}))";
constexpr std::size_t kDoneShown = 50;  // the newest; older ones are in the report

bool may_see(const Account& a, const HelpRequestView& r) {
  return a.role != AccountRole::Partner || (!a.team.empty() && r.team == a.team);
}

bool shows_personal(const Account& a, const HelpRequestView& r) {
  return !r.purged && (may(a.role, BackofficeRight::PersonalDataOfAll) || r.claimed_account == a.id);
}

// The request behind the path's code, when this account may see it.
std::optional<HelpRequestView> visible_request(Visit& v) {
  auto r = v.s.help.lookup_code(v.req.matches[1]);
  if (!r || r->status == HelpStatus::Cancelled || !may_see(v.account, *r)) return std::nullopt;
  return r;
}

std::string when_asked(const Visit& v, UtcSeconds t) {
  const LocalDateTime local = v.settings.zone.to_local(t);
  return v.settings.catalog.long_date(local.date) + ", " + v.settings.catalog.time_of_day(local);
}

std::string kind_of(const Visit& v, const HelpRequestView& r) {
  return v.settings.catalog.tr("help.category." + r.category);
}

std::string status_words(const HelpRequestView& r) {
  switch (r.status) {
    case HelpStatus::Open: return "Nieuw";
    case HelpStatus::Claimed: return "Opgepakt door " + r.claimed_by;
    case HelpStatus::Done: return "Afgerond";
    case HelpStatus::Cancelled: return "Geannuleerd";
  }
  return {};
}

std::string text_problem(std::string_view what, TextProblem p, std::size_t max) {
  const std::string w(what);
  switch (p) {
    case TextProblem::Empty: return w + " is leeg.";
    case TextProblem::TooLong: return w + " is langer dan " + std::to_string(max) + " tekens.";
    case TextProblem::InvalidUtf8: return w + " bevat tekens die niet kloppen. Typ de tekst opnieuw.";
    case TextProblem::UnsupportedCharacter:
      return w + " bevat tekens die niet kunnen worden bewaard (zoals emoji of stuurtekens).";
    case TextProblem::None: break;
  }
  return {};
}

std::string card(const Visit& v, const HelpRequestView& r) {
  std::string h = "<div class=\"card\"><a href=\"/beheer/hulpvragen/" + html_escape(r.code) + "\">" +
                  html_escape(r.code) + " · " + html_escape(kind_of(v, r)) + "</a><br>";
  h += html_escape(v.settings.catalog.tr("help.timing." + r.timing)) + " · gevraagd " +
       html_escape(when_asked(v, r.created));
  if (!r.team.empty()) h += "<br><span class=\"muted\">Team: " + html_escape(r.team) + "</span>";
  if (r.status == HelpStatus::Claimed)
    h += "<br><span class=\"muted\">" + html_escape(status_words(r)) + "</span>";
  return h + "</div>";
}

void list_page(Visit& v) {
  std::vector<HelpRequestView> groups[3];  // Nieuw, Opgepakt, Afgerond
  for (auto& r : v.s.help.list()) {
    if (!may_see(v.account, r)) continue;
    if (r.status == HelpStatus::Open) groups[0].push_back(std::move(r));
    else if (r.status == HelpStatus::Claimed) groups[1].push_back(std::move(r));
    else if (r.status == HelpStatus::Done) groups[2].push_back(std::move(r));
  }
  std::sort(groups[2].begin(), groups[2].end(), [](const auto& a, const auto& b) { return a.done > b.done; });
  if (groups[2].size() > kDoneShown) groups[2].resize(kDoneShown);
  static const char* titles[3] = {"Nieuw", "Opgepakt", "Afgerond"};
  static const char* empty[3] = {"Geen nieuwe hulpvragen.", "Niets opgepakt.", "Nog niets afgerond."};
  std::string body = bo_notice_from_query(v) + "<div class=\"cols three\">";
  for (int g = 0; g < 3; ++g) {
    body += "<section><h2>" + std::string(titles[g]) + " (" + std::to_string(groups[g].size()) + ")</h2>";
    if (groups[g].empty()) body += "<p class=\"muted\">" + std::string(empty[g]) + "</p>";
    for (const auto& r : groups[g]) body += card(v, r);
    body += "</section>";
  }
  body += "</div>";
  v.res.set_content(bo_page(v, "Hulpvragen", "hulpvragen", body), kHtml);
}

// Name, phone and description, for the claimer and staff; an audit row for each view.
std::string personal_block(Visit& v, const HelpRequestView& r) {
  if (!shows_personal(v.account, r)) {
    if (r.purged) return "<p class=\"muted\">De persoonlijke gegevens zijn na de bewaartermijn verwijderd.</p>";
    return "<p class=\"muted\">Naam en telefoonnummer ziet alleen wie deze hulpvraag heeft opgepakt.</p>";
  }
  {
    WriteScope tx(v.s.store);
    write_audit(v.s.store, v.settings.clock->now(), AuditRole::Backoffice, "help.view_personal", r.code, {},
                v.account.name);
    tx.commit();
  }
  std::string h = "<h2>Contact</h2><dl>";
  if (r.comes_back) h += "<dt>Naam</dt><dd>Komt zelf terug (geen gegevens gelaten)</dd>";
  else h += "<dt>Naam</dt><dd>" + html_escape(r.name) + "</dd>";
  if (!r.phone.empty())
    h += "<dt>Telefoon</dt><dd><a href=\"tel:" + html_escape(r.phone) + "\">" + html_escape(r.phone) + "</a></dd>";
  if (!r.description.empty()) h += "<dt>Omschrijving</dt><dd>" + html_escape(r.description) + "</dd>";
  return h + "</dl>";
}

std::string notes_html(const std::string& notes) {
  std::string h;
  std::size_t pos = 0;
  while (pos < notes.size()) {
    std::size_t end = notes.find('\n', pos);
    if (end == std::string::npos) end = notes.size();
    h += "<li>" + html_escape(std::string_view(notes).substr(pos, end - pos)) + "</li>";
    pos = end + 1;
  }
  return h.empty() ? "<p class=\"muted\">Nog geen notities.</p>" : "<ul>" + h + "</ul>";
}

std::string action_forms(const Visit& v, const HelpRequestView& r) {
  const std::string base = "/beheer/hulpvragen/" + r.code;
  const bool active = r.status == HelpStatus::Open || r.status == HelpStatus::Claimed;
  std::string h;
  if (r.status == HelpStatus::Open)
    h += "<h2>Oppakken</h2>" + bo_form_open(v, base + "/oppakken") +
         "<label for=\"claim-note\">Notitie (mag leeg)</label><textarea id=\"claim-note\" name=\"notitie\" "
         "maxlength=\"500\"></textarea><p><button type=\"submit\">Oppakken</button></p></form>";
  if (!r.purged)
    h += "<h2>Notitie</h2>" + bo_form_open(v, base + "/notitie") +
         "<label for=\"note\">Wat is er gebeurd?</label><textarea id=\"note\" name=\"notitie\" maxlength=\"500\" "
         "required></textarea><p><button type=\"submit\" class=\"quiet\">Notitie opslaan</button></p></form>";
  if (active)
    h += "<h2>Afgerond</h2>" + bo_form_open(v, base + "/afgerond") +
         "<p><button type=\"submit\">Afgerond</button></p></form>";
  std::string options;
  for (const auto& t : v.settings.config.teams)
    if (t.name != r.team) options += "<option>" + html_escape(t.name) + "</option>";
  if (active && !options.empty())
    h += "<h2>Overdragen</h2>" + bo_form_open(v, base + "/overdragen") +
         "<label for=\"team\">Aan team</label><select id=\"team\" name=\"team\">" + options +
         "</select><p><button type=\"submit\" class=\"quiet\">Overdragen</button></p></form>";
  return h;
}

void detail_page(Visit& v) {
  const auto r = visible_request(v);
  if (!r) return bo_not_found(v);
  std::string body = bo_notice_from_query(v) + "<p><a href=\"/beheer/hulpvragen\">← Alle hulpvragen</a></p>" +
                     "<div class=\"cols\"><section><dl>";
  body += "<dt>Soort</dt><dd>" + html_escape(kind_of(v, *r)) + "</dd>";
  body += "<dt>Wanneer</dt><dd>" + html_escape(v.settings.catalog.tr("help.timing." + r->timing)) + "</dd>";
  body += "<dt>Gevraagd</dt><dd>" + html_escape(when_asked(v, r->created)) + "</dd>";
  body += "<dt>Team</dt><dd>" + html_escape(r->team.empty() ? "—" : r->team) + "</dd>";
  body += "<dt>Status</dt><dd>" + html_escape(status_words(*r)) + "</dd></dl>";
  body += personal_block(v, *r);
  body += "<h2>Notities</h2>" + notes_html(r->note) + "</section><section>" + action_forms(v, *r) + "</section></div>";
  v.res.set_content(bo_page(v, "Hulpvraag " + r->code, "hulpvragen", body), kHtml);
}

// What a refused change means, in words for the team.
std::string refused_words(const HelpChangeResult& res) {
  if (res.problem.find("notes") != std::string::npos)
    return "Er staan al te veel notities bij deze hulpvraag (samen hoogstens " + std::to_string(kHelpNotesTotalMax) +
           " tekens).";
  if (res.problem.find("claimed") != std::string::npos) return "Iemand anders heeft deze hulpvraag al opgepakt.";
  if (res.problem.find("done") != std::string::npos) return "Deze hulpvraag is al afgerond.";
  return "Dat kan niet meer bij deze hulpvraag.";
}

// One POST action: the request must be visible, the input is checked before anything is written,
// and the service writes it all or nothing.
void act(Visit& v, const char* title, const std::function<HelpChangeResult(const HelpRequestView&)>& change,
         const char* done_words) {
  const auto r = visible_request(v);
  if (!r) return bo_not_found(v);
  const HelpChangeResult res = change(*r);
  const std::string page = "/beheer/hulpvragen/" + r->code;
  if (res.outcome == HelpChange::InvalidInput) return bo_bad_input(v, title, "Dit kan zo niet worden opgeslagen.");
  if (!res.ok()) return bo_redirect(v, page, {}, refused_words(res));
  bo_redirect(v, page, done_words);
}

// The note field of a form, checked as the service will; nullopt after a 400 page was sent.
std::optional<std::string> note_field(Visit& v, const char* title, bool allow_empty) {
  const CheckedText n = check_text(bo_field(v, "notitie"), kHelpNoteMax, allow_empty, true);
  if (n.ok()) return n.value;
  bo_bad_input(v, title, text_problem("De notitie", n.problem, kHelpNoteMax));
  return std::nullopt;
}

void hand_over(Visit& v) {
  const auto r = visible_request(v);
  if (!r) return bo_not_found(v);
  const std::string team = bo_field(v, "team");
  if (!v.settings.config.team_named(team) || team == r->team)
    return bo_bad_input(v, "Overdragen lukt niet", "Kies een ander team uit de lijst.");
  const HelpChangeResult res = v.s.help.hand_over(r->code, team, to_string(AuditRole::Backoffice), v.account.name);
  if (!res.ok()) return bo_redirect(v, "/beheer/hulpvragen/" + r->code, {}, refused_words(res));
  // A partner no longer sees a request handed to another team: back to the list.
  const bool still_visible = v.account.role != AccountRole::Partner;
  bo_redirect(v, still_visible ? "/beheer/hulpvragen/" + r->code : std::string("/beheer/hulpvragen"),
              "Overgedragen aan " + team + ".");
}

}  // namespace

void add_help_routes(BackofficeRoutes& routes) {
  const std::string code = kCodePattern;
  routes.get("/beheer/hulpvragen", BackofficeRight::HelpQueue, list_page);
  routes.get(code, BackofficeRight::HelpQueue, detail_page);
  routes.post(code + "/oppakken", BackofficeRight::HelpQueue, [](Visit& v) {
    const auto note = note_field(v, "Oppakken lukt niet", true);
    if (!note) return;
    act(v, "Oppakken lukt niet",
        [&](const HelpRequestView& r) {
      return v.s.help.claim(r.code, v.account.name, *note, to_string(AuditRole::Backoffice), v.account.id);
    }, "Opgepakt.");
  });
  routes.post(code + "/notitie", BackofficeRight::HelpQueue, [](Visit& v) {
    const auto note = note_field(v, "Notitie opslaan lukt niet", false);
    if (!note) return;
    act(v, "Notitie opslaan lukt niet", [&](const HelpRequestView& r) {
      return v.s.help.add_note(r.code, *note, to_string(AuditRole::Backoffice), v.account.name);
    }, "Notitie opgeslagen.");
  });
  routes.post(code + "/afgerond", BackofficeRight::HelpQueue, [](Visit& v) {
    act(v, "Afronden lukt niet", [&](const HelpRequestView& r) {
      return v.s.help.done(r.code, to_string(AuditRole::Backoffice), v.account.name);
    }, "Afgerond.");
  });
  routes.post(code + "/overdragen", BackofficeRight::HelpQueue, hand_over);
}

}  // namespace bk::web
