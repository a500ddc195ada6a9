#include "services/feed.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

#include "domain/log.hpp"
#include "store/settings.hpp"

namespace bk {
namespace {

struct Url {
  std::string scheme;     // http | https
  std::string userinfo;   // user:password, for a calendar server behind basic auth
  std::string authority;  // host[:port]
  std::string target;     // /path?query
  std::string path;       // /path (for messages)
};

std::optional<Url> parse_url(const std::string& url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  Url u;
  u.scheme = url.substr(0, sep);
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (u.scheme != "http" && u.scheme != "https") return std::nullopt;
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f) return std::nullopt;  // no spaces or control characters
  std::string rest = url.substr(sep + 3);
  if (const auto hash = rest.find('#'); hash != std::string::npos) rest.resize(hash);
  const auto end = rest.find_first_of("/?");
  std::string authority = rest.substr(0, end);
  u.target = end == std::string::npos ? "/" : rest.substr(end);
  if (u.target[0] == '?') u.target = "/" + u.target;
  u.path = u.target.substr(0, u.target.find('?'));
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    u.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  if (authority.empty() || authority[0] == ':') return std::nullopt;
  u.authority = authority;
  return u;
}

std::string local_minute(UtcSeconds t, const TimeZone& zone) {
  const LocalDateTime l = zone.to_local(t);
  return format_date(l.date) + " " + format_hhmm(l);
}

std::string one_line(std::string s, size_t max = 240) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > max) s = s.substr(0, max) + "…";
  return s;
}

struct Transfer {
  const FeedOptions* opts;
  std::string body;
  std::size_t header_bytes = 0;
  bool too_large = false, headers_too_large = false;
};

// One line for a transfer that did not complete: what a volunteer can act on.
void throw_if_failed(CURLcode rc, const Transfer& t, const Url& u, const std::string& shown, const FeedOptions& opts) {
  const std::string secs = std::to_string(opts.timeout.count()) + " s";
  const std::string limit = opts.max_bytes >= (1u << 20) ? std::to_string(opts.max_bytes >> 20) + " MB"
                                                         : std::to_string(opts.max_bytes) + " bytes";
  if (t.headers_too_large)
    throw FeedError("feed " + shown + " sent more than " + std::to_string(opts.max_header_bytes >> 10) +
                    " KiB of headers");
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) throw FeedError("feed " + shown + " is larger than " + limit);
  switch (rc) {
    case CURLE_OK:
      break;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      throw FeedError("cannot connect to " + u.authority + " (refused, unreachable or unknown host)");
    case CURLE_OPERATION_TIMEDOUT:
      throw FeedError("no complete answer from " + shown + " within " + secs);
    case CURLE_SSL_CONNECT_ERROR:
      throw FeedError("secure connection to " + u.authority + " failed");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      throw FeedError("the certificate of " + u.authority + " is not trusted");
    case CURLE_TOO_MANY_REDIRECTS:
      throw FeedError("too many redirects from " + shown);
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      throw FeedError("no answer from " + shown + " (the connection broke)");
    default:
      throw FeedError("fetching " + shown + " failed: " + curl_easy_strerror(rc));
  }
}

}  // namespace

std::string redact_url(const std::string& url) {
  const auto u = parse_url(url);
  if (!u) return "(not an http or https URL)";
  return u->scheme + "://" + u->authority + u->path;
}

// libcurl, not cpp-httplib: httplib 0.11.4 times each read on its own (a server dripping one header
// byte at a time holds the import for as long as it likes), does not bound the response headers,
// and repeats basic auth to whatever host a redirect names. curl has one timeout for the whole
// transfer (connect, headers, body), a header callback we can cap, and sends credentials after a
// redirect only to the same scheme, host and port (CURLOPT_UNRESTRICTED_AUTH stays 0).
std::string fetch_feed(const std::string& url, const FeedOptions& opts) {
  const auto u = parse_url(url);
  if (!u) throw FeedError("not an http:// or https:// URL: " + redact_url(url));
  const std::string shown = redact_url(url);
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw FeedError("cannot use " + shown);
  CURL* c = curl.get();

  Transfer t{&opts, {}, 0, false, false};
  using Callback = std::size_t (*)(char*, std::size_t, std::size_t, void*);
  const Callback on_header = [](char*, std::size_t size, std::size_t n, void* p) -> std::size_t {
    auto* t = static_cast<Transfer*>(p);
    t->header_bytes += size * n;  // every response's headers together, redirects included
    if (t->header_bytes > t->opts->max_header_bytes) {
      t->headers_too_large = true;
      return 0;  // stops the transfer
    }
    return size * n;
  };
  const Callback on_body = [](char* data, std::size_t size, std::size_t n, void* p) -> std::size_t {
    auto* t = static_cast<Transfer*>(p);
    if (t->body.size() + size * n > t->opts->max_bytes) {
      t->too_large = true;
      return 0;
    }
    t->body.append(data, size * n);
    return size * n;
  };
  struct curl_slist* headers = curl_slist_append(nullptr, "Accept: text/calendar, */*;q=0.5");
  std::unique_ptr<struct curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  const std::string user_agent = "Buurtkiosk/" BUURTKIOSK_VERSION;
  // The URL without user info: the credentials go to curl separately, so it knows whose they are.
  const std::string target = u->scheme + "://" + u->authority + u->target;
  const long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(opts.timeout).count());
  curl_easy_setopt(c, CURLOPT_URL, target.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);  // no credentials to another origin
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);         // the one deadline: connect, headers, body
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(opts.max_bytes));
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent.c_str());
  std::string user, password;
  if (!u->userinfo.empty()) {
    const auto colon = u->userinfo.find(':');
    user = u->userinfo.substr(0, colon);
    password = colon == std::string::npos ? "" : u->userinfo.substr(colon + 1);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  throw_if_failed(rc, t, *u, shown, opts);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) throw FeedError("HTTP " + std::to_string(status) + " from " + shown);
  return std::move(t.body);
}

FeedImportResult import_feed(AgendaService& agenda, Store& store, const Clock& clock,
                             const TimeZone& zone, const std::string& url, const FeedOptions& opts) {
  FeedImportResult r;
  const std::string shown = redact_url(url);
  try {
    const std::string text = fetch_feed(url, opts);
    r.summary = agenda.import_ics_text(text, shown, ImportOrigin::Feed);
    r.ok = true;
  } catch (const FeedError& e) {
    r.problem = one_line(e.what());
  } catch (const InputError& e) {
    r.bad_feed = true;
    r.problem = one_line(std::string("not a valid calendar: ") + e.what());
  } catch (const std::exception& e) {
    // The database refused the import (locked, full, damaged): the panel must not keep saying the
    // last "ok". Recorded if the database still takes that one row; the error goes on up.
    try {
      WriteScope tx(store);
      const auto last_ok = read_setting(store, kImportLastOkKey);
      write_setting(store, kImportStatusKey,
                    "failed " + local_minute(clock.now(), zone) + ": import failed: " + one_line(e.what()) +
                        (last_ok ? "; last good " + *last_ok : "; no feed imported yet"));
      tx.commit();
    } catch (const std::exception&) {
    }
    throw;
  }
  const UtcSeconds now = clock.now();
  WriteScope tx(store);
  if (r.ok) {
    const ImportSummary& s = r.summary;
    const int activities = s.activities_added + s.activities_updated + s.activities_unchanged;
    write_setting(store, kImportStatusKey,
                  "ok " + local_minute(now, zone) + ": " + std::to_string(activities) + " activities (" +
                      std::to_string(s.activities_added) + " added, " + std::to_string(s.activities_updated) +
                      " updated)");
    write_setting(store, kImportLastOkKey, local_minute(now, zone));
    log::info("feed", "imported " + shown + ": " + std::to_string(activities) + " activities, " +
                          std::to_string(s.occurrences_added) + " dates added, " +
                          std::to_string(s.occurrences_updated) + " updated");
  } else {
    const auto last_ok = read_setting(store, kImportLastOkKey);
    write_setting(store, kImportStatusKey,
                  "failed " + local_minute(now, zone) + ": " + r.problem +
                      (last_ok ? "; last good " + *last_ok : "; no feed imported yet"));
    // Info, not warning: the caller reports the failure (exit code and stderr line, status panel).
    log::info("feed", r.problem + "; the agenda is kept as it was");
  }
  tx.commit();
  return r;
}

}  // namespace bk
