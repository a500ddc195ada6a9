// buurtkioskctl — the staff command line. See ../shared/CLI.md for the contract.
#include <sys/stat.h>

#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "domain/log.hpp"

namespace bk::cli {

Kiosk& Context::kiosk() {
  if (!opened) opened = open_kiosk(options);
  return *opened;
}

}  // namespace bk::cli

int main(int argc, char** argv) {
  using namespace bk;
  // Whatever this program creates may hold personal data: private to its user unless said
  // otherwise (store/private_files.hpp creates those files 0600 explicitly as well).
  ::umask(077);
  CLI::App app{"buurtkioskctl — staff command line for Buurtkiosk"};
  app.require_subcommand(1);
  app.set_version_flag("--version", BUURTKIOSK_VERSION);
  // A staff command prints its answer; the journal-style event lines are for the services.
  if (!std::getenv("BUURTKIOSK_LOG")) log::set_min_level(log::Level::Warning);  // unless asked
  cli::Context ctx;
  app.add_option("--config", ctx.options.config_file, "config file (default: system, else kiosk-config/kiosk.toml)");
  app.add_option("--db", ctx.options.db_file, "database file (overrides the config)");
  app.add_option("--now", ctx.options.now, "act as if it were this local time, e.g. 2027-03-02T10:00");
  ctx.options.frozen_clock = true;  // a command is short: --now stands still

  cli::Action action;
  cli::add_agenda_commands(app, ctx, action);
  cli::add_maintenance_commands(app, ctx, action);
  cli::add_volunteer_commands(app, ctx, action);
  cli::add_registration_commands(app, ctx, action);
  cli::add_lookup_commands(app, ctx, action);
  cli::add_help_commands(app, ctx, action);
  cli::add_print_commands(app, ctx, action);
  cli::add_report_commands(app, ctx, action);
  cli::add_serve_commands(app, ctx, action);
  cli::add_backoffice_commands(app, ctx, action);
  cli::add_notify_commands(app, ctx, action);
  cli::add_account_commands(app, ctx, action);
  cli::add_migrate_commands(app, ctx, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 0;
  } catch (const cli::Refused& e) {
    std::cerr << "buurtkioskctl: " << e.what() << "\n";
    return 1;
  } catch (const cli::BadInput& e) {
    std::cerr << "buurtkioskctl: " << e.what() << "\n";
    return 2;
  } catch (const InputError& e) {
    std::cerr << "buurtkioskctl: " << e.what() << "\n";
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << "buurtkioskctl: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "buurtkioskctl: " << e.what() << "\n";
    return 2;
  } catch (const DbError& e) {
    std::cerr << "buurtkioskctl: database: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "buurtkioskctl: " << e.what() << "\n";
    return 1;
  }
}
