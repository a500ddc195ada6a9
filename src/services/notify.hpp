#pragma once
// What `buurtkioskctl notify` does each round: send the outbox's due mails, and queue a mail to
// staff for each help request nobody claimed within [notify] escalate_after_hours.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "services/mail_sender.hpp"
#include "store/store.hpp"

namespace bk {

// Seconds to wait after the n-th failed attempt (n ≥ 1): 30 s, 1, 2, 5, 10, 30 min, then hourly.
UtcSeconds retry_delay(int failed_attempts);

struct SendRound {
  int sent = 0;
  int failed = 0;
};
// Sends every unsent outbox row with next_utc <= now, one at a time (no lock is held while the
// mail server is talked to). A failure counts the attempt, sets the next try by retry_delay and
// keeps the server's one-line answer; the mail itself is never logged or kept elsewhere. The round
// ends at the first failure (the rest are tried next round).
SendRound send_due_mail(Store& store, const Config& config, const Clock& clock, MailTransport& transport);

// Open requests created at least escalate_after_hours ago and not escalated yet: one mail each to
// `staff` (staff_emails()) and escalated_utc set, in one transaction. Nothing without mail set up
// or without a staff address (they are told once there is one). Returns the mails queued.
int queue_escalations(Store& store, const Config& config, const Clock& clock, const TimeZone& zone,
                      const std::vector<std::string>& staff);

}  // namespace bk
