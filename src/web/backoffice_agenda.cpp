// /beheer/agenda: the week's dates, a new activity, and importing an .ics or .csv file. One date's
// changes (edit, cancel, delete the series) are in backoffice_agenda_date.cpp. Every change goes
// through AgendaService, the calls volunteer mode makes, audited as "backoffice" with the account.
#include <httplib.h>

#include <cctype>

#include "domain/errors.hpp"
#include "domain/text.hpp"
#include "services/agenda_service.hpp"
#include "services/report.hpp"
#include "web/backoffice_agenda.hpp"
#include "web/backoffice_forms.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {
namespace {

constexpr std::size_t kMaxUpload = 2 * 1024 * 1024;

LocalDate monday_of(LocalDate d) { return add_days(d, -weekday(d)); }

// "2027-W10" → that ISO week's Monday; nullopt for anything else (week 53 of a 52-week year too).
std::optional<LocalDate> parse_iso_week(const std::string& s) {
  if (s.size() != 8 || s[4] != '-' || s[5] != 'W') return std::nullopt;
  const auto year = parse_date(s.substr(0, 4) + "-01-04");
  if (!year || s.find_first_not_of("0123456789", 6) != std::string::npos) return std::nullopt;
  const int week = std::stoi(s.substr(6));
  if (week < 1 || week > 53) return std::nullopt;
  const LocalDate monday = add_days(monday_of(*year), 7 * (week - 1));
  if (iso_week_label(monday) != s) return std::nullopt;
  return monday;
}

// The week asked for (?week=2027-W10 or ?van=2027-03-02), else this week. nullopt: a bad value.
std::optional<LocalDate> asked_week(const Visit& v) {
  if (v.req.has_param("week")) return parse_iso_week(v.req.get_param_value("week"));
  if (v.req.has_param("van")) {
    const auto d = parse_date(v.req.get_param_value("van"));
    return d ? std::optional<LocalDate>(monday_of(*d)) : std::nullopt;
  }
  return monday_of(v.settings.zone.local_date(v.settings.clock->now()));
}

std::string places_text(const Visit& v, const AgendaItem& i) {
  std::string s = i.capacity ? bo_tr(v, "bo.agenda.places", {{"taken", std::to_string(i.registered)},
                                                             {"capacity", std::to_string(*i.capacity)},
                                                             {"free", std::to_string(*i.places_left())}})
                             : bo_tr(v, "bo.agenda.free_entry", {{"taken", std::to_string(i.registered)}});
  if (i.waitlisted) s += " · " + bo_tr(v, "bo.agenda.waiting", {{"n", std::to_string(i.waitlisted)}});
  return s;
}

std::string item_row(const Visit& v, const AgendaItem& i) {
  const LocalDateTime s = v.settings.zone.to_local(i.start), e = v.settings.zone.to_local(i.end);
  const std::string id = std::to_string(i.occurrence_id);
  const bool cancelled = i.status == OccurrenceStatus::Cancelled;
  std::string time = i.all_day ? bo_tr(v, "bo.agenda.all_day")
                               : v.settings.catalog.time_of_day(s) + "–" + v.settings.catalog.time_of_day(e);
  return "<tr" + std::string(cancelled ? " class=cancelled" : "") + "><td>" + html_escape(time) +
         "</td><td><a href=\"/beheer/agenda/datum/" + id + "\">" + html_escape(i.title) + "</a></td><td>" +
         html_escape(i.location) + "</td><td>" + html_escape(places_text(v, i)) + "</td><td>" +
         html_escape(bo_tr(v, cancelled ? "bo.agenda.status_cancelled" : "bo.agenda.status_scheduled")) +
         "</td><td><a href=\"/beheer/deelnemers/" + id + "\">" + html_escape(bo_tr(v, "bo.agenda.attendees")) +
         "</a></td></tr>";
}

std::string week_table(const Visit& v, const std::vector<AgendaItem>& items) {
  if (items.empty()) return "<p>" + html_escape(bo_tr(v, "bo.agenda.empty_week")) + "</p>";
  std::string o;
  std::optional<LocalDate> day;
  for (const AgendaItem& i : items) {
    const LocalDate d = v.settings.zone.local_date(i.start);
    if (day != d) {
      if (day) o += "</tbody></table></div>";
      o += "<h2>" + html_escape(bo_date(v, d)) + "</h2><div class=table><table><thead><tr><th>" +
           html_escape(bo_tr(v, "bo.agenda.col_time")) + "</th><th>" + html_escape(bo_tr(v, "bo.agenda.col_title")) +
           "</th><th>" + html_escape(bo_tr(v, "bo.agenda.col_room")) + "</th><th>" +
           html_escape(bo_tr(v, "bo.agenda.col_places")) + "</th><th>" +
           html_escape(bo_tr(v, "bo.agenda.col_status")) + "</th><th></th></tr></thead><tbody>";
      day = d;
    }
    o += item_row(v, i);
  }
  return o + "</tbody></table></div>";
}

std::string import_form(const Visit& v) {
  return "<h2>" + html_escape(bo_tr(v, "bo.agenda.import_title")) + "</h2><p>" +
         html_escape(bo_tr(v, "bo.agenda.import_help")) + "</p>" + bo_form_open(v, "/beheer/agenda/import", true) +
         "<label>" + html_escape(bo_tr(v, "bo.agenda.import_file")) +
         " <input type=file name=bestand accept=\".ics,.csv,text/calendar,text/csv\" required></label> <button>" +
         html_escape(bo_tr(v, "bo.agenda.import_button")) + "</button></form>";
}

void week_page(Visit& v) {
  const auto monday = asked_week(v);
  if (!monday) return bo_bad_input(v, bo_tr(v, "bo.agenda.title"), bo_tr(v, "bo.agenda.bad_week"));
  const std::vector<AgendaItem> items = v.s.agenda.between(*monday, add_days(*monday, 7));
  const std::string week = iso_week_label(*monday);
  std::string body = bo_notice_from_query(v);
  body += "<p class=weeknav><a href=\"/beheer/agenda?week=" + iso_week_label(add_days(*monday, -7)) + "\">← " +
          html_escape(bo_tr(v, "bo.agenda.previous_week")) + "</a> · <strong>" +
          html_escape(bo_tr(v, "bo.agenda.week_of", {{"week", std::to_string(std::stoi(week.substr(6)))},
                                                     {"from", bo_date(v, *monday)},
                                                     {"to", bo_date(v, add_days(*monday, 6))}})) +
          "</strong> · <a href=\"/beheer/agenda?week=" + iso_week_label(add_days(*monday, 7)) + "\">" +
          html_escape(bo_tr(v, "bo.agenda.next_week")) + " →</a></p>";
  body += "<p><a class=button href=\"/beheer/agenda/nieuw\">" + html_escape(bo_tr(v, "bo.agenda.new")) + "</a></p>";
  body += week_table(v, items) + import_form(v);
  v.res.set_content(bo_page(v, bo_tr(v, "bo.agenda.title"), "agenda", body), kBoHtml);
}

// ---- a new activity ----

std::string posted(const Visit& v, const std::string& name, const std::string& fallback = {}) {
  return v.req.method == "POST" ? bo_field(v, name) : fallback;
}

void new_form(Visit& v, const std::string& problem) {
  const std::string today = format_date(v.settings.zone.local_date(v.settings.clock->now()));
  std::string body = problem.empty() ? std::string() : bo_notice("error", problem);
  body += bo_form_open(v, "/beheer/agenda/nieuw");
  body += bo_input(bo_tr(v, "bo.agenda.f_title"), "titel", "text", posted(v, "titel"), "required maxlength=200");
  body += bo_input(bo_tr(v, "bo.agenda.f_date"), "datum", "date", posted(v, "datum", today), "required");
  body += bo_input(bo_tr(v, "bo.agenda.f_start"), "begin", "time", posted(v, "begin", "10:00"), "required");
  body += bo_input(bo_tr(v, "bo.agenda.f_end"), "einde", "time", posted(v, "einde", "11:00"), "required");
  body += bo_input(bo_tr(v, "bo.agenda.f_until"), "tot", "date", posted(v, "tot"), "");
  body += bo_input(bo_tr(v, "bo.agenda.f_places"), "plaatsen", "number", posted(v, "plaatsen", "12"), "min=0 max=10000");
  body += bo_input(bo_tr(v, "bo.agenda.f_room"), "zaal", "text", posted(v, "zaal"), "maxlength=200");
  body += bo_category_select(v, bo_tr(v, "bo.agenda.f_category"), posted(v, "categorie"));
  body += bo_textarea(bo_tr(v, "bo.agenda.f_description"), "omschrijving", posted(v, "omschrijving"));
  body += "<p><button>" + html_escape(bo_tr(v, "bo.agenda.save_new")) + "</button> <a href=\"/beheer/agenda\">" +
          html_escape(bo_tr(v, "bo.agenda.back")) + "</a></p></form>";
  if (!problem.empty()) v.res.status = 400;
  v.res.set_content(bo_page(v, bo_tr(v, "bo.agenda.new"), "agenda", body), kBoHtml);
}

void add_new(Visit& v) {
  FormReader f(v);
  NewActivity a;
  a.title = f.text("titel", bo_tr(v, "bo.agenda.f_title"), 200, false);
  const auto date = f.date("datum", bo_tr(v, "bo.agenda.f_date"));
  const auto start = f.minutes("begin", bo_tr(v, "bo.agenda.f_start"));
  const auto end = f.minutes("einde", bo_tr(v, "bo.agenda.f_end"));
  a.weekly_until = f.date("tot", bo_tr(v, "bo.agenda.f_until"), true);
  a.capacity = f.number("plaatsen", bo_tr(v, "bo.agenda.f_places"), 0, 10000, true);
  a.location = f.text("zaal", bo_tr(v, "bo.agenda.f_room"), 200, true);
  a.category = f.text("categorie", bo_tr(v, "bo.agenda.f_category"), 40, true);
  a.description = f.text("omschrijving", bo_tr(v, "bo.agenda.f_description"), 4000, true, true);
  if (f.ok() && *end <= *start) f.fail(bo_tr(v, "bo.agenda.end_before_start"));
  if (f.ok() && a.weekly_until && (*a.weekly_until < *date || *a.weekly_until > add_days(*date, 366)))
    f.fail(bo_tr(v, "bo.agenda.bad_until"));
  if (!f.ok()) return new_form(v, f.problem());
  a.start = {*date, *start / 60, *start % 60, 0};
  a.end = {*date, *end / 60, *end % 60, 0};
  try {
    v.s.agenda.add_activity(a, bo_role(), v.account.name);
  } catch (const InputError& e) {
    return new_form(v, bo_tr(v, "volunteer.not_saved", {{"reason", e.what()}}));
  }
  bo_redirect(v, "/beheer/agenda?week=" + iso_week_label(*date), bo_tr(v, "bo.agenda.added", {{"title", a.title}}));
}

// ---- import ----

std::string summary_html(const Visit& v, const std::string& file, const ImportSummary& s) {
  auto n = [](int x) { return std::to_string(x); };
  std::string o = "<p>" + html_escape(bo_tr(v, "bo.agenda.import_done", {{"file", file}})) + "</p><ul><li>" +
                  html_escape(bo_tr(v, "bo.agenda.import_activities",
                                    {{"added", n(s.activities_added)},
                                     {"updated", n(s.activities_updated)},
                                     {"unchanged", n(s.activities_unchanged)}})) +
                  "</li><li>" +
                  html_escape(bo_tr(v, "bo.agenda.import_dates",
                                    {{"added", n(s.occurrences_added)},
                                     {"updated", n(s.occurrences_updated)},
                                     {"removed", n(s.occurrences_removed)},
                                     {"cancelled", n(s.occurrences_cancelled)}})) +
                  "</li></ul>";
  if (s.warnings) {
    o += "<p>" + html_escape(bo_tr(v, "bo.agenda.import_warnings", {{"n", n(s.warnings)}})) + "</p><ul>";
    for (const std::string& w : s.warning_lines) o += "<li><code>" + html_escape(w) + "</code></li>";
    o += "</ul>";
  }
  return o;
}

void import_upload(Visit& v) {
  const std::string title = bo_tr(v, "bo.agenda.import_title");
  if (!v.req.has_file("bestand") || v.req.get_file_value("bestand").content.empty())
    return bo_bad_input(v, title, bo_tr(v, "bo.agenda.import_no_file"));
  const httplib::MultipartFormData file = v.req.get_file_value("bestand");
  if (file.content.size() > kMaxUpload) return bo_bad_input(v, title, bo_tr(v, "bo.agenda.import_too_large"));
  // The name is the uploader's: only its extension is used, and it is shown escaped.
  std::string name = file.filename.empty() ? "agenda" : file.filename;
  if (!is_valid_utf8(name) || name.size() > 200) name = "agenda";
  std::string ext = name.substr(name.find_last_of('.') == std::string::npos ? name.size() : name.find_last_of('.'));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const ImportBy by{bo_role(), v.account.name};
  ImportSummary s;
  try {
    if (ext == ".ics" || ext == ".ical") {
      s = v.s.agenda.import_ics_text(file.content, name, ImportOrigin::File, by);
    } else if (ext == ".csv") {
      s = v.s.agenda.import_csv_text(file.content, name, by);
    } else {
      return bo_bad_input(v, title, bo_tr(v, "bo.agenda.import_kind"));
    }
  } catch (const InputError& e) {
    // All or nothing: the database is as it was. One line: the reader's own (file:line: what).
    return bo_bad_input(v, title, bo_tr(v, "bo.agenda.import_refused", {{"reason", e.what()}}));
  }
  const std::string body = bo_notice("ok", bo_tr(v, "bo.agenda.import_ok")) + summary_html(v, name, s) +
                           "<p><a href=\"/beheer/agenda\">" + html_escape(bo_tr(v, "bo.agenda.back")) + "</a></p>";
  v.res.set_content(bo_page(v, title, "agenda", body), kBoHtml);
}

}  // namespace

std::string bo_input(const std::string& label, const char* name, const char* type, const std::string& value,
                     const char* extra) {
  return "<p><label for=" + std::string(name) + ">" + html_escape(label) + "</label><br><input id=" +
         name + " name=" + name + " type=" + type + " value=\"" + html_escape(value) + "\" " + extra + "></p>";
}

std::string bo_textarea(const std::string& label, const char* name, const std::string& value) {
  return "<p><label for=" + std::string(name) + ">" + html_escape(label) +
         "</label><br><textarea id=" + name + " name=" + name + " rows=4 maxlength=4000>" + html_escape(value) +
         "</textarea></p>";
}

std::string bo_category_select(const Visit& v, const std::string& label, const std::string& chosen) {
  static const char* kCategories[] = {"", "bewegen", "ontmoeten", "leren", "eten", "cultuur"};
  std::string o = "<p><label for=categorie>" + html_escape(label) +
                  "</label><br><select id=categorie name=categorie>";
  bool known = false;
  for (const char* c : kCategories) {
    const std::string key = c;
    known = known || key == chosen;
    o += "<option value=\"" + key + "\"" + (key == chosen ? " selected" : "") + ">" +
         html_escape(key.empty() ? bo_tr(v, "bo.agenda.no_category") : v.settings.catalog.tr("category." + key)) +
         "</option>";
  }
  // A category from an imported file stays choosable as it is.
  if (!known) o += "<option selected value=\"" + html_escape(chosen) + "\">" + html_escape(chosen) + "</option>";
  return o + "</select></p>";
}

void add_agenda_routes(BackofficeRoutes& r) {
  r.get(R"(/beheer/agenda)", BackofficeRight::Agenda, week_page);
  r.get(R"(/beheer/agenda/nieuw)", BackofficeRight::Agenda, [](Visit& v) { new_form(v, {}); });
  r.post(R"(/beheer/agenda/nieuw)", BackofficeRight::Agenda, add_new);
  r.post(R"(/beheer/agenda/import)", BackofficeRight::Agenda, import_upload);
  add_agenda_date_routes(r);
}

}  // namespace bk::web
