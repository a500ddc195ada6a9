#include "services/registration_service.hpp"

#include "domain/codes.hpp"
#include "domain/csv.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "store/audit.hpp"

namespace bk {

std::string new_unique_code(Store& store) {
  for (;;) {  // 31^6 codes: a collision is rare, and a retry cheap
    std::string code = make_reference_code();
    if (!reference_code_taken(store, code)) return code;
  }
}

std::vector<std::string> promote_waiting(Store& store, OccurrenceId occ, UtcSeconds now) {
  std::vector<std::string> promoted;
  const auto capacity = occurrence_capacity(store, occ);
  if (!capacity) return promoted;
  const bool unlimited = capacity->unlimited;
  int free = unlimited ? 0 : capacity->places - registered_people(store, occ);
  // First come, first served; a group that does not fit is skipped, so a smaller party behind it
  // can take the places (and the larger group keeps its place at the head for the next opening).
  for (const WaitingParty& w : waiting_parties(store, occ)) {
    if (!unlimited && w.people > free) continue;
    mark_registration_promoted(store, w.id, now);
    write_audit(store, now, AuditRole::System, "registration.promote", w.code);
    promoted.push_back(w.code);
    free -= w.people;
  }
  return promoted;
}

RegistrationService::RegistrationService(Store& store, const Clock& clock, std::string base_url)
    : store_(store), clock_(clock), base_url_(std::move(base_url)) {}

RegisterResult RegistrationService::register_for(const RegistrationRequest& r) {
  RegisterResult out;
  const CheckedText name = check_text(r.name, 60, false);
  if (!name.ok()) {
    out.outcome = RegisterOutcome::InvalidInput;
    out.problem = "name " + describe(name.problem, 60);
    return out;
  }
  const CheckedText phone = check_phone(r.phone);
  if (!phone.ok()) {
    out.outcome = RegisterOutcome::InvalidInput;
    out.problem = phone.problem == TextProblem::UnsupportedCharacter
                      ? "phone must be a phone number (6 to 20 digits)"
                      : "phone " + describe(phone.problem, 30);
    return out;
  }
  const int max_people = r.channel == "kiosk" ? 6 : 20;
  if (r.people < 1 || r.people > max_people) {
    out.outcome = RegisterOutcome::InvalidInput;
    out.problem = "people must be between 1 and " + std::to_string(max_people);
    return out;
  }
  const std::string token = make_followup_token();
  const UtcSeconds now = clock_.now();

  // The capacity check and the insert in one BEGIN IMMEDIATE transaction: every writer (kiosk,
  // buurtkioskctl, the web page) queues for the write lock, so the count cannot change between them.
  WriteScope tx(store_);
  const auto occ = find_bookable_occurrence(store_, r.occurrence_id);
  if (!occ) {
    out.outcome = RegisterOutcome::NotFound;
    return out;
  }
  if (occ->cancelled || occ->start <= now) {
    out.outcome = RegisterOutcome::Closed;
    return out;
  }
  bool waitlist = false;
  if (occ->capacity) {
    const int left = *occ->capacity - registered_people(store_, r.occurrence_id);
    if (r.people > left) {
      if (!r.waitlist_if_full) {
        out.outcome = RegisterOutcome::Full;
        return out;
      }
      waitlist = true;
    }
  }
  const std::string code = new_unique_code(store_);
  insert_registration(store_, NewRegistration{r.occurrence_id, code, hash_token(token), name.value, phone.value,
                                              r.people,
                                              waitlist ? RegistrationStatus::Waitlisted : RegistrationStatus::Registered,
                                              r.channel, now});
  write_audit(store_, now, r.role, waitlist ? "registration.waitlist" : "registration.add", code,
              "occurrence " + std::to_string(r.occurrence_id) + ", " + std::to_string(r.people) + " people");
  tx.commit();  // on disk now (synchronous=FULL): only from here on may it be acknowledged
  log::info("registration", std::string(waitlist ? "waitlisted " : "registered ") + code +
                                " for occurrence " + std::to_string(r.occurrence_id));
  out.outcome = waitlist ? RegisterOutcome::Waitlisted : RegisterOutcome::Registered;
  out.code = code;
  out.token = token;
  out.followup_url = base_url_ + "/r/" + token;
  out.people = r.people;
  return out;
}

std::optional<RegistrationView> RegistrationService::find(RegistrationKey key, const std::string& value) {
  auto v = find_registration(store_, key, value);
  if (!v) return std::nullopt;
  const OccurrenceId occ = v->occurrence.occurrence_id;
  if (agenda_item_) {
    if (auto item = agenda_item_(occ)) v->occurrence = *item;
  }
  v->occurrence.occurrence_id = occ;
  return v;
}

std::optional<RegistrationView> RegistrationService::lookup_code(const std::string& typed_code) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return std::nullopt;
  return find(RegistrationKey::Code, *code);
}

std::optional<RegistrationView> RegistrationService::lookup_token(const std::string& token) {
  if (!looks_like_followup_token(token)) return std::nullopt;
  return find(RegistrationKey::TokenHash, hash_token(token));
}

CancelResult RegistrationService::cancel_where(RegistrationKey key, const std::string& value,
                                               const std::string& role) {
  CancelResult out;
  const UtcSeconds now = clock_.now();
  WriteScope tx(store_);
  const auto row = find_registration_ref(store_, key, value);
  if (!row) return out;
  const std::string& code = row->code;
  if (row->status == RegistrationStatus::Cancelled) {
    out.outcome = CancelOutcome::AlreadyCancelled;
    return out;
  }
  mark_registration_cancelled(store_, row->id, now);
  write_audit(store_, now, role, "registration.cancel", code);
  if (row->status == RegistrationStatus::Registered)
    out.promoted_codes = promote_waiting(store_, row->occurrence_id, now);
  tx.commit();
  log::info("registration", "cancelled " + code + (out.promoted_codes.empty() ? "" : ", " +
                                std::to_string(out.promoted_codes.size()) + " moved up from the waiting list"));
  out.outcome = CancelOutcome::Cancelled;
  return out;
}

CancelResult RegistrationService::cancel_code(const std::string& typed_code, const std::string& role) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return {};
  return cancel_where(RegistrationKey::Code, *code, role);
}

CancelResult RegistrationService::cancel_token(const std::string& token, const std::string& role) {
  if (!looks_like_followup_token(token)) return {};
  return cancel_where(RegistrationKey::TokenHash, hash_token(token), role);
}

std::vector<RegistrationView> RegistrationService::for_occurrence(OccurrenceId id) {
  std::vector<RegistrationView> out;
  for (const auto& c : registration_codes(store_, id))
    if (auto v = find(RegistrationKey::Code, c)) out.push_back(std::move(*v));
  return out;
}

std::string attendees_csv(const std::vector<RegistrationView>& rows) {
  std::string out = "name,people,phone,status,checked_in,code\r\n";
  for (const auto& r : rows)
    out += csv_row({r.name, std::to_string(r.people), r.phone, to_string(r.status), r.checked_in ? "yes" : "no",
                    r.code}) +
           "\r\n";
  return out;
}

std::vector<RegistrationView> RegistrationService::for_occurrence_seen_by(OccurrenceId id, const std::string& role,
                                                                        const std::string& actor,
                                                                        const std::string& purpose) {
  WriteScope tx(store_);
  std::vector<RegistrationView> out = for_occurrence(id);
  // The date and how many parties, never a name: the audit itself must hold nothing personal.
  write_audit(store_, clock_.now(), role, "attendees." + purpose, "occurrence " + std::to_string(id),
              std::to_string(out.size()) + " parties", actor);
  tx.commit();
  return out;
}

bool RegistrationService::set_checked_in(const std::string& typed_code, bool checked_in,
                                         const std::string& role, const std::string& actor) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return false;
  WriteScope tx(store_);
  if (!set_registration_checked_in(store_, *code, checked_in)) return false;
  write_audit(store_, clock_.now(), role, checked_in ? "registration.checkin" : "registration.checkout", *code,
              {}, actor);
  tx.commit();
  return true;
}

}  // namespace bk
