#include "web/http_common.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace bk::web {

namespace {

// The request as a stream that httplib reads, and the answer it writes, both in memory.
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

}  // namespace

std::string Router::answer(const std::string& request, const std::string& ip, int port) {
  MemoryStream stream(request, ip, port);
  bool closed = false;
  process_request(stream, /*close_connection=*/true, closed, nullptr);
  return stream.take_output();
}

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

bool from_another_site(const httplib::Request& req, const std::string& base_url) {
  // A browser that sends Sec-Fetch-Site is believed (no page can set it). Its Origin is no help
  // then: under our Referrer-Policy no-referrer, Chromium sends "Origin: null" even for the
  // page's own form.
  if (req.has_header("Sec-Fetch-Site")) return req.get_header_value("Sec-Fetch-Site") != "same-origin";
  if (!req.has_header("Origin")) return false;
  const std::string origin = host_of(req.get_header_value("Origin"));
  if (origin.empty() || origin == "null") return true;  // "null": a sandboxed or opaque page
  if (req.has_header("Host") && origin == host_of(req.get_header_value("Host"))) return false;
  return base_url.empty() || origin != host_of(base_url);
}

void set_strict_headers(httplib::Server& server) {
  server.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", "no-store"},
  });
}

std::optional<Refusal> refuse_early(const httplib::Request& req, httplib::Response& res, RateLimiter& limiter,
                                    std::size_t max_body, std::size_t max_target, const std::string& base_url) {
  if (!limiter.allow(client_key(req.remote_addr))) {
    res.set_header("Retry-After", "60");
    return Refusal{429, "web.too_many"};
  }
  if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
    res.set_header("Allow", "GET, HEAD, POST");
    return Refusal{405, "web.not_allowed"};
  }
  if (req.target.size() > max_target || req.path.size() > max_target) return Refusal{414, "web.bad_request"};
  // Before the body is read. This httplib (0.11) applies its payload limit to Content-Length
  // only, not to chunked bodies; a form always sends a length, so chunked uploads are refused.
  if (req.has_header("Transfer-Encoding")) return Refusal{411, "web.bad_request"};
  if (req.has_header("Content-Length") &&
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > max_body)
    return Refusal{413, "web.too_large"};
  if (req.method == "POST" && from_another_site(req, base_url)) return Refusal{403, "web.other_site"};
  return std::nullopt;
}

std::string loggable_method(const std::string& method) {
  static const std::vector<std::string> methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                                   "OPTIONS", "TRACE", "CONNECT"};
  return std::find(methods.begin(), methods.end(), method) != methods.end() ? method : "<other method>";
}

}  // namespace bk::web
