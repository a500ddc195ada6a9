#include "services/feed.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
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

}  // namespace

std::string redact_url(const std::string& url) {
  const auto u = parse_url(url);
  if (!u) return "(not an http or https URL)";
  return u->scheme + "://" + u->authority + u->path;
}

std::string fetch_feed(const std::string& url, const FeedOptions& opts) {
  const auto u = parse_url(url);
  if (!u) throw FeedError("not an http:// or https:// URL: " + redact_url(url));
  const std::string shown = redact_url(url);
  httplib::Client client(u->scheme + "://" + u->authority);
  if (!client.is_valid()) throw FeedError("cannot use " + shown);
  client.set_connection_timeout(opts.timeout);
  client.set_read_timeout(opts.timeout);
  client.set_write_timeout(opts.timeout);
  client.set_follow_location(true);
  if (!u->userinfo.empty()) {
    const auto colon = u->userinfo.find(':');
    client.set_basic_auth(u->userinfo.substr(0, colon),
                          colon == std::string::npos ? "" : u->userinfo.substr(colon + 1));
  }
  const httplib::Headers headers = {{"User-Agent", "Buurtkiosk/" BUURTKIOSK_VERSION},
                                    {"Accept", "text/calendar, */*;q=0.5"}};
  // Each read has its own timeout; a server that drips bytes forever is stopped by the deadline.
  const auto deadline = std::chrono::steady_clock::now() + 2 * opts.timeout;
  std::string body;
  int status = 0;
  bool too_large = false, too_slow = false;
  auto res = client.Get(
      u->target, headers,
      [&](const httplib::Response& r) {
        status = r.status;
        body.clear();
        return true;
      },
      [&](const char* data, size_t n) {
        if (body.size() + n > opts.max_bytes) {
          too_large = true;
          return false;
        }
        if (std::chrono::steady_clock::now() > deadline) {
          too_slow = true;
          return false;
        }
        body.append(data, n);
        return true;
      });
  const std::string secs = std::to_string(opts.timeout.count()) + " s";
  if (too_large) throw FeedError("feed " + shown + " is larger than " + std::to_string(opts.max_bytes >> 20) + " MB");
  if (too_slow) throw FeedError("feed " + shown + " did not finish within " + std::to_string(2 * opts.timeout.count()) + " s");
  if (!res) {
    switch (res.error()) {
      case httplib::Error::Connection:
        throw FeedError("cannot connect to " + u->authority + " (refused, unreachable or unknown host)");
      case httplib::Error::ConnectionTimeout:
        throw FeedError("no connection to " + u->authority + " within " + secs);
      case httplib::Error::Read:
        throw FeedError("no answer from " + shown + " within " + secs + " (or the connection broke)");
      case httplib::Error::SSLConnection:
        throw FeedError("secure connection to " + u->authority + " failed");
      case httplib::Error::SSLServerVerification:
        throw FeedError("the certificate of " + u->authority + " is not trusted");
      case httplib::Error::ExceedRedirectCount:
        throw FeedError("too many redirects from " + shown);
      default:
        throw FeedError("fetching " + shown + " failed: " + httplib::to_string(res.error()));
    }
  }
  if (res->status != 200)
    throw FeedError("HTTP " + std::to_string(res->status) + " from " + shown);
  (void)status;
  return body;
}

FeedImportResult import_feed(AgendaService& agenda, Database& db, const Clock& clock,
                             const TimeZone& zone, const std::string& url, const FeedOptions& opts) {
  FeedImportResult r;
  const std::string shown = redact_url(url);
  try {
    const std::string text = fetch_feed(url, opts);
    r.summary = agenda.import_ics_text(text, shown);
    r.ok = true;
  } catch (const FeedError& e) {
    r.problem = one_line(e.what());
  } catch (const InputError& e) {
    r.bad_feed = true;
    r.problem = one_line(std::string("not a valid calendar: ") + e.what());
  }
  const UtcSeconds now = clock.now();
  WriteTransaction tx(db);
  if (r.ok) {
    const ImportSummary& s = r.summary;
    const int activities = s.activities_added + s.activities_updated + s.activities_unchanged;
    write_setting(db, kImportStatusKey,
                  "ok " + local_minute(now, zone) + ": " + std::to_string(activities) + " activities (" +
                      std::to_string(s.activities_added) + " added, " + std::to_string(s.activities_updated) +
                      " updated)");
    write_setting(db, kImportLastOkKey, local_minute(now, zone));
    log::info("feed", "imported " + shown + ": " + std::to_string(activities) + " activities, " +
                          std::to_string(s.occurrences_added) + " dates added, " +
                          std::to_string(s.occurrences_updated) + " updated");
  } else {
    const auto last_ok = read_setting(db, kImportLastOkKey);
    write_setting(db, kImportStatusKey,
                  "failed " + local_minute(now, zone) + ": " + r.problem +
                      (last_ok ? "; last good " + *last_ok : "; no feed imported yet"));
    // Info, not warning: the caller reports the failure (exit code and stderr line, status panel).
    log::info("feed", r.problem + "; the agenda is kept as it was");
  }
  tx.commit();
  return r;
}

}  // namespace bk
