// Help requests a kiosk kept during a database outage reach the server (#20): see
// HelpService::deliver and reserve_codes in help_service.hpp, and OfflineHelp for the kiosk's side.
#include "domain/log.hpp"
#include "services/help_service.hpp"
#include "store/reference_codes.hpp"
#include "store/reserved_code_store.hpp"

namespace bk {

HelpDelivery HelpService::deliver(NewHelpRequest row, const std::string& role) {
  WriteScope tx(store_);
  // The code goes back from the reserve first, or reference_code_taken would count it as taken.
  release_reserved_code(store_, row.code);
  if (auto there = find_help_request(store_, HelpRequestKey::TokenHash, row.token_hash)) {
    // Sent before, and the kiosk did not get to forget it (a crash, a lost answer): once is enough.
    tx.commit();
    log::info("help", "help request " + row.code + " was already on the server as " + there->code);
    return {HelpDelivery::Kind::AlreadyThere, there->code};
  }
  HelpDelivery out{HelpDelivery::Kind::Written, row.code};
  std::string detail = ", kept on the kiosk during an outage";
  if (reference_code_taken(store_, row.code)) {
    // Only a code made without the reserve can clash (a kiosk that started during an outage). The
    // resident's follow-up link still finds it (the token is theirs); their code would not, so the
    // request gets a new one and a note for the volunteer who is shown the old code at the desk.
    const std::string ticket_code = row.code;
    row.code = unique_code();
    out = {HelpDelivery::Kind::WrittenNewCode, row.code};
    detail += ", code on the ticket " + ticket_code + " was taken";
    insert_routed(row, role, detail);
    auto written = find_help_request(store_, HelpRequestKey::Code, row.code);
    written->note = "Code op het bonnetje van de bewoner: " + ticket_code + " (die was al in gebruik).";
    update_help_request(store_, *written);
    log::warning("help", "help request kept as " + ticket_code + " is " + row.code + " on the server: its code was taken");
  } else {
    insert_routed(row, role, detail);
  }
  tx.commit();
  log::info("help", "help request " + row.code + " (" + row.category + ") sent after an outage");
  return out;
}

std::vector<std::string> HelpService::reserve_codes(int n) {
  std::vector<std::string> out;
  if (n <= 0) return out;
  const UtcSeconds now = clock_.now();
  WriteScope tx(store_);
  for (int i = 0; i < n; ++i) {
    out.push_back(unique_code());  // unique_code skips reserved codes too, the ones just added among them
    reserve_code(store_, out.back(), now);
  }
  tx.commit();
  return out;
}

}  // namespace bk
