#include "web/ics_routes.hpp"

#include <httplib.h>

#include "services/ics_export.hpp"

namespace bk::web {
namespace {

constexpr const char* kCalendar = "text/calendar; charset=utf-8";

IcsExport export_settings(const FollowupSettings& s) {
  IcsExport how;
  how.calendar_name = s.centre_name;
  how.centre = s.centre_name;
  how.uid_domain = ics_uid_domain(s.base_url);
  how.stamp = s.clock->now();
  return how;
}

}  // namespace

bool registration_ics(const FollowupSettings& s, RegistrationService& registrations, const std::string& token,
                      httplib::Response& res) {
  const auto v = registrations.lookup_token(token);
  if (!v) return false;
  // The date as the public agenda shows it; a cancelled registration is a cancelled event for its
  // holder, so a calendar that imported it before takes it out.
  AgendaItem date = v->occurrence;
  date.description.clear();
  if (v->status == RegistrationStatus::Cancelled) date.status = OccurrenceStatus::Cancelled;
  IcsExport how = export_settings(s);
  how.tentative = v->status == RegistrationStatus::Waitlisted;  // not sure of a place yet
  res.set_header("Content-Disposition", "attachment; filename=\"" + ics_file_name(date, s.zone) + "\"");
  res.set_content(write_ics({date}, how, s.zone), kCalendar);
  return true;
}

void public_agenda_ics(const FollowupSettings& s, AgendaService& agenda, httplib::Response& res) {
  const LocalDate today = s.zone.local_date(s.clock->now());
  const auto items = agenda.between(today, add_days(today, 7 * kPublicAgendaWeeks));
  res.set_header("Content-Disposition", "attachment; filename=\"agenda.ics\"");
  res.set_content(write_ics(items, export_settings(s), s.zone), kCalendar);
}

}  // namespace bk::web
