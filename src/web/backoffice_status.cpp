// /beheer/status (staff): what volunteer mode's status tab shows (services/status_panel), plus the
// backups on disk, the team's mails (outbox) and the version — read only; clearing the "restored"
// alert stays on the kiosk.
#include <httplib.h>

#include "services/status_panel.hpp"
#include "store/backup.hpp"
#include "store/outbox_store.hpp"
#include "web/backoffice_forms.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {
namespace {

std::string when(const Visit& v, UtcSeconds t) {
  const LocalDateTime at = v.settings.zone.to_local(t);
  return bo_date(v, at.date) + " " + v.settings.catalog.time_of_day(at);
}

std::string item(const Visit& v, const char* key, const std::string& value) {
  return "<tr><th scope=row>" + html_escape(bo_tr(v, key)) + "</th><td>" + html_escape(value) + "</td></tr>";
}

std::string printer_text(const Visit& v, const StatusPanel& s) {
  if (v.settings.config.printer.kind == PrinterKind::None) return bo_tr(v, "volunteer.no_printer");
  if (!s.printer) return bo_tr(v, "bo.status.never_printed");
  return (s.printer->ok ? bo_tr(v, "volunteer.print_ok")
                        : bo_tr(v, "volunteer.print_failed", {{"reason", s.printer->reason}})) +
         " (" + when(v, s.printer->at) + ")";
}

std::string backup_text(const Visit& v, const StatusPanel& s) {
  const auto files = list_backups(v.settings.config.backup_path());
  if (files.empty()) return bo_tr(v, "bo.status.no_backups");
  std::string out = bo_tr(v, "bo.status.backups", {{"n", std::to_string(files.size())},
                                                   {"last", when(v, files.front().at)},
                                                   {"kb", std::to_string(files.front().bytes / 1024)}});
  if (!s.backup_last.empty()) out += " · " + s.backup_last;
  return out;
}

// The team's mails (the outbox): how many wait, when the last went, the last server error.
std::string mail_text(Visit& v) {
  if (v.settings.config.notify.smtp_url.empty()) return bo_tr(v, "bo.status.mail_off");
  const OutboxSummary o = outbox_summary(v.s.store);
  std::string out = bo_tr(v, "bo.status.mail_waiting", {{"n", std::to_string(o.waiting)}}) + " · " +
                    (o.last_sent ? bo_tr(v, "bo.status.mail_last", {{"at", when(v, *o.last_sent)}})
                                 : bo_tr(v, "bo.status.mail_never"));
  if (!o.last_error.empty()) out += " · " + bo_tr(v, "bo.status.mail_error", {{"error", o.last_error}});
  return out;
}

std::string database_text(const Visit& v, const StatusPanel& s) {
  if (!s.db_bytes) return bo_tr(v, "volunteer.unknown");
  return std::to_string(*s.db_bytes / 1024) + " kB";
}

void status_page(Visit& v) {
  const StatusPanel s = read_status(v.s.store);
  std::string body;
  if (!s.restored_alert.empty()) body += bo_notice("error", bo_tr(v, "volunteer.restored", {{"detail", s.restored_alert}}));
  body += "<div class=table><table class=status><tbody>";
  body += item(v, "bo.status.version", BUURTKIOSK_VERSION);
  body += item(v, "bo.status.printer", printer_text(v, s));
  body += item(v, "bo.status.backup", backup_text(v, s));
  body += item(v, "bo.status.feed",
               v.settings.config.agenda.feed_url.empty() && s.feed_status.empty()
                   ? bo_tr(v, "bo.status.no_feed")
                   : (s.feed_status.empty() ? bo_tr(v, "volunteer.unknown") : s.feed_status));
  body += item(v, "bo.status.mail", mail_text(v));
  body += item(v, "bo.status.database", database_text(v, s));
  body += "</tbody></table></div>";
  v.res.set_content(bo_titled_page(v, bo_tr(v, "bo.status.title"), "status", body), kBoHtml);
}

}  // namespace

void add_status_routes(BackofficeRoutes& r) { r.get(R"(/beheer/status)", BackofficeRight::Status, status_page); }

}  // namespace bk::web
