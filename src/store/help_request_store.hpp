#pragma once
// Help requests in the store: the reads and writes behind HelpService. A change reads the request
// and writes its new state inside the caller's WriteScope, so two volunteers cannot both claim it.
#include <optional>
#include <string>
#include <vector>

#include "domain/help.hpp"
#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

struct NewHelpRequest {
  std::string code;
  std::string token_hash;
  std::string category;
  std::string timing;
  std::optional<std::string> description;
  std::optional<std::string> name;   // none when the resident comes back themselves
  std::optional<std::string> phone;
  bool comes_back = false;
  UtcSeconds created = 0;  // status is open
  std::string team;        // routed to ([[team]] name); empty: none configured
};
void insert_help_request(Store& store, const NewHelpRequest& r);

enum class HelpRequestKey { Code, TokenHash };
std::optional<HelpRequestView> find_help_request(Store& store, HelpRequestKey key,
                                                 const std::string& value);
// Oldest first; all statuses when status is nullopt.
std::vector<HelpRequestView> list_help_requests(Store& store, std::optional<HelpStatus> status);

// Open (nobody claimed them) requests made at or before created_before that staff were not told
// about yet (escalated_utc NULL), oldest first.
std::vector<HelpRequestView> help_requests_to_escalate(Store& store, UtcSeconds created_before);

// Writes the request's status, claimed_by/claimed_account, note, team, status and escalation
// times (by id); the rest stays.
void update_help_request(Store& store, const HelpRequestView& v);

}  // namespace bk
