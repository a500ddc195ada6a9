#pragma once
// A help request, as the store keeps it and volunteer mode and staff see it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace bk {

// The kinds of help a resident can ask for (the keys the screens, the CLI and [[team]] kinds use).
inline const std::vector<std::string>& help_kinds() {
  static const std::vector<std::string> kinds = {"boodschappen", "klusje", "vervoer", "gezelschap",
                                                 "post", "computer", "anders"};
  return kinds;
}

enum class HelpStatus { Open, Claimed, Done, Cancelled };

inline const char* to_string(HelpStatus s) {  // open | claimed | done | cancelled
  switch (s) {
    case HelpStatus::Open: return "open";
    case HelpStatus::Claimed: return "claimed";
    case HelpStatus::Done: return "done";
    case HelpStatus::Cancelled: return "cancelled";
  }
  return "open";
}

inline std::optional<HelpStatus> help_status_from(std::string_view s) {
  if (s == "open") return HelpStatus::Open;
  if (s == "claimed") return HelpStatus::Claimed;
  if (s == "done") return HelpStatus::Done;
  if (s == "cancelled") return HelpStatus::Cancelled;
  return std::nullopt;
}

// Everything about a request: for volunteer mode and staff only (name, phone, description).
struct HelpRequestView {
  std::int64_t id = 0;
  std::string code;
  std::string category;
  std::string timing;
  std::string description;
  std::string name;
  std::string phone;
  bool comes_back = false;
  HelpStatus status = HelpStatus::Open;
  std::string claimed_by;  // the volunteer's name (kiosk) or account name (back office)
  std::optional<std::int64_t> claimed_account;  // the back-office account that claimed it
  std::string team;        // the [[team]] it is routed to; empty: none configured
  std::string note;        // volunteers' notes, one per line
  UtcSeconds created = 0;
  std::optional<UtcSeconds> claimed, done, cancelled;
  std::optional<UtcSeconds> purged;  // personal data removed (retention); counts stay
  std::optional<UtcSeconds> escalated;  // staff were told nobody claimed it in time
};

}  // namespace bk
