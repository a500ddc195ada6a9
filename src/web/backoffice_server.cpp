// The back office's server (backoffice.hpp): the same front door as the follow-up site (the
// ConnectionGate reads whole requests under deadlines, httplib's Router answers from memory,
// http_common.hpp's headers and refusals), then the session, the account's right and, for a POST,
// the form's CSRF token before any section's handler runs.
#include <httplib.h>

#include <algorithm>
#include <mutex>

#include "domain/log.hpp"
#include "domain/text.hpp"
#include "services/account_service.hpp"
#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
#include "services/kiosk.hpp"
#include "services/registration_service.hpp"
#include "store/store.hpp"
#include "web/backoffice.hpp"
#include "web/backoffice_internal.hpp"
#include "web/backoffice_layout.hpp"
#include "web/backoffice_session.hpp"
#include "web/http_common.hpp"
#include "web/pages.hpp"
#include "web/rate_limiter.hpp"

namespace bk::web {

namespace {

constexpr std::size_t kMaxBody = 2 * 1024 * 1024;  // an .ics or .csv upload
constexpr std::size_t kMaxTarget = 2048;
// Per client address. Generous: a whole team behind one address (the centre's NAT, the TLS proxy)
// shares it, and a page is one request (no scripts, no images).
constexpr int kRequestsPerMinute = 600;

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string all = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < all.size()) {
    std::size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string_view part(all.data() + pos, end - pos);
    while (part.starts_with(' ')) part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    pos = end + 1;
  }
  return {};
}

// The path as it may be logged: the words of our own paths, never a code or an id (they lead to a
// person's request) and nothing unexpected (log injection).
std::string loggable_path(const std::string& path) {
  if (path == "/" || path == "/beheer" || path == "/beheer/") return path;
  if (!path.starts_with("/beheer/") || path.size() > kMaxTarget)
    return "<other path, " + std::to_string(path.size()) + " bytes>";
  std::string out = "/beheer";
  std::size_t pos = std::string("/beheer/").size();
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    const std::string_view seg(path.data() + pos, end - pos);
    const bool word = !seg.empty() && seg.size() <= 24 &&
                      std::all_of(seg.begin(), seg.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '.'; });
    out += "/" + (word || seg.empty() ? std::string(seg) : std::string("<…>"));
    pos = end + 1;
  }
  return out;
}

const char* refusal_text(int status) {
  switch (status) {
    case 429: return "Te veel verzoeken achter elkaar. Wacht een minuut en probeer het opnieuw.";
    case 405: return "Zo kan deze pagina niet worden opgevraagd.";
    case 413: return "Dit is te groot (een bestand mag hoogstens 2 MB zijn).";
    case 403: return "Dit formulier kwam niet van deze website. Open de pagina van het beheer zelf en probeer het opnieuw.";
    default: return "Dit verzoek klopt niet.";
  }
}

}  // namespace

struct BackofficeServer::Impl final : BackofficeRoutes {
  // The services for one request, on a connection that lives for that request only.
  struct Services {
    Store db;
    AgendaService agenda;
    RegistrationService registrations;
    HelpService help;
    AccountService accounts;
    BackofficeServices view{db, agenda, registrations, help, accounts};
    explicit Services(const BackofficeSettings& s)
        : db(s.database),
          agenda(db, s.zone, *s.clock, s.config.agenda.horizon_days),
          registrations(db, *s.clock, s.config.followup.base_url),
          help(db, *s.clock, s.config.followup.base_url),
          accounts(db, *s.clock) {
      db.set_busy_timeout(s.busy_timeout);
      connect_services(db, *s.clock, agenda, registrations);
      help.route_with(s.config, s.zone);  // hand_over() knows the teams and mails the new one
    }
  };

  explicit Impl(BackofficeSettings s)
      : settings(std::move(s)),
        secure(settings.config.backoffice.base_url.rfind("https://", 0) == 0),
        limiter(kRequestsPerMinute),
        sessions(*settings.clock, settings.session_idle.count() > 0
                                      ? settings.session_idle
                                      : std::chrono::seconds(60 * settings.config.backoffice.session_idle_minutes)),
        gate(gate_limits(settings), [this](const std::string& request, const std::string& ip, int port) {
          return server.answer(request, ip, port);
        }) {}

  static GateLimits gate_limits(const BackofficeSettings& s) {
    GateLimits l = s.limits;
    l.max_body = kMaxBody;
    return l;
  }

  // --- BackofficeRoutes: every section's route goes through visit() ---------------------------
  void get(const std::string& pattern, BackofficeRight right, VisitHandler h) override {
    server.Get(pattern, [this, right, h](const httplib::Request& req, httplib::Response& res) {
      visit(req, res, right, h, false);
    });
  }
  void post(const std::string& pattern, BackofficeRight right, VisitHandler h) override {
    server.Post(pattern, [this, right, h](const httplib::Request& req, httplib::Response& res) {
      visit(req, res, right, h, true);
    });
  }

  std::string set_cookie(const std::string& id) const {
    std::string c = std::string(kBackofficeCookie) + "=" + id + "; Path=/beheer/; HttpOnly; SameSite=Strict";
    if (secure) c += "; Secure";
    if (id.empty()) c += "; Max-Age=0";
    return c;
  }

  static std::string form_value(const httplib::Request& req, const std::string& name) {
    if (req.is_multipart_form_data()) return req.has_file(name) ? req.get_file_value(name).content : "";
    return req.get_param_value(name);
  }

  void plain(httplib::Response& res, int status, std::string_view title, std::string_view text) {
    res.status = status;
    res.set_content(bo_plain_page(settings.config.centre.name, title,
                                  "<h1>" + html_escape(title) + "</h1><p>" + html_escape(text) +
                                      "</p><p><a href=\"/beheer/\">Naar het begin</a></p>"),
                    kHtml);
  }

  // No (live) session: to the login page, which brings a GET back here afterwards.
  void to_login(const httplib::Request& req, httplib::Response& res, bool expired) {
    std::string query = expired ? "verlopen=1" : "";
    const std::string next = req.method == "GET" ? bo_safe_next(req.path) : "";
    if (!next.empty() && next != "/beheer/hulpvragen")
      query += (query.empty() ? "" : "&") + std::string("naar=") + bo_url_encode(next);
    res.status = 303;
    res.set_header("Location", "/beheer/login" + (query.empty() ? "" : "?" + query));
    if (expired) res.set_header("Set-Cookie", set_cookie(""));
  }

  void visit(const httplib::Request& req, httplib::Response& res, BackofficeRight right, const VisitHandler& h,
             bool post) {
    const std::string id = cookie_value(req, kBackofficeCookie);
    std::lock_guard lock(work);
    const auto session = sessions.touch(id);
    if (!session) return to_login(req, res, !id.empty());
    Services s(settings);
    const auto account = s.accounts.find(session->account_id);  // re-read: disabled means out now
    if (!account || account->disabled) {
      sessions.end(id);
      return to_login(req, res, true);
    }
    if (post && !same_secret(form_value(req, "csrf"), session->csrf))
      return plain(res, 403, "Niet toegestaan",
                   "Dit formulier is verlopen of kwam niet van deze website. Open de pagina opnieuw en probeer het nog eens.");
    Visit v{req, res, *account, session->csrf, s.view, settings};
    if (!may(account->role, right)) {
      res.status = 403;
      res.set_content(bo_page(v, "Geen toegang", "", "<p>Dit onderdeel is niet voor uw account.</p>"),
                      kHtml);
      return;
    }
    h(v);
  }

  // --- login and logout ----------------------------------------------------------------------
  void login_form(const httplib::Request& req, httplib::Response& res) {
    if (sessions.touch(cookie_value(req, kBackofficeCookie))) {
      res.status = 303;
      res.set_header("Location", "/beheer/hulpvragen");
      return;
    }
    std::string notice;
    if (req.has_param("verlopen")) notice = bo_notice("error", "U was een tijd niet actief. Log opnieuw in.");
    else if (req.has_param("uit")) notice = bo_notice("ok", "U bent uitgelogd.");
    res.set_content(bo_login_page(settings.config.centre.name, notice, "", bo_safe_next(req.get_param_value("naar"))),
                    kHtml);
  }

  // No `work` lock: the password hash takes a while and needs nothing the lock guards.
  void login(const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.get_param_value("naam");
    const std::string password = req.get_param_value("wachtwoord");
    const std::string next = bo_safe_next(req.get_param_value("naar"));
    const bool name_shown = is_valid_utf8(name) && utf8_length(name) <= 60;
    auto again = [&](std::string_view problem) {
      res.set_content(bo_login_page(settings.config.centre.name, bo_notice("error", problem), name_shown ? name : "", next),
                      kHtml);
    };
    if (name.empty() || password.empty()) return again("Vul uw naam en uw wachtwoord in.");
    if (name.size() > 4 * 60 || password.size() > 4 * kPasswordMax) return again("Naam of wachtwoord klopt niet.");
    Store db(settings.database);
    db.set_busy_timeout(settings.busy_timeout);
    AccountService accounts(db, *settings.clock);
    const LoginResult r = accounts.login(name, password, client_key(req.remote_addr));
    if (r.outcome == LoginOutcome::Locked) {
      const auto left = std::max<UtcSeconds>(1, (r.locked_until - settings.clock->now() + 59) / 60);
      return again("Te veel mislukte pogingen. Probeer het over " + std::to_string(left) +
                   (left == 1 ? " minuut" : " minuten") + " opnieuw.");
    }
    if (r.outcome != LoginOutcome::Opened || !r.account) return again("Naam of wachtwoord klopt niet.");
    // A new session id at every login (an id planted before the login is worth nothing after it).
    sessions.end(cookie_value(req, kBackofficeCookie));
    const auto opened = sessions.open(r.account->id);
    res.set_header("Set-Cookie", set_cookie(opened.id));
    res.status = 303;
    res.set_header("Location", next.empty() ? "/beheer/hulpvragen" : next);
  }

  void logout(const httplib::Request& req, httplib::Response& res) {
    const std::string id = cookie_value(req, kBackofficeCookie);
    const auto session = sessions.touch(id);
    if (!session) return to_login(req, res, false);
    if (!same_secret(form_value(req, "csrf"), session->csrf))
      return plain(res, 403, "Niet toegestaan", "Dit formulier is verlopen of kwam niet van deze website.");
    sessions.end(id);
    res.set_header("Set-Cookie", set_cookie(""));
    res.status = 303;
    res.set_header("Location", "/beheer/login?uit=1");
  }

  // --- refusals, errors, logging ---------------------------------------------------------------
  httplib::Server::HandlerResponse before(const httplib::Request& req, httplib::Response& res) {
    const auto r = refuse_early(req, res, limiter, kMaxBody, kMaxTarget, settings.config.backoffice.base_url);
    if (!r) return httplib::Server::HandlerResponse::Unhandled;
    plain(res, r->status, r->status == 403 ? "Niet toegestaan" : "Dat lukt niet", refusal_text(r->status));
    return httplib::Server::HandlerResponse::Handled;
  }

  httplib::Server::HandlerResponse error_page(const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404)
      plain(res, 404, "Niet gevonden", "Deze pagina bestaat niet.");
    else
      plain(res, res.status, "Dat lukt niet",
            res.status >= 500 ? "Er ging iets mis. Probeer het over een paar minuten opnieuw." : refusal_text(res.status));
    return httplib::Server::HandlerResponse::Handled;
  }

  void setup_handlers() {
    server.set_payload_max_length(kMaxBody);
    set_strict_headers(server);
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return before(req, res); });
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) { return error_page(req, res); }));
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        log::error("backoffice", loggable_path(req.path) + ": " + e.what());
      } catch (...) {
        log::error("backoffice", loggable_path(req.path) + ": unknown error");
      }
      res.status = 500;
      res.body.clear();
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      log::info("backoffice", loggable_method(req.method) + " " + loggable_path(req.path) + " " + std::to_string(res.status));
    });
  }

  void setup_routes() {
    for (const char* path : {"/", "/beheer", "/beheer/"})
      server.Get(path, [](const httplib::Request&, httplib::Response& res) {
        res.status = 303;
        res.set_header("Location", "/beheer/hulpvragen");
      });
    server.Get("/beheer/login", [this](const auto& req, auto& res) { login_form(req, res); });
    server.Post("/beheer/login", [this](const auto& req, auto& res) { login(req, res); });
    server.Post("/beheer/logout", [this](const auto& req, auto& res) { logout(req, res); });
    add_help_routes(*this);
    add_agenda_routes(*this);
    add_attendee_routes(*this);
    add_report_routes(*this);
    add_status_routes(*this);
  }

  BackofficeSettings settings;
  bool secure;          // base_url is https: the cookie is sent over TLS only
  RateLimiter limiter;  // requests per client (an IPv4 address or an IPv6 /64)
  SessionStore sessions;
  // One request's database work and page at a time: libical's zone conversions are not
  // thread-safe, and pages take about a millisecond. The password hash runs outside it.
  std::mutex work;
  Router server;
  ConnectionGate gate;  // last: its workers call into everything above
};

BackofficeServer::BackofficeServer(BackofficeSettings settings) {
  if (!settings.clock) throw std::invalid_argument("BackofficeServer needs a clock");
  impl_ = std::make_unique<Impl>(std::move(settings));
  impl_->setup_handlers();
  impl_->setup_routes();
}

BackofficeServer::~BackofficeServer() { stop(); }

int BackofficeServer::bind(const std::string& host, int port) { return impl_->gate.bind(host, port); }
bool BackofficeServer::listen_after_bind() { return impl_->gate.run(); }
bool BackofficeServer::is_running() const { return impl_->gate.is_running(); }
void BackofficeServer::stop() {
  if (impl_) impl_->gate.stop();
}

}  // namespace bk::web
