// set-pin and audit: the staff side of volunteer mode.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/secret_input.hpp"
#include "store/audit.hpp"
#include "services/volunteer_auth.hpp"

namespace bk::cli {

void add_volunteer_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* set_pin = app.add_subcommand(
      "set-pin", "read a new PIN (4-8 digits) from standard input and store its argon2id hash");
  // Option values live as long as the App: owned by the lambdas, not by statics.
  auto role_text = std::make_shared<std::string>();
  set_pin->add_option("--role", *role_text, "volunteer or staff")
      ->required()
      ->check(CLI::IsMember({"volunteer", "staff"}));
  set_pin->callback([&ctx, &action, role_text] {
    action = [&ctx, role_text] {
      const auto pin = read_secret_line("New PIN for " + *role_text + ": ");
      if (!pin) throw BadInput("set-pin: no PIN on standard input");
      Kiosk& k = ctx.kiosk();
      VolunteerAuth auth(k.store, *k.clock);
      switch (auth.set_pin(*role_from(*role_text), *pin)) {
        case SetPinOutcome::InvalidPin: throw BadInput("set-pin: a PIN is 4 to 8 digits");
        case SetPinOutcome::SameAsOtherRole:
          throw BadInput("set-pin: the other role already uses this PIN; choose another");
        case SetPinOutcome::Stored: break;
      }
      std::cout << "PIN for " << *role_text << " stored (argon2id hash)\n";
      return 0;
    };
  });

  auto* audit = app.add_subcommand("audit", "who changed what, when");
  auto since = std::make_shared<std::string>();
  audit->add_option("--since", *since, "from this local date (YYYY-MM-DD); default: everything");
  audit->callback([&ctx, &action, since] {
    action = [&ctx, since] {
      Kiosk& k = ctx.kiosk();
      UtcSeconds from = 0;
      if (!since->empty()) {
        auto d = parse_date(*since);
        if (!d) throw BadInput("audit: --since \"" + *since + "\" is not a date like 2027-03-02");
        from = k.zone.start_of_day(*d);
      }
      for (const AuditEntry& e : read_audit(k.store, from)) {
        std::cout << k.zone.iso_with_offset(e.at) << "  " << e.role;
        if (!e.actor.empty()) std::cout << " (" << e.actor << ")";
        std::cout << "  " << e.action;
        if (!e.subject.empty()) std::cout << "  " << e.subject;
        if (!e.detail.empty()) std::cout << "  " << e.detail;
        std::cout << "\n";
      }
      return 0;
    };
  });
}

}  // namespace bk::cli
