// help list / add / claim / note / done / cancel: the help-request queue for staff.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "domain/codes.hpp"
#include "domain/json.hpp"

namespace bk::cli {
namespace {

std::string help_json(const HelpRequestView& v, const TimeZone& zone, bool personal) {
  json::Object o;
  o.add("kind", "help_request").add("code", v.code).add("category", v.category)
      .add("timing", v.timing).add("status", to_string(v.status))
      .add("created", zone.iso_with_offset(v.created));
  auto opt = [&](const char* key, const std::optional<UtcSeconds>& t) {
    if (t) {
      o.add(key, zone.iso_with_offset(*t));
    } else {
      o.add_null(key);
    }
  };
  opt("claimed", v.claimed);
  opt("done", v.done);
  opt("cancelled", v.cancelled);
  if (personal) {
    o.add("description", v.description).add("name", v.name).add("phone", v.phone)
        .add("comes_back", v.comes_back).add("claimed_by", v.claimed_by).add("note", v.note);
  }
  return o.str();
}

void check_change(HelpChange c, const std::string& code, const char* what) {
  if (c == HelpChange::NotFound) throw Refused("no help request with code " + code);
  if (c == HelpChange::NotAllowed) throw Refused(std::string("help request ") + code + " cannot be " + what + " now");
}

}  // namespace

bool print_help_lookup(Kiosk& k, const std::string& code, bool json) {
  const auto v = k.help.lookup_code(code);
  if (!v) return false;
  if (json) {
    std::cout << help_json(*v, k.zone, false) << "\n";
  } else {
    std::cout << v->code << ": help request (" << v->category << ", " << v->timing << "), "
              << to_string(v->status) << "\nasked " << k.zone.iso_with_offset(v->created) << "\n";
  }
  return true;
}

bool cancel_help_request(Kiosk& k, const std::string& code) {
  const HelpChange c = k.help.cancel(code, "cli");
  if (c == HelpChange::NotFound) return false;
  check_change(c, code, "cancelled");
  return true;
}

void add_help_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* help = app.add_subcommand("help", "the help-request queue");
  help->require_subcommand(1);

  struct ListOptions {
    std::string status;
    bool json = false;
  };
  auto l = std::make_shared<ListOptions>();
  auto* list = help->add_subcommand("list", "help requests, oldest first (with contact details: staff only)");
  list->add_option("--status", l->status, "open, claimed, done or cancelled")
      ->check(CLI::IsMember({"open", "claimed", "done", "cancelled"}));
  list->add_flag("--json", l->json, "print JSON");
  list->callback([&ctx, &action, l] {
    action = [&ctx, l] {
      Kiosk& k = ctx.kiosk();
      const auto rows = k.help.list(l->status.empty() ? std::nullopt : help_status_from(l->status));
      if (l->json) {
        std::vector<std::string> items;
        for (const auto& v : rows) items.push_back(help_json(v, k.zone, true));
        std::cout << json::array(items) << "\n";
        return 0;
      }
      if (rows.empty()) std::cout << "(no help requests)\n";
      for (const auto& v : rows) {
        std::cout << v.code << "  " << to_string(v.status) << "  " << v.category << " · " << v.timing
                  << " · " << k.zone.iso_with_offset(v.created) << "\n";
        if (v.comes_back) std::cout << "    comes back in person\n";
        else std::cout << "    " << v.name << " · " << (v.phone.empty() ? "-" : v.phone) << "\n";
        if (!v.description.empty()) std::cout << "    " << v.description << "\n";
        if (!v.claimed_by.empty()) std::cout << "    claimed by " << v.claimed_by << "\n";
        if (!v.note.empty()) std::cout << "    note: " << v.note << "\n";
      }
      return 0;
    };
  });

  struct AddOptions {
    std::string category, timing = "any", description, name, phone;
    bool comes_back = false, json = false;
  };
  auto a = std::make_shared<AddOptions>();
  auto* add = help->add_subcommand("add", "a help request taken at the desk or by phone");
  add->add_option("--category", a->category, "boodschappen, klusje, vervoer, gezelschap, post, computer, anders")->required();
  add->add_option("--timing", a->timing, "today, this_week or any");
  add->add_option("--description", a->description);
  add->add_option("--name", a->name);
  add->add_option("--phone", a->phone);
  add->add_flag("--comes-back", a->comes_back, "the resident comes back in person: no contact stored");
  add->add_flag("--json", a->json);
  add->callback([&ctx, &action, a] {
    action = [&ctx, a] {
      HelpRequestInput in{a->category, a->timing, a->description, a->comes_back, a->name, a->phone};
      const HelpCreated r = ctx.kiosk().help.create(in);
      if (r.outcome != HelpOutcome::Created) throw BadInput(r.problem);
      if (a->json) {
        std::cout << json::Object().add("status", "open").add("code", r.code)
                         .add("followup_url", r.followup_url).str() << "\n";
      } else {
        std::cout << "help request " << r.code << "\n" << r.followup_url << "\n";
      }
      return 0;
    };
  });

  struct ClaimOptions {
    std::string code, by, note;
  };
  auto c = std::make_shared<ClaimOptions>();
  auto* claim = help->add_subcommand("claim", "a volunteer takes on a help request");
  claim->add_option("code", c->code)->required();
  claim->add_option("--by", c->by, "the volunteer's name")->required();
  claim->add_option("--note", c->note);
  claim->callback([&ctx, &action, c] {
    action = [&ctx, c] {
      const auto code = normalise_reference_code(c->code);
      if (!code) throw BadInput("\"" + c->code + "\" is not a reference code");
      check_change(ctx.kiosk().help.claim(*code, c->by, c->note, "cli"), *code, "claimed");
      std::cout << "claimed " << *code << " by " << c->by << "\n";
      return 0;
    };
  });

  auto note_args = std::make_shared<std::pair<std::string, std::string>>();
  auto* note = help->add_subcommand("note", "add a note to a help request");
  note->add_option("code", note_args->first)->required();
  note->add_option("text", note_args->second)->required();
  note->callback([&ctx, &action, note_args] {
    action = [&ctx, note_args] {
      check_change(ctx.kiosk().help.add_note(note_args->first, note_args->second, "cli"),
                   note_args->first, "given a note");
      std::cout << "note added\n";
      return 0;
    };
  });

  auto done_code = std::make_shared<std::string>();
  auto* done = help->add_subcommand("done", "mark a help request done");
  done->add_option("code", *done_code)->required();
  done->callback([&ctx, &action, done_code] {
    action = [&ctx, done_code] {
      check_change(ctx.kiosk().help.done(*done_code, "cli"), *done_code, "marked done");
      std::cout << "done " << *done_code << "\n";
      return 0;
    };
  });

  auto cancel_code = std::make_shared<std::string>();
  auto* cancel = help->add_subcommand("cancel", "cancel a help request");
  cancel->add_option("code", *cancel_code)->required();
  cancel->callback([&ctx, &action, cancel_code] {
    action = [&ctx, cancel_code] {
      check_change(ctx.kiosk().help.cancel(*cancel_code, "cli"), *cancel_code, "cancelled");
      std::cout << "cancelled " << *cancel_code << "\n";
      return 0;
    };
  });
}

}  // namespace bk::cli
