// /beheer/cijfers?van=YYYY-MM-DD&tot=YYYY-MM-DD: the funder report (staff only) as a page with
// its chart inline, and as the CSV and SVG files `buurtkioskctl report` writes — the same
// build_report and renderers, so small numbers are suppressed the same way everywhere.
#include <httplib.h>

#include <algorithm>

#include "services/agenda_service.hpp"
#include "services/report.hpp"
#include "web/backoffice_forms.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {
namespace {

constexpr int kMaxReportDays = 3 * 366;

struct Period {
  LocalDate from, to;  // both included
};

// ?van and ?tot, or this month so far. nullopt: refused (the page already says why).
std::optional<Period> asked_period(Visit& v) {
  const LocalDate today = v.settings.zone.local_date(v.settings.clock->now());
  Period p{{today.year, today.month, 1}, today};
  const std::string title = bo_tr(v, "bo.report.title");
  for (const auto& [param, into] : {std::pair{"van", &p.from}, std::pair{"tot", &p.to}}) {
    if (!v.req.has_param(param)) continue;
    const std::string value = v.req.get_param_value(param);
    const auto d = parse_date(value);
    if (!d) {
      bo_bad_input(v, title, bo_tr(v, "bo.form.bad_date", {{"field", bo_tr(v, std::string("bo.report.") + param)}}));
      return std::nullopt;
    }
    *into = *d;
  }
  if (p.to < p.from) {
    bo_bad_input(v, title, bo_tr(v, "bo.report.to_before_from"));
    return std::nullopt;
  }
  if (days_from_civil(p.to) - days_from_civil(p.from) > kMaxReportDays) {
    bo_bad_input(v, title, bo_tr(v, "bo.report.too_long"));
    return std::nullopt;
  }
  return p;
}

Report report_for(Visit& v, const Period& p) {
  v.s.agenda.between(p.from, add_days(p.to, 1));  // dates past the materialised horizon, as the CLI does
  return build_report(v.s.store, v.settings.zone, p.from, p.to);
}

std::string query(const Period& p) { return "van=" + format_date(p.from) + "&amp;tot=" + format_date(p.to); }

void report_page(Visit& v) {
  const auto p = asked_period(v);
  if (!p) return;
  const Report r = report_for(v, *p);
  std::string body = "<form method=get action=\"/beheer/cijfers\"><label>" + html_escape(bo_tr(v, "bo.report.van")) +
                     " <input type=date name=van value=\"" + format_date(p->from) + "\"></label> <label>" +
                     html_escape(bo_tr(v, "bo.report.tot")) + " <input type=date name=tot value=\"" +
                     format_date(p->to) + "\"></label> <button>" + html_escape(bo_tr(v, "bo.report.show")) +
                     "</button></form>";
  body += "<p>" + html_escape(bo_tr(v, "bo.report.period", {{"from", bo_date(v, p->from)}, {"to", bo_date(v, p->to)}})) +
          " · <a href=\"/beheer/cijfers.csv?" + query(*p) + "\">" + html_escape(bo_tr(v, "bo.report.csv")) +
          "</a> · <a href=\"/beheer/cijfers.svg?" + query(*p) + "\">" + html_escape(bo_tr(v, "bo.report.svg")) +
          "</a></p>";
  // The chart is ours (report_svg escapes what it prints); inline, so the page fetches nothing.
  const std::string svg = report_svg(r);
  body += "<figure class=chart>" + svg.substr(std::min(svg.find("<svg"), svg.size())) + "</figure>" + report_html(r);
  v.res.set_content(bo_page(v, bo_tr(v, "bo.report.title"), "cijfers", body), kBoHtml);
}

std::string file_name(const Period& p, const char* ext) {
  return "cijfers-" + format_date(p.from) + "-" + format_date(p.to) + ext;
}

void report_csv_file(Visit& v) {
  if (const auto p = asked_period(v)) bo_download(v, report_csv(report_for(v, *p)), "text/csv; charset=utf-8", file_name(*p, ".csv"));
}

void report_svg_file(Visit& v) {
  if (const auto p = asked_period(v)) bo_download(v, report_svg(report_for(v, *p)), "image/svg+xml", file_name(*p, ".svg"));
}

}  // namespace

void add_report_routes(BackofficeRoutes& r) {
  r.get(R"(/beheer/cijfers)", BackofficeRight::Report, report_page);
  r.get(R"(/beheer/cijfers\.csv)", BackofficeRight::Report, report_csv_file);
  r.get(R"(/beheer/cijfers\.svg)", BackofficeRight::Report, report_svg_file);
}

}  // namespace bk::web
