// `serve [--listen ADDR:PORT]`: the follow-up web pages that the QR codes open (src/web); and the
// signal handling that every command running a server shares (block_stop_signals, run_until_stop_signal).
#include <csignal>
#include <cstdlib>
#include <memory>
#include <pthread.h>
#include <thread>

#include "cli/commands.hpp"
#include "domain/log.hpp"
#include "web/followup_server.hpp"

namespace bk::cli {

sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

bool run_until_stop_signal(sigset_t stop_signals, const char* component, const std::function<bool()>& run,
                           const std::function<void()>& stop) {
  // SIGINT/SIGTERM end the server from a thread of their own (stop() is not signal-safe).
  std::thread waiter([&stop, stop_signals, component] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    log::info(component, "stopping");
    stop();
  });
  const bool ok = run();
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);  // ends the waiter if the server stopped by itself
    waiter.join();
  }
  return ok;
}

void add_serve_commands(CLI::App& app, Context& ctx, Action& action) {
  auto listen = std::make_shared<std::string>();
  auto* serve = app.add_subcommand("serve", "serve the follow-up web pages that QR codes open");
  serve->add_option("--listen", *listen, "address and port, e.g. 127.0.0.1:8080 (default: followup.listen)");
  serve->callback([&ctx, &action, listen] {
    action = [&ctx, listen] {
      // A service: one journal line per request (unless BUURTKIOSK_LOG says otherwise).
      if (!std::getenv("BUURTKIOSK_LOG")) log::set_min_level(log::Level::Info);
      Kiosk& k = ctx.kiosk();  // reads the config, opens and migrates the database once
      const std::string where = listen->empty() ? k.config.followup.listen : *listen;
      const auto address = web::parse_listen(where);
      if (!address) throw BadInput("--listen \"" + where + "\" must look like 0.0.0.0:8080");

      web::FollowupSettings s;
      s.database = k.store.location();
      s.zone = k.zone;
      s.catalog = Catalog::load(assets_dir());
      s.centre_name = k.config.centre.name;
      s.centre_phone = k.config.centre.phone;
      s.base_url = k.config.followup.base_url;
      s.horizon_days = k.config.agenda.horizon_days;
      s.requests_per_minute = k.config.followup.requests_per_minute;
      std::unique_ptr<Clock> clock = std::move(k.clock);
      s.clock = clock.get();
      ctx.opened.reset();  // no connection held between requests: each request opens its own

      const sigset_t stop_signals = block_stop_signals();  // before any thread starts
      web::FollowupServer server(std::move(s));
      const int port = server.bind(address->first, address->second);
      if (port < 0) throw Refused("cannot listen on " + where + " (in use, or not allowed)");
      log::info("web", "follow-up pages on " + address->first + ":" + std::to_string(port));
      const bool ok = run_until_stop_signal(stop_signals, "web", [&] { return server.listen_after_bind(); },
                                            [&] { server.stop(); });
      return ok ? 0 : 1;
    };
  });
}

}  // namespace bk::cli
