#pragma once
// The agenda from a shared calendar: an ICS feed fetched over http(s) and handed to the agenda
// import. The import is all-or-nothing, so a failed fetch or a broken feed keeps the last good
// agenda; either way the outcome is recorded in `setting` key import.last_status for volunteer
// mode's status panel:
//   "ok 2027-03-02 14:30: 12 activities (1 added, 2 updated)"
//   "failed 2027-03-02 14:45: HTTP 404 from https://agenda.example.org/centrum.ics; last good 2027-03-02 14:30"
// (local time of the centre). Reasons hold no personal data; URLs are shown without user info or
// query (private calendar links keep their secret there).
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "services/agenda_service.hpp"
#include "store/settings.hpp"

namespace bk {

class FeedError : public std::runtime_error {  // a fetch that failed; what() is one line
 public:
  using std::runtime_error::runtime_error;
};

struct FeedOptions {
  std::chrono::seconds timeout{30};       // one deadline for everything: connect, headers, body
  std::size_t max_bytes = 16u << 20;      // a calendar larger than this is refused
  std::size_t max_header_bytes = 64u << 10;  // response headers (all redirects together)
};

// GET an http:// or https:// URL (redirects followed, certificates checked against the system's
// CA store; basic auth from the URL's user info goes only to that URL's scheme, host and port). Returns the body of a 200 answer; throws FeedError otherwise (bad URL, refused,
// timeout, HTTP status, too large).
std::string fetch_feed(const std::string& url, const FeedOptions& opts = {});

// scheme://host[:port]/path — without user info, query or fragment: safe for logs and the panel.
std::string redact_url(const std::string& url);

struct FeedImportResult {
  bool ok = false;
  ImportSummary summary;  // ok
  std::string problem;    // !ok: one line
  bool bad_feed = false;  // !ok: the feed was fetched but is not a valid calendar
};

inline constexpr const char* kImportStatusKey = setting_key::import_status;
inline constexpr const char* kImportLastOkKey = setting_key::import_last_ok;

// Fetches `url`, imports it, records import.last_status (and import.last_ok on success) and logs
// one line. Never throws for a feed problem; database errors propagate.
FeedImportResult import_feed(AgendaService& agenda, Store& store, const Clock& clock,
                             const TimeZone& zone, const std::string& url,
                             const FeedOptions& opts = {});

}  // namespace bk
