// /beheer/agenda/datum/ID: one date — change only this date, or the whole series; call this date
// off, or delete the series, each after a page that asks once more. The same AgendaService calls
// as volunteer mode's date editor (registrations stay with their date; the waiting list moves when
// places are added), audited as "backoffice" with the account's name.
#include <httplib.h>

#include <algorithm>

#include "domain/errors.hpp"
#include "services/agenda_service.hpp"
#include "services/report.hpp"
#include "web/backoffice_agenda.hpp"
#include "web/backoffice_forms.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {
namespace {

struct DateInView {
  AgendaItem item;
  ItemOrigin origin;
};

std::optional<DateInView> find_date(Visit& v) {
  const auto id = bo_id(v);
  const auto item = id ? v.s.agenda.item(*id) : std::nullopt;
  if (!item) {
    bo_not_found(v, "agenda", bo_tr(v, "bo.agenda.no_such_date"));
    return std::nullopt;
  }
  return DateInView{*item, v.s.agenda.origins({*item})[0]};
}

// A field the file or feed still owns says so after its label: a change made here stays until the
// file itself changes that field (the same rule, and words, as the kiosk's editor).
std::string label(const Visit& v, const DateInView& d, const char* key, const char* field) {
  std::string l = bo_tr(v, key);
  const bool imported = d.origin.source == "feed" || d.origin.source == "import";
  const auto& local = d.origin.local_fields;
  if (imported && std::find(local.begin(), local.end(), field) == local.end())
    l += " (" + bo_tr(v, d.origin.source == "feed" ? "volunteer.from_feed" : "volunteer.from_file") + ")";
  return l;
}

std::string summary(const Visit& v, const DateInView& d) {
  const AgendaItem& i = d.item;
  std::string o = "<p><strong>" + html_escape(bo_when(v, i)) + "</strong>";
  if (!i.location.empty()) o += " · " + html_escape(i.location);
  o += "</p><p>" +
       html_escape(i.capacity ? bo_tr(v, "bo.agenda.places", {{"taken", std::to_string(i.registered)},
                                                               {"capacity", std::to_string(*i.capacity)},
                                                               {"free", std::to_string(*i.places_left())}})
                              : bo_tr(v, "bo.agenda.free_entry", {{"taken", std::to_string(i.registered)}}));
  if (i.waitlisted) o += " · " + html_escape(bo_tr(v, "bo.agenda.waiting", {{"n", std::to_string(i.waitlisted)}}));
  o += "</p>";
  if (i.status == OccurrenceStatus::Cancelled) o += bo_notice("error", bo_tr(v, "volunteer.cancelled_call"));
  if (d.origin.source == "feed" || d.origin.source == "import")
    o += "<p>" + html_escape(bo_tr(v, d.origin.source == "feed" ? "bo.agenda.owned_feed" : "bo.agenda.owned_file")) +
         "</p>";
  return o;
}

std::string date_form(const Visit& v, const DateInView& d) {
  const AgendaItem& i = d.item;
  const LocalDateTime s = v.settings.zone.to_local(i.start), e = v.settings.zone.to_local(i.end);
  const std::string action = "/beheer/agenda/datum/" + std::to_string(i.occurrence_id);
  return "<section><h2>" + html_escape(bo_tr(v, "bo.agenda.this_date")) + "</h2>" + bo_form_open(v, action) +
         bo_input(label(v, d, "bo.agenda.f_date", "date_time"), "datum", "date", format_date(s.date), "required") +
         bo_input(label(v, d, "bo.agenda.f_start", "date_time"), "begin", "time", format_hhmm(s), "required") +
         bo_input(label(v, d, "bo.agenda.f_end", "date_time"), "einde", "time", format_hhmm(e), "required") +
         bo_input(label(v, d, "bo.agenda.f_title", "date_title"), "titel", "text", i.title, "required maxlength=200") +
         bo_input(label(v, d, "bo.agenda.f_room", "date_location"), "zaal", "text", i.location, "maxlength=200") +
         "<p><button>" + html_escape(bo_tr(v, "volunteer.save_date")) + "</button></p></form></section>";
}

std::string series_form(const Visit& v, const DateInView& d) {
  const AgendaItem& i = d.item;
  const std::string action = "/beheer/agenda/datum/" + std::to_string(i.occurrence_id) + "/reeks";
  return "<section><h2>" + html_escape(bo_tr(v, "bo.agenda.whole_series")) + "</h2>" + bo_form_open(v, action) +
         bo_input(label(v, d, "bo.agenda.f_title", "title"), "titel", "text", i.title, "required maxlength=200") +
         bo_input(label(v, d, "bo.agenda.f_room", "location"), "zaal", "text", i.location, "maxlength=200") +
         bo_category_select(v, label(v, d, "bo.agenda.f_category", "category"), i.category) +
         bo_input(label(v, d, "bo.agenda.f_places", "capacity"), "plaatsen", "number",
                  i.capacity ? std::to_string(*i.capacity) : "", "min=0 max=10000") +
         bo_textarea(label(v, d, "bo.agenda.f_description", "description"), "omschrijving", i.description) +
         "<p><button>" + html_escape(bo_tr(v, "volunteer.save_series")) + "</button></p></form></section>";
}

void date_page(Visit& v, const DateInView& d, const std::string& problem) {
  const std::string id = std::to_string(d.item.occurrence_id);
  std::string body = problem.empty() ? bo_notice_from_query(v) : bo_notice("error", problem);
  body += summary(v, d);
  body += "<p><a href=\"/beheer/deelnemers/" + id + "\">" + html_escape(bo_tr(v, "bo.agenda.attendees")) +
          "</a> · <a href=\"/beheer/agenda?van=" + format_date(v.settings.zone.local_date(d.item.start)) + "\">" +
          html_escape(bo_tr(v, "bo.agenda.back")) + "</a></p>";
  body += date_form(v, d) + series_form(v, d);
  body += "<p>";
  if (d.item.status == OccurrenceStatus::Scheduled)
    body += "<a class=danger href=\"/beheer/agenda/datum/" + id + "/afzeggen\">" +
            html_escape(bo_tr(v, "volunteer.cancel_date")) + "</a> · ";
  body += "<a class=danger href=\"/beheer/agenda/datum/" + id + "/verwijderen\">" +
          html_escape(bo_tr(v, "volunteer.delete_series")) + "</a></p>";
  if (!problem.empty()) v.res.status = 400;
  v.res.set_content(bo_page(v, d.item.title, "agenda", body), kBoHtml);
}

void show_date(Visit& v) {
  if (const auto d = find_date(v)) date_page(v, *d, {});
}

std::string capacity_problem(const Visit& v, const CapacityBelowRegistered& e) {
  const LocalDateTime at = v.settings.zone.to_local(e.date_start);
  return bo_tr(v, "bo.agenda.below_registered", {{"places", std::to_string(e.capacity)},
                                                 {"people", std::to_string(e.people)},
                                                 {"date", bo_date(v, at.date) + " " + v.settings.catalog.time_of_day(at)}});
}

void save_date(Visit& v) {
  const auto d = find_date(v);
  if (!d) return;
  FormReader f(v);
  const auto date = f.date("datum", bo_tr(v, "bo.agenda.f_date"));
  const auto start = f.minutes("begin", bo_tr(v, "bo.agenda.f_start"));
  const auto end = f.minutes("einde", bo_tr(v, "bo.agenda.f_end"));
  const std::string title = f.text("titel", bo_tr(v, "bo.agenda.f_title"), 200, false);
  const std::string room = f.text("zaal", bo_tr(v, "bo.agenda.f_room"), 200, true);
  if (f.ok() && *end <= *start) f.fail(bo_tr(v, "bo.agenda.end_before_start"));
  if (!f.ok()) return date_page(v, *d, f.problem());
  // Only what changed, so a field the feed owns stays the feed's when it was left as it was.
  OccurrenceEdit e;
  const LocalDateTime s0 = v.settings.zone.to_local(d->item.start), e0 = v.settings.zone.to_local(d->item.end);
  const LocalDateTime s1{*date, *start / 60, *start % 60, 0}, e1{*date, *end / 60, *end % 60, 0};
  if (s1 != s0) e.start = s1;
  if (e1 != e0 || e.start) e.end = e1;
  if (title != d->item.title) e.title = title;
  if (room != d->item.location) e.location = room;
  const std::string back = "/beheer/agenda/datum/" + std::to_string(d->item.occurrence_id);
  if (!e.start && !e.end && !e.title && !e.location) return bo_redirect(v, back, bo_tr(v, "bo.agenda.unchanged"));
  try {
    v.s.agenda.edit_occurrence(d->item.occurrence_id, e, bo_role(), v.account.name);
  } catch (const InputError& x) {
    return date_page(v, *d, bo_tr(v, "volunteer.not_saved", {{"reason", x.what()}}));
  }
  bo_redirect(v, back, bo_tr(v, "volunteer.saved_date"));
}

void save_series(Visit& v) {
  const auto d = find_date(v);
  if (!d) return;
  FormReader f(v);
  const std::string title = f.text("titel", bo_tr(v, "bo.agenda.f_title"), 200, false);
  const std::string room = f.text("zaal", bo_tr(v, "bo.agenda.f_room"), 200, true);
  const std::string category = f.text("categorie", bo_tr(v, "bo.agenda.f_category"), 40, true);
  const auto places = f.number("plaatsen", bo_tr(v, "bo.agenda.f_places"), 0, 10000, true);
  const std::string description = f.text("omschrijving", bo_tr(v, "bo.agenda.f_description"), 4000, true, true);
  if (!f.ok()) return date_page(v, *d, f.problem());
  ActivityEdit e;
  if (title != d->item.title) e.title = title;
  if (room != d->item.location) e.location = room;
  if (category != d->item.category) e.category = category;
  if (places != d->item.capacity) e.capacity = places;
  if (description != d->item.description) e.description = description;
  const std::string back = "/beheer/agenda/datum/" + std::to_string(d->item.occurrence_id);
  if (!e.title && !e.location && !e.category && !e.capacity && !e.description)
    return bo_redirect(v, back, bo_tr(v, "bo.agenda.unchanged"));
  try {
    v.s.agenda.edit_activity(d->item.activity_id, e, bo_role(), v.account.name);
  } catch (const CapacityBelowRegistered& x) {
    return date_page(v, *d, capacity_problem(v, x));
  } catch (const InputError& x) {
    return date_page(v, *d, bo_tr(v, "volunteer.not_saved", {{"reason", x.what()}}));
  }
  bo_redirect(v, back, bo_tr(v, "volunteer.saved_series"));
}

// "Are you sure?" on a page of its own; GET never changes anything.
void confirm_page(Visit& v, bool cancel) {
  const auto d = find_date(v);
  if (!d) return;
  const std::string id = std::to_string(d->item.occurrence_id);
  const std::string action = "/beheer/agenda/datum/" + id + (cancel ? "/afzeggen" : "/verwijderen");
  const std::string question =
      bo_tr(v, cancel ? "volunteer.confirm_cancel" : "volunteer.confirm_delete",
            {{"n", std::to_string(d->item.registered + d->item.waitlisted)}});
  const std::string body = "<p><strong>" + html_escape(bo_when(v, d->item)) + "</strong></p><p>" +
                           html_escape(question) + "</p>" + bo_form_open(v, action) + "<button class=danger>" +
                           html_escape(bo_tr(v, cancel ? "volunteer.yes_cancel" : "volunteer.yes_delete")) +
                           "</button> <a href=\"/beheer/agenda/datum/" + id + "\">" +
                           html_escape(bo_tr(v, "volunteer.no_keep")) + "</a></form>";
  v.res.set_content(bo_page(v, d->item.title, "agenda", body), kBoHtml);
}

void cancel_date(Visit& v) {
  const auto d = find_date(v);
  if (!d) return;
  v.s.agenda.cancel_occurrence(d->item.occurrence_id, bo_role(), v.account.name);
  bo_redirect(v, "/beheer/agenda/datum/" + std::to_string(d->item.occurrence_id),
              bo_tr(v, "bo.agenda.cancelled", {{"n", std::to_string(d->item.registered + d->item.waitlisted)}}));
}

void delete_series(Visit& v) {
  const auto d = find_date(v);
  if (!d) return;
  const auto gone = v.s.agenda.delete_activity(d->item.activity_id, bo_role(), v.account.name);
  const std::string week = "/beheer/agenda?week=" + iso_week_label(v.settings.zone.local_date(d->item.start));
  if (!gone) return bo_redirect(v, week, {}, bo_tr(v, "bo.agenda.no_such_date"));
  bo_redirect(v, week, bo_tr(v, "bo.agenda.deleted", {{"deleted", std::to_string(gone->dates_deleted)},
                                                      {"cancelled", std::to_string(gone->dates_cancelled)},
                                                      {"kept", std::to_string(gone->registrations_kept)}}));
}

}  // namespace

void add_agenda_date_routes(BackofficeRoutes& r) {
  const std::string date = R"(/beheer/agenda/datum/(\d{1,15}))";
  r.get(date, BackofficeRight::Agenda, show_date);
  r.post(date, BackofficeRight::Agenda, save_date);
  r.post(date + "/reeks", BackofficeRight::Agenda, save_series);
  r.get(date + "/afzeggen", BackofficeRight::Agenda, [](Visit& v) { confirm_page(v, true); });
  r.post(date + "/afzeggen", BackofficeRight::Agenda, cancel_date);
  r.get(date + "/verwijderen", BackofficeRight::Agenda, [](Visit& v) { confirm_page(v, false); });
  r.post(date + "/verwijderen", BackofficeRight::Agenda, delete_series);
}

}  // namespace bk::web
