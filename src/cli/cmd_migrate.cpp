// migrate-to-postgresql: a centre's SQLite database into the regional PostgreSQL server (#20).
// store/copy_to_server.hpp says what is copied, how, and why a second run changes nothing.
#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "domain/json.hpp"
#include "store/copy_to_server.hpp"

namespace bk::cli {
namespace {

struct MigrateOptions {
  std::string centre;
  bool json = false;
};

bool valid_centre(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

// Counts only: never a name, phone number, description or code.
void print_table(const CopyOutcome& r) {
  std::printf("%-14s %8s %8s %8s %10s\n", "table", "source", "copied", "kept", "on server");
  for (const TableCopy& t : r.tables)
    std::printf("%-14s %8lld %8lld %8lld %10lld\n", t.table.c_str(), static_cast<long long>(t.source),
                static_cast<long long>(t.copied), static_cast<long long>(t.skipped), static_cast<long long>(t.target));
}

std::string json_outcome(const CopyOutcome& r, const char* status, const std::string& centre, const std::string& from) {
  std::vector<std::string> rows;
  for (const TableCopy& t : r.tables)
    rows.push_back(json::Object()
                       .add("table", t.table)
                       .add("source", t.source)
                       .add("copied", t.copied)
                       .add("kept", t.skipped)
                       .add("on_server", t.target)
                       .str());
  return json::Object()
      .add("status", status)
      .add("centre", centre)
      .add("source", from)
      .add("fingerprint", r.fingerprint)
      .add_raw("tables", json::array(rows))
      .str();
}

int run_migrate(const Context& ctx, const MigrateOptions& o) {
  const Config cfg = load_kiosk_config(ctx.options);
  const std::string centre = o.centre.empty() ? cfg.centre.id : o.centre;
  if (centre == "*")
    throw BadInput("centre \"*\" is the whole region: migrate one centre's database, named with --centre ID");
  if (!valid_centre(centre)) throw BadInput("--centre \"" + centre + "\": use letters, digits, '-' and '_'");
  if (cfg.storage.engine != "postgresql")
    throw BadInput("the config's [storage] engine is \"" + cfg.storage.engine +
                   "\": set engine = \"postgresql\", connection and password_file to name the server to migrate to");
  const std::filesystem::path file =
      ctx.options.db_file.empty() ? cfg.database_path() : std::filesystem::path(ctx.options.db_file);
  if (!std::filesystem::is_regular_file(file)) throw BadInput("source database " + file.string() + " not found");

  Store source{StoreLocation(file)};
  source.migrate();  // an older file is brought to the newest schema first, as any command opening it does
  Store target(StoreLocation::postgresql(cfg.storage.connection, cfg.storage.password_file, centre));
  target.migrate();
  const CopyOutcome r = copy_to_server(source, target);
  const std::string where = target.location().describe();
  switch (r.status) {
    case CopyOutcome::Status::Copied:
      if (o.json) {
        std::cout << json_outcome(r, "migrated", centre, file.string()) << "\n";
      } else {
        std::cout << "migrated " << file.string() << " to " << where << " as centre \"" << centre << "\"\n";
        print_table(r);
      }
      return 0;
    case CopyOutcome::Status::AlreadyDone:
      if (o.json)
        std::cout << json_outcome(r, "already_migrated", centre, file.string()) << "\n";
      else
        std::cout << "already migrated, nothing to do: centre \"" << centre << "\" on " << where << " holds "
                  << file.string() << " as it is now\n";
      return 0;
    case CopyOutcome::Status::SourceChanged:
      throw Refused("centre \"" + centre + "\" was migrated before, from another state of " + file.string() +
                    " (server: " + r.recorded + "; file now: " + r.fingerprint + "); nothing written");
    case CopyOutcome::Status::CentreNotEmpty:
      throw Refused("the server already holds data of centre \"" + centre + "\" (" + r.problem +
                    ") that no migration wrote; nothing written");
    case CopyOutcome::Status::CountsDiffer:
      break;
  }
  throw Refused("the counts differ after copying, so nothing was kept (rolled back): " + r.problem);
}

}  // namespace

void add_migrate_commands(CLI::App& app, Context& ctx, Action& action) {
  auto o = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand(
      "migrate-to-postgresql",
      "copy this centre's SQLite database (the config's, or --db FILE) into the configured PostgreSQL server; "
      "all or nothing, counts checked, a second run changes nothing");
  cmd->add_option("--centre", o->centre, "the centre the data belongs to (default: the config's [centre] id)");
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([&ctx, &action, o] { action = [&ctx, o] { return run_migrate(ctx, *o); }; });
}

}  // namespace bk::cli
