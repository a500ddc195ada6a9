#pragma once
// The follow-up web pages that the QR codes open (`buurtkioskctl serve`):
//   GET  /r/<token>            the registration: activity, date, time, room, people, status
//   GET  /r/<token>/afmelden   "Weet u het zeker?" with a POST button (a GET never cancels)
//   POST /r/<token>/cancel     cancels through RegistrationService (the waiting list moves up)
//   GET  /h/<token>            a help request's status, without name, phone or description
//   GET  /healthz              "ok" after a trivial query
// Tokens are looked up by their hash, as stored. Anything unknown or malformed gets one and the
// same 404 page. Safety: strict headers (CSP, no referrer, no caching), a token bucket per client
// (an IPv4 address or an IPv6 /64), small bodies and paths only, GET/HEAD/POST only, POSTs from
// another site's page refused (403), and one log line per request without the token or anything
// personal. Connections go through a gate (connection_gate.hpp) that reads each whole request
// under one deadline and size caps before any handler sees it, with limits on connections per
// client and in total, so slow or idle clients cannot take the site offline.
//
// The database is opened per request and closed after it, with a busy timeout below the I/O
// timeout, so the server never holds a connection or a lock the kiosk (WAL) could wait on.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "domain/time.hpp"
#include "i18n/catalog.hpp"
#include "store/store.hpp"  // StoreLocation
#include "web/connection_gate.hpp"
#include "web/http_common.hpp"  // parse_listen

namespace bk::web {

struct FollowupSettings {
  StoreLocation database;  // migrated already (open_kiosk did it)
  TimeZone zone = TimeZone::utc();
  const Clock* clock = nullptr;    // required; outlives the server
  Catalog catalog;                 // all languages; the page's is picked per request
  std::string centre_name;
  std::string centre_phone;
  std::string base_url;            // for RegistrationService (not shown)
  int horizon_days = 183;
  int requests_per_minute = 30;    // per client address; a burst of that many, then 429
  std::chrono::seconds io_timeout{10};  // to write an answer
  GateLimits limits;                    // connections, deadlines, header caps (max_body is fixed)
  // Waiting for another writer holds no lock; shorter than io_timeout so a busy database gives a
  // page, not a dropped connection.
  std::chrono::milliseconds busy_timeout{5000};
};

class FollowupServer {
 public:
  explicit FollowupServer(FollowupSettings settings);
  ~FollowupServer();
  FollowupServer(const FollowupServer&) = delete;
  FollowupServer& operator=(const FollowupServer&) = delete;

  // Binds; port 0 picks a free port. Returns the port, or -1 when the address cannot be bound.
  int bind(const std::string& host, int port);
  // Serves until stop() (from another thread or a signal handler's thread). False on failure.
  bool listen_after_bind();
  bool is_running() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bk::web
