// The report's chart: registrations (people) and help requests per ISO week, a grouped bar chart
// readable in black and white. Words come from report_words.hpp.
#include <algorithm>
#include <utility>

#include "services/report.hpp"
#include "services/report_suppression.hpp"
#include "services/report_words.hpp"

namespace bk {
namespace {

using report_detail::kReportWords;

std::string num(std::int64_t v) { return std::to_string(v); }

// Layout in px: a plot area with a left axis, one group of two bars per week.
struct Chart {
  static constexpr int left = 60, top = 50, plot_h = 240, bottom = 90, group_w = 44, bar_w = 16;
  int n = 0, width = 0, height = 0;
  std::int64_t top_value = 0;

  explicit Chart(const Report& r) : n(static_cast<int>(r.weeks.size())) {
    width = left + std::max(n, 1) * group_w + 30;
    height = top + plot_h + bottom;
    std::int64_t max = 0;
    for (const auto& w : r.weeks)
      for (const Count* c : {&w.people, &w.help_requests})
        max = std::max(max, c->value().value_or(report_detail::kSmall));
    // A round top for the axis: 1, 2 or 5 times a power of ten.
    for (std::int64_t step = 1; top_value == 0; step *= 10)
      for (std::int64_t f : {1, 2, 5})
        if (top_value == 0 && f * step >= max) top_value = f * step;
  }
  int y_of(std::int64_t v) const { return top + plot_h - static_cast<int>(v * plot_h / top_value); }
};

std::string svg_head(const Report& r, const Chart& c) {
  const auto& w = kReportWords;
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  num(c.width) + "\" height=\"" + num(c.height) + "\" viewBox=\"0 0 " + num(c.width) + " " +
                  num(c.height) + "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n";
  s += std::string("<title>") + w.chart_title + ", " + format_date(r.from) + " " + w.through + " " +
       format_date(r.to) +
       "</title>\n<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
       "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"white\"/>"
       "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"black\" stroke-width=\"2\"/></pattern></defs>\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + num(c.left) + "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" + w.chart_heading +
       "</text>\n";
  return s;
}

// Axes, ticks at 0, half and top.
std::string svg_axes(const Chart& c) {
  const int left = c.left, top = c.top, plot_h = c.plot_h;
  std::string s = "<line x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" +
                  num(top + plot_h) + "\" stroke=\"black\"/>\n<line x1=\"" + num(left) + "\" y1=\"" +
                  num(top + plot_h) + "\" x2=\"" + num(c.width - 20) + "\" y2=\"" + num(top + plot_h) +
                  "\" stroke=\"black\"/>\n";
  for (std::int64_t v : {std::int64_t{0}, c.top_value / 2, c.top_value}) {
    s += "<line x1=\"" + num(left - 4) + "\" y1=\"" + num(c.y_of(v)) + "\" x2=\"" + num(left) + "\" y2=\"" +
         num(c.y_of(v)) + "\" stroke=\"black\"/><text x=\"" + num(left - 8) + "\" y=\"" + num(c.y_of(v) + 4) +
         "\" text-anchor=\"end\">" + num(v) + "</text>\n";
  }
  s += "<text x=\"14\" y=\"" + num(top + plot_h / 2) + "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
       num(top + plot_h / 2) + ")\">" + kReportWords.chart_axis + "</text>\n";
  return s;
}

// One week's two bars (a suppressed figure: no height, its mark instead) and its label.
std::string svg_week(const Chart& c, const PeriodFigures& w, int i) {
  const int gx = c.left + i * c.group_w + 6, base = c.top + c.plot_h;
  std::string s;
  int k = 0;
  for (const auto& [cls, cnt] : {std::pair<const char*, const Count*>{"people", &w.people}, {"help", &w.help_requests}}) {
    const int x = gx + k * c.bar_w;
    const int y = c.y_of(cnt->value().value_or(0));
    s += "<rect class=\"bar " + std::string(cls) + "\" data-week=\"" + w.period + "\" x=\"" + num(x) + "\" y=\"" +
         num(y) + "\" width=\"" + num(c.bar_w) + "\" height=\"" + num(base - y) + "\" " +
         (k == 0 ? "fill=\"black\"" : "fill=\"url(#hatch)\" stroke=\"black\"") + "/>\n";
    if (!cnt->value()) {
      s += "<text x=\"" + num(x + c.bar_w / 2) + "\" y=\"" + num(base - 4) +
           "\" text-anchor=\"middle\" font-size=\"10\">" + (cnt->text() == "x" ? "x" : "&lt;5") + "</text>\n";
    }
    ++k;
  }
  const int lx = gx + c.bar_w, ly = base + 14;
  s += "<text x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-45 " +
       num(lx) + " " + num(ly) + ")\">" + w.period + "</text>\n";
  return s;
}

std::string svg_legend(const Chart& c) {
  const auto& w = kReportWords;
  const int left = c.left, ly = c.height - 12;
  std::string s = "<text x=\"" + num(left + std::max(c.n, 1) * c.group_w / 2) + "\" y=\"" +
                  num(c.top + c.plot_h + 62) + "\" text-anchor=\"middle\">" + w.chart_x_axis + "</text>\n";
  s += "<rect x=\"" + num(left) + "\" y=\"" + num(ly - 10) + "\" width=\"12\" height=\"12\" fill=\"black\"/>"
       "<text x=\"" + num(left + 18) + "\" y=\"" + num(ly) + "\">" + w.chart_people + "</text>\n";
  s += "<rect x=\"" + num(left + 190) + "\" y=\"" + num(ly - 10) +
       "\" width=\"12\" height=\"12\" fill=\"url(#hatch)\" stroke=\"black\"/><text x=\"" + num(left + 208) +
       "\" y=\"" + num(ly) + "\">" + w.chart_help + "</text>\n";
  s += "<text x=\"" + num(left + 300) + "\" y=\"" + num(ly) + "\" font-size=\"10\">" + w.chart_legend + "</text>\n";
  return s;
}

}  // namespace

std::string report_svg(const Report& r) {
  const Chart c(r);
  std::string s = svg_head(r, c) + svg_axes(c);
  for (int i = 0; i < c.n; ++i) s += svg_week(c, r.weeks[static_cast<size_t>(i)], i);
  s += svg_legend(c);
  s += "</svg>\n";
  return s;
}

}  // namespace bk
