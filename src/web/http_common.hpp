#pragma once
// What the two web servers share (the follow-up pages, followup_server.cpp, and the back office,
// backoffice_server.cpp): httplib's routing answered from memory behind the ConnectionGate, the
// strict headers, the refusals made before any route runs, the cross-site check and the listen
// address. One copy, so a hardening made for one site holds for the other.
#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "web/rate_limiter.hpp"

namespace bk::web {

inline constexpr const char* kHtml = "text/html; charset=utf-8";

// httplib's routes and handlers without its sockets: the gate (connection_gate.hpp) has read the
// whole request already, so httplib parses it from memory and writes the answer to memory.
class Router : public httplib::Server {
 public:
  std::string answer(const std::string& request, const std::string& ip, int port);
};

// "0.0.0.0:8080" / "[::1]:8080" → host and port; nullopt when it does not look like that.
std::optional<std::pair<std::string, int>> parse_listen(const std::string& listen);

// "HTTP://Kiosk.local:80" / "kiosk.local:80" → "kiosk.local": what two origins must share. The
// scheme is left out: behind a TLS proxy the page is https while this server sees http.
std::string host_of(std::string_view url_or_host);

// A form post from another site's page (cross-site request forgery). Browsers say where a POST
// comes from: Sec-Fetch-Site (since 2020; when sent, it decides), else Origin (on every POST for
// years): ours names the host the browser asked for (the Host header), or base_url's host when a
// proxy in front rewrites Host. A POST with neither header (a very old browser, or a script) is
// not refused here: the follow-up site's link is itself the secret, the back office checks its
// form token as well.
bool from_another_site(const httplib::Request& req, const std::string& base_url);

// Content-Security-Policy (no scripts, nothing from elsewhere, no framing), no referrer, no
// sniffing, no caching: every page of both sites is personal or about to be.
void set_strict_headers(httplib::Server& server);

// Why a request is refused before routing, or nullopt. `limiter` counts the request for its client.
// Sets Retry-After / Allow on `res` where the answer needs them. `key` is a web.* catalog key.
struct Refusal {
  int status;
  const char* key;
};
std::optional<Refusal> refuse_early(const httplib::Request& req, httplib::Response& res, RateLimiter& limiter,
                                    std::size_t max_body, std::size_t max_target, const std::string& base_url);

// The method as it may be logged: one of the known ones, else "<other method>".
std::string loggable_method(const std::string& method);

}  // namespace bk::web
