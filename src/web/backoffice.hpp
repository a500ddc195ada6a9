#pragma once
// The back office (/beheer/): the team's pages on the centre's network, on their own listen
// address ([backoffice] listen, default 127.0.0.1:8081) so a centre can keep them off the guest
// Wi-Fi that serves the follow-up pages. Server-rendered HTML, inline CSS, no scripts, nothing
// fetched from elsewhere; works on a phone and a laptop.
//
//   /beheer/login            GET form, POST name + password (AccountService::login, lockout)
//   /beheer/logout           POST
//   /beheer/                 → /beheer/hulpvragen
//   /beheer/hulpvragen       new / picked up / done, filtered to what the account may see
//   /beheer/hulpvragen/CODE  one request: claim, note, done, hand over to another team
//   /beheer/agenda           by week; add, edit, cancel, delete an activity or one date; import
//   /beheer/deelnemers/ID    one date's list: check-in, print, CSV
//   /beheer/cijfers          the funder report for a period: page, CSV, SVG
//   /beheer/status           printer, backups, feed, last notifications, database size, version
//
// Every page but login needs a session: cookie `bk_backoffice` (HttpOnly, SameSite=Strict, Path
// /beheer/, Secure when base_url is https), kept in memory only, ended after session_idle_minutes
// without a request or when the account is disabled. Every POST carries the session's CSRF token
// (hidden field `csrf`) and must come from this site (Sec-Fetch-Site / Origin), else 403.
// Every value shown goes through html_escape. Every view of a name or phone is an audit row with
// the account's name as actor.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "domain/account.hpp"
#include "domain/time.hpp"
#include "i18n/catalog.hpp"
#include "store/store.hpp"  // StoreLocation
#include "web/connection_gate.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace bk {
class AgendaService;
class RegistrationService;
class HelpService;
class AccountService;
}  // namespace bk

namespace bk::web {

struct BackofficeSettings {
  Config config;                   // teams, backoffice.base_url, session_idle_minutes, centre, printer
  StoreLocation database;  // migrated already
  TimeZone zone = TimeZone::utc();
  const Clock* clock = nullptr;    // required; outlives the server
  Catalog catalog;                 // Dutch pages (bo.* keys) — the team works in Dutch
  GateLimits limits;               // max_body is raised for .ics/.csv uploads (2 MiB)
  std::chrono::milliseconds busy_timeout{5000};
  // Idle time that ends a session; zero: config.backoffice.session_idle_minutes. Seconds, so a
  // test (`backoffice --idle-seconds`) need not wait minutes.
  std::chrono::seconds session_idle{0};
};

// The services for one request, on a connection opened for that request (as the follow-up site:
// no connection or lock held between requests, so the kiosk never waits on the back office).
struct BackofficeServices {
  Store& store;
  AgendaService& agenda;
  RegistrationService& registrations;
  HelpService& help;
  AccountService& accounts;
};

// One logged-in request, handed to a route's handler.
struct Visit {
  const httplib::Request& req;
  httplib::Response& res;
  const Account& account;          // re-read from the store for this request
  const std::string& csrf;         // put in every form: <input type=hidden name=csrf value=…>
  BackofficeServices& s;
  const BackofficeSettings& settings;
};

using VisitHandler = std::function<void(Visit&)>;

// Routes of one section. The server checks the session, the right and (for POST) the CSRF token
// and origin before calling a handler; a handler only renders or changes.
class BackofficeRoutes {
 public:
  virtual ~BackofficeRoutes() = default;
  // pattern: an httplib regex under /beheer/, e.g. R"(/beheer/hulpvragen/([A-Z0-9]+))".
  virtual void get(const std::string& pattern, BackofficeRight right, VisitHandler h) = 0;
  virtual void post(const std::string& pattern, BackofficeRight right, VisitHandler h) = 0;
};

// One function per section (one file each: backoffice_help.cpp, backoffice_agenda.cpp, …).
void add_help_routes(BackofficeRoutes& r);
void add_agenda_routes(BackofficeRoutes& r);
void add_attendee_routes(BackofficeRoutes& r);
void add_report_routes(BackofficeRoutes& r);
void add_status_routes(BackofficeRoutes& r);

class BackofficeServer {
 public:
  explicit BackofficeServer(BackofficeSettings settings);
  ~BackofficeServer();
  BackofficeServer(const BackofficeServer&) = delete;
  BackofficeServer& operator=(const BackofficeServer&) = delete;

  int bind(const std::string& host, int port);  // port 0: a free one; -1 when it cannot
  bool listen_after_bind();                     // serves until stop()
  bool is_running() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bk::web
