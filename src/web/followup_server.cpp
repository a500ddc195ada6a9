#include "web/followup_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>

#include "domain/log.hpp"
#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "store/database.hpp"
#include "web/ics_routes.hpp"
#include "web/pages.hpp"

namespace bk::web {

namespace {

constexpr std::size_t kMaxBody = 4 * 1024;
constexpr std::size_t kMaxTarget = 512;
constexpr const char* kHtml = "text/html; charset=utf-8";
const std::vector<std::string> kLanguages = {"nl", "en", "tr", "pl"};

// A token bucket per client address: `per_minute` requests at once, refilled at that rate.
class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : capacity_(std::max(1, per_minute)) {}

  bool allow(const std::string& address) {
    using Clock = std::chrono::steady_clock;
    const auto now = Clock::now();
    std::lock_guard lock(m_);
    if (buckets_.size() > 4096) prune(now);
    auto [it, fresh] = buckets_.try_emplace(address, Bucket{static_cast<double>(capacity_), now});
    Bucket& b = it->second;
    if (!fresh) {
      const double seconds = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min<double>(capacity_, b.tokens + seconds * capacity_ / 60.0);
      b.last = now;
    }
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  // Buckets idle for a minute are full again: forgetting them changes nothing.
  void prune(std::chrono::steady_clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = now - it->second.last > std::chrono::minutes(1) ? buckets_.erase(it) : std::next(it);
  }

  int capacity_;
  std::mutex m_;
  std::map<std::string, Bucket> buckets_;
};

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

std::optional<std::pair<std::string, int>> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size() || listen.size() - colon > 6)
    return std::nullopt;
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int port = 0;
  for (char ch : listen.substr(colon + 1)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    port = port * 10 + (ch - '0');
  }
  if (port > 65535) return std::nullopt;
  return std::pair{host, port};
}

struct FollowupServer::Impl {
  explicit Impl(FollowupSettings s) : settings(std::move(s)), limiter(settings.requests_per_minute) {}

  // The services on a connection that lives for one request.
  struct Session {
    Database db;
    AgendaService agenda;
    RegistrationService registrations;
    HelpService help;
    explicit Session(const FollowupSettings& s)
        : db(s.database),
          agenda(db, s.zone, *s.clock, s.horizon_days),
          registrations(db, *s.clock, s.base_url),
          help(db, *s.clock, s.base_url) {
      sqlite3_busy_timeout(db.handle(), static_cast<int>(s.busy_timeout.count()));
      registrations.set_agenda_lookup([this](OccurrenceId id) { return agenda.item(id); });
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
      const CancelResult r = s.registrations.cancel_token(token, "resident-web");
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
    Database db(settings.database);
    sqlite3_busy_timeout(db.handle(), static_cast<int>(settings.busy_timeout.count()));
    db.scalar_int("SELECT count(*) FROM sqlite_master");
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
    if (!limiter.allow(req.remote_addr)) {
      res.set_header("Retry-After", "60");
      return refuse(429, "web.too_many");
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
      res.set_header("Allow", "GET, HEAD, POST");
      return refuse(405, "web.not_allowed");
    }
    if (req.target.size() > kMaxTarget || req.path.size() > kMaxTarget) return refuse(414, "web.bad_request");
    // Before the body is read. This httplib (0.11) applies its payload limit to Content-Length
    // only, not to chunked bodies; a form always sends a length, so chunked uploads are refused.
    if (req.has_header("Transfer-Encoding")) return refuse(411, "web.bad_request");
    if (req.has_header("Content-Length") &&
        std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > kMaxBody)
      return refuse(413, "web.too_large");
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
    // httplib's default adds SO_REUSEPORT, which lets a second `serve` share the port silently
    // (and take half the requests): SO_REUSEADDR only, so a busy port is an error at start.
    server.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_read_timeout(settings.io_timeout);
    server.set_write_timeout(settings.io_timeout);
    // One request per connection. A page has nothing else to fetch, so keep-alive gains nothing,
    // and a refusal made before the body is read (413, 411, 405, 429) must not leave the unread
    // bytes to be taken for the next request: httplib 0.11 ignores "Connection: close" set by a
    // handler, but closes after the last request a connection may carry.
    server.set_keep_alive_max_count(1);
    server.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        // Every page but /healthz is personal; nothing here is worth a cache.
        {"Cache-Control", "no-store"},
    });
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
      static const std::vector<std::string> methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                                       "OPTIONS", "TRACE", "CONNECT"};
      const bool known = std::find(methods.begin(), methods.end(), req.method) != methods.end();
      log::info("web", (known ? req.method : std::string("<other method>")) + " " + loggable_path(req.path) +
                           " " + std::to_string(res.status));
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
  RateLimiter limiter;
  // One request's database work and page at a time: the catalog's language is shared, and
  // libical's zone conversions are not thread-safe. Pages take about a millisecond.
  std::mutex work;
  httplib::Server server;
};

FollowupServer::FollowupServer(FollowupSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {
  if (!impl_->settings.clock) throw std::invalid_argument("FollowupServer needs a clock");
  impl_->setup();
}

FollowupServer::~FollowupServer() { stop(); }

int FollowupServer::bind(const std::string& host, int port) {
  if (port == 0) return impl_->server.bind_to_any_port(host);
  return impl_->server.bind_to_port(host, port) ? port : -1;
}

bool FollowupServer::listen_after_bind() { return impl_->server.listen_after_bind(); }
bool FollowupServer::is_running() const { return impl_->server.is_running(); }
void FollowupServer::stop() {
  if (impl_) impl_->server.stop();
}

}  // namespace bk::web
