// /beheer/deelnemers: the coming week's dates, and per date its list with check-in, printing on
// the kiosk's printer and a CSV download. Names and phone numbers are shown to the logged-in
// volunteer or staff member; every read of a list (page, print, CSV) is an audit row with the
// account's name (RegistrationService::for_occurrence_seen_by) and no names in it.
#include <httplib.h>

#include "print/print_queue.hpp"
#include "print/ticket_text.hpp"
#include "services/agenda_service.hpp"
#include "services/registration_service.hpp"
#include "web/backoffice_forms.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {
namespace {

std::string list_path(OccurrenceId id) { return "/beheer/deelnemers/" + std::to_string(id); }

// The dates of today and the next 7 days that take registrations or have some.
void dates_page(Visit& v) {
  const LocalDate today = v.settings.zone.local_date(v.settings.clock->now());
  std::string body = bo_notice_from_query(v) + "<ul class=dates>";
  int shown = 0;
  for (const AgendaItem& i : v.s.agenda.between(today, add_days(today, 8))) {
    if (!i.capacity && i.registered == 0 && i.waitlisted == 0) continue;
    body += "<li><a href=\"" + list_path(i.occurrence_id) + "\">" + html_escape(bo_when(v, i)) + " · " +
            html_escape(i.title) + "</a> · " +
            html_escape(bo_tr(v, "bo.attendees.count", {{"registered", std::to_string(i.registered)},
                                                        {"waiting", std::to_string(i.waitlisted)}})) +
            "</li>";
    ++shown;
  }
  body += "</ul>";
  if (shown == 0) body += "<p>" + html_escape(bo_tr(v, "bo.attendees.no_dates")) + "</p>";
  v.res.set_content(bo_page(v, bo_tr(v, "bo.attendees.title"), "deelnemers", body), kBoHtml);
}

std::optional<AgendaItem> find_item(Visit& v) {
  const auto id = bo_id(v);
  auto item = id ? v.s.agenda.item(*id) : std::nullopt;
  if (!item) bo_not_found(v, "deelnemers", bo_tr(v, "bo.agenda.no_such_date"));
  return item;
}

std::string status_text(const Visit& v, const RegistrationView& r) {
  if (r.status == RegistrationStatus::Waitlisted)
    return bo_tr(v, "bo.attendees.waitlisted", {{"n", std::to_string(r.waitlist_position)}});
  return bo_tr(v, "bo.attendees.registered");
}

std::string row_html(const Visit& v, const AgendaItem& item, const RegistrationView& r) {
  const std::string tick = r.checked_in ? "✓ " + bo_tr(v, "bo.attendees.present") : bo_tr(v, "bo.attendees.mark");
  std::string phone = r.phone.empty() ? "-" : "<a href=\"tel:" + html_escape(r.phone) + "\">" + html_escape(r.phone) + "</a>";
  return "<tr><td>" + bo_form_open(v, list_path(item.occurrence_id) + "/aanwezig") +
         "<input type=hidden name=code value=\"" + html_escape(r.code) + "\"><input type=hidden name=aanwezig value=" +
         (r.checked_in ? "0" : "1") + "><button" + (r.checked_in ? " class=on" : "") + ">" + html_escape(tick) +
         "</button></form></td><td>" + html_escape(r.name) + "</td><td>" + std::to_string(r.people) + "</td><td>" +
         phone + "</td><td>" + html_escape(status_text(v, r)) + "</td><td><code>" + html_escape(r.code) +
         "</code></td></tr>";
}

void list_page(Visit& v) {
  const auto item = find_item(v);
  if (!item) return;
  const auto rows = v.s.registrations.for_occurrence_seen_by(item->occurrence_id, bo_role(), v.account.name, "view");
  const std::string path = list_path(item->occurrence_id);
  std::string body = bo_notice_from_query(v) + "<p><strong>" + html_escape(bo_when(v, *item)) + "</strong>";
  if (!item->location.empty()) body += " · " + html_escape(item->location);
  body += " · " + html_escape(bo_tr(v, "bo.attendees.count", {{"registered", std::to_string(item->registered)},
                                                               {"waiting", std::to_string(item->waitlisted)}})) +
          "</p>";
  if (item->status == OccurrenceStatus::Cancelled) body += bo_notice("error", bo_tr(v, "volunteer.cancelled_call"));
  body += "<p>" + bo_form_open(v, path + "/printen") + "<button>" + html_escape(bo_tr(v, "volunteer.print_list")) +
          "</button></form> <a href=\"" + path + "/csv\">" + html_escape(bo_tr(v, "bo.attendees.csv")) + "</a></p>";
  body += "<div class=table><table><thead><tr><th>" + html_escape(bo_tr(v, "bo.attendees.col_present")) + "</th><th>" +
          html_escape(bo_tr(v, "bo.attendees.col_name")) + "</th><th>" +
          html_escape(bo_tr(v, "bo.attendees.col_people")) + "</th><th>" +
          html_escape(bo_tr(v, "bo.attendees.col_phone")) + "</th><th>" +
          html_escape(bo_tr(v, "bo.attendees.col_status")) + "</th><th>" +
          html_escape(bo_tr(v, "bo.attendees.col_code")) + "</th></tr></thead><tbody>";
  int shown = 0;
  for (const RegistrationView& r : rows) {
    if (r.status == RegistrationStatus::Cancelled) continue;
    body += row_html(v, *item, r);
    ++shown;
  }
  body += "</tbody></table></div>";
  if (shown == 0) body += "<p>" + html_escape(bo_tr(v, "bo.attendees.nobody")) + "</p>";
  body += "<p><a href=\"/beheer/agenda/datum/" + std::to_string(item->occurrence_id) + "\">" +
          html_escape(bo_tr(v, "volunteer.edit")) + "</a> · <a href=\"/beheer/deelnemers\">" +
          html_escape(bo_tr(v, "bo.agenda.back")) + "</a></p>";
  // Names and phone numbers: the browser keeps no copy.
  v.res.set_header("Cache-Control", "no-store");
  v.res.set_content(bo_page(v, item->title, "deelnemers", body), kBoHtml);
}

void check_in(Visit& v) {
  const auto item = find_item(v);
  if (!item) return;
  const std::string code = bo_field(v, "code"), on = bo_field(v, "aanwezig");
  // Only a code on this date's list: a form cannot tick someone on another date.
  bool listed = false;
  for (const RegistrationView& r : v.s.registrations.for_occurrence(item->occurrence_id))
    listed = listed || (r.code == code && r.status != RegistrationStatus::Cancelled);
  if (!listed || (on != "0" && on != "1"))
    return bo_bad_input(v, item->title, bo_tr(v, "bo.attendees.not_on_list"));
  v.s.registrations.set_checked_in(code, on == "1", bo_role(), v.account.name);
  bo_redirect(v, list_path(item->occurrence_id));
}

void print_list(Visit& v) {
  const auto item = find_item(v);
  if (!item) return;
  const std::string path = list_path(item->occurrence_id);
  const Config& cfg = v.settings.config;
  if (cfg.printer.kind == PrinterKind::None) return bo_redirect(v, path, {}, bo_tr(v, "bo.attendees.no_printer"));
  const auto rows = v.s.registrations.for_occurrence_seen_by(item->occurrence_id, bo_role(), v.account.name, "print");
  const auto job = print::PrintJob::list(print::attendee_list(v.settings.catalog, cfg, v.settings.zone, *item, rows),
                                         "list-" + std::to_string(item->occurrence_id), v.settings.clock->now());
  // Waits for the printer at most its timeout; a failure is a message, the list is unchanged.
  const print::PrintOutcome o = print::print_now(v.s.store, cfg.printer, job);
  if (!o.ok()) return bo_redirect(v, path, {}, bo_tr(v, "bo.attendees.print_failed", {{"reason", o.reason}}));
  bo_redirect(v, path, bo_tr(v, "bo.attendees.printed"));
}

void csv_download(Visit& v) {
  const auto item = find_item(v);
  if (!item) return;
  const auto rows = v.s.registrations.for_occurrence_seen_by(item->occurrence_id, bo_role(), v.account.name, "csv");
  bo_download(v, attendees_csv(rows), "text/csv; charset=utf-8",
              "deelnemers-" + format_date(v.settings.zone.local_date(item->start)) + "-" +
                  std::to_string(item->occurrence_id) + ".csv");
}

}  // namespace

void add_attendee_routes(BackofficeRoutes& r) {
  const std::string one = R"(/beheer/deelnemers/(\d{1,15}))";
  r.get(R"(/beheer/deelnemers)", BackofficeRight::Attendees, dates_page);
  r.get(one, BackofficeRight::Attendees, list_page);
  r.post(one + "/aanwezig", BackofficeRight::Attendees, check_in);
  r.post(one + "/printen", BackofficeRight::Attendees, print_list);
  r.get(one + "/csv", BackofficeRight::Attendees, csv_download);
}

}  // namespace bk::web
