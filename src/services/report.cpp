#include "services/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "services/help_service.hpp"
#include "services/report_suppression.hpp"
#include "store/report_store.hpp"

namespace bk {
namespace {

using report_detail::CellPool;
using report_detail::kSmall;

const char* kTotal = "totaal";
const char* kNoCategory = "(geen)";

std::string month_label(LocalDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
  return buf;
}

std::optional<double> median_hours(std::vector<std::int64_t> seconds) {
  if (seconds.size() < static_cast<size_t>(kSmall)) return std::nullopt;
  std::sort(seconds.begin(), seconds.end());
  const size_t n = seconds.size();
  const double s = n % 2 ? static_cast<double>(seconds[n / 2])
                         : (static_cast<double>(seconds[n / 2 - 1]) + static_cast<double>(seconds[n / 2])) / 2;
  return std::round(s / 360.0) / 10.0;  // hours, one decimal
}

// Cells of one row of the activity/category tables.
struct ActivityCells {
  std::string label, category;
  std::int64_t dates_held = 0, dates_cancelled = 0, people = 0, waitlisted = 0, cancellations = 0;
  int c_people = -1, c_wait = -1, c_cancel = -1;
};

struct PeriodCells {
  std::string label;
  std::int64_t dates_held = 0, people = 0, help = 0;
  int c_people = -1, c_help = -1;
};

constexpr int kStatuses = 4;  // open, claimed, done, cancelled
int status_index(const std::string& s) {
  if (s == "open") return 0;
  if (s == "claimed") return 1;
  if (s == "done") return 2;
  return 3;
}

struct HelpCells {
  std::string category;
  std::int64_t n[kStatuses] = {0, 0, 0, 0};
  int c[kStatuses] = {-1, -1, -1, -1};
  int c_total = -1;
  std::vector<std::int64_t> to_claim, to_done;
  explicit HelpCells(std::string c) : category(std::move(c)) {}
};

// One centre's line (by_centre).
struct CentreCells {
  std::int64_t dates_held = 0, dates_cancelled = 0, people = 0, waitlisted = 0, cancellations = 0, help = 0;
  int c_people = -1, c_wait = -1, c_cancel = -1, c_help = -1;
};

// Every raw figure of one report, before suppression.
struct Cells {
  std::vector<PeriodCells> weeks, months;  // of the period, in order
  std::map<std::string, size_t> week_at, month_at;
  std::map<std::int64_t, ActivityCells> activities;  // by activity id
  std::vector<HelpCells> help;
  std::map<std::string, CentreCells> centres;  // by centre id ("" on SQLite)
  // Rows and totals, made from the above by sum_totals.
  std::vector<ActivityCells> act_rows;  // by category, then title
  std::map<std::string, ActivityCells> cats;
  ActivityCells total;
  HelpCells help_total{kTotal};
  PeriodCells period_total;

  PeriodCells& week(LocalDate d) { return weeks[week_at.at(iso_week_label(d))]; }
  PeriodCells& month(LocalDate d) { return months[month_at.at(month_label(d))]; }
};

struct Occ {
  std::string centre;
  std::int64_t activity;
  LocalDate date;
  bool cancelled;
};

void make_periods(Cells& c, LocalDate from, LocalDate to) {
  for (LocalDate d = from; d <= to; d = add_days(d, 1)) {
    const std::string w = iso_week_label(d), m = month_label(d);
    if (c.week_at.emplace(w, c.weeks.size()).second) c.weeks.push_back({w});
    if (c.month_at.emplace(m, c.months.size()).second) c.months.push_back({m});
  }
}

std::map<std::int64_t, Occ> count_dates(Cells& c, const std::vector<ReportOccurrenceRow>& rows, const TimeZone& zone) {
  std::map<std::int64_t, Occ> occurrences;
  for (const auto& row : rows) {
    const Occ o{row.centre, row.activity_id, zone.local_date(row.start), row.status == "cancelled"};
    occurrences.emplace(row.occurrence_id, o);
    auto& a = c.activities[o.activity];
    a.label = row.title;
    a.category = row.category.empty() ? kNoCategory : row.category;
    (o.cancelled ? a.dates_cancelled : a.dates_held) += 1;
    auto& centre = c.centres[o.centre];
    (o.cancelled ? centre.dates_cancelled : centre.dates_held) += 1;
    if (!o.cancelled) {
      c.week(o.date).dates_held += 1;
      c.month(o.date).dates_held += 1;
    }
  }
  return occurrences;
}

void count_registrations(Cells& c, const std::vector<ReportRegistrationRow>& rows,
                         const std::map<std::int64_t, Occ>& occurrences) {
  for (const auto& row : rows) {
    const Occ& o = occurrences.at(row.occurrence_id);
    if (o.cancelled) continue;  // a date that did not go ahead: nobody attended
    auto& a = c.activities[o.activity];
    auto& centre = c.centres[o.centre];
    if (row.status == "registered") {
      a.people += row.people;
      centre.people += row.people;
      c.week(o.date).people += row.people;
      c.month(o.date).people += row.people;
    } else if (row.status == "waitlisted") {
      a.waitlisted += row.people;
      centre.waitlisted += row.people;
    } else if (row.status == "cancelled") {
      a.cancellations += row.rows;
      centre.cancellations += row.rows;
    }
  }
}

void count_help(Cells& c, const std::vector<ReportHelpRow>& rows, const TimeZone& zone) {
  for (const auto& c_name : help_categories()) c.help.emplace_back(c_name);
  for (const auto& row : rows) {
    auto it = std::find_if(c.help.begin(), c.help.end(), [&](const HelpCells& h) { return h.category == row.category; });
    if (it == c.help.end()) it = c.help.insert(c.help.end(), HelpCells(row.category));
    it->n[status_index(row.status)] += 1;
    if (row.claimed) it->to_claim.push_back(*row.claimed - row.created);
    if (row.done) it->to_done.push_back(*row.done - row.created);
    const LocalDate day = zone.local_date(row.created);
    c.week(day).help += 1;
    c.month(day).help += 1;
    c.centres[row.centre].help += 1;
  }
}

// Sorted activity rows, the category rows and the totals.
void sum_totals(Cells& c) {
  for (auto& [id, a] : c.activities) c.act_rows.push_back(a);
  std::stable_sort(c.act_rows.begin(), c.act_rows.end(), [](const ActivityCells& x, const ActivityCells& y) {
    return std::tie(x.category, x.label) < std::tie(y.category, y.label);
  });
  c.total.label = c.total.category = kTotal;
  for (const auto& a : c.act_rows) {
    auto& cat = c.cats[a.category];
    cat.label = cat.category = a.category;
    for (ActivityCells* t : {&cat, &c.total}) {
      t->dates_held += a.dates_held;
      t->dates_cancelled += a.dates_cancelled;
      t->people += a.people;
      t->waitlisted += a.waitlisted;
      t->cancellations += a.cancellations;
    }
  }
  for (auto& h : c.help) {
    for (int s = 0; s < kStatuses; ++s) c.help_total.n[s] += h.n[s];
    c.help_total.to_claim.insert(c.help_total.to_claim.end(), h.to_claim.begin(), h.to_claim.end());
    c.help_total.to_done.insert(c.help_total.to_done.end(), h.to_done.begin(), h.to_done.end());
  }
}

void add_cells(ActivityCells& a, CellPool& p) {
  a.c_people = p.add(a.people);
  a.c_wait = p.add(a.waitlisted);
  a.c_cancel = p.add(a.cancellations);
}

void add_cells(HelpCells& h, CellPool& p) {
  std::int64_t sum = 0;
  for (int s = 0; s < kStatuses; ++s) {
    h.c[s] = p.add(h.n[s]);
    sum += h.n[s];
  }
  h.c_total = p.add(sum);
}

void add_all_cells(Cells& c, CellPool& p) {
  for (auto& a : c.act_rows) add_cells(a, p);
  for (auto& [name, cat] : c.cats) add_cells(cat, p);
  add_cells(c.total, p);
  for (auto& h : c.help) add_cells(h, p);
  add_cells(c.help_total, p);
  c.period_total = PeriodCells{kTotal, c.total.dates_held, c.total.people, 0};
  c.period_total.c_people = c.total.c_people;  // the same published totals as the tables above
  c.period_total.c_help = c.help_total.c_total;
  for (auto* list : {&c.weeks, &c.months})
    for (auto& w : *list) {
      w.c_people = p.add(w.people);
      w.c_help = p.add(w.help);
    }
}

// The three people measures of rows → the same measures of `total`.
void group_rows(CellPool& p, const std::vector<const ActivityCells*>& rows, const ActivityCells& total) {
  std::vector<int> people, wait, cancel;
  for (const auto* r : rows) {
    people.push_back(r->c_people);
    wait.push_back(r->c_wait);
    cancel.push_back(r->c_cancel);
  }
  p.group(people, total.c_people);
  p.group(wait, total.c_wait);
  p.group(cancel, total.c_cancel);
}

void group_activities(const Cells& c, CellPool& p) {
  std::vector<const ActivityCells*> all_acts, all_cats;
  for (const auto& a : c.act_rows) all_acts.push_back(&a);
  for (const auto& [name, cat] : c.cats) {
    all_cats.push_back(&cat);
    std::vector<const ActivityCells*> in;
    for (const auto& a : c.act_rows)
      if (a.category == name) in.push_back(&a);
    group_rows(p, in, cat);
  }
  group_rows(p, all_acts, c.total);
  group_rows(p, all_cats, c.total);
}

void group_help_and_periods(const Cells& c, CellPool& p) {
  std::vector<int> row_totals;
  for (const auto& h : c.help) {
    p.group(std::vector<int>(std::begin(h.c), std::end(h.c)), h.c_total);
    row_totals.push_back(h.c_total);
  }
  p.group(row_totals, c.help_total.c_total);
  for (int s = 0; s < kStatuses; ++s) {
    std::vector<int> column;
    for (const auto& h : c.help) column.push_back(h.c[s]);
    p.group(column, c.help_total.c[s]);
  }
  p.group(std::vector<int>(std::begin(c.help_total.c), std::end(c.help_total.c)), c.help_total.c_total);
  for (const auto* list : {&c.weeks, &c.months}) {
    std::vector<int> people, requests;
    for (const auto& w : *list) {
      people.push_back(w.c_people);
      requests.push_back(w.c_help);
    }
    p.group(people, c.total.c_people);
    p.group(requests, c.help_total.c_total);
  }
}

// The centres' lines: each column's cells add up to the region's total, which is the report's own
// total cell, so one suppression covers the centres, the region and every other table.
void add_centre_cells(Cells& c, CellPool& p) {
  std::vector<int> people, wait, cancel, help;
  for (auto& [id, ce] : c.centres) {
    people.push_back(ce.c_people = p.add(ce.people));
    wait.push_back(ce.c_wait = p.add(ce.waitlisted));
    cancel.push_back(ce.c_cancel = p.add(ce.cancellations));
    help.push_back(ce.c_help = p.add(ce.help));
  }
  p.group(people, c.total.c_people);
  p.group(wait, c.total.c_wait);
  p.group(cancel, c.total.c_cancel);
  p.group(help, c.help_total.c_total);
}

void publish_centres(Report& r, const Cells& c, const CellPool& p) {
  for (const auto& [id, ce] : c.centres)
    r.centres.push_back({id, ce.dates_held, ce.dates_cancelled, p.count(ce.c_people), p.count(ce.c_wait),
                         p.count(ce.c_cancel), p.count(ce.c_help)});
  r.centre_total = {"regio", c.total.dates_held, c.total.dates_cancelled, p.count(c.total.c_people),
                    p.count(c.total.c_wait), p.count(c.total.c_cancel), p.count(c.help_total.c_total)};
}

ActivityFigures publish(const ActivityCells& a, const CellPool& p) {
  ActivityFigures f;
  f.label = a.label;
  f.category = a.category;
  f.dates_held = a.dates_held;
  f.dates_cancelled = a.dates_cancelled;
  f.people = p.count(a.c_people);
  f.waitlisted = p.count(a.c_wait);
  f.cancellations = p.count(a.c_cancel);
  return f;
}

PeriodFigures publish(const PeriodCells& c, const CellPool& p) {
  return PeriodFigures{c.label, c.dates_held, p.count(c.c_people), p.count(c.c_help)};
}

HelpFigures publish(const HelpCells& h, const CellPool& p) {
  HelpFigures f;
  f.category = h.category;
  f.open = p.count(h.c[0]);
  f.claimed = p.count(h.c[1]);
  f.done = p.count(h.c[2]);
  f.cancelled = p.count(h.c[3]);
  f.total = p.count(h.c_total);
  f.median_hours_to_claim = median_hours(h.to_claim);
  f.median_hours_to_done = median_hours(h.to_done);
  return f;
}

Report publish_all(const Cells& c, const CellPool& p, LocalDate from, LocalDate to) {
  Report r;
  r.from = from;
  r.to = to;
  for (const auto& a : c.act_rows) r.activities.push_back(publish(a, p));
  for (const auto& [name, cat] : c.cats) r.categories.push_back(publish(cat, p));
  r.activity_total = publish(c.total, p);
  for (const auto& h : c.help) r.help.push_back(publish(h, p));
  r.help_total = publish(c.help_total, p);
  for (const auto& w : c.weeks) r.weeks.push_back(publish(w, p));
  for (const auto& m : c.months) r.months.push_back(publish(m, p));
  r.period_total = publish(c.period_total, p);
  return r;
}

}  // namespace

std::string Count::text() const {
  switch (kind_) {
    case Kind::Small: return "<5";
    case Kind::Hidden: return "x";
    case Kind::Shown: break;
  }
  return std::to_string(value_);
}

std::string iso_week_label(LocalDate d) {
  const LocalDate thursday = add_days(d, 3 - weekday(d));
  const auto week = (days_from_civil(thursday) - days_from_civil({thursday.year, 1, 1})) / 7 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", thursday.year, static_cast<int>(week));
  return buf;
}

const std::vector<std::string_view>& report_sql() { return report_store_sql(); }

Report build_report(Store& store, const TimeZone& zone, LocalDate from, LocalDate to, bool by_centre) {
  if (to < from) throw std::invalid_argument("--to lies before --from");
  const ReportRows rows = read_report_rows(store, zone.start_of_day(from), zone.start_of_day(add_days(to, 1)));
  Cells c;
  make_periods(c, from, to);
  const auto occurrences = count_dates(c, rows.occurrences, zone);
  count_registrations(c, rows.registrations, occurrences);
  count_help(c, rows.help, zone);
  sum_totals(c);
  CellPool p;
  add_all_cells(c, p);
  group_activities(c, p);
  group_help_and_periods(c, p);
  if (by_centre) add_centre_cells(c, p);
  p.suppress();
  Report r = publish_all(c, p, from, to);
  if (by_centre) publish_centres(r, c, p);
  return r;
}

MonthTotals month_totals(Store& store, const TimeZone& zone, LocalDate day) {
  const LocalDate first{day.year, day.month, 1};
  const LocalDate next = day.month == 12 ? LocalDate{day.year + 1, 1, 1} : LocalDate{day.year, day.month + 1, 1};
  const Report r = build_report(store, zone, first, add_days(next, -1));
  return MonthTotals{month_label(first), r.period_total.dates_held, r.period_total.people,
                     r.period_total.help_requests};
}

}  // namespace bk
