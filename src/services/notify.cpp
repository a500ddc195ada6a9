#include "services/notify.hpp"

#include <array>

#include "domain/log.hpp"
#include "services/help_mail.hpp"
#include "services/mail_message.hpp"
#include "store/help_request_store.hpp"
#include "store/outbox_store.hpp"

namespace bk {
namespace {

// The domain of the From address, for Message-IDs.
std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

MailSendResult send_one(const OutboxMail& m, const Config& config, MailTransport& transport) {
  std::string message;
  try {
    // The same Message-ID on every attempt: a server that took a mail whose answer got lost
    // lets the reader's program drop the second copy.
    message = format_mail({config.notify.from, m.recipients, m.subject, m.body, m.created,
                           "bk-" + std::to_string(m.id) + "-" + std::to_string(m.created) + "@" +
                               domain_of(config.notify.from)});
  } catch (const std::invalid_argument& e) {
    return {false, e.what()};
  }
  return transport.send(config.notify.from, m.recipients, message);
}

}  // namespace

UtcSeconds retry_delay(int failed_attempts) {
  static constexpr std::array<UtcSeconds, 6> steps = {30, 60, 120, 300, 600, 1800};
  if (failed_attempts < 1) return 0;
  return failed_attempts <= static_cast<int>(steps.size()) ? steps[failed_attempts - 1] : 3600;
}

SendRound send_due_mail(Store& store, const Config& config, const Clock& clock, MailTransport& transport) {
  SendRound round;
  for (const OutboxMail& m : due_outbox(store, clock.now())) {
    const MailSendResult r = send_one(m, config, transport);
    const UtcSeconds now = clock.now();
    WriteScope tx(store);
    if (r.ok) {
      mark_outbox_sent(store, m.id, now);
      ++round.sent;
    } else {
      const int attempts = m.attempts + 1;
      mark_outbox_failed(store, m.id, attempts, now + retry_delay(attempts), r.error);
      ++round.failed;
    }
    tx.commit();
    const std::string about = m.kind + (m.subject_code.empty() ? "" : " " + m.subject_code);
    if (r.ok) {
      log::info("notify", "mail " + std::to_string(m.id) + " sent (" + about + ")");
    } else {
      log::warning("notify", "mail " + std::to_string(m.id) + " (" + about + ") not sent, attempt " +
                                 std::to_string(m.attempts + 1) + ": " + r.error);
      // The server is most likely down or refusing: the others wait for the next round, rather
      // than each waiting out the connect timeout now.
      break;
    }
  }
  return round;
}

int queue_escalations(Store& store, const Config& config, const Clock& clock, const TimeZone& zone,
                      const std::vector<std::string>& staff) {
  if (config.notify.smtp_url.empty() || staff.empty()) return 0;
  const UtcSeconds now = clock.now();
  const UtcSeconds cutoff = now - static_cast<UtcSeconds>(config.notify.escalate_after_hours) * 3600;
  if (help_requests_to_escalate(store, cutoff).empty()) return 0;  // the usual round: no write lock
  WriteScope tx(store);
  int queued = 0;
  for (HelpRequestView v : help_requests_to_escalate(store, cutoff)) {
    queue_help_mail(store, config, zone, HelpMail::Escalated, HelpMailFacts::of(v), staff, now);
    v.escalated = now;
    update_help_request(store, v);
    ++queued;
  }
  tx.commit();
  if (queued > 0) log::info("notify", std::to_string(queued) + " unclaimed help request(s): staff told");
  return queued;
}

}  // namespace bk
