#include "services/report.hpp"

#include "store/sqlite/database.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>

#include "domain/csv.hpp"
#include "domain/json.hpp"
#include "services/help_service.hpp"

namespace bk {
namespace {

// The only statements the report runs: no name, phone, description, note or claimed_by.
// ?1/?2 = [start of `from`, start of the day after `to`) as UTC instants.
constexpr std::string_view kOccurrencesSql =
    "SELECT o.id, o.activity_id, o.start_utc, o.status, a.title, a.category "
    "FROM occurrence o JOIN activity a ON a.id = o.activity_id "
    "WHERE o.start_utc >= ?1 AND o.start_utc < ?2";
constexpr std::string_view kRegistrationsSql =
    "SELECT r.occurrence_id, r.status, count(*), COALESCE(sum(r.people), 0) "
    "FROM registration r JOIN occurrence o ON o.id = r.occurrence_id "
    "WHERE o.start_utc >= ?1 AND o.start_utc < ?2 GROUP BY r.occurrence_id, r.status";
constexpr std::string_view kHelpSql =
    "SELECT category, status, created_utc, claimed_utc, done_utc FROM help_request "
    "WHERE created_utc >= ?1 AND created_utc < ?2";

constexpr int kSmall = 5;  // counts below this (but not 0) are not published
const char* kTotal = "totaal";
const char* kNoCategory = "(geen)";

// Raw counts live here only; what leaves is Count. Cells belong to groups: members whose sum is
// a total cell that is also published (activities → total, activities of one category → that
// category, categories → total, weeks → total, a help category's statuses → its row total, …).
//
// Suppression rule: every count 1–4 is Small ("<5"). Then, for each group whose total is shown,
// if exactly one member is hidden (or all hidden members are Small and their sum, total minus the
// shown members, leaves only one possibility: all 1 or all 4), the smallest shown non-zero member
// is hidden as well ("x"), or, when there is none, the total. Repeated until nothing changes,
// since a cell hidden for one group can expose another group it belongs to.
struct Pool {
  struct Group {
    std::vector<int> members;
    int total;
  };
  std::vector<std::int64_t> raw;
  std::vector<Count::Kind> kind;
  std::vector<Group> groups;

  int add(std::int64_t v) {
    raw.push_back(v);
    return static_cast<int>(raw.size()) - 1;
  }
  void group(std::vector<int> members, int total) {
    if (!members.empty()) groups.push_back({std::move(members), total});
  }
  void suppress() {
    kind.assign(raw.size(), Count::Kind::Shown);
    for (size_t i = 0; i < raw.size(); ++i)
      if (raw[i] > 0 && raw[i] < kSmall) kind[i] = Count::Kind::Small;
    for (bool changed = true; changed;) {
      changed = false;
      for (const Group& g : groups) {
        if (kind[static_cast<size_t>(g.total)] != Count::Kind::Shown) continue;
        int hidden = 0;
        bool all_small = true;
        std::int64_t sum = 0;
        for (int m : g.members) {
          if (kind[static_cast<size_t>(m)] == Count::Kind::Shown) continue;
          ++hidden;
          sum += raw[static_cast<size_t>(m)];
          if (kind[static_cast<size_t>(m)] != Count::Kind::Small) all_small = false;
        }
        const bool exposed = hidden == 1 || (hidden > 1 && all_small && (sum == hidden || sum == 4 * hidden));
        if (!exposed) continue;
        int best = -1;
        for (int m : g.members) {
          const auto mi = static_cast<size_t>(m);
          if (kind[mi] == Count::Kind::Shown && raw[mi] > 0 &&
              (best < 0 || raw[mi] < raw[static_cast<size_t>(best)]))
            best = m;
        }
        kind[static_cast<size_t>(best >= 0 ? best : g.total)] = Count::Kind::Hidden;
        changed = true;
      }
    }
  }
  Count count(int id) const {
    const auto i = static_cast<size_t>(id);
    switch (kind[i]) {
      case Count::Kind::Small: return Count::small();
      case Count::Kind::Hidden: return Count::hidden();
      case Count::Kind::Shown: break;
    }
    return Count::shown(raw[i]);
  }
};

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

ActivityFigures publish(const ActivityCells& a, const Pool& p) {
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

PeriodFigures publish(const PeriodCells& c, const Pool& p) {
  return PeriodFigures{c.label, c.dates_held, p.count(c.c_people), p.count(c.c_help)};
}

HelpFigures publish(const HelpCells& h, const Pool& p) {
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

void add_cells(ActivityCells& a, Pool& p) {
  a.c_people = p.add(a.people);
  a.c_wait = p.add(a.waitlisted);
  a.c_cancel = p.add(a.cancellations);
}

// The three people measures of rows → the same measures of `total`.
void group_rows(Pool& p, const std::vector<const ActivityCells*>& rows, const ActivityCells& total) {
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

const std::vector<std::string_view>& report_sql() {
  static const std::vector<std::string_view> all = {kOccurrencesSql, kRegistrationsSql, kHelpSql};
  return all;
}

Report build_report(Store& store, const TimeZone& zone, LocalDate from, LocalDate to) {
  Database& db = store.engine();
  if (to < from) throw std::invalid_argument("--to lies before --from");
  const UtcSeconds begin = zone.start_of_day(from), end = zone.start_of_day(add_days(to, 1));

  // Weeks and months of the period, in order.
  std::vector<PeriodCells> weeks, months;
  std::map<std::string, size_t> week_at, month_at;
  for (LocalDate d = from; d <= to; d = add_days(d, 1)) {
    const std::string w = iso_week_label(d), m = month_label(d);
    if (week_at.emplace(w, weeks.size()).second) weeks.push_back({w});
    if (month_at.emplace(m, months.size()).second) months.push_back({m});
  }

  struct Occ {
    std::int64_t activity;
    LocalDate date;
    bool cancelled;
  };
  std::map<std::int64_t, Occ> occurrences;
  std::map<std::int64_t, ActivityCells> activities;
  std::vector<HelpCells> help;
  for (const auto& c : help_categories()) help.emplace_back(c);
  {
    ReadTransaction tx(db);
    auto occ = db.prepare(kOccurrencesSql);
    occ.bind(1, begin).bind(2, end);
    while (occ.step()) {
      const Occ o{occ.int64(1), zone.local_date(occ.int64(2)), occ.text(3) == "cancelled"};
      occurrences.emplace(occ.int64(0), o);
      auto& a = activities[o.activity];
      a.label = occ.text(4);
      a.category = occ.text(5).empty() ? kNoCategory : occ.text(5);
      (o.cancelled ? a.dates_cancelled : a.dates_held) += 1;
      if (!o.cancelled) {
        weeks[week_at.at(iso_week_label(o.date))].dates_held += 1;
        months[month_at.at(month_label(o.date))].dates_held += 1;
      }
    }
    auto reg = db.prepare(kRegistrationsSql);
    reg.bind(1, begin).bind(2, end);
    while (reg.step()) {
      const Occ& o = occurrences.at(reg.int64(0));
      if (o.cancelled) continue;  // a date that did not go ahead: nobody attended
      auto& a = activities[o.activity];
      const std::string status = reg.text(1);
      const std::int64_t rows = reg.int64(2), people = reg.int64(3);
      if (status == "registered") {
        a.people += people;
        weeks[week_at.at(iso_week_label(o.date))].people += people;
        months[month_at.at(month_label(o.date))].people += people;
      } else if (status == "waitlisted") {
        a.waitlisted += people;
      } else if (status == "cancelled") {
        a.cancellations += rows;
      }
    }
    auto hq = db.prepare(kHelpSql);
    hq.bind(1, begin).bind(2, end);
    while (hq.step()) {
      const std::string category = hq.text(0);
      auto it = std::find_if(help.begin(), help.end(), [&](const HelpCells& h) { return h.category == category; });
      if (it == help.end()) it = help.insert(help.end(), HelpCells(category));
      const UtcSeconds created = hq.int64(2);
      it->n[status_index(hq.text(1))] += 1;
      if (auto c = hq.opt_int64(3)) it->to_claim.push_back(*c - created);
      if (auto d = hq.opt_int64(4)) it->to_done.push_back(*d - created);
      const LocalDate day = zone.local_date(created);
      weeks[week_at.at(iso_week_label(day))].help += 1;
      months[month_at.at(month_label(day))].help += 1;
    }
  }

  // Rows and totals, then the cells and the groups that sum to a published total.
  std::vector<ActivityCells> act_rows;
  for (auto& [id, a] : activities) act_rows.push_back(a);
  std::stable_sort(act_rows.begin(), act_rows.end(), [](const ActivityCells& x, const ActivityCells& y) {
    return std::tie(x.category, x.label) < std::tie(y.category, y.label);
  });
  std::map<std::string, ActivityCells> cats;
  ActivityCells total;
  total.label = total.category = kTotal;
  for (const auto& a : act_rows) {
    auto& c = cats[a.category];
    c.label = c.category = a.category;
    for (ActivityCells* t : {&c, &total}) {
      t->dates_held += a.dates_held;
      t->dates_cancelled += a.dates_cancelled;
      t->people += a.people;
      t->waitlisted += a.waitlisted;
      t->cancellations += a.cancellations;
    }
  }
  HelpCells help_total(kTotal);
  for (auto& h : help) {
    for (int s = 0; s < kStatuses; ++s) help_total.n[s] += h.n[s];
    help_total.to_claim.insert(help_total.to_claim.end(), h.to_claim.begin(), h.to_claim.end());
    help_total.to_done.insert(help_total.to_done.end(), h.to_done.begin(), h.to_done.end());
  }

  Pool p;
  for (auto& a : act_rows) add_cells(a, p);
  for (auto& [name, c] : cats) add_cells(c, p);
  add_cells(total, p);
  auto help_cells = [&p](HelpCells& h) {
    std::int64_t sum = 0;
    for (int s = 0; s < kStatuses; ++s) {
      h.c[s] = p.add(h.n[s]);
      sum += h.n[s];
    }
    h.c_total = p.add(sum);
  };
  for (auto& h : help) help_cells(h);
  help_cells(help_total);
  PeriodCells period_total{kTotal, total.dates_held, total.people, 0};
  period_total.c_people = total.c_people;  // the same published totals as the tables above
  period_total.c_help = help_total.c_total;
  for (auto* list : {&weeks, &months})
    for (auto& w : *list) {
      w.c_people = p.add(w.people);
      w.c_help = p.add(w.help);
    }

  std::vector<const ActivityCells*> all_acts, all_cats;
  for (const auto& a : act_rows) all_acts.push_back(&a);
  for (const auto& [name, c] : cats) {
    all_cats.push_back(&c);
    std::vector<const ActivityCells*> in;
    for (const auto& a : act_rows)
      if (a.category == name) in.push_back(&a);
    group_rows(p, in, c);
  }
  group_rows(p, all_acts, total);
  group_rows(p, all_cats, total);
  std::vector<int> row_totals;
  for (const auto& h : help) {
    p.group(std::vector<int>(std::begin(h.c), std::end(h.c)), h.c_total);
    row_totals.push_back(h.c_total);
  }
  p.group(row_totals, help_total.c_total);
  for (int s = 0; s < kStatuses; ++s) {
    std::vector<int> column;
    for (const auto& h : help) column.push_back(h.c[s]);
    p.group(column, help_total.c[s]);
  }
  p.group(std::vector<int>(std::begin(help_total.c), std::end(help_total.c)), help_total.c_total);
  for (const auto* list : {&weeks, &months}) {
    std::vector<int> people, requests;
    for (const auto& w : *list) {
      people.push_back(w.c_people);
      requests.push_back(w.c_help);
    }
    p.group(people, total.c_people);
    p.group(requests, help_total.c_total);
  }
  p.suppress();

  Report r;
  r.from = from;
  r.to = to;
  for (const auto& a : act_rows) r.activities.push_back(publish(a, p));
  for (const auto& [name, c] : cats) r.categories.push_back(publish(c, p));
  r.activity_total = publish(total, p);
  for (const auto& h : help) r.help.push_back(publish(h, p));
  r.help_total = publish(help_total, p);
  for (const auto& w : weeks) r.weeks.push_back(publish(w, p));
  for (const auto& m : months) r.months.push_back(publish(m, p));
  r.period_total = publish(period_total, p);
  return r;
}

MonthTotals month_totals(Store& store, const TimeZone& zone, LocalDate day) {
  Database& db = store.engine();
  const LocalDate first{day.year, day.month, 1};
  const LocalDate next = day.month == 12 ? LocalDate{day.year + 1, 1, 1} : LocalDate{day.year, day.month + 1, 1};
  const Report r = build_report(store, zone, first, add_days(next, -1));
  return MonthTotals{month_label(first), r.period_total.dates_held, r.period_total.people,
                     r.period_total.help_requests};
}

// ---- output -------------------------------------------------------------------------------

namespace {

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

const char* kLegend =
    "`<5` = 1 tot 4 (klein aantal, niet getoond); `x` = niet getoond, zodat een klein aantal niet "
    "uit een totaal terug te rekenen is; `-` = mediaan over minder dan 5 hulpvragen.";

}  // namespace

std::string report_markdown(const Report& r) {
  std::string o = "# Cijfers " + format_date(r.from) + " t/m " + format_date(r.to) + "\n\n" + kLegend + "\n";
  auto act_table = [&o](const char* title, const char* first, const std::vector<ActivityFigures>& rows,
                        const ActivityFigures& total, bool with_category) {
    o += std::string("\n## ") + title + "\n\n| " + first + (with_category ? " | categorie" : "") +
         " | keren gehouden | afgelast | aangemeld (personen) | wachtlijst (personen) | afmeldingen |\n|---" +
         (with_category ? "|---" : "") + "|---:|---:|---:|---:|---:|\n";
    auto line = [&](const ActivityFigures& f, bool bold) {
      const std::string label = bold ? "**" + f.label + "**" : md_cell(f.label);
      o += "| " + label + (with_category ? " | " + (bold ? std::string() : md_cell(f.category)) : "") + " | " +
           std::to_string(f.dates_held) + " | " + std::to_string(f.dates_cancelled) + " | " + f.people.text() +
           " | " + f.waitlisted.text() + " | " + f.cancellations.text() + " |\n";
    };
    for (const auto& f : rows) line(f, false);
    line(total, true);
  };
  act_table("Activiteiten", "activiteit", r.activities, r.activity_total, true);
  act_table("Per categorie", "categorie", r.categories, r.activity_total, false);

  o += "\n## Hulpvragen\n\n| soort | open | opgepakt | afgerond | geannuleerd | totaal | mediaan uren tot "
       "opgepakt | mediaan uren tot afgerond |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  auto help_line = [&o](const HelpFigures& h, bool bold) {
    o += "| " + (bold ? "**" + h.category + "**" : md_cell(h.category)) + " | " + h.open.text() + " | " +
         h.claimed.text() + " | " + h.done.text() + " | " + h.cancelled.text() + " | " + h.total.text() +
         " | " + hours_text(h.median_hours_to_claim) + " | " + hours_text(h.median_hours_to_done) + " |\n";
  };
  for (const auto& h : r.help) help_line(h, false);
  help_line(r.help_total, true);

  auto period_table = [&](const char* title, const char* first, const std::vector<PeriodFigures>& rows) {
    o += std::string("\n## ") + title + "\n\n| " + first +
         " | keren gehouden | aangemeld (personen) | hulpvragen |\n|---|---:|---:|---:|\n";
    auto line = [&o](const PeriodFigures& p, bool bold) {
      o += "| " + (bold ? "**" + p.period + "**" : p.period) + " | " + std::to_string(p.dates_held) + " | " +
           p.people.text() + " | " + p.help_requests.text() + " |\n";
    };
    for (const auto& p : rows) line(p, false);
    line(r.period_total, true);
  };
  period_table("Per week", "week", r.weeks);
  period_table("Per maand", "maand", r.months);
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
  return o;
}

std::string report_json(const Report& r) {
  auto act = [](const ActivityFigures& f, bool activity) {
    json::Object o;
    if (activity) {
      o.add("activity", f.label).add("category", f.category);
    } else {
      o.add("category", f.label);
    }
    return o.add("dates_held", f.dates_held).add("dates_cancelled", f.dates_cancelled)
        .add_raw("people_registered", count_json(f.people)).add_raw("people_waitlisted", count_json(f.waitlisted))
        .add_raw("cancellations", count_json(f.cancellations)).str();
  };
  auto help = [](const HelpFigures& h) {
    return json::Object().add("category", h.category).add_raw("open", count_json(h.open))
        .add_raw("claimed", count_json(h.claimed)).add_raw("done", count_json(h.done))
        .add_raw("cancelled", count_json(h.cancelled)).add_raw("total", count_json(h.total))
        .add("median_hours_to_claim", h.median_hours_to_claim).add("median_hours_to_done", h.median_hours_to_done)
        .str();
  };
  auto period = [](const PeriodFigures& p, const char* key) {
    return json::Object().add(key, p.period).add("dates_held", p.dates_held)
        .add_raw("people_registered", count_json(p.people)).add_raw("help_requests", count_json(p.help_requests))
        .str();
  };
  std::vector<std::string> acts, cats, helps, weeks, months;
  for (const auto& f : r.activities) acts.push_back(act(f, true));
  for (const auto& f : r.categories) cats.push_back(act(f, false));
  for (const auto& h : r.help) helps.push_back(help(h));
  for (const auto& w : r.weeks) weeks.push_back(period(w, "week"));
  for (const auto& m : r.months) months.push_back(period(m, "month"));
  return json::Object().add("from", format_date(r.from)).add("to", format_date(r.to))
      .add("legend", "\"<5\": 1 to 4; \"x\": hidden so that a small count cannot be worked out from a total; "
                     "median null: fewer than 5 requests")
      .add_raw("activities", json::array(acts)).add_raw("categories", json::array(cats))
      .add_raw("activity_total", act(r.activity_total, false)).add_raw("help", json::array(helps))
      .add_raw("help_total", help(r.help_total)).add_raw("weeks", json::array(weeks))
      .add_raw("months", json::array(months)).add_raw("period_total", period(r.period_total, "period"))
      .str();
}

std::string report_svg(const Report& r) {
  // Layout in px: a plot area with a left axis, one group of two bars per week.
  const int left = 60, top = 50, plot_h = 240, bottom = 90, group_w = 44, bar_w = 16;
  const int n = static_cast<int>(r.weeks.size());
  const int width = left + std::max(n, 1) * group_w + 30, height = top + plot_h + bottom;
  std::int64_t max = 0;
  for (const auto& w : r.weeks)
    for (const Count* c : {&w.people, &w.help_requests}) max = std::max(max, c->value().value_or(kSmall));
  // A round top for the axis: 1, 2 or 5 times a power of ten.
  std::int64_t top_value = 0;
  for (std::int64_t step = 1; top_value == 0; step *= 10)
    for (std::int64_t f : {1, 2, 5})
      if (top_value == 0 && f * step >= max) top_value = f * step;
  auto y_of = [&](std::int64_t v) { return top + plot_h - static_cast<int>(v * plot_h / top_value); };
  auto num = [](std::int64_t v) { return std::to_string(v); };

  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                  num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                  "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n";
  s += "<title>Aanmeldingen en hulpvragen per week, " + format_date(r.from) + " t/m " + format_date(r.to) +
       "</title>\n<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
       "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"white\"/>"
       "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"black\" stroke-width=\"2\"/></pattern></defs>\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + num(left) + "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Aanmeldingen (personen) en "
       "hulpvragen per week</text>\n";
  // Axes, ticks at 0, half and top.
  s += "<line x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" + num(top + plot_h) +
       "\" stroke=\"black\"/>\n<line x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\"" +
       num(width - 20) + "\" y2=\"" + num(top + plot_h) + "\" stroke=\"black\"/>\n";
  for (std::int64_t v : {std::int64_t{0}, top_value / 2, top_value}) {
    s += "<line x1=\"" + num(left - 4) + "\" y1=\"" + num(y_of(v)) + "\" x2=\"" + num(left) + "\" y2=\"" +
         num(y_of(v)) + "\" stroke=\"black\"/><text x=\"" + num(left - 8) + "\" y=\"" + num(y_of(v) + 4) +
         "\" text-anchor=\"end\">" + num(v) + "</text>\n";
  }
  s += "<text x=\"14\" y=\"" + num(top + plot_h / 2) + "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
       num(top + plot_h / 2) + ")\">aantal</text>\n";
  for (int i = 0; i < n; ++i) {
    const auto& w = r.weeks[static_cast<size_t>(i)];
    const int gx = left + i * group_w + 6;
    int k = 0;
    for (const auto& [cls, c] : {std::pair<const char*, const Count*>{"people", &w.people}, {"help", &w.help_requests}}) {
      const int x = gx + k * bar_w;
      const std::int64_t v = c->value().value_or(0);
      const int y = y_of(v);
      s += "<rect class=\"bar " + std::string(cls) + "\" data-week=\"" + w.period + "\" x=\"" + num(x) +
           "\" y=\"" + num(y) + "\" width=\"" + num(bar_w) + "\" height=\"" + num(top + plot_h - y) + "\" " +
           (k == 0 ? "fill=\"black\"" : "fill=\"url(#hatch)\" stroke=\"black\"") + "/>\n";
      if (!c->value()) {  // suppressed: no height, its mark instead
        s += "<text x=\"" + num(x + bar_w / 2) + "\" y=\"" + num(top + plot_h - 4) +
             "\" text-anchor=\"middle\" font-size=\"10\">" + (c->text() == "x" ? "x" : "&lt;5") + "</text>\n";
      }
      ++k;
    }
    const int lx = gx + bar_w, ly = top + plot_h + 14;
    s += "<text x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-45 " +
         num(lx) + " " + num(ly) + ")\">" + w.period + "</text>\n";
  }
  s += "<text x=\"" + num(left + std::max(n, 1) * group_w / 2) + "\" y=\"" + num(top + plot_h + 62) +
       "\" text-anchor=\"middle\">ISO-week</text>\n";
  const int ly = height - 12;
  s += "<rect x=\"" + num(left) + "\" y=\"" + num(ly - 10) + "\" width=\"12\" height=\"12\" fill=\"black\"/>"
       "<text x=\"" + num(left + 18) + "\" y=\"" + num(ly) + "\">aanmeldingen (personen)</text>\n";
  s += "<rect x=\"" + num(left + 190) + "\" y=\"" + num(ly - 10) +
       "\" width=\"12\" height=\"12\" fill=\"url(#hatch)\" stroke=\"black\"/><text x=\"" + num(left + 208) +
       "\" y=\"" + num(ly) + "\">hulpvragen</text>\n";
  s += "<text x=\"" + num(left + 300) + "\" y=\"" + num(ly) + "\" font-size=\"10\">&lt;5 = 1 tot 4, x = verborgen</text>\n";
  s += "</svg>\n";
  return s;
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  const std::filesystem::path tmp = file.string() + ".tmp-" + std::to_string(::getpid());
  auto fail = [&](const std::string& why) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write " + file.string() + ": " + why);
  };
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) fail(std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size() &&
                       std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !written) fail(std::strerror(written ? errno : err));
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) fail(ec.message());
}

}  // namespace bk
