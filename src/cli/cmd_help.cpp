// help list / add / claim / note / done / cancel: the help-request queue for staff.
#include <iostream>
#include <memory>

#include "domain/roles.hpp"
#include "cli/commands.hpp"
#include "domain/codes.hpp"
#include "domain/json.hpp"

namespace bk::cli {
namespace {

void add_time(json::Object& o, const char* key, const std::optional<UtcSeconds>& t, const TimeZone& zone) {
  if (t) {
    o.add(key, zone.iso_with_offset(*t));
  } else {
    o.add_null(key);
  }
}

std::optional<std::string> unless_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// One item of `help list --json`: staff only, so with the resident's contact details. Fields that
// were not given (or not stored: "comes back in person", purged) are null.
std::string staff_json(const HelpRequestView& v, const TimeZone& zone) {
  json::Object o;
  o.add("code", v.code).add("category", v.category).add("timing", v.timing)
      .add("status", to_string(v.status)).add("created", zone.iso_with_offset(v.created));
  add_time(o, "claimed", v.claimed, zone);
  add_time(o, "done", v.done, zone);
  add_time(o, "cancelled", v.cancelled, zone);
  o.add("description", unless_empty(v.description)).add("name", unless_empty(v.name))
      .add("phone", unless_empty(v.phone)).add("comes_back", v.comes_back)
      .add("claimed_by", unless_empty(v.claimed_by)).add("note", unless_empty(v.note));
  return o.str();
}

// `lookup CODE --json`: what the resident may know too, nothing personal.
std::string public_json(const HelpPublicView& v, const TimeZone& zone) {
  json::Object o;
  o.add("kind", "help_request").add("code", v.code).add("status", to_string(v.status))
      .add("category", v.category).add("timing", v.timing)
      .add("created", zone.iso_with_offset(v.created));
  add_time(o, "claimed", v.claimed, zone);
  add_time(o, "done", v.done, zone);
  add_time(o, "cancelled", v.cancelled, zone);
  return o.str();
}

std::string checked_code(const std::string& typed) {
  const auto code = normalise_reference_code(typed);
  if (!code)
    throw BadInput("\"" + typed + "\" is not a reference code (6 letters and digits, like K7M3QX)");
  return *code;
}

// Exit 1 for an unknown code or a change the status machine refuses, 2 for a bad name or note.
void check_change(const HelpChangeResult& r) {
  switch (r.outcome) {
    case HelpChange::Changed:
    case HelpChange::Unchanged: return;
    case HelpChange::NotFound:
    case HelpChange::NotAllowed: throw Refused(r.problem);
    case HelpChange::InvalidInput: throw BadInput(r.problem);
  }
}

struct ListOptions {
  std::string status;
  bool json = false;
};

int run_help_list(Context& ctx, const ListOptions& l) {
  Kiosk& k = ctx.kiosk();
  const auto rows = k.help.list(l.status.empty() ? std::nullopt : help_status_from(l.status));
  if (l.json) {
    std::vector<std::string> items;
    for (const auto& v : rows) items.push_back(staff_json(v, k.zone));
    std::cout << json::array(items) << "\n";
    return 0;
  }
  if (rows.empty()) std::cout << "(no help requests)\n";
  for (const auto& v : rows) {
    std::cout << v.code << "  " << to_string(v.status) << "  " << v.category << " · " << v.timing
              << " · " << k.zone.iso_with_offset(v.created) << "\n";
    if (v.comes_back) {
      std::cout << "    comes back in person\n";
    } else if (!v.name.empty()) {
      std::cout << "    " << v.name << " · " << (v.phone.empty() ? "-" : v.phone) << "\n";
    }
    if (!v.description.empty()) std::cout << "    " << v.description << "\n";
    if (!v.claimed_by.empty()) std::cout << "    claimed by " << v.claimed_by << "\n";
    if (!v.note.empty()) std::cout << "    note: " << v.note << "\n";
  }
  return 0;
}

void add_help_list(CLI::App& help, Context& ctx, Action& action) {
  auto l = std::make_shared<ListOptions>();
  auto* list = help.add_subcommand("list", "help requests, oldest first (with contact details: staff only)");
  list->add_option("--status", l->status, "open, claimed, done or cancelled")
      ->check(CLI::IsMember({"open", "claimed", "done", "cancelled"}));
  list->add_flag("--json", l->json, "print a JSON array");
  list->callback([&ctx, &action, l] {
    action = [&ctx, l] { return run_help_list(ctx, *l); };
  });
}

struct AddOptions {
  std::string category, timing = "any", description, name, phone;
  bool comes_back = false, json = false;
};

void add_help_add(CLI::App& help, Context& ctx, Action& action) {
  auto a = std::make_shared<AddOptions>();
  auto* add = help.add_subcommand("add", "a help request taken at the desk or by phone");
  add->add_option("--category", a->category, "boodschappen, klusje, vervoer, gezelschap, post, computer, anders")->required();
  add->add_option("--timing", a->timing, "today, this_week or any (default any)");
  add->add_option("--description", a->description, "what is needed (optional, up to 500 characters)");
  add->add_option("--name", a->name, "the resident's name (needed unless --comes-back)");
  add->add_option("--phone", a->phone, "the resident's phone number (optional)");
  add->add_flag("--comes-back", a->comes_back, "the resident comes back in person: no name or phone stored");
  add->add_flag("--json", a->json, "print JSON");
  add->callback([&ctx, &action, a] {
    action = [&ctx, a] {
      HelpRequestInput in{a->category, a->timing, a->description, a->comes_back, a->name, a->phone};
      const HelpCreated r = ctx.kiosk().help.create(in, to_string(AuditRole::Cli));
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
}

struct ChangeOptions {
  std::string code, by, note;
};

void add_help_claim(CLI::App& help, Context& ctx, Action& action) {
  auto c = std::make_shared<ChangeOptions>();
  auto* claim = help.add_subcommand("claim", "a volunteer takes on a help request");
  claim->add_option("code", c->code, "reference code")->required();
  claim->add_option("--by", c->by, "the volunteer's name")->required();
  claim->add_option("--note", c->note, "a note for the other volunteers");
  claim->callback([&ctx, &action, c] {
    action = [&ctx, c] {
      const std::string code = checked_code(c->code);
      const HelpChangeResult r = ctx.kiosk().help.claim(code, c->by, c->note, to_string(AuditRole::Cli));
      check_change(r);
      std::cout << (r.outcome == HelpChange::Unchanged ? "already claimed " : "claimed ") << code
                << " by " << c->by << "\n";
      return 0;
    };
  });
}

void add_help_note(CLI::App& help, Context& ctx, Action& action) {
  auto n = std::make_shared<ChangeOptions>();
  auto* note = help.add_subcommand("note", "add a note to a help request");
  note->add_option("code", n->code, "reference code")->required();
  note->add_option("text", n->note, "the note (up to 500 characters)")->required();
  note->add_option("--by", n->by, "the volunteer's name");
  note->callback([&ctx, &action, n] {
    action = [&ctx, n] {
      const std::string code = checked_code(n->code);
      check_change(ctx.kiosk().help.add_note(code, n->note, to_string(AuditRole::Cli), n->by));
      std::cout << "note added to " << code << "\n";
      return 0;
    };
  });
}

void add_help_done(CLI::App& help, Context& ctx, Action& action) {
  auto d = std::make_shared<ChangeOptions>();
  auto* done = help.add_subcommand("done", "mark a help request done (also straight from open)");
  done->add_option("code", d->code, "reference code")->required();
  done->add_option("--by", d->by, "the volunteer's name");
  done->callback([&ctx, &action, d] {
    action = [&ctx, d] {
      const std::string code = checked_code(d->code);
      check_change(ctx.kiosk().help.done(code, to_string(AuditRole::Cli), d->by));
      std::cout << "done " << code << "\n";
      return 0;
    };
  });
}

void add_help_cancel(CLI::App& help, Context& ctx, Action& action) {
  auto x = std::make_shared<ChangeOptions>();
  auto* cancel = help.add_subcommand("cancel", "cancel an open or claimed help request");
  cancel->add_option("code", x->code, "reference code")->required();
  cancel->add_option("--by", x->by, "who cancels it");
  cancel->callback([&ctx, &action, x] {
    action = [&ctx, x] {
      const std::string code = checked_code(x->code);
      check_change(ctx.kiosk().help.cancel(code, to_string(AuditRole::Cli), x->by));
      std::cout << "cancelled " << code << "\n";
      return 0;
    };
  });
}

// `help handover CODE --team T`: to another [[team]], which is mailed; a claim is let go.
void add_help_handover(CLI::App& help, Context& ctx, Action& action) {
  auto h = std::make_shared<ChangeOptions>();  // note holds the team
  auto* handover = help.add_subcommand("handover", "route a help request to another team ([[team]]) and mail it");
  handover->add_option("code", h->code, "reference code")->required();
  handover->add_option("--team", h->note, "the team's name")->required();
  handover->add_option("--by", h->by, "who hands it over");
  handover->callback([&ctx, &action, h] {
    action = [&ctx, h] {
      const std::string code = checked_code(h->code);
      const HelpChangeResult r = ctx.kiosk().help.hand_over(code, h->note, to_string(AuditRole::Cli), h->by);
      check_change(r);
      std::cout << (r.outcome == HelpChange::Unchanged ? "already with " : "handed over to ") << h->note << ": "
                << code << "\n";
      return 0;
    };
  });
}

}  // namespace

bool print_help_lookup(Kiosk& k, const std::string& code, bool json) {
  const auto v = k.help.public_lookup_code(code);
  if (!v) return false;
  if (json) {
    std::cout << public_json(*v, k.zone) << "\n";
  } else {
    std::cout << v->code << ": help request (" << v->category << ", " << v->timing << "), "
              << to_string(v->status) << "\nasked " << k.zone.iso_with_offset(v->created) << "\n";
  }
  return true;
}

bool cancel_help_request(Kiosk& k, const std::string& code) {
  const HelpChangeResult r = k.help.cancel(code, to_string(AuditRole::Cli));
  if (r.outcome == HelpChange::NotFound) return false;
  check_change(r);
  return true;
}

void add_help_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* help = app.add_subcommand("help", "the help-request queue (staff: shows names and phone numbers)");
  help->require_subcommand(1);
  add_help_list(*help, ctx, action);
  add_help_add(*help, ctx, action);
  add_help_claim(*help, ctx, action);
  add_help_note(*help, ctx, action);
  add_help_done(*help, ctx, action);
  add_help_cancel(*help, ctx, action);
  add_help_handover(*help, ctx, action);
}

}  // namespace bk::cli
