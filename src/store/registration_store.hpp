#pragma once
// Registrations in the store: the reads and writes behind RegistrationService. Call the writes
// (and the reads a write depends on, such as the capacity check) inside the caller's WriteScope,
// so a check and the write it allows are one transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/registration.hpp"
#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/reference_codes.hpp"
#include "store/store.hpp"

namespace bk {

// The occurrence as registration sees it: only those the agenda shows (its activity not deleted,
// or the occurrence itself cancelled).
struct BookableOccurrence {
  bool cancelled = false;
  UtcSeconds start = 0;
  std::optional<int> capacity;  // nullopt: no limit
};
std::optional<BookableOccurrence> find_bookable_occurrence(Store& store, OccurrenceId id);

// The capacity of an occurrence's activity; nullopt when there is no such occurrence.
struct OccurrenceCapacity {
  bool unlimited = false;
  int places = 0;  // when not unlimited
};
std::optional<OccurrenceCapacity> occurrence_capacity(Store& store, OccurrenceId id);

// People (not rows) registered, waiting parties not counted.
int registered_people(Store& store, OccurrenceId id);

struct NewRegistration {
  OccurrenceId occurrence_id = 0;
  std::string code;
  std::string token_hash;
  std::string name;
  std::string phone;  // empty: none given
  int people = 1;
  RegistrationStatus status = RegistrationStatus::Registered;
  std::string channel;  // kiosk | desk | web
  UtcSeconds created = 0;
};
void insert_registration(Store& store, const NewRegistration& r);

enum class RegistrationKey { Code, TokenHash };
// The registration with that code or token hash; occurrence holds only occurrence_id, and
// waitlist_position is filled for a waiting party.
std::optional<RegistrationView> find_registration(Store& store, RegistrationKey key,
                                                  const std::string& value);

// Just what a cancellation needs (no waiting list position).
struct RegistrationRef {
  std::int64_t id = 0;
  std::string code;
  RegistrationStatus status = RegistrationStatus::Registered;
  OccurrenceId occurrence_id = 0;
};
std::optional<RegistrationRef> find_registration_ref(Store& store, RegistrationKey key,
                                                     const std::string& value);

// Codes of an occurrence's registrations: registered first (by time), then waiting, then cancelled.
std::vector<std::string> registration_codes(Store& store, OccurrenceId id);

struct WaitingParty {
  std::int64_t id = 0;
  std::string code;
  int people = 0;
};
// First come, first served (by time of registration).
std::vector<WaitingParty> waiting_parties(Store& store, OccurrenceId id);

void mark_registration_promoted(Store& store, std::int64_t id, UtcSeconds at);
void mark_registration_cancelled(Store& store, std::int64_t id, UtcSeconds at);
// False when no registration has that code.
bool set_registration_checked_in(Store& store, const std::string& code, bool checked_in);

}  // namespace bk
