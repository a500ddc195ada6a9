#pragma once
// buurtkioskctl: each file cmd_*.cpp adds one group of subcommands. Exit codes (CLI.md):
// 0 success, 1 refused (full, not found, locked, damaged), 2 bad usage or bad input.
#include <CLI/CLI.hpp>
#include <signal.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "i18n/catalog.hpp"
#include "print/print_queue.hpp"
#include "services/kiosk.hpp"

namespace bk::cli {

// Thrown by a command to end with exit code 1 and one line on stderr.
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Thrown for bad input: exit code 2 and one line on stderr.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Global options and a lazily opened kiosk (config + database + services).
struct Context {
  KioskOptions options;
  Kiosk& kiosk();  // opens on first use
  std::unique_ptr<Kiosk> opened;
};

// A command's body runs after parsing; set by each subcommand's callback.
using Action = std::function<int()>;

void add_agenda_commands(CLI::App& app, Context& ctx, Action& action);
void add_maintenance_commands(CLI::App& app, Context& ctx, Action& action);
void add_volunteer_commands(CLI::App& app, Context& ctx, Action& action);
void add_registration_commands(CLI::App& app, Context& ctx, Action& action);
void add_lookup_commands(CLI::App& app, Context& ctx, Action& action);
void add_help_commands(CLI::App& app, Context& ctx, Action& action);
void add_print_commands(CLI::App& app, Context& ctx, Action& action);
void add_report_commands(CLI::App& app, Context& ctx, Action& action);
void add_serve_commands(CLI::App& app, Context& ctx, Action& action);  // cmd_serve.cpp
void add_notify_commands(CLI::App& app, Context& ctx, Action& action);  // cmd_notify.cpp
void add_account_commands(CLI::App& app, Context& ctx, Action& action);  // cmd_account.cpp
void add_backoffice_commands(CLI::App& app, Context& ctx, Action& action);  // cmd_backoffice.cpp
void add_migrate_commands(CLI::App& app, Context& ctx, Action& action);  // cmd_migrate.cpp

// For the commands that run a server until SIGINT/SIGTERM (cmd_serve.cpp): block those signals
// before any thread starts, then run; a thread of its own waits for a signal and calls stop().
sigset_t block_stop_signals();
bool run_until_stop_signal(sigset_t stop_signals, const char* component, const std::function<bool()>& run,
                           const std::function<void()>& stop);

// Printing from a command (cmd_print.cpp): waits for the printer (at most the configured timeout),
// records printer.last_status for volunteer mode, never throws for a printer problem.
print::PrintOutcome print_now(Kiosk& k, const print::PrintJob& job);
Catalog ticket_catalog(Kiosk& k);  // assets' catalog in the configured language

// `import --url [URL]` (cmd_maintenance.cpp): fetch an ICS feed (URL empty: agenda.feed_url) and import it; a failure
// keeps the agenda and is recorded in import.last_status. Exit 1 fetch failed, 2 not a calendar.
int run_feed_import(Context& ctx, const std::string& url, int timeout_seconds);

// The lines `import` prints (cmd_agenda.cpp): the counts on stdout; what the file held that was ignored
// (empty values, unknown lines) on stderr, the first lines and how many in all.
void print_import_summary(const std::string& name, const ImportSummary& s);

// Help requests in `lookup` and `cancel` (cmd_help.cpp): true when `code` was a help request.
bool print_help_lookup(Kiosk& k, const std::string& code, bool json);
bool cancel_help_request(Kiosk& k, const std::string& code);

}  // namespace bk::cli
