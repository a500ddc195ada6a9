// report: anonymous figures for funders (services/report.hpp says what is shown and hidden).
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "services/report.hpp"

namespace bk::cli {
namespace {

LocalDate report_date(const std::string& value, const char* option) {
  auto d = parse_date(value);
  if (!d) throw BadInput(std::string(option) + " \"" + value + "\" is not a date like 2027-03-02");
  return *d;
}

}  // namespace

void add_report_commands(CLI::App& app, Context& ctx, Action& action) {
  struct Options {
    std::string from, to, format, chart;
    bool csv = false, md = false, json = false, by_centre = false;
  };
  auto o = std::make_shared<Options>();
  auto* report = app.add_subcommand("report", "anonymous figures for funders (counts 1-4 shown as <5)");
  report->add_option("--from", o->from, "first date, YYYY-MM-DD")->required();
  report->add_option("--to", o->to, "last date, YYYY-MM-DD (included)")->required();
  report->add_flag("--csv", o->csv, "print CSV (section,label,category,measure,value)");
  report->add_flag("--md", o->md, "print Markdown tables (the default)");
  report->add_flag("--json", o->json, "print JSON");
  report->add_option("--format", o->format, "md, csv or json (instead of the flags)");
  report->add_flag("--by-centre", o->by_centre,
                   "also a line per centre and the region's (PostgreSQL; the default for centre \"*\")");
  report->add_option("--chart", o->chart, "also write registrations and help requests per week as an SVG chart");
  report->callback([&ctx, &action, o] {
    action = [&ctx, o] {
      const LocalDate from = report_date(o->from, "--from"), to = report_date(o->to, "--to");
      if (to < from) throw BadInput("--to " + o->to + " lies before --from " + o->from);
      std::string format = o->format;
      if (!format.empty() && format != "md" && format != "csv" && format != "json")
        throw BadInput("unknown format \"" + format + "\" (md, csv or json)");
      for (const auto& [flag, name] : {std::pair{o->md, "md"}, {o->csv, "csv"}, {o->json, "json"}}) {
        if (!flag) continue;
        if (!format.empty() && format != name) throw BadInput("choose one format: --md, --csv or --json");
        format = name;
      }
      Kiosk& k = ctx.kiosk();
      // The region (centre "*") reads every centre's dates as the centres made them: it may not write
      // dates of its own (the server accepts rows of a real centre only).
      const bool region = !k.store.is_sqlite() && k.store.location().centre == "*";
      if (!region) k.agenda.between(from, add_days(to, 1));  // dates past the materialised horizon, as `agenda` shows them
      Report r = build_report(k.store, k.zone, from, to, o->by_centre || region);
      for (auto& c : r.centres)
        if (c.centre.empty()) c.centre = k.config.centre.id;  // SQLite: the file is this one centre's
      if (!o->chart.empty()) {
        try {
          write_file_atomically(o->chart, report_svg(r));
        } catch (const std::runtime_error& e) {
          throw BadInput(e.what());
        }
      }
      if (format == "csv") {
        std::cout << report_csv(r);
      } else if (format == "json") {
        std::cout << report_json(r) << "\n";
      } else {
        std::cout << report_markdown(r);
      }
      return 0;
    };
  });
}

}  // namespace bk::cli
