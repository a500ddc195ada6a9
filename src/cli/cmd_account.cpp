// account add / list / disable / enable / reset: people's own accounts for the back office (#19).
// Passwords come from standard input (no echo on a terminal) and are kept only as argon2id hashes;
// nothing here prints more than name, role, team and e-mail address.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/secret_input.hpp"
#include "domain/json.hpp"
#include "services/account_service.hpp"

namespace bk::cli {
namespace {

std::optional<std::string> unless_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// A changed account is refused (exit 1) when the name is unknown or taken, and bad input (exit 2)
// when something typed is wrong; the service's problem is the one line.
void check(const AccountResult& r, const std::string& command) {
  switch (r.outcome) {
    case AccountOutcome::Done: return;
    case AccountOutcome::NotFound:
    case AccountOutcome::NameTaken: throw Refused(command + ": " + r.problem);
    case AccountOutcome::InvalidInput: throw BadInput(command + ": " + r.problem);
  }
}

// The password from stdin; on a terminal typed twice, since nobody sees what they typed.
std::string read_password(const std::string& command, const std::string& name) {
  const auto pw = read_secret_line("New password for " + name + " (at least " + std::to_string(kPasswordMin) + " characters): ");
  if (!pw) throw BadInput(command + ": no password on standard input");
  if (isatty(STDIN_FILENO)) {
    const auto again = read_secret_line("The same password again: ");
    if (!again || *again != *pw) throw BadInput(command + ": the two passwords differ; nothing changed");
  }
  return *pw;
}

// --team must name a [[team]] of the config (a partner sees only that team's requests).
void check_team(const Config& config, const AccountInput& in) {
  std::string teams;
  for (const auto& t : config.teams) teams += (teams.empty() ? "" : ", ") + t.name;
  const std::string known = teams.empty() ? "the config has no [[team]]" : "teams: " + teams;
  if (in.role == AccountRole::Partner && in.team.empty())
    throw BadInput("account add: a partner needs --team (" + known + ")");
  if (!in.team.empty() && !config.team_named(in.team))
    throw BadInput("account add: --team \"" + in.team + "\" is not a [[team]] in the config (" + known + ")");
}

std::string account_json(const Account& a, const TimeZone& zone) {
  json::Object o;
  o.add("name", a.name).add("role", to_string(a.role)).add("team", unless_empty(a.team))
      .add("email", unless_empty(a.email)).add("disabled", a.disabled)
      .add("created", zone.iso_with_offset(a.created)).add("password_set", zone.iso_with_offset(a.password_set));
  return o.str();
}

void add_account_add(CLI::App& parent, Context& ctx, Action& action) {
  auto* cmd = parent.add_subcommand("add", "a new account; its password is read from standard input");
  auto in = std::make_shared<AccountInput>();
  auto role = std::make_shared<std::string>();
  cmd->add_option("NAME", in->name, "login name (1-60 characters)")->required();
  cmd->add_option("--role", *role, "volunteer, staff or partner")
      ->required()
      ->check(CLI::IsMember({"volunteer", "staff", "partner"}));
  cmd->add_option("--team", in->team, "a [[team]] name from the config (required for a partner)");
  cmd->add_option("--email", in->email, "e-mail address (staff: escalations go there)");
  cmd->callback([&ctx, &action, in, role] {
    action = [&ctx, in, role] {
      in->role = *account_role_from(*role);
      Kiosk& k = ctx.kiosk();
      check_team(k.config, *in);
      in->password = read_password("account add", in->name);
      check(AccountService(k.store, *k.clock).add(*in, kCliActor), "account add");
      std::cout << "account " << in->name << " added (" << *role << (in->team.empty() ? "" : ", team " + in->team) << ")\n";
      return 0;
    };
  });
}

void add_account_list(CLI::App& parent, Context& ctx, Action& action) {
  auto* cmd = parent.add_subcommand("list", "every account: name, role, team, e-mail, enabled or not");
  auto as_json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *as_json, "one JSON array");
  cmd->callback([&ctx, &action, as_json] {
    action = [&ctx, as_json] {
      Kiosk& k = ctx.kiosk();
      const auto accounts = AccountService(k.store, *k.clock).list();
      if (*as_json) {
        std::vector<std::string> items;
        for (const auto& a : accounts) items.push_back(account_json(a, k.zone));
        std::cout << json::array(items) << "\n";
        return 0;
      }
      if (accounts.empty()) std::cout << "no accounts yet: buurtkioskctl account add NAME --role staff\n";
      for (const auto& a : accounts) {
        std::cout << a.name << "  " << to_string(a.role);
        if (!a.team.empty()) std::cout << "  team " << a.team;
        if (!a.email.empty()) std::cout << "  " << a.email;
        if (a.disabled) std::cout << "  (disabled)";
        std::cout << "\n";
      }
      return 0;
    };
  });
}

// disable / enable / reset NAME: one name, one change.
void add_account_change(CLI::App& parent, Context& ctx, Action& action, const std::string& verb,
                        const std::string& description) {
  auto* cmd = parent.add_subcommand(verb, description);
  auto name = std::make_shared<std::string>();
  cmd->add_option("NAME", *name, "login name")->required();
  cmd->callback([&ctx, &action, name, verb] {
    action = [&ctx, name, verb] {
      Kiosk& k = ctx.kiosk();
      AccountService accounts(k.store, *k.clock);
      const std::string command = "account " + verb;
      if (verb == "reset") {
        // Known before the password is typed, so nobody types one for a name that is not there.
        if (!accounts.find_named(*name)) throw Refused(command + ": no account named \"" + *name + "\"");
        check(accounts.reset(*name, read_password(command, *name), kCliActor), command);
        std::cout << "account " << *name << ": new password stored; its lock, if any, is lifted\n";
        return 0;
      }
      check(verb == "disable" ? accounts.disable(*name, kCliActor) : accounts.enable(*name, kCliActor), command);
      std::cout << "account " << *name << " " << verb << "d\n";
      return 0;
    };
  });
}

}  // namespace

void add_account_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* account = app.add_subcommand("account", "people's own accounts for the back office (/beheer/)");
  account->require_subcommand(1);
  add_account_add(*account, ctx, action);
  add_account_list(*account, ctx, action);
  add_account_change(*account, ctx, action, "disable", "an account can no longer log in (at once, also a running session)");
  add_account_change(*account, ctx, action, "enable", "a disabled account may log in again");
  add_account_change(*account, ctx, action, "reset", "a new password from standard input; lifts a lock");
}

}  // namespace bk::cli
