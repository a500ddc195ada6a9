#pragma once
// Help requests: a resident asks (kiosk, or staff at the desk), volunteers claim and finish them
// (kiosk volunteer mode, CLI). Never shown on a public screen; the resident's own follow-up (code on
// the kiosk, token in the QR link) sees only HelpPublicView.
//
// Status machine (every change is one BEGIN IMMEDIATE transaction with one audit row):
//   open ──claim──▶ claimed ──done──▶ done
//   open ──────────done─────────────▶ done   (claimed_utc := done_utc, see done())
//   open | claimed ──cancel──▶ cancelled
// Refused (NotAllowed): claiming a claimed (by someone else), done or cancelled request; done or
// cancel on a done or cancelled one. Notes may be added in any status until the data is purged.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "domain/help.hpp"
#include "domain/roles.hpp"
#include "domain/time.hpp"
#include "services/help_mail.hpp"
#include "store/help_request_store.hpp"
#include "store/store.hpp"

namespace bk {

// Stable keys, stored in the database; the screens translate them (help.category.*, help.timing.*).
// boodschappen | klusje | vervoer | gezelschap | post | computer | anders (domain/help.hpp help_kinds(),
// which kiosk.toml's [[team]] kinds are checked against)
const std::vector<std::string>& help_categories();
// today | this_week | any
const std::vector<std::string>& help_timings();

inline constexpr std::size_t kHelpNameMax = 60;
inline constexpr std::size_t kHelpDescriptionMax = 500;
inline constexpr std::size_t kHelpNoteMax = 500;        // one note as typed
inline constexpr std::size_t kHelpNotesTotalMax = 2000;  // all notes on one request together

// HelpStatus, to_string(HelpStatus) and help_status_from: domain/help.hpp.
// Catalog key of the plain words a resident sees: help.status.open = "Ontvangen",
// help.status.claimed = "Opgepakt door een vrijwilliger", help.status.done = "Afgerond",
// help.status.cancelled = "Geannuleerd".
std::string public_status_key(HelpStatus s);

struct HelpRequestInput {
  std::string category;
  std::string timing;
  std::string description;  // optional, ≤ 500 characters, may have line breaks
  bool comes_back = false;  // "Ik kom zelf terug": name and phone are not stored, even if typed
  std::string name;         // 1–60 characters unless comes_back
  std::string phone;        // optional
};

enum class HelpOutcome { Created, InvalidInput };

struct HelpCreated {
  HelpOutcome outcome = HelpOutcome::InvalidInput;
  std::string code;          // reference code, unique across help requests and registrations
  std::string token;         // follow-up token; only its hash is stored
  std::string followup_url;  // base_url + "/h/" + token
  std::string problem;       // InvalidInput: one English line naming the field ("name is empty")
  // Kept on this kiosk during a database outage (#20, OfflineHelp): on disk here, sent to the
  // server by itself when it is back; until then the code and the follow-up link find nothing.
  bool kept_on_kiosk = false;
};

// A request checked and ready to write (HelpService::check): the row without its code, and the
// answer for the resident (token and follow-up link; the code is filled in when it is written).
struct CheckedHelpRequest {
  HelpCreated answer;   // outcome InvalidInput (with problem) when the input was refused
  NewHelpRequest row;
};

// How a request kept on a kiosk during an outage reached the server (HelpService::deliver).
struct HelpDelivery {
  enum class Kind {
    Written,        // written with its own code
    AlreadyThere,   // a request with its token was on the server already (sent before a crash)
    WrittenNewCode, // its code was taken meanwhile: written under a new one (code), see deliver()
  };
  Kind kind = Kind::Written;
  std::string code;  // the code it has on the server
};

// HelpRequestView (everything about a request, for volunteer mode and staff): domain/help.hpp.


// What the resident may see with their code or link: no contact details, no description, not who
// claimed it, no notes.
struct HelpPublicView {
  std::string code;
  std::string category;
  std::string timing;
  HelpStatus status = HelpStatus::Open;
  UtcSeconds created = 0;
  std::optional<UtcSeconds> claimed, done, cancelled;
  std::string status_key() const { return public_status_key(status); }
};
HelpPublicView public_view(const HelpRequestView& v);

enum class HelpChange {
  Changed,       // written, with an audit row
  Unchanged,     // already so (the same volunteer claiming again): nothing written
  NotFound,      // no help request with that code
  NotAllowed,    // the status machine refuses it; problem says why ("is already done")
  InvalidInput,  // a name or note that fails the text checks; problem says which
};

struct HelpChangeResult {
  HelpChange outcome = HelpChange::NotFound;
  std::string problem;  // English, one line, for NotAllowed and InvalidInput
  bool ok() const { return outcome == HelpChange::Changed || outcome == HelpChange::Unchanged; }
};

class HelpService {
 public:
  HelpService(Store& store, const Clock& clock, std::string followup_base_url);

  // Teams and mail (#19): from now on create() routes a request to config.team_for(category) and,
  // when [notify] smtp_url is set and that team has addresses, writes an outbox mail in the same
  // transaction as the request; hand_over() mails the new team. Kept as a pointer: config must
  // outlive the service. The mail's times are in config.centre.timezone, loaded here (libical's
  // zone cache: call on one thread, or pass the zone loaded at start).
  void route_with(const Config& config);
  void route_with(const Config& config, const TimeZone& zone);

  // role goes into the audit row: resident (kiosk), cli, volunteer, staff.
  HelpCreated create(const HelpRequestInput& in, const std::string& role = to_string(AuditRole::Resident));
  // create() in two halves, for a kiosk that may have to keep the request itself (#20):
  // check() validates and makes the token without touching the store; write() takes a code and
  // writes it (routing, audit, the team's mail), as create() does.
  CheckedHelpRequest check(const HelpRequestInput& in) const;
  HelpCreated write(CheckedHelpRequest c, const std::string& role = to_string(AuditRole::Resident));

  // help_delivery.cpp (#20). A request a kiosk kept during an outage, written now with the code
  // it already gave the resident, in one write transaction that also hands that code back from
  // reserved_code. Idempotent: a request whose token is already on the server is not written
  // again (AlreadyThere), so a kiosk that crashed after the commit may simply send it again.
  // A code someone else took meanwhile (only a fresh code, made when the kiosk had no reserve)
  // gets a new code, and a note on the request names the code on the resident's ticket.
  HelpDelivery deliver(NewHelpRequest row, const std::string& role = to_string(AuditRole::Resident));
  // Sets n fresh codes aside in reserved_code, in one write transaction; returns them.
  std::vector<std::string> reserve_codes(int n);

  // Staff/volunteer lookups (everything). typed_code may be lower case, with spaces or dashes.
  std::optional<HelpRequestView> lookup_code(const std::string& typed_code);
  std::optional<HelpRequestView> lookup_token(const std::string& token);
  // The resident's follow-up (Mijn aanmelding, the /h/<token> page).
  std::optional<HelpPublicView> public_lookup_code(const std::string& typed_code);
  std::optional<HelpPublicView> public_lookup_token(const std::string& token);
  // Oldest first; all statuses when status is nullopt.
  std::vector<HelpRequestView> list(std::optional<HelpStatus> status = std::nullopt);

  // `by` is the volunteer's name (1–60 characters), kept as claimed_by and as the audit actor.
  // A non-empty note is added to the request's notes. Claiming a request the same volunteer has
  // already claimed is Unchanged (a double tap), or adds the note when one is given.
  // account: the back-office account that claims it (claimed_account), nullopt from the kiosk/CLI.
  HelpChangeResult claim(const std::string& code, const std::string& by, const std::string& note,
                         const std::string& role, std::optional<std::int64_t> account = std::nullopt);
  // Routes the request to another [[team]] and mails that team. A claimed request goes back to
  // open without a claimer (the new team picks it up). Unknown team: InvalidInput; done or
  // cancelled: NotAllowed; already that team's and open: Unchanged. `by` is the audit actor.
  HelpChangeResult hand_over(const std::string& code, const std::string& team, const std::string& role,
                             const std::string& by = {});
  // Appends a line to the notes (any status, ≤ 500 characters, ≤ 2000 in all).
  HelpChangeResult add_note(const std::string& code, const std::string& note,
                            const std::string& role, const std::string& by = {});
  HelpChangeResult done(const std::string& code, const std::string& role, const std::string& by = {});
  HelpChangeResult cancel(const std::string& code, const std::string& role,
                          const std::string& by = {});

  // Tests only: where new reference codes come from (default make_reference_code), so a clash
  // with an existing registration or help request code can be forced.
  void use_code_source(std::function<std::string()> source) { code_source_ = std::move(source); }

 private:
  enum class Step { Apply, Nothing, Refuse };
  struct Pending {
    HelpRequestView row;
    const char* action;     // audit action, may be switched by the step (claim → note)
    std::string problem;    // for Refuse
    std::string detail;     // added to the audit detail (a team change)
    std::optional<HelpMail> mail;  // queued to the row's team with the change
  };
  std::string unique_code();
  // Inside the caller's WriteScope: routes r to its team, inserts it, writes the audit row (with
  // `detail` after the kind of help) and the team's mail.
  void insert_routed(NewHelpRequest& r, const std::string& role, const std::string& detail);
  HelpChangeResult change(const std::string& code, const std::string& role,
                          const std::string& actor, const char* action,
                          const std::function<Step(Pending&)>& step);

  Store& store_;
  const Clock& clock_;
  std::string base_url_;
  std::function<std::string()> code_source_;
  const Config* config_ = nullptr;  // route_with(); nullptr: no teams, no mail
  TimeZone zone_ = TimeZone::utc();
};

}  // namespace bk
