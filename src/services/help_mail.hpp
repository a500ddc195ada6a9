#pragma once
// The mails about help requests that go to a team (new, handed over) or to staff (nobody claimed
// it in time), queued in the outbox inside the caller's WriteScope. What a mail may say is in
// HelpMailFacts: kind, timing, code, when it was asked and the team — it has no field for a name,
// a phone, a description or notes, so none can reach a mail by mistake.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/help.hpp"
#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

enum class HelpMail { New, HandedOver, Escalated };
const char* outbox_kind(HelpMail m);  // help.new | help.handover | help.escalated

struct HelpMailFacts {
  std::string code;
  std::string category;  // help_categories() key
  std::string timing;    // help_timings() key
  UtcSeconds created = 0;
  std::string team;      // may be empty
  static HelpMailFacts of(const HelpRequestView& v) { return {v.code, v.category, v.timing, v.created, v.team}; }
};

struct HelpMailText {
  std::string subject;
  std::string body;
};
// Dutch: "Nieuwe hulpvraag K7M3QX: boodschappen (vandaag)"; the body has the kind, the timing, the
// code, when it was asked (in zone) and the link backoffice.base_url + "/beheer/hulpvragen/" + code.
HelpMailText help_mail_text(HelpMail kind, const HelpMailFacts& facts, const Config& config, const TimeZone& zone);

// The team's addresses; empty when the team is unknown or has none.
std::vector<std::string> team_addresses(const Config& config, const std::string& team);

// Writes one outbox row when mail is configured ([notify] smtp_url) and there is a recipient.
// Returns whether it did. Call inside the WriteScope of the change the mail announces.
bool queue_help_mail(Store& store, const Config& config, const TimeZone& zone, HelpMail kind,
                     const HelpMailFacts& facts, const std::vector<std::string>& recipients, UtcSeconds now);

}  // namespace bk
