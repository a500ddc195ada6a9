// The report as Markdown, CSV and JSON (report_svg.cpp: the chart). Headings come from
// report_words.hpp.
#include <cstdio>
#include <initializer_list>

#include "domain/csv.hpp"
#include "domain/json.hpp"
#include "services/report.hpp"
#include "services/report_words.hpp"

namespace bk {
namespace {

using report_detail::kReportWords;

std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string hours_text(const std::optional<double>& h) {
  if (!h) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *h);
  return buf;
}

std::string count_json(const Count& c) {
  return c.value() ? std::to_string(*c.value()) : json::escape(c.text());
}

// "| a | b | n |\n|---|---|---:|\n": text columns left, number columns right.
std::string md_table_head(std::initializer_list<const char*> text_columns,
                          std::initializer_list<const char*> number_columns) {
  std::string names, rule;
  for (const char* c : text_columns) {
    names += std::string("| ") + c + " ";
    rule += "|---";
  }
  for (const char* c : number_columns) {
    names += std::string("| ") + c + " ";
    rule += "|---:";
  }
  return names + "|\n" + rule + "|\n";
}

std::string md_bold_or_cell(const std::string& s, bool bold) { return bold ? "**" + s + "**" : md_cell(s); }

void md_activity_table(std::string& o, const char* title, const char* first, const std::vector<ActivityFigures>& rows,
                       const ActivityFigures& total, bool with_category) {
  const auto& w = kReportWords;
  o += std::string("\n## ") + title + "\n\n";
  const std::initializer_list<const char*> numbers = {w.dates_held, w.dates_cancelled, w.people_registered,
                                                      w.people_waitlisted, w.cancellations};
  o += with_category ? md_table_head({first, w.category}, numbers) : md_table_head({first}, numbers);
  auto line = [&](const ActivityFigures& f, bool bold) {
    o += "| " + md_bold_or_cell(f.label, bold) +
         (with_category ? " | " + (bold ? std::string() : md_cell(f.category)) : "") + " | " +
         std::to_string(f.dates_held) + " | " + std::to_string(f.dates_cancelled) + " | " + f.people.text() + " | " +
         f.waitlisted.text() + " | " + f.cancellations.text() + " |\n";
  };
  for (const auto& f : rows) line(f, false);
  line(total, true);
}

void md_help_table(std::string& o, const Report& r) {
  const auto& w = kReportWords;
  o += std::string("\n## ") + w.help_title + "\n\n" +
       md_table_head({w.help_kind}, {w.help_open, w.help_claimed, w.help_done, w.help_cancelled, w.help_total,
                                     w.median_to_claim, w.median_to_done});
  auto line = [&o](const HelpFigures& h, bool bold) {
    o += "| " + md_bold_or_cell(h.category, bold) + " | " + h.open.text() + " | " + h.claimed.text() + " | " +
         h.done.text() + " | " + h.cancelled.text() + " | " + h.total.text() + " | " +
         hours_text(h.median_hours_to_claim) + " | " + hours_text(h.median_hours_to_done) + " |\n";
  };
  for (const auto& h : r.help) line(h, false);
  line(r.help_total, true);
}

void md_period_table(std::string& o, const char* title, const char* first, const std::vector<PeriodFigures>& rows,
                     const PeriodFigures& total) {
  const auto& w = kReportWords;
  o += std::string("\n## ") + title + "\n\n" + md_table_head({first}, {w.dates_held, w.people_registered, w.help_requests});
  auto line = [&o](const PeriodFigures& p, bool bold) {
    o += "| " + (bold ? "**" + p.period + "**" : p.period) + " | " + std::to_string(p.dates_held) + " | " +
         p.people.text() + " | " + p.help_requests.text() + " |\n";
  };
  for (const auto& p : rows) line(p, false);
  line(total, true);
}

// A regional report only: one line per centre, then the region's.
void md_centre_table(std::string& o, const Report& r) {
  if (r.centres.empty()) return;
  const auto& w = kReportWords;
  o += std::string("\n## ") + w.by_centre_title + "\n\n" +
       md_table_head({w.centre}, {w.dates_held, w.dates_cancelled, w.people_registered, w.people_waitlisted,
                                  w.cancellations, w.help_requests});
  auto line = [&o](const CentreFigures& c, bool bold) {
    o += "| " + md_bold_or_cell(c.centre, bold) + " | " + std::to_string(c.dates_held) + " | " +
         std::to_string(c.dates_cancelled) + " | " + c.people.text() + " | " + c.waitlisted.text() + " | " +
         c.cancellations.text() + " | " + c.help_requests.text() + " |\n";
  };
  for (const auto& c : r.centres) line(c, false);
  line(r.centre_total, true);
}

}  // namespace

std::string report_markdown(const Report& r) {
  const auto& w = kReportWords;
  std::string o = std::string("# ") + w.title + " " + format_date(r.from) + " " + w.through + " " + format_date(r.to) +
                  "\n\n" + w.legend + "\n";
  md_centre_table(o, r);
  md_activity_table(o, w.activities_title, w.activity, r.activities, r.activity_total, true);
  md_activity_table(o, w.by_category_title, w.category, r.categories, r.activity_total, false);
  md_help_table(o, r);
  md_period_table(o, w.by_week_title, w.week, r.weeks, r.period_total);
  md_period_table(o, w.by_month_title, w.month, r.months, r.period_total);
  return o;
}

std::string report_csv(const Report& r) {
  std::string o = "section,label,category,measure,value\n";
  auto row = [&o](const char* section, const std::string& label, const std::string& category,
                  const char* measure, const std::string& value) {
    o += std::string(section) + "," + csv_field(label) + "," + csv_field(category) + "," + measure + "," +
         csv_field(value) + "\n";
  };
  auto act = [&row](const char* section, const ActivityFigures& f) {
    row(section, f.label, f.category, "dates_held", std::to_string(f.dates_held));
    row(section, f.label, f.category, "dates_cancelled", std::to_string(f.dates_cancelled));
    row(section, f.label, f.category, "people_registered", f.people.text());
    row(section, f.label, f.category, "people_waitlisted", f.waitlisted.text());
    row(section, f.label, f.category, "cancellations", f.cancellations.text());
  };
  for (const auto& f : r.activities) act("activity", f);
  for (const auto& f : r.categories) act("category", f);
  act("activity_total", r.activity_total);
  auto help = [&row](const HelpFigures& h) {
    row("help", h.category, h.category, "open", h.open.text());
    row("help", h.category, h.category, "claimed", h.claimed.text());
    row("help", h.category, h.category, "done", h.done.text());
    row("help", h.category, h.category, "cancelled", h.cancelled.text());
    row("help", h.category, h.category, "total", h.total.text());
    row("help", h.category, h.category, "median_hours_to_claim", hours_text(h.median_hours_to_claim));
    row("help", h.category, h.category, "median_hours_to_done", hours_text(h.median_hours_to_done));
  };
  for (const auto& h : r.help) help(h);
  help(r.help_total);
  auto period = [&row](const char* section, const PeriodFigures& p) {
    row(section, p.period, "", "dates_held", std::to_string(p.dates_held));
    row(section, p.period, "", "people_registered", p.people.text());
    row(section, p.period, "", "help_requests", p.help_requests.text());
  };
  for (const auto& w : r.weeks) period("week", w);
  for (const auto& m : r.months) period("month", m);
  period("period_total", r.period_total);
  auto centre = [&row](const char* section, const CentreFigures& c) {
    row(section, c.centre, "", "dates_held", std::to_string(c.dates_held));
    row(section, c.centre, "", "dates_cancelled", std::to_string(c.dates_cancelled));
    row(section, c.centre, "", "people_registered", c.people.text());
    row(section, c.centre, "", "people_waitlisted", c.waitlisted.text());
    row(section, c.centre, "", "cancellations", c.cancellations.text());
    row(section, c.centre, "", "help_requests", c.help_requests.text());
  };
  for (const auto& c : r.centres) centre("centre", c);
  if (!r.centres.empty()) centre("region", r.centre_total);
  return o;
}

namespace {

std::string json_activity(const ActivityFigures& f, bool activity) {
  json::Object o;
  if (activity) {
    o.add("activity", f.label).add("category", f.category);
  } else {
    o.add("category", f.label);
  }
  return o.add("dates_held", f.dates_held).add("dates_cancelled", f.dates_cancelled)
      .add_raw("people_registered", count_json(f.people)).add_raw("people_waitlisted", count_json(f.waitlisted))
      .add_raw("cancellations", count_json(f.cancellations)).str();
}

std::string json_help(const HelpFigures& h) {
  return json::Object().add("category", h.category).add_raw("open", count_json(h.open))
      .add_raw("claimed", count_json(h.claimed)).add_raw("done", count_json(h.done))
      .add_raw("cancelled", count_json(h.cancelled)).add_raw("total", count_json(h.total))
      .add("median_hours_to_claim", h.median_hours_to_claim).add("median_hours_to_done", h.median_hours_to_done)
      .str();
}

std::string json_period(const PeriodFigures& p, const char* key) {
  return json::Object().add(key, p.period).add("dates_held", p.dates_held)
      .add_raw("people_registered", count_json(p.people)).add_raw("help_requests", count_json(p.help_requests))
      .str();
}

std::string json_centre(const CentreFigures& c) {
  return json::Object().add("centre", c.centre).add("dates_held", c.dates_held)
      .add("dates_cancelled", c.dates_cancelled).add_raw("people_registered", count_json(c.people))
      .add_raw("people_waitlisted", count_json(c.waitlisted)).add_raw("cancellations", count_json(c.cancellations))
      .add_raw("help_requests", count_json(c.help_requests)).str();
}

}  // namespace

std::string report_json(const Report& r) {
  std::vector<std::string> acts, cats, helps, weeks, months;
  for (const auto& f : r.activities) acts.push_back(json_activity(f, true));
  for (const auto& f : r.categories) cats.push_back(json_activity(f, false));
  for (const auto& h : r.help) helps.push_back(json_help(h));
  for (const auto& w : r.weeks) weeks.push_back(json_period(w, "week"));
  for (const auto& m : r.months) months.push_back(json_period(m, "month"));
  json::Object o;
  o.add("from", format_date(r.from)).add("to", format_date(r.to)).add("legend", kReportWords.json_legend);
  if (!r.centres.empty()) {  // a regional report: the centres first, then the region's tables
    std::vector<std::string> centres;
    for (const auto& c : r.centres) centres.push_back(json_centre(c));
    o.add_raw("centres", json::array(centres)).add_raw("region", json_centre(r.centre_total));
  }
  return o
      .add_raw("activities", json::array(acts)).add_raw("categories", json::array(cats))
      .add_raw("activity_total", json_activity(r.activity_total, false)).add_raw("help", json::array(helps))
      .add_raw("help_total", json_help(r.help_total)).add_raw("weeks", json::array(weeks))
      .add_raw("months", json::array(months)).add_raw("period_total", json_period(r.period_total, "period"))
      .str();
}

}  // namespace bk
