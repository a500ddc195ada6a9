// print-test, print-list: a test ticket and a paper attendee list on the configured printer.
// `register --print` uses print_now() from here too.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "print/print_queue.hpp"
#include "print/ticket_text.hpp"

namespace bk::cli {

Catalog ticket_catalog(Kiosk& k) {
  Catalog c = Catalog::load(assets_dir());
  c.set_language(k.config.display.language);
  return c;
}

print::PrintOutcome print_now(Kiosk& k, const print::PrintJob& job) {
  // A command may wait for the printer (bounded by the timeout); the kiosk uses PrintQueue instead.
  return print::print_now(k.store, k.config.printer, job);
}

void add_print_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* test = app.add_subcommand("print-test", "print a test ticket on the configured printer");
  test->callback([&ctx, &action] {
    action = [&ctx] {
      Kiosk& k = ctx.kiosk();
      const UtcSeconds now = k.clock->now();
      const auto job =
          print::PrintJob::ticket(print::test_ticket(ticket_catalog(k), k.config, k.zone, now), "TEST42", now);
      const auto o = print_now(k, job);
      if (!o.ok()) throw Refused("printing failed: " + o.reason);
      std::cout << "test ticket printed (" << k.config.printer.paper_mm << " mm, " << k.config.printer.target
                << ")\n";
      return 0;
    };
  });

  auto occurrence = std::make_shared<std::string>();
  auto* list = app.add_subcommand("print-list", "print the attendee list of one date");
  list->add_option("occurrence", *occurrence, "occurrence id (see `agenda`)")->required();
  list->callback([&ctx, &action, occurrence] {
    action = [&ctx, occurrence] {
      const std::string& v = *occurrence;
      if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
        throw BadInput("occurrence \"" + v + "\" is not a number (see `buurtkioskctl agenda`)");
      Kiosk& k = ctx.kiosk();
      const auto id = std::stoll(v);
      const auto item = k.agenda.item(id);
      if (!item) throw Refused("no occurrence " + v);
      const auto rows = k.registrations.for_occurrence(id);
      const UtcSeconds now = k.clock->now();
      const auto job = print::PrintJob::list(
          print::attendee_list(ticket_catalog(k), k.config, k.zone, *item, rows), "list-" + v, now);
      const auto o = print_now(k, job);
      if (!o.ok()) throw Refused("printing failed: " + o.reason);
      std::cout << "attendee list printed\n";
      return 0;
    };
  });
}

}  // namespace bk::cli
