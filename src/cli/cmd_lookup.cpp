// lookup and cancel by reference code, for registrations and help requests alike.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "domain/codes.hpp"
#include "domain/json.hpp"

namespace bk::cli {
namespace {

std::string checked_code(const std::string& typed) {
  const auto code = normalise_reference_code(typed);
  if (!code)
    throw BadInput("\"" + typed + "\" is not a reference code (6 letters and digits, like K7M3QX)");
  return *code;
}

std::string registration_json(const RegistrationView& v, const TimeZone& zone) {
  json::Object o;
  o.add("kind", "registration").add("code", v.code).add("status", to_string(v.status))
      .add("people", v.people).add("occurrence_id", v.occurrence.occurrence_id)
      .add("title", v.occurrence.title).add("location", v.occurrence.location)
      .add("start", zone.iso_with_offset(v.occurrence.start))
      .add("occurrence_status", to_string(v.occurrence.status));
  if (v.status == RegistrationStatus::Waitlisted) o.add("waitlist_position", v.waitlist_position);
  return o.str();
}

}  // namespace

void add_lookup_commands(CLI::App& app, Context& ctx, Action& action) {
  struct LookupOptions {
    std::string code;
    bool json = false;
  };
  auto o = std::make_shared<LookupOptions>();
  auto* lookup = app.add_subcommand("lookup", "show a registration or help request by its code");
  lookup->add_option("code", o->code, "reference code")->required();
  lookup->add_flag("--json", o->json, "print JSON");
  lookup->callback([&ctx, &action, o] {
    action = [&ctx, o] {
      const std::string code = checked_code(o->code);
      Kiosk& k = ctx.kiosk();
      if (auto v = k.registrations.lookup_code(code)) {
        if (o->json) {
          std::cout << registration_json(*v, k.zone) << "\n";
        } else {
          std::cout << v->code << ": " << to_string(v->status);
          if (v->status == RegistrationStatus::Waitlisted)
            std::cout << " (number " << v->waitlist_position << " on the waiting list)";
          std::cout << ", " << v->people << (v->people == 1 ? " person" : " people") << "\n"
                    << v->occurrence.title << " · " << k.zone.iso_with_offset(v->occurrence.start);
          if (!v->occurrence.location.empty()) std::cout << " · " << v->occurrence.location;
          if (v->occurrence.status == OccurrenceStatus::Cancelled) std::cout << " · GAAT NIET DOOR";
          std::cout << "\n";
        }
        return 0;
      }
      if (print_help_lookup(k, code, o->json)) return 0;
      throw Refused("no registration or help request with code " + code);
    };
  });

  auto cancel_code = std::make_shared<std::string>();
  auto* cancel = app.add_subcommand("cancel", "cancel a registration (or help request) by its code");
  cancel->add_option("code", *cancel_code, "reference code")->required();
  cancel->callback([&ctx, &action, cancel_code] {
    action = [&ctx, cancel_code] {
      const std::string code = checked_code(*cancel_code);
      Kiosk& k = ctx.kiosk();
      const CancelResult r = k.registrations.cancel_code(code, "cli");
      switch (r.outcome) {
        case CancelOutcome::Cancelled:
          std::cout << "cancelled " << code;
          if (!r.promoted_codes.empty()) {
            std::cout << "; moved up from the waiting list:";
            for (const auto& p : r.promoted_codes) std::cout << " " << p;
          }
          std::cout << "\n";
          return 0;
        case CancelOutcome::AlreadyCancelled: throw Refused(code + " was already cancelled");
        case CancelOutcome::NotFound: break;
      }
      if (cancel_help_request(k, code)) {
        std::cout << "cancelled help request " << code << "\n";
        return 0;
      }
      throw Refused("no registration or help request with code " + code);
    };
  });
}

}  // namespace bk::cli
