// `backoffice [--listen ADDR:PORT]`: the team's pages under /beheer/ (src/web/backoffice.hpp), on
// their own address (backoffice.listen, default 127.0.0.1:8081), apart from the follow-up pages.
#include <cstdlib>
#include <memory>

#include "cli/commands.hpp"
#include "domain/log.hpp"
#include "web/backoffice.hpp"
#include "web/http_common.hpp"

namespace bk::cli {

void add_backoffice_commands(CLI::App& app, Context& ctx, Action& action) {
  auto listen = std::make_shared<std::string>();
  auto idle_seconds = std::make_shared<int>(0);
  auto* cmd = app.add_subcommand("backoffice", "serve the team's back office (/beheer/): help requests, agenda, lists");
  cmd->add_option("--listen", *listen, "address and port, e.g. 127.0.0.1:8081 (default: backoffice.listen)");
  cmd->add_option("--idle-seconds", *idle_seconds,
                  "end a session after this many seconds without a request (tests; default: "
                  "backoffice.session_idle_minutes)")
      ->check(CLI::Range(1, 24 * 3600));
  cmd->callback([&ctx, &action, listen, idle_seconds] {
    action = [&ctx, listen, idle_seconds] {
      if (!std::getenv("BUURTKIOSK_LOG")) log::set_min_level(log::Level::Info);
      // A server runs for hours: --now sets where its clock starts, then it ticks on (sessions
      // must be able to go idle).
      ctx.options.frozen_clock = false;
      Kiosk& k = ctx.kiosk();  // reads the config, opens and migrates the database once
      const std::string where = listen->empty() ? k.config.backoffice.listen : *listen;
      const auto address = web::parse_listen(where);
      if (!address) throw BadInput("--listen \"" + where + "\" must look like 127.0.0.1:8081");

      web::BackofficeSettings s;
      s.config = k.config;
      s.database = k.store.location();
      s.zone = k.zone;
      s.catalog = Catalog::load(assets_dir());
      s.catalog.set_language("nl");  // the team's pages are Dutch
      s.session_idle = std::chrono::seconds(*idle_seconds);
      std::unique_ptr<Clock> clock = std::move(k.clock);
      s.clock = clock.get();
      ctx.opened.reset();  // no connection held between requests: each request opens its own

      const sigset_t stop_signals = block_stop_signals();  // before any thread starts
      web::BackofficeServer server(std::move(s));
      const int port = server.bind(address->first, address->second);
      if (port < 0) throw Refused("cannot listen on " + where + " (in use, or not allowed)");
      log::info("backoffice", "back office on " + address->first + ":" + std::to_string(port) + "/beheer/");
      const bool ok = run_until_stop_signal(stop_signals, "backoffice", [&] { return server.listen_after_bind(); },
                                            [&] { server.stop(); });
      return ok ? 0 : 1;
    };
  });
}

}  // namespace bk::cli
