#include "services/offline_help.hpp"

#include "domain/codes.hpp"
#include "domain/log.hpp"

namespace bk {

OfflineHelp::OfflineHelp(HelpService& help, ConnectionState& connection, const Clock& clock)
    : help_(help), connection_(connection), clock_(clock) {}

HelpCreated OfflineHelp::create(const HelpRequestInput& in) {
  if (!local_) return help_.create(in);
  CheckedHelpRequest c = help_.check(in);
  if (c.answer.outcome != HelpOutcome::Created) return c.answer;
  if (!connection_.outage()) {
    try {
      return help_.write(c);
    } catch (const DbError& e) {
      if (!e.unavailable()) throw;
      connection_.lost();
      // Kept with the same token: if the server did commit before the answer was lost, deliver()
      // finds that token and does not write it twice.
    }
  }
  return keep(std::move(c));
}

HelpCreated OfflineHelp::keep(CheckedHelpRequest c) {
  c.row.created = clock_.now();
  // Reserve empty (the kiosk started during an outage, or a long one used all ten): a fresh
  // random code, unique on this kiosk but not checked against the server; deliver() gives the
  // request a new code if it clashes there (1 in ~887 million per code in use).
  const LocalStore::Kept k = local_->keep(c.row, make_reference_code);
  if (!k.from_reserve) log::warning("help", "code reserve empty: help request kept under a fresh code " + k.code);
  log::info("help", "help request " + k.code + " (" + c.row.category + ") kept on this kiosk until the server is back");
  c.answer.code = k.code;
  c.answer.kept_on_kiosk = true;
  return c.answer;
}

int OfflineHelp::send_pending() {
  if (!local_) return 0;
  int sent = 0;
  for (const NewHelpRequest& r : local_->pending()) {
    try {
      help_.deliver(r);
    } catch (const DbError& e) {
      if (e.unavailable()) throw;  // the server went again: the rest waits for the next probe
      log::error("help", "help request " + r.code + " kept on this kiosk could not be sent: " + e.what());
      continue;
    }
    local_->remove_pending(r.code);  // only after the server's commit
    ++sent;
  }
  return sent;
}

void OfflineHelp::top_up_reserve() {
  if (!local_) return;
  const int have = static_cast<int>(local_->reserved_codes().size());
  if (have >= kReserve) return;
  // Server first: a crash between the two leaves codes reserved there that no kiosk uses (harmless),
  // never a code here that the server could give to someone else.
  local_->add_reserved(help_.reserve_codes(kReserve - have), clock_.now());
}

bool OfflineHelp::is_kept(const std::string& code) { return local_ && local_->is_pending(code); }

}  // namespace bk
