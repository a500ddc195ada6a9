#pragma once
// Anonymous figures for funders (`buurtkioskctl report`, and a month card a screen may show).
//
// Anonymous by construction:
// - The queries read only ids, activity title/category, status, people, checked-in flags and
//   timestamps; never a name, phone number, description, note or volunteer name (the SQL is in
//   store/report_store.cpp; report_sql() lists it, a test checks it). So the report is the same
//   before and after `purge`.
// - Raw numbers never leave report.cpp: every figure is a Count that is already suppressed.
//   A count of people or requests from 1 to 4 is shown as "<5"; 0 stays 0. Complementary
//   suppression (the rule is in report_suppression.hpp) hides a second cell, shown as "x", where a
//   "<5" could otherwise be worked out by subtracting the other cells from a total that is shown.
// - The renderers (report_render.cpp, report_svg.cpp) take every heading from report_words.hpp.
// - Numbers of dates (held, cancelled) are agenda facts anyone can read on the kiosk: not hidden.
// - A median time is shown only when at least 5 requests went into it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

// One figure as it may be published.
class Count {
 public:
  enum class Kind { Shown, Small, Hidden };  // Small: 1–4 ("<5"); Hidden: complementary ("x")
  static Count shown(std::int64_t v) { return Count(Kind::Shown, v); }
  static Count small() { return Count(Kind::Small, 0); }
  static Count hidden() { return Count(Kind::Hidden, 0); }
  Kind kind() const { return kind_; }
  std::optional<std::int64_t> value() const {
    return kind_ == Kind::Shown ? std::optional<std::int64_t>(value_) : std::nullopt;
  }
  std::string text() const;  // "12", "0", "<5" or "x"
  bool operator==(const Count&) const = default;

 private:
  Count(Kind k, std::int64_t v) : kind_(k), value_(v) {}
  Kind kind_ = Kind::Shown;
  std::int64_t value_ = 0;
};

// Per activity (label = title) or per category (label = category, "(geen)" when empty). Only
// dates that were held count people: a cancelled date's registrations are not attendance.
struct ActivityFigures {
  std::string label;
  std::string category;           // for activities; equals label for a category row
  std::int64_t dates_held = 0;    // occurrences in the period, not cancelled
  std::int64_t dates_cancelled = 0;
  Count people = Count::shown(0);         // sum of people with status registered (incl. checked in)
  Count waitlisted = Count::shown(0);     // sum of people still on the waiting list
  Count cancellations = Count::shown(0);  // registrations (parties) cancelled
};

struct HelpFigures {
  std::string category;  // "totaal" for the totals row
  Count open = Count::shown(0), claimed = Count::shown(0), done = Count::shown(0),
        cancelled = Count::shown(0), total = Count::shown(0);
  std::optional<double> median_hours_to_claim;  // nullopt: fewer than 5 requests
  std::optional<double> median_hours_to_done;
};

struct PeriodFigures {
  std::string period;  // 2027-W09 (ISO week) or 2027-03; days outside [from, to] are not counted
  std::int64_t dates_held = 0;
  Count people = Count::shown(0);
  Count help_requests = Count::shown(0);
};

// One centre's line of a regional report (PostgreSQL, centre "*"): its figures in the same cells
// pool as the rest, each centre's column grouped under the region's total, so a "<5" cannot be
// worked out by subtracting the other centres from the region.
struct CentreFigures {
  std::string centre;  // the centre's id; "regio" for the region's line (the report's totals)
  std::int64_t dates_held = 0;
  std::int64_t dates_cancelled = 0;
  Count people = Count::shown(0);
  Count waitlisted = Count::shown(0);
  Count cancellations = Count::shown(0);
  Count help_requests = Count::shown(0);
};

struct Report {
  LocalDate from, to;  // both included, local dates in the centre's zone
  std::vector<ActivityFigures> activities;  // by category, then title
  std::vector<ActivityFigures> categories;
  ActivityFigures activity_total;  // label "totaal"
  std::vector<HelpFigures> help;   // per category, in help_categories() order, then others
  HelpFigures help_total;
  std::vector<PeriodFigures> weeks;
  std::vector<PeriodFigures> months;
  PeriodFigures period_total;  // label "totaal"; the same totals as above
  std::vector<CentreFigures> centres;  // by_centre only, by id; empty otherwise
  CentreFigures centre_total;          // by_centre only: "regio", the same totals as above
};

// Dates whose start lies in [from 00:00, to 24:00) local time; help requests made in that period.
// by_centre: also a line per centre (of the rows the store shows: on PostgreSQL with centre "*",
// every centre's).
Report build_report(Store& store, const TimeZone& zone, LocalDate from, LocalDate to, bool by_centre = false);

std::string report_markdown(const Report& r);
std::string report_csv(const Report& r);   // tidy: section,label,category,measure,value
std::string report_json(const Report& r);
// The tables of report_markdown as an HTML fragment (<section>s with <table>s; every text escaped),
// for the back office's /beheer/cijfers page, which puts report_svg above it.
std::string report_html(const Report& r);
// Registrations (people) and help requests per ISO week: a grouped bar chart, one bar per week
// per series (rect class="bar people" / class="bar help"), readable in black and white.
std::string report_svg(const Report& r);

// Writes next to `file` and renames over it, so a reader never sees half a file. Throws
// std::runtime_error naming the file.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

// For a kiosk card: this month's figures (the month holding `day`), already suppressed.
struct MonthTotals {
  std::string month;  // 2027-03
  std::int64_t dates_held = 0;
  Count people = Count::shown(0);
  Count help_requests = Count::shown(0);
};
MonthTotals month_totals(Store& store, const TimeZone& zone, LocalDate day);

// ISO 8601 week label of a date: 2027-W09.
std::string iso_week_label(LocalDate d);

// Every SQL statement the report runs, so a test can check that none reads a personal column.
const std::vector<std::string_view>& report_sql();

}  // namespace bk
