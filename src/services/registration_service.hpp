#pragma once
// Registering for an occurrence, looking it up, cancelling: the same rules for the kiosk, the CLI
// and the follow-up web page. Capacity is checked and the row inserted in one BEGIN IMMEDIATE
// transaction (a WriteScope around the store/registration_store calls), so however many processes
// register at once, never more people than capacity.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/registration.hpp"
#include "domain/roles.hpp"
#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/registration_store.hpp"
#include "store/store.hpp"

namespace bk {

struct RegistrationRequest {
  OccurrenceId occurrence_id = 0;
  std::string name;   // checked: 1–60 characters, valid UTF-8, no control characters
  std::string phone;  // optional
  int people = 1;     // 1–6 on the kiosk; up to 20 at the desk
  // Kiosk: the resident chose a place; if the date filled up meanwhile, refuse (Full) instead of
  // silently waitlisting, so the screen can offer the waiting list. CLI/web: waitlist when full.
  bool waitlist_if_full = true;
  std::string channel = "kiosk";  // kiosk | desk | web
  std::string role = to_string(AuditRole::Resident);  // for the audit (domain/roles.hpp)
};

enum class RegisterOutcome {
  Registered,
  Waitlisted,
  Full,              // only when waitlist_if_full is false
  NotFound,          // no such occurrence
  Closed,            // cancelled occurrence, or one that has already started
  InvalidInput,      // see `problem`
};

struct RegisterResult {
  RegisterOutcome outcome = RegisterOutcome::NotFound;
  std::string code;          // reference code (Registered/Waitlisted)
  std::string token;         // follow-up token, only known now (the database keeps its hash)
  std::string followup_url;  // base_url + "/r/" + token
  int people = 0;
  std::string problem;       // InvalidInput: which field and why, in English for logs/CLI
};


enum class CancelOutcome { Cancelled, AlreadyCancelled, NotFound };

struct CancelResult {
  CancelOutcome outcome = CancelOutcome::NotFound;
  std::vector<std::string> promoted_codes;  // waiting parties moved up by this cancellation
};

// An attendee list as RFC 4180 CSV (domain/csv: formula cells neutralised), header first, CRLF
// lines: `buurtkioskctl registrations --csv` and the back office's download.
std::string attendees_csv(const std::vector<RegistrationView>& rows);

// A reference code not used by any registration or help request (call inside a write transaction).
std::string new_unique_code(Store& store);
// Moves waiting parties up while places are free (call inside a write transaction). Returns their codes.
std::vector<std::string> promote_waiting(Store& store, OccurrenceId occurrence, UtcSeconds now);

class RegistrationService {
 public:
  RegistrationService(Store& store, const Clock& clock, std::string followup_base_url);

  RegisterResult register_for(const RegistrationRequest& r);

  std::optional<RegistrationView> lookup_code(const std::string& typed_code);
  std::optional<RegistrationView> lookup_token(const std::string& token);

  // Cancelling a registered party moves up the first waiting parties (by time of registration)
  // whose group fits, in the same transaction.
  CancelResult cancel_code(const std::string& typed_code, const std::string& role = to_string(AuditRole::Resident));
  CancelResult cancel_token(const std::string& token, const std::string& role = to_string(AuditRole::Web));

  // Attendee list: registered first (by time), then the waiting list, then cancelled.
  std::vector<RegistrationView> for_occurrence(OccurrenceId id);
  // The same list for someone outside the kiosk (the back office): names and phones leave the
  // kiosk, so the read is an audit row in the same transaction — role, actor (the account's name),
  // action "attendees.<purpose>" (view | csv | print), the occurrence and the number of parties.
  std::vector<RegistrationView> for_occurrence_seen_by(OccurrenceId id, const std::string& role,
                                                       const std::string& actor, const std::string& purpose);
  bool set_checked_in(const std::string& code, bool checked_in, const std::string& role,
                      const std::string& actor = {});

 // Fills RegistrationView::occurrence (set by struct Kiosk to AgendaService::item).
  void set_agenda_lookup(std::function<std::optional<AgendaItem>(OccurrenceId)> f) {
    agenda_item_ = std::move(f);
  }

 private:
  std::optional<RegistrationView> find(RegistrationKey key, const std::string& value);
  CancelResult cancel_where(RegistrationKey key, const std::string& value, const std::string& role);

  Store& store_;
  const Clock& clock_;
  std::string base_url_;
  std::function<std::optional<AgendaItem>(OccurrenceId)> agenda_item_;
};

}  // namespace bk
