#pragma once
// Help requests: a resident asks (kiosk), volunteers claim and finish them (kiosk volunteer mode,
// CLI). Never shown on a public screen. Status: open → claimed → done, or cancelled.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "store/database.hpp"

namespace bk {

// Stable keys, stored in the database; the screens translate them.
// boodschappen | klusje | vervoer | gezelschap | post | computer | anders
const std::vector<std::string>& help_categories();
// today | this_week | any
const std::vector<std::string>& help_timings();

enum class HelpStatus { Open, Claimed, Done, Cancelled };
const char* to_string(HelpStatus s);  // open | claimed | done | cancelled
std::optional<HelpStatus> help_status_from(std::string_view s);

struct HelpRequestInput {
  std::string category;
  std::string timing;
  std::string description;  // optional, ≤ 500 characters
  bool comes_back = false;  // "Ik kom zelf terug": name and phone are not stored
  std::string name;         // needed unless comes_back
  std::string phone;        // optional
};

enum class HelpOutcome { Created, InvalidInput };

struct HelpCreated {
  HelpOutcome outcome = HelpOutcome::InvalidInput;
  std::string code;
  std::string token;
  std::string followup_url;  // base_url + "/h/" + token
  std::string problem;
};

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
  std::string claimed_by;
  std::string note;
  UtcSeconds created = 0;
  std::optional<UtcSeconds> claimed, done, cancelled;
};

enum class HelpChange { Changed, NotFound, NotAllowed };

class HelpService {
 public:
  HelpService(Database& db, const Clock& clock, std::string followup_base_url);

  HelpCreated create(const HelpRequestInput& in);
  std::optional<HelpRequestView> lookup_code(const std::string& typed_code);
  std::optional<HelpRequestView> lookup_token(const std::string& token);
  std::vector<HelpRequestView> list(std::optional<HelpStatus> status = std::nullopt);

  // Claiming needs an open request (a claimed, done or cancelled one is refused: NotAllowed).
  // Done is allowed from open or claimed; cancel from open or claimed.
  HelpChange claim(const std::string& code, const std::string& by, const std::string& note,
                   const std::string& role);
  HelpChange add_note(const std::string& code, const std::string& note, const std::string& role);
  HelpChange done(const std::string& code, const std::string& role);
  HelpChange cancel(const std::string& code, const std::string& role);

 private:
  std::optional<HelpRequestView> find(const char* where, const std::string& key);
  HelpChange change(const std::string& code, const std::string& role, const std::string& actor,
                    const char* action, const std::function<bool(HelpRequestView&)>& apply);

  Database& db_;
  const Clock& clock_;
  std::string base_url_;
};

}  // namespace bk
