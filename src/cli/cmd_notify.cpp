// `notify [--once]`: sends the outbox's mails (help requests to their team, escalations to staff)
// with libcurl's SMTP. The service (buurtkiosk-notify.service) runs the loop: every few seconds it
// opens the database, queues escalations, sends what is due, and closes it again, so the kiosk
// never waits on it and a mail server that is down only delays the mail.
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "domain/log.hpp"
#include "services/mail_sender.hpp"
#include "services/notify.hpp"
#include "store/account_store.hpp"
#include "store/outbox_store.hpp"

namespace bk::cli {
namespace {

constexpr int kWakeSeconds = 2;

struct Notifier {
  Config config;
  TimeZone zone;
  std::unique_ptr<Clock> clock;
  StoreLocation database;
  SmtpTransport transport;

  // One round on a connection of its own. The cheap checks first: most rounds read two small
  // indexes and write nothing.
  SendRound round() {
    Store store(database);
    store.set_busy_timeout(std::chrono::seconds(5));
    queue_escalations(store, config, *clock, zone, staff_emails(store));
    const auto due = next_outbox_due(store);
    if (!due || *due > clock->now()) return {};
    return send_due_mail(store, config, *clock, transport);
  }
};

// SIGINT/SIGTERM end the loop between rounds: blocked, and waited for as the loop's sleep.
int run_loop(Notifier& n) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  log::info("notify", "sending mail via " + n.config.notify.smtp_url);
  const timespec wake{kWakeSeconds, 0};
  for (;;) {
    try {
      n.round();
    } catch (const DbError& e) {
      // Busy past the timeout, or the disk: try again next round.
      log::warning("notify", std::string("database: ") + e.what());
    }
    if (sigtimedwait(&stop_signals, nullptr, &wake) > 0) break;
  }
  log::info("notify", "stopping");
  return 0;
}

}  // namespace

void add_notify_commands(CLI::App& app, Context& ctx, Action& action) {
  auto once = std::make_shared<bool>(false);
  auto* notify = app.add_subcommand("notify", "send the e-mails about help requests (a service; --once: send what is due)");
  notify->add_flag("--once", *once, "send what is due now and stop (exit 1 when a mail could not be sent)");
  notify->callback([&ctx, &action, once] {
    action = [&ctx, once] {
      if (!std::getenv("BUURTKIOSK_LOG")) log::set_min_level(log::Level::Info);  // a service
      ctx.options.frozen_clock = false;  // a service: --now ticks on
      Kiosk& k = ctx.kiosk();            // reads the config, opens and migrates the database once
      if (k.config.notify.smtp_url.empty()) {
        std::cout << "notify: no [notify] smtp_url in the config: there is no mail to send\n";
        return 0;
      }
      std::unique_ptr<Notifier> n;
      try {
        n.reset(new Notifier{k.config, k.zone, std::move(k.clock), k.store.location(), SmtpTransport(k.config.notify)});
      } catch (const MailSetupError& e) {
        throw Refused(e.what());
      }
      ctx.opened.reset();  // no connection held between rounds
      if (!*once) return run_loop(*n);
      const SendRound r = n->round();
      std::cout << "notify: " << r.sent << " sent, " << r.failed << " not sent\n";
      return r.failed == 0 ? 0 : 1;
    };
  });
}

}  // namespace bk::cli
