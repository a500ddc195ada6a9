#include "web/followup_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "domain/log.hpp"
#include "domain/roles.hpp"
#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/kiosk.hpp"
#include "services/registration_service.hpp"
#include "store/store.hpp"
#include "web/connection_gate.hpp"
#include "web/ics_routes.hpp"
#include "web/pages.hpp"
#include "web/rate_limiter.hpp"

namespace bk::web {

namespace {

constexpr std::size_t kMaxBody = 4 * 1024;
constexpr std::size_t kMaxTarget = 512;
constexpr const char* kHtml = "text/html; charset=utf-8";
const std::vector<std::string> kLanguages = {"nl", "en", "tr", "pl"};

// httplib's request handling without its sockets: the gate (connection_gate.hpp) has read the
// whole request already, so httplib parses it from memory and writes the answer to memory.
class MemoryStream final : public httplib::Stream {
 public:
  MemoryStream(const std::string& request, std::string ip, int port)
      : in_(request), ip_(std::move(ip)), port_(port) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size() - read_);
    std::copy_n(in_.data() + read_, n, ptr);
    read_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = ip_;
    port = port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  std::string take_output() { return std::move(out_); }

 private:
  const std::string& in_;
  size_t read_ = 0;
  std::string out_;
  std::string ip_;
  int port_;
};

// The routes and handlers stay httplib's; only the reading and writing of sockets is the gate's.
class Router : public httplib::Server {
 public:
  std::string answer(const std::string& request, const std::string& ip, int port) {
    MemoryStream stream(request, ip, port);
    bool closed = false;
    process_request(stream, /*close_connection=*/true, closed, nullptr);
    return stream.take_output();
  }
};

// "HTTP://Kiosk.local:80" / "kiosk.local:80" → "kiosk.local": what two origins must share. The
// scheme is left out: behind a TLS proxy the page is https while this server sees http.
std::string host_of(std::string_view url_or_host) {
  if (const auto scheme = url_or_host.find("://"); scheme != std::string_view::npos)
    url_or_host.remove_prefix(scheme + 3);
  url_or_host = url_or_host.substr(0, url_or_host.find('/'));
  std::string host(url_or_host);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* port : {":80", ":443"})
    if (host.size() > 4 && host.ends_with(port)) host.resize(host.size() - std::strlen(port));
  return host;
}

// A form post from another site's page (cross-site request forgery). Browsers say where a POST
// comes from: Sec-Fetch-Site (since 2020), Origin (on every POST for years). Ours is same-origin,
// with an Origin naming the host the browser asked for (the Host header), or base_url's host when
// a proxy in front rewrites Host. A POST with neither header (a very old browser, or a script) is
// let through: the link itself is the secret that allows cancelling, and whoever has it can open
// the page and press the button anyway, so a form token would protect nothing more.
bool from_another_site(const httplib::Request& req, const std::string& base_url) {
  if (req.has_header("Sec-Fetch-Site") && req.get_header_value("Sec-Fetch-Site") != "same-origin") return true;
  if (!req.has_header("Origin")) return false;
  const std::string origin = host_of(req.get_header_value("Origin"));
  if (origin.empty() || origin == "null") return true;  // "null": a sandboxed or opaque page
  if (req.has_header("Host") && origin == host_of(req.get_header_value("Host"))) return false;
  return base_url.empty() || origin != host_of(base_url);
}

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
    if (!limiter.allow(client_key(req.remote_addr))) {
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
    if (req.method == "POST" && from_another_site(req, settings.base_url)) return refuse(403, "web.other_site");
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
