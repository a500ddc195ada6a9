#pragma once
// Hulp vragen while the database server is out of reach (#20). The kiosk keeps the request in its
// own file (store/local_store.hpp) under a code from its reserve — codes it set aside on the server
// while it could reach it (reserved_code), so the code on the resident's ticket stays unique — and
// sends it through HelpService::deliver (same team, same mail) when the server is back.
#include <filesystem>
#include <memory>
#include <string>

#include "domain/time.hpp"
#include "services/connection_state.hpp"
#include "services/help_service.hpp"
#include "store/local_store.hpp"

namespace bk {

class OfflineHelp {
 public:
  static constexpr int kReserve = 10;  // codes kept in reserve: a long outage on a busy day

  OfflineHelp(HelpService& help, ConnectionState& connection, const Clock& clock);
  // The kiosk program's own file (kiosk-local.db next to the database). Without it (the CLI, most
  // tests) create() is HelpService::create and an outage throws as any store call does.
  void keep_in(std::shared_ptr<LocalStore> local) { local_ = std::move(local); }
  LocalStore* local() { return local_.get(); }

  // Online: HelpService::create. In outage (or when this call finds the server gone): checked the
  // same way, then kept here, on disk before it returns, with answer.kept_on_kiosk set.
  HelpCreated create(const HelpRequestInput& in);

  // Reconnect steps (ConnectionState::on_reconnect). send_pending: every kept request to the
  // server, each forgotten here only after the server's commit; returns how many went. A request
  // the server refuses for another reason than the outage stays kept and is logged (by code).
  int send_pending();
  // Sets codes aside on the server (one transaction) until the reserve holds kReserve.
  void top_up_reserve();
  // Whether a code is one kept here, not yet sent (Mijn aanmelding during an outage).
  bool is_kept(const std::string& code);

 private:
  HelpCreated keep(CheckedHelpRequest c);
  HelpService& help_;
  ConnectionState& connection_;
  const Clock& clock_;
  std::shared_ptr<LocalStore> local_;
};

}  // namespace bk
