#include "web/followup_server.hpp"

#include <httplib.h>

#include <cstdlib>
#include <mutex>

#include "domain/log.hpp"
#include "domain/roles.hpp"
#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/kiosk.hpp"
#include "services/registration_service.hpp"
#include "store/store.hpp"
#include "web/connection_gate.hpp"
#include "web/http_common.hpp"
#include "web/ics_routes.hpp"
#include "web/pages.hpp"
#include "web/rate_limiter.hpp"

namespace bk::web {

namespace {

constexpr std::size_t kMaxBody = 4 * 1024;
constexpr std::size_t kMaxTarget = 512;
const std::vector<std::string> kLanguages = {"nl", "en", "tr", "pl"};

// The path as it may be logged: tokens replaced, anything unexpected not echoed (log injection,
// a token pasted into some other path).
std::string loggable_path(const std::string& path) {
  if (path == "/healthz" || path == "/" || path == "/agenda.ics") return path;
  for (const char* prefix : {"/r/", "/h/"}) {
    if (path.rfind(prefix, 0) != 0) continue;
    const auto slash = path.find('/', 3);
    const std::string rest = slash == std::string::npos ? "" : path.substr(slash);
    if (rest.empty() || rest == "/afmelden" || rest == "/cancel" || rest == "/agenda.ics") return std::string(prefix) + "<token>" + rest;
  }
  return "<other path, " + std::to_string(path.size()) + " bytes>";
}

}  // namespace

struct FollowupServer::Impl {
  explicit Impl(FollowupSettings s)
      : settings(std::move(s)),
        limiter(settings.requests_per_minute),
        gate(gate_limits(settings), [this](const std::string& request, const std::string& ip, int port) {
          return server.answer(request, ip, port);
        }) {}

  static GateLimits gate_limits(const FollowupSettings& s) {
    GateLimits l = s.limits;
    l.max_body = kMaxBody;
    l.write_deadline = s.io_timeout;
    return l;
  }

  // The services on a connection that lives for one request.
  struct Session {
    Store db;
    AgendaService agenda;
    RegistrationService registrations;
    HelpService help;
    explicit Session(const FollowupSettings& s)
        : db(s.database),
          agenda(db, s.zone, *s.clock, s.horizon_days),
          registrations(db, *s.clock, s.base_url),
          help(db, *s.clock, s.base_url) {
      db.set_busy_timeout(s.busy_timeout);
      connect_services(db, *s.clock, agenda, registrations);
    }
  };

  Centre centre() const { return {settings.centre_name, settings.centre_phone}; }

  // Under `work`: sets the catalog to the request's language.
  void use_language(const httplib::Request& req, httplib::Response& res) {
    settings.catalog.set_language(pick_language(req.get_header_value("Accept-Language"), kLanguages));
    res.set_header("Content-Language", settings.catalog.language());
    res.set_header("Vary", "Accept-Language");
  }

  void not_found(httplib::Response& res) {
    res.status = 404;
    res.set_content(not_found_page(settings.catalog, centre()), kHtml);
  }

  bool can_cancel(const RegistrationView& v) const {
    return v.status != RegistrationStatus::Cancelled &&
           v.occurrence.status == OccurrenceStatus::Scheduled && v.occurrence.start > settings.clock->now();
  }

  // GET /r/<token> and /r/<token>/afmelden.
  void registration(const httplib::Request& req, httplib::Response& res, bool confirm) {
    const std::string token = req.matches[1];
    std::lock_guard lock(work);
    use_language(req, res);
    Session s(settings);
    const auto v = s.registrations.lookup_token(token);
    if (!v) return not_found(res);
    const RegistrationPage page{*v, token, can_cancel(*v)};
    res.set_content(confirm ? cancel_confirm_page(settings.catalog, settings.zone, centre(), page)
                            : registration_page(settings.catalog, settings.zone, centre(), page),
                    kHtml);
  }

  // POST /r/<token>/cancel: then back to the registration page (which now says "afgemeld").
  void cancel(const httplib::Request& req, httplib::Response& res) {
    const std::string token = req.matches[1];
    std::lock_guard lock(work);
    use_language(req, res);
    Session s(settings);
    const auto v = s.registrations.lookup_token(token);
    if (!v) return not_found(res);
    if (can_cancel(*v)) {
      const CancelResult r = s.registrations.cancel_token(token, to_string(AuditRole::ResidentWeb));
      if (r.outcome == CancelOutcome::NotFound) return not_found(res);
    }
    res.status = 303;  // See Other: a reload shows the page, it does not post again
    res.set_header("Location", "/r/" + token);
  }

  void help_request(const httplib::Request& req, httplib::Response& res) {
    const std::string token = req.matches[1];
    std::lock_guard lock(work);
    use_language(req, res);
    Session s(settings);
    const auto v = s.help.public_lookup_token(token);
    if (!v) return not_found(res);
    res.set_content(help_page(settings.catalog, settings.zone, centre(), *v), kHtml);
  }

  void healthz(httplib::Response& res) {
    std::lock_guard lock(work);
    Store db(settings.database);
    db.set_busy_timeout(settings.busy_timeout);
    db.ping();
    res.set_content("ok", "text/plain; charset=utf-8");
  }

  // Refusals before any route runs: too many requests, odd methods, long paths.
  httplib::Server::HandlerResponse before(const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&](int status, const char* key) {
      std::lock_guard lock(work);
      use_language(req, res);
      res.status = status;
      res.set_content(message_page(settings.catalog, key), kHtml);
      return httplib::Server::HandlerResponse::Handled;
    };
    if (const auto r = refuse_early(req, res, limiter, kMaxBody, kMaxTarget, settings.base_url))
      return refuse(r->status, r->key);
    return httplib::Server::HandlerResponse::Unhandled;
  }

  // Statuses that httplib set itself (no route, body too large, bad request line) get a page too;
  // every 404 is the same page.
  httplib::Server::HandlerResponse error_page(const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::lock_guard lock(work);
    use_language(req, res);
    if (res.status == 404) {
      res.set_content(not_found_page(settings.catalog, centre()), kHtml);
    } else {
      const char* key = res.status == 413 ? "web.too_large"
                        : res.status == 405 ? "web.not_allowed"
                        : res.status >= 500 ? "web.server_error"
                                            : "web.bad_request";
      res.set_content(message_page(settings.catalog, key), kHtml);
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  void setup() {
    server.set_payload_max_length(kMaxBody);
    // Sockets, timeouts and one request per connection are the gate's (connection_gate.hpp): a page
    // has nothing else to fetch, so keep-alive gains nothing, and a refusal made before the body is
    // read (413, 411, 405, 429) must not leave the unread bytes to be taken for the next request.
    // Every page but /healthz is personal; nothing here is worth a cache.
    set_strict_headers(server);
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return before(req, res); });
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) { return error_page(req, res); }));
    server.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        log::error("web", loggable_path(req.path) + ": " + e.what());
      } catch (...) {
        log::error("web", loggable_path(req.path) + ": unknown error");
      }
      res.status = 500;
      res.body.clear();
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      log::info("web", loggable_method(req.method) + " " + loggable_path(req.path) + " " + std::to_string(res.status));
    });

    const char* token = "([^/]+)";
    server.Get("/healthz", [this](const auto&, auto& res) { healthz(res); });
    server.Get(std::string("/r/") + token, [this](const auto& req, auto& res) { registration(req, res, false); });
    server.Get(std::string("/r/") + token + "/afmelden",
               [this](const auto& req, auto& res) { registration(req, res, true); });
    server.Post(std::string("/r/") + token + "/cancel", [this](const auto& req, auto& res) { cancel(req, res); });
    server.Get(std::string("/h/") + token, [this](const auto& req, auto& res) { help_request(req, res); });
    // Calendar files (web/ics_routes.cpp).
    server.Get(std::string("/r/") + token + "/agenda.ics", [this](const auto& req, auto& res) {
      std::lock_guard lock(work);
      Session s(settings);
      if (registration_ics(settings, s.registrations, req.matches[1], res)) return;
      use_language(req, res);
      not_found(res);
    });
    server.Get("/agenda.ics", [this](const auto&, auto& res) {
      std::lock_guard lock(work);
      Session s(settings);
      public_agenda_ics(settings, s.agenda, res);
    });
  }

  FollowupSettings settings;
  RateLimiter limiter;  // requests per client (an IPv4 address or an IPv6 /64)
  // One request's database work and page at a time: the catalog's language is shared, and
  // libical's zone conversions are not thread-safe. Pages take about a millisecond.
  std::mutex work;
  Router server;
  ConnectionGate gate;  // last: its workers call into everything above
};

FollowupServer::FollowupServer(FollowupSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {
  if (!impl_->settings.clock) throw std::invalid_argument("FollowupServer needs a clock");
  impl_->setup();
}

FollowupServer::~FollowupServer() { stop(); }

int FollowupServer::bind(const std::string& host, int port) { return impl_->gate.bind(host, port); }

bool FollowupServer::listen_after_bind() { return impl_->gate.run(); }
bool FollowupServer::is_running() const { return impl_->gate.is_running(); }
void FollowupServer::stop() {
  if (impl_) impl_->gate.stop();
}

}  // namespace bk::web
