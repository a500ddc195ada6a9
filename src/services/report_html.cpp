// The report's tables as HTML (the back office's Cijfers page): the same rows, cells and headings
// (report_words.hpp) as report_markdown, so the page and the file a funder gets agree.
#include <cstdio>
#include <initializer_list>

#include "domain/text.hpp"
#include "services/report.hpp"
#include "services/report_words.hpp"

namespace bk {
namespace {

using report_detail::kReportWords;

std::string hours(const std::optional<double>& h) {
  if (!h) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *h);
  return buf;
}

std::string head(const char* title, std::initializer_list<const char*> text_columns,
                 std::initializer_list<const char*> number_columns) {
  std::string o = std::string("<section><h2>") + html_escape(title) + "</h2><div class=table><table><thead><tr>";
  for (const char* c : text_columns) o += std::string("<th>") + html_escape(c) + "</th>";
  for (const char* c : number_columns) o += std::string("<th class=num>") + html_escape(c) + "</th>";
  return o + "</tr></thead><tbody>";
}

// One row: text cells, then number cells; the totals row in <strong>.
std::string row(std::initializer_list<std::string> text, std::initializer_list<std::string> numbers, bool total) {
  std::string o = total ? "<tr class=total>" : "<tr>";
  for (const std::string& t : text) o += "<td>" + std::string(total ? "<strong>" : "") + html_escape(t) + (total ? "</strong>" : "") + "</td>";
  for (const std::string& n : numbers) o += "<td class=num>" + html_escape(n) + "</td>";
  return o + "</tr>";
}

constexpr const char* kEnd = "</tbody></table></div></section>";

std::string activity_table(const char* title, const char* first, const std::vector<ActivityFigures>& rows,
                           const ActivityFigures& total, bool with_category) {
  const auto& w = kReportWords;
  const auto numbers = {w.dates_held, w.dates_cancelled, w.people_registered, w.people_waitlisted, w.cancellations};
  std::string o = with_category ? head(title, {first, w.category}, numbers) : head(title, {first}, numbers);
  auto line = [&](const ActivityFigures& f, bool bold) {
    const std::initializer_list<std::string> n = {std::to_string(f.dates_held), std::to_string(f.dates_cancelled),
                                                  f.people.text(), f.waitlisted.text(), f.cancellations.text()};
    o += with_category ? row({f.label, bold ? std::string() : f.category}, n, bold) : row({f.label}, n, bold);
  };
  for (const auto& f : rows) line(f, false);
  line(total, true);
  return o + kEnd;
}

std::string help_table(const Report& r) {
  const auto& w = kReportWords;
  std::string o = head(w.help_title, {w.help_kind}, {w.help_open, w.help_claimed, w.help_done, w.help_cancelled,
                                                     w.help_total, w.median_to_claim, w.median_to_done});
  auto line = [&o](const HelpFigures& h, bool bold) {
    o += row({h.category}, {h.open.text(), h.claimed.text(), h.done.text(), h.cancelled.text(), h.total.text(),
                            hours(h.median_hours_to_claim), hours(h.median_hours_to_done)},
             bold);
  };
  for (const auto& h : r.help) line(h, false);
  line(r.help_total, true);
  return o + kEnd;
}

std::string period_table(const char* title, const char* first, const std::vector<PeriodFigures>& rows,
                         const PeriodFigures& total) {
  const auto& w = kReportWords;
  std::string o = head(title, {first}, {w.dates_held, w.people_registered, w.help_requests});
  for (const auto& p : rows)
    o += row({p.period}, {std::to_string(p.dates_held), p.people.text(), p.help_requests.text()}, false);
  o += row({total.period}, {std::to_string(total.dates_held), total.people.text(), total.help_requests.text()}, true);
  return o + kEnd;
}

}  // namespace

std::string report_html(const Report& r) {
  const auto& w = kReportWords;
  std::string legend;
  for (char c : std::string_view(w.legend))
    if (c != '`') legend += c;  // Markdown's code marks
  return "<p class=legend>" + html_escape(legend) + "</p>" +
         activity_table(w.activities_title, w.activity, r.activities, r.activity_total, true) +
         activity_table(w.by_category_title, w.category, r.categories, r.activity_total, false) + help_table(r) +
         period_table(w.by_week_title, w.week, r.weeks, r.period_total) +
         period_table(w.by_month_title, w.month, r.months, r.period_total);
}

}  // namespace bk
