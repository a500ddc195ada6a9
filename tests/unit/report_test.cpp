// report: anonymous figures for funders. A known data set made through the real services, exact
// counts, small counts shown as <5 and not recoverable from totals, no personal data in any output,
// the same figures after purge, a valid SVG with one bar per week per series, valid JSON.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>

#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "services/report.hpp"
#include "services/retention.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;
using bk::test::run_ctl;
namespace fs = std::filesystem;

namespace {

// Everything personal the data set holds: none of it may appear in a report.
const std::vector<std::string> kPersonal = {
    "Zwanetta Geheim", "Piet Privé", "Ans Anoniem", "Bob Bewaard", "Carla Cijfer", "Dirk Dicht",
    "Greet Gesloten", "Henk Heimelijk", "Ida Incognito", "Joop Juist", "0687654321",
    "Lekkende kraan", "Sleutel onder de mat", "Vrijwilliger Vlasblom"};
const char* kPhone = "0687654321";

struct Fixture : bk::test::ServiceGraph {
  fs::path file;
  Store& db = store;
  RegistrationService& regs = registrations;

  explicit Fixture(const std::string& name) : ServiceGraph(bk::test::temp_path(name)), file(store.path()) {
    at("2027-02-20T09:00");
  }
  ~Fixture() {
    for (auto s : {"", "-wal", "-shm"}) fs::remove(file.string() + s);
  }
  void at(const char* local) { clock.t = parse_now_option(local, zone); }

  std::vector<OccurrenceId> activity(const char* title, const char* category, const char* start,
                                     std::optional<int> capacity, const char* weekly_until = nullptr) {
    NewActivity a;
    a.title = title;
    a.category = category;
    a.description = "Lekkende kraan";  // an activity description is not read either
    a.start = *parse_local_datetime(start);
    a.end = a.start;
    a.end.hour += 1;
    a.capacity = capacity;
    if (weekly_until) a.weekly_until = parse_date(weekly_until);
    const auto id = agenda.add_activity(a);
    auto st = db.engine().prepare("SELECT id FROM occurrence WHERE activity_id = ? ORDER BY start_utc");
    st.bind(1, id);
    std::vector<OccurrenceId> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
  }
  std::string reg(OccurrenceId o, const std::string& name, int people, RegisterOutcome expect) {
    RegistrationRequest r;
    r.occurrence_id = o;
    r.name = name;
    r.phone = kPhone;
    r.people = people;
    r.channel = "desk";
    const auto res = regs.register_for(r);
    EXPECT_EQ(res.outcome, expect) << name << " " << res.problem;
    return res.code;
  }
  std::string ask(const char* local, const char* category, const std::string& name) {
    at(local);
    HelpRequestInput in{category, "any", "Lekkende kraan bij " + name, false, name, kPhone};
    const auto c = help.create(in);
    EXPECT_EQ(c.outcome, HelpOutcome::Created) << c.problem;
    return c.code;
  }

  // The known data set (report period 2027-03-01 … 2027-03-21: ISO weeks 9, 10 and 11).
  //   Koersbal (bewegen, 6 places) Tuesdays 2, 9, 16 March: 4+2 registered and 3 waiting on the
  //     2nd; 2 registered and one party of 1 cancelled on the 9th; nobody on the 16th.
  //   Yoga (bewegen) 10 March: 2 registered, then the date is cancelled.
  //   Taalcafé (ontmoeten, free entry) 4 March: 5+4 registered.
  //   Bingo (ontmoeten) 11 March: 2 registered.
  //   Help: 6 × klusje in week 9, claimed after 1…6 hours, 5 of them done after 24 hours;
  //     2 × vervoer open in week 10; 1 × post cancelled in week 9.
  void build() {
    const auto koersbal = activity("Koersbal", "bewegen", "2027-03-02T10:00", 6, "2027-03-16");
    EXPECT_EQ(koersbal.size(), 3u);
    const auto yoga = activity("Yoga", "bewegen", "2027-03-10T19:00", 10);
    const auto taal = activity("Taalcafé", "ontmoeten", "2027-03-04T14:00", std::nullopt);
    const auto bingo = activity("Bingo", "ontmoeten", "2027-03-11T14:00", 20);
    reg(koersbal[0], "Zwanetta Geheim", 4, RegisterOutcome::Registered);
    reg(koersbal[0], "Piet Privé", 2, RegisterOutcome::Registered);
    reg(koersbal[0], "Ans Anoniem", 3, RegisterOutcome::Waitlisted);
    reg(koersbal[1], "Bob Bewaard", 2, RegisterOutcome::Registered);
    const auto gone = reg(koersbal[1], "Carla Cijfer", 1, RegisterOutcome::Registered);
    EXPECT_EQ(regs.cancel_code(gone).outcome, CancelOutcome::Cancelled);
    reg(yoga[0], "Dirk Dicht", 2, RegisterOutcome::Registered);
    EXPECT_TRUE(agenda.cancel_occurrence(yoga[0]));
    reg(taal[0], "Greet Gesloten", 5, RegisterOutcome::Registered);
    reg(taal[0], "Henk Heimelijk", 4, RegisterOutcome::Registered);
    reg(bingo[0], "Ida Incognito", 2, RegisterOutcome::Registered);

    for (int i = 0; i < 6; ++i) {
      const std::string day = "2027-03-0" + std::to_string(1 + i);
      const std::string code = ask((day + "T09:00").c_str(), "klusje", "Joop Juist");
      at((day + "T" + (i < 9 ? "1" : "") + std::to_string(i) + ":00").c_str());  // 10:00 … 15:00
      EXPECT_TRUE(help.claim(code, "Vrijwilliger Vlasblom", "Sleutel onder de mat", "volunteer").ok());
      if (i < 5) {
        at((day.substr(0, 9) + std::to_string(2 + i) + "T09:00").c_str());  // a day later
        EXPECT_TRUE(help.done(code, "volunteer", "Vrijwilliger Vlasblom").ok());
      }
    }
    ask("2027-03-08T09:00", "vervoer", "Zwanetta Geheim");
    ask("2027-03-12T09:00", "vervoer", "Piet Privé");
    const auto post = ask("2027-03-05T09:00", "post", "Ans Anoniem");
    EXPECT_TRUE(help.cancel(post, "cli").ok());
  }
  Report report() { return build_report(db, zone, {2027, 3, 1}, {2027, 3, 21}); }
};

std::string texts(const ActivityFigures& f) {
  return std::to_string(f.dates_held) + " " + std::to_string(f.dates_cancelled) + " " + f.people.text() + " " +
         f.waitlisted.text() + " " + f.cancellations.text();
}
std::string texts(const HelpFigures& h) {
  return h.open.text() + " " + h.claimed.text() + " " + h.done.text() + " " + h.cancelled.text() + " " +
         h.total.text();
}
std::string texts(const PeriodFigures& p) {
  return std::to_string(p.dates_held) + " " + p.people.text() + " " + p.help_requests.text();
}

// A group of published cells that add up to a published total: no single hidden cell may be
// left, else it is the total minus the others.
void expect_not_recoverable(const std::vector<Count>& members, const Count& total, const std::string& what) {
  if (total.kind() != Count::Kind::Shown) return;
  int hidden = 0;
  for (const Count& c : members) hidden += c.kind() != Count::Kind::Shown;
  EXPECT_NE(hidden, 1) << what;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs a python3 snippet on `file`; returns what it printed (stdout and stderr).
std::string python(const std::string& code, const fs::path& file) {
  const std::string cmd = "python3 -c '" + code + "' '" + file.string() + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

TEST(Report, ExactCountsWithSmallCountsHidden) {
  Fixture f("report_counts");
  f.build();
  const Report r = f.report();

  ASSERT_EQ(r.activities.size(), 4u);  // by category, then title
  EXPECT_EQ(r.activities[0].label, "Koersbal");
  EXPECT_EQ(r.activities[1].label, "Yoga");
  EXPECT_EQ(r.activities[2].label, "Bingo");
  EXPECT_EQ(r.activities[3].label, "Taalcafé");
  EXPECT_EQ(r.activities[3].category, "ontmoeten");
  // Raw people: Koersbal 8, Yoga 0 (cancelled date), Bingo 2, Taalcafé 9; ontmoeten 11, total 19.
  // Bingo's 2 is <5; Taalcafé is hidden too, else ontmoeten's 11 − 9 gives it away. Then two cells
  // are hidden among the activities and in ontmoeten: nothing more is needed.
  EXPECT_EQ(texts(r.activities[0]), "3 0 8 <5 <5");
  EXPECT_EQ(texts(r.activities[1]), "0 1 0 0 0");
  EXPECT_EQ(texts(r.activities[2]), "1 0 <5 0 0");
  EXPECT_EQ(texts(r.activities[3]), "1 0 x 0 0");
  ASSERT_EQ(r.categories.size(), 2u);
  EXPECT_EQ(r.categories[0].label, "bewegen");
  EXPECT_EQ(texts(r.categories[0]), "3 1 8 <5 <5");
  EXPECT_EQ(texts(r.categories[1]), "2 0 11 0 0");
  EXPECT_EQ(texts(r.activity_total), "5 1 19 <5 <5");

  // Help: klusje open 0, claimed 1, done 5 (hidden: the row total 6 would give the claimed 1 away)
  ASSERT_EQ(r.help.size(), help_categories().size());
  auto row = [&r](const std::string& c) {
    return *std::find_if(r.help.begin(), r.help.end(), [&](const HelpFigures& h) { return h.category == c; });
  };
  EXPECT_EQ(texts(row("klusje")), "0 <5 x 0 6");
  EXPECT_EQ(texts(row("vervoer")), "<5 0 0 0 <5");
  EXPECT_EQ(texts(row("post")), "0 0 0 <5 <5");
  EXPECT_EQ(texts(row("boodschappen")), "0 0 0 0 0");
  // The done column's total (5) would equal klusje's hidden done: hidden as well.
  EXPECT_EQ(texts(r.help_total), "<5 <5 x <5 9");
  ASSERT_TRUE(row("klusje").median_hours_to_claim);
  EXPECT_DOUBLE_EQ(*row("klusje").median_hours_to_claim, 3.5);  // 1…6 hours
  ASSERT_TRUE(row("klusje").median_hours_to_done);
  EXPECT_DOUBLE_EQ(*row("klusje").median_hours_to_done, 24.0);
  EXPECT_FALSE(row("vervoer").median_hours_to_claim);  // fewer than 5: not shown
  EXPECT_DOUBLE_EQ(*r.help_total.median_hours_to_claim, 3.5);

  // Weeks: people 6+9=15 | 2+2=4 | 0; help 7 | 2 | 0. Month: everything.
  ASSERT_EQ(r.weeks.size(), 3u);
  EXPECT_EQ(r.weeks[0].period, "2027-W09");
  EXPECT_EQ(r.weeks[2].period, "2027-W11");
  EXPECT_EQ(texts(r.weeks[0]), "2 x x");
  EXPECT_EQ(texts(r.weeks[1]), "2 <5 <5");
  EXPECT_EQ(texts(r.weeks[2]), "1 0 0");
  ASSERT_EQ(r.months.size(), 1u);
  EXPECT_EQ(r.months[0].period, "2027-03");
  EXPECT_EQ(texts(r.months[0]), "5 19 9");
  EXPECT_EQ(texts(r.period_total), "5 19 9");
}

TEST(Report, NoHiddenCountCanBeWorkedOutFromATotal) {
  Fixture f("report_groups");
  f.build();
  const Report r = f.report();
  using Get = Count ActivityFigures::*;
  for (Get m : {&ActivityFigures::people, &ActivityFigures::waitlisted, &ActivityFigures::cancellations}) {
    std::vector<Count> acts, cats;
    for (const auto& a : r.activities) acts.push_back(a.*m);
    for (const auto& c : r.categories) {
      cats.push_back(c.*m);
      std::vector<Count> in;
      for (const auto& a : r.activities)
        if (a.category == c.label) in.push_back(a.*m);
      expect_not_recoverable(in, c.*m, "category " + c.label);
    }
    expect_not_recoverable(acts, r.activity_total.*m, "activities");
    expect_not_recoverable(cats, r.activity_total.*m, "categories");
  }
  std::vector<Count> totals;
  for (const auto& h : r.help) {
    expect_not_recoverable({h.open, h.claimed, h.done, h.cancelled}, h.total, "help " + h.category);
    totals.push_back(h.total);
  }
  expect_not_recoverable(totals, r.help_total.total, "help totals");
  using HelpGet = Count HelpFigures::*;
  for (HelpGet m : {&HelpFigures::open, &HelpFigures::claimed, &HelpFigures::done, &HelpFigures::cancelled}) {
    std::vector<Count> column;
    for (const auto& h : r.help) column.push_back(h.*m);
    expect_not_recoverable(column, r.help_total.*m, "help column");
  }
  for (const auto* list : {&r.weeks, &r.months}) {
    std::vector<Count> people, help;
    for (const auto& w : *list) {
      people.push_back(w.people);
      help.push_back(w.help_requests);
    }
    expect_not_recoverable(people, r.period_total.people, "periods people");
    expect_not_recoverable(help, r.period_total.help_requests, "periods help");
  }
}

TEST(Report, TwoSmallCountsThatCanOnlyBeOnesAreProtectedToo) {
  // Two help requests of 1 each in one row with a total of 2 would be <5 anyway; in a column with
  // a shown total: 1 + 1 + 6 = 8, so the two <5 (sum 2) can only be 1 and 1: a third is hidden.
  Fixture f("report_ones");
  for (int i = 0; i < 6; ++i) f.ask("2027-03-02T09:00", "klusje", "Joop Juist");
  f.ask("2027-03-02T09:00", "post", "Ans Anoniem");
  f.ask("2027-03-02T09:00", "vervoer", "Piet Privé");
  const Report r = f.report();
  EXPECT_EQ(r.help_total.open.text(), "8");
  auto row = [&r](const std::string& c) {
    return *std::find_if(r.help.begin(), r.help.end(), [&](const HelpFigures& h) { return h.category == c; });
  };
  EXPECT_EQ(row("post").open.text(), "<5");
  EXPECT_EQ(row("vervoer").open.text(), "<5");
  EXPECT_EQ(row("klusje").open.text(), "x");
}

TEST(Report, SameFiguresAfterPurge) {
  Fixture f("report_purge");
  f.build();
  const Report before = f.report();
  const std::string md = report_markdown(before), csv = report_csv(before), js = report_json(before);

  f.at("2027-04-20T09:00");  // past retention for the dates and the closed requests, not 2 × for the open ones
  RetentionService retention(f.db, f.clock, 30, f.file.parent_path() / "no_backups_here");
  const auto purged = retention.purge("cli");
  EXPECT_EQ(purged.counts.registrations, 9);
  EXPECT_EQ(purged.counts.help_requests, 6);  // 5 done, 1 cancelled
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM registration WHERE name IS NOT NULL"), 0);

  const Report after = f.report();
  EXPECT_EQ(report_markdown(after), md);
  EXPECT_EQ(report_csv(after), csv);
  EXPECT_EQ(report_json(after), js);
}

TEST(Report, QueriesReadNoPersonalColumn) {
  const std::regex personal(R"(\b(name|phone|description|note|claimed_by|token_hash|code)\b)",
                            std::regex::icase);
  ASSERT_EQ(report_sql().size(), 5u);  // 3, and the PostgreSQL forms that read the centre
  for (std::string_view sql : report_sql()) EXPECT_FALSE(std::regex_search(std::string(sql), personal)) << sql;
}

TEST(Report, MonthTotalsForAKioskCardAreSuppressed) {
  Fixture f("report_month");
  f.build();
  const MonthTotals m = month_totals(f.db, f.zone, {2027, 3, 17});
  EXPECT_EQ(m.month, "2027-03");
  EXPECT_EQ(m.dates_held, 5);
  EXPECT_EQ(m.people.text(), "19");
  EXPECT_EQ(m.help_requests.text(), "9");
  const MonthTotals feb = month_totals(f.db, f.zone, {2027, 2, 1});
  EXPECT_EQ(feb.month, "2027-02");
  EXPECT_EQ(feb.people.text(), "0");
  EXPECT_EQ(iso_week_label({2027, 1, 1}), "2026-W53");
  EXPECT_EQ(iso_week_label({2026, 12, 28}), "2026-W53");
  EXPECT_EQ(iso_week_label({2027, 1, 4}), "2027-W01");
}

TEST(ReportCli, EveryFormatAndTheChartAreAnonymousAndWellFormed) {
  Fixture f("report_cli");
  f.build();
  const fs::path dir = f.file.parent_path() / ("bk_report_out_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string base = "--db " + f.file.string() + " --now 2027-04-01T10:00 report --from 2027-03-01 --to 2027-03-21 ";
  const fs::path chart = dir / "chart.svg";

  const auto md = run_ctl(base + "--chart " + chart.string());
  ASSERT_EQ(md.code, 0) << md.out;
  EXPECT_NE(md.out.find("| Koersbal | bewegen | 3 | 0 | 8 | <5 | <5 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| **totaal** |  | 5 | 1 | 19 | <5 | <5 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| klusje | 0 | <5 | x | 0 | 6 | 3.5 | 24.0 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| 2027-W10 | 2 | <5 | <5 |"), std::string::npos) << md.out;
  const auto csv = run_ctl(base + "--csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("section,label,category,measure,value\n", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("activity,Bingo,ontmoeten,people_registered,<5\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("week,2027-W09,,people_registered,x\n"), std::string::npos) << csv.out;
  const auto js = run_ctl(base + "--json");
  ASSERT_EQ(js.code, 0) << js.out;
  EXPECT_EQ(run_ctl(base + "--format json").out, js.out);
  EXPECT_NE(js.out.find("\"activity\": \"Bingo\", \"category\": \"ontmoeten\", \"dates_held\": 1, "
                        "\"dates_cancelled\": 0, \"people_registered\": \"<5\""),
            std::string::npos)
      << js.out;

  const std::string svg = read(chart);
  for (const auto* out : {&md.out, &csv.out, &js.out, &svg})
    for (const auto& secret : kPersonal) EXPECT_EQ(out->find(secret), std::string::npos) << secret << " in\n" << *out;

  // JSON parses, with the documented top-level keys.
  {
    std::ofstream(dir / "report.json") << js.out;
    EXPECT_EQ(python("import json,sys; d=json.load(open(sys.argv[1])); "
                     "print(sorted(d), d[\"period_total\"][\"people_registered\"], len(d[\"weeks\"]))",
                     dir / "report.json"),
              "['activities', 'activity_total', 'categories', 'from', 'help', 'help_total', 'legend', "
              "'months', 'period_total', 'to', 'weeks'] 19 3\n");
  }
  // The SVG is XML with exactly one bar per week per series, and a legend.
  EXPECT_EQ(python("import sys, collections, xml.etree.ElementTree as E\n"
                   "ns=\"{http://www.w3.org/2000/svg}\"\n"
                   "root=E.parse(sys.argv[1]).getroot()\n"
                   "bars=collections.Counter((r.get(\"class\"), r.get(\"data-week\")) for r in root.iter(ns+\"rect\") if (r.get(\"class\") or \"\").startswith(\"bar\"))\n"
                   "print(sorted(bars.items()))\n"
                   "print(\"legend\", any(t.text and \"hulpvragen\" in t.text for t in root.iter(ns+\"text\")))",
                   chart),
            "[(('bar help', '2027-W09'), 1), (('bar help', '2027-W10'), 1), (('bar help', '2027-W11'), 1), "
            "(('bar people', '2027-W09'), 1), (('bar people', '2027-W10'), 1), (('bar people', '2027-W11'), 1)]\n"
            "legend True\n");
  // Written by rename: no temporary file left beside it.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 2);  // chart.svg and report.json
  fs::remove_all(dir);
}

TEST(ReportCli, BadDatesOrderOrFormatExitTwoWithOneLine) {
  Fixture f("report_bad");
  const std::string base = "--db " + f.file.string() + " report ";
  auto one_line = [](const bk::test::CmdResult& r, const std::string& words) {
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find(words), std::string::npos) << r.out;
  };
  one_line(run_ctl(base + "--from 2027-02-30 --to 2027-03-01"), "--from \"2027-02-30\" is not a date");
  one_line(run_ctl(base + "--from 2027-03-01 --to march"), "--to \"march\" is not a date");
  one_line(run_ctl(base + "--from 2027-03-05 --to 2027-03-01"), "lies before --from");
  one_line(run_ctl(base + "--from 2027-03-01 --to 2027-03-05 --format xml"), "unknown format \"xml\"");
  one_line(run_ctl(base + "--from 2027-03-01 --to 2027-03-05 --csv --json"), "choose one format");
  const fs::path nowhere = f.file.parent_path() / "no_such_folder_for_report" / "c.svg";
  one_line(run_ctl(base + "--from 2027-03-01 --to 2027-03-05 --chart " + nowhere.string()), "cannot write");
  EXPECT_FALSE(fs::exists(nowhere.parent_path()));
}
