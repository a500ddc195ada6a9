#include "cli/commands.hpp"
namespace bk::cli {
void add_agenda_commands(CLI::App&, Context&, Action&) {}
}  // namespace bk::cli
