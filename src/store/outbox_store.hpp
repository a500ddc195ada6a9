#pragma once
// Mails waiting to be sent (table `outbox`). A row is written in the same WriteScope as the change
// it announces (a new help request, a hand-over), so the mail exists exactly when the change does;
// `buurtkioskctl notify` sends it later, and a mail server that is down only delays it.
// Rows never hold a name, phone or description: kind, timing, code and a link.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

struct NewOutboxMail {
  std::string kind;          // help.new | help.handover | help.escalated | summary
  std::string subject_code;  // the help request's code, when the mail is about one
  std::vector<std::string> recipients;
  std::string subject;
  std::string body;          // plain text, '\n' line ends (the sender makes the MIME message)
  UtcSeconds created = 0;    // also the first time it may be sent
};
// Call inside the caller's WriteScope. Returns the row's id.
std::int64_t insert_outbox(Store& store, const NewOutboxMail& m);

struct OutboxMail {
  std::int64_t id = 0;
  std::string kind;
  std::string subject_code;
  std::vector<std::string> recipients;
  std::string subject;
  std::string body;
  UtcSeconds created = 0;
  int attempts = 0;
  UtcSeconds next = 0;
  std::optional<UtcSeconds> sent;
  std::string last_error;
};

// Unsent rows with next_utc <= now, oldest first, at most `limit`.
std::vector<OutboxMail> due_outbox(Store& store, UtcSeconds now, int limit = 50);
// The earliest next_utc of an unsent row (the notify loop's cheap check); nullopt when none waits.
std::optional<UtcSeconds> next_outbox_due(Store& store);
void mark_outbox_sent(Store& store, std::int64_t id, UtcSeconds at);
// A failed attempt: attempts and the time of the next try; error is the server's one-line answer.
void mark_outbox_failed(Store& store, std::int64_t id, int attempts, UtcSeconds next, const std::string& error);

// For the back office's Status page.
struct OutboxSummary {
  int waiting = 0;          // not sent yet
  int failed_attempts = 0;  // attempts made on the waiting ones, together
  std::optional<UtcSeconds> last_sent;
  std::string last_error;   // of the newest waiting row that failed; empty when none did
};
OutboxSummary outbox_summary(Store& store);

}  // namespace bk
