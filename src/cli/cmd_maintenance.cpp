// check (and later backup, restore, purge): keeping the database healthy.
#include <iostream>

#include "cli/commands.hpp"
#include "store/database.hpp"

namespace bk::cli {

void add_maintenance_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* check = app.add_subcommand("check", "integrity check of the database (exit 1 when damaged)");
  check->callback([&ctx, &action] {
    action = [&ctx] {
      Database& db = ctx.kiosk().db;
      auto st = db.prepare("PRAGMA integrity_check");
      std::string first;
      int problems = 0;
      while (st.step()) {
        const std::string line = st.text(0);
        if (line == "ok") continue;
        if (first.empty()) first = line;
        ++problems;
      }
      auto fk = db.prepare("PRAGMA foreign_key_check");
      while (fk.step()) ++problems;
      if (problems > 0) throw Refused("database " + db.path().string() + " is damaged: " +
                                      (first.empty() ? "foreign key errors" : first));
      std::cout << "ok: " << db.path().string() << " (schema " << db.schema_version() << ")\n";
      return 0;
    };
  });
}

}  // namespace bk::cli
