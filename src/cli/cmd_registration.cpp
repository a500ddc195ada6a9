// register, registrations, checkin: a desk or phone registration and the attendee list.
#include <iostream>
#include <memory>

#include "domain/roles.hpp"
#include "cli/commands.hpp"
#include "domain/json.hpp"
#include "print/ticket_text.hpp"

namespace bk::cli {
namespace {

std::int64_t occurrence_arg(const std::string& v) {
  if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
    throw BadInput("occurrence \"" + v + "\" is not a number (see `buurtkioskctl agenda`)");
  return std::stoll(v);
}

struct RegisterOptions {
  std::string occurrence, name, phone;
  int people = 1;
  bool json = false;
  bool print = false;
};

// `register --print`: the registration is committed; printing comes after and can only fail on its
// own: the failure goes to stderr, the exit code stays 0 and the answer is printed as always.
bool print_registration_ticket(Kiosk& k, const RegistrationRequest& r, const RegisterResult& res, bool waitlisted) {
  print::PrintOutcome po{print::PrintError::Failed, "the occurrence could not be read back", 0};
  try {
    if (const auto item = k.agenda.item(r.occurrence_id)) {
      const UtcSeconds now = k.clock->now();
      po = print_now(k, print::PrintJob::ticket(
                            print::registration_ticket(ticket_catalog(k), k.config, k.zone, *item,
                                                       res.code, res.followup_url, waitlisted),
                            res.code, now));
    }
  } catch (const std::exception& e) {  // catalog or database trouble: still not the registration's
    po.reason = e.what();
  }
  if (!po.ok())
    std::cerr << "buurtkioskctl: registered " << res.code << ", but printing failed: " << po.reason
              << "\n";
  return po.ok();
}

int run_register(Context& ctx, const RegisterOptions& o) {
  Kiosk& k = ctx.kiosk();
  RegistrationRequest r;
  r.occurrence_id = occurrence_arg(o.occurrence);
  r.name = o.name;
  r.phone = o.phone;
  r.people = o.people;
  r.channel = "desk";
  r.role = to_string(AuditRole::Cli);
  r.waitlist_if_full = true;
  const RegisterResult res = k.registrations.register_for(r);
  switch (res.outcome) {
    case RegisterOutcome::InvalidInput: throw BadInput(res.problem);
    case RegisterOutcome::NotFound: throw Refused("no occurrence " + o.occurrence);
    case RegisterOutcome::Closed:
      throw Refused("occurrence " + o.occurrence + " is cancelled or has already started");
    case RegisterOutcome::Full: throw Refused("occurrence " + o.occurrence + " is full");
    case RegisterOutcome::Registered:
    case RegisterOutcome::Waitlisted: break;
  }
  const bool waitlisted = res.outcome == RegisterOutcome::Waitlisted;
  std::optional<bool> printed;
  if (o.print) printed = print_registration_ticket(k, r, res, waitlisted);
  if (o.json) {
    json::Object obj;
    obj.add("status", waitlisted ? "waitlisted" : "registered")
        .add("code", res.code)
        .add("followup_url", res.followup_url)
        .add("people", res.people);
    if (printed) obj.add("printed", *printed);
    std::cout << obj.str() << "\n";
  } else {
    std::cout << (waitlisted ? "on the waiting list: " : "registered: ") << res.code << " ("
              << res.people << (res.people == 1 ? " person" : " people") << ")\n"
              << res.followup_url << "\n";
  }
  return 0;
}

void add_register(CLI::App& app, Context& ctx, Action& action) {
  auto o = std::make_shared<RegisterOptions>();
  auto* reg = app.add_subcommand("register", "register someone at the desk or by phone");
  reg->add_option("occurrence", o->occurrence, "occurrence id (see `agenda`)")->required();
  reg->add_option("--name", o->name, "name (1-60 characters)")->required();
  reg->add_option("--phone", o->phone, "phone number (optional)");
  reg->add_option("--people", o->people, "how many people (1-20)");
  reg->add_flag("--json", o->json, "print JSON");
  reg->add_flag("--print", o->print, "print the ticket (a printer problem does not undo the registration)");
  reg->callback([&ctx, &action, o] {
    action = [&ctx, o] { return run_register(ctx, *o); };
  });
}

struct ListOptions {
  std::string occurrence;
  bool csv = false;
};

int run_registrations(Context& ctx, const ListOptions& l) {
  Kiosk& k = ctx.kiosk();
  const auto id = occurrence_arg(l.occurrence);
  const auto item = k.agenda.item(id);
  if (!item) throw Refused("no occurrence " + l.occurrence);
  const auto rows = k.registrations.for_occurrence(id);
  if (l.csv) {
    std::cout << attendees_csv(rows);
    return 0;
  }
  std::cout << item->title << " · " << k.zone.iso_with_offset(item->start) << " · "
            << item->registered << (item->capacity ? "/" + std::to_string(*item->capacity) : "")
            << " registered, " << item->waitlisted << " waiting\n";
  for (const auto& r : rows)
    std::cout << "  " << (r.checked_in ? "[x] " : "[ ] ") << r.code << "  " << r.name << " · "
              << r.people << " · " << (r.phone.empty() ? "-" : r.phone) << " · "
              << to_string(r.status) << "\n";
  return 0;
}

void add_registrations(CLI::App& app, Context& ctx, Action& action) {
  auto l = std::make_shared<ListOptions>();
  auto* list = app.add_subcommand("registrations", "attendee list of one date");
  list->add_option("occurrence", l->occurrence, "occurrence id")->required();
  list->add_flag("--csv", l->csv, "RFC 4180 CSV");
  list->callback([&ctx, &action, l] {
    action = [&ctx, l] { return run_registrations(ctx, *l); };
  });
}

struct CheckinOptions {
  std::string code;
  bool undo = false;
};

void add_checkin(CLI::App& app, Context& ctx, Action& action) {
  auto c = std::make_shared<CheckinOptions>();
  auto* checkin = app.add_subcommand("checkin", "tick a party as present");
  checkin->add_option("code", c->code, "reference code")->required();
  checkin->add_flag("--undo", c->undo, "remove the tick");
  checkin->callback([&ctx, &action, c] {
    action = [&ctx, c] {
      if (!ctx.kiosk().registrations.set_checked_in(c->code, !c->undo, to_string(AuditRole::Cli)))
        throw Refused("no registration with code " + c->code);
      std::cout << (c->undo ? "unticked " : "checked in ") << c->code << "\n";
      return 0;
    };
  });
}

}  // namespace

void add_registration_commands(CLI::App& app, Context& ctx, Action& action) {
  add_register(app, ctx, action);
  add_registrations(app, ctx, action);
  add_checkin(app, ctx, action);
}

}  // namespace bk::cli
