#include "services/help_mail.hpp"

#include <array>
#include <map>

#include "store/outbox_store.hpp"

namespace bk {
namespace {

std::string kind_words(const std::string& category) {
  static const std::map<std::string, std::string> words = {
      {"boodschappen", "boodschappen"},       {"klusje", "klusje in huis"},
      {"vervoer", "vervoer of begeleiding"},  {"gezelschap", "gezelschap of bezoek"},
      {"post", "post en formulieren"},        {"computer", "telefoon of computer"},
      {"anders", "iets anders"}};
  const auto it = words.find(category);
  return it == words.end() ? category : it->second;
}

std::string timing_words(const std::string& timing) {
  if (timing == "today") return "vandaag";
  if (timing == "this_week") return "deze week";
  if (timing == "any") return "maakt niet uit";
  return timing;
}

// "dinsdag 2 maart 2027 om 10:15"
std::string dutch_moment(UtcSeconds t, const TimeZone& zone) {
  static const std::array<const char*, 7> days = {"maandag", "dinsdag", "woensdag", "donderdag",
                                                  "vrijdag", "zaterdag", "zondag"};
  static const std::array<const char*, 12> months = {"januari", "februari", "maart",     "april",
                                                     "mei",     "juni",     "juli",      "augustus",
                                                     "september", "oktober", "november", "december"};
  const LocalDateTime l = zone.to_local(t);
  return std::string(days[weekday(l.date)]) + " " + std::to_string(l.date.day) + " " +
         months[l.date.month - 1] + " " + std::to_string(l.date.year) + " om " + format_hhmm(l);
}

std::string first_line(HelpMail kind, const HelpMailFacts& f, const Config& config) {
  const std::string team = f.team.empty() ? "" : " (team " + f.team + ")";
  switch (kind) {
    case HelpMail::New: return "Er is een nieuwe hulpvraag" + team + ".";
    case HelpMail::HandedOver: return "Deze hulpvraag is overgedragen aan uw team" + team + ".";
    case HelpMail::Escalated:
      return "Deze hulpvraag" + team + " is na " + std::to_string(config.notify.escalate_after_hours) +
             " uur nog door niemand opgepakt.";
  }
  return {};
}

}  // namespace

const char* outbox_kind(HelpMail m) {
  switch (m) {
    case HelpMail::New: return "help.new";
    case HelpMail::HandedOver: return "help.handover";
    case HelpMail::Escalated: return "help.escalated";
  }
  return "help.new";
}

HelpMailText help_mail_text(HelpMail kind, const HelpMailFacts& f, const Config& config, const TimeZone& zone) {
  const std::string what = kind_words(f.category) + " (" + timing_words(f.timing) + ")";
  HelpMailText t;
  switch (kind) {
    case HelpMail::New: t.subject = "Nieuwe hulpvraag " + f.code + ": " + what; break;
    case HelpMail::HandedOver: t.subject = "Hulpvraag " + f.code + " overgedragen: " + what; break;
    case HelpMail::Escalated: t.subject = "Nog niet opgepakt: hulpvraag " + f.code + ": " + what; break;
  }
  t.body = first_line(kind, f, config) + "\n\n" +
           "Soort hulp: " + kind_words(f.category) + "\n" +
           "Wanneer:    " + timing_words(f.timing) + "\n" +
           "Code:       " + f.code + "\n" +
           "Gevraagd:   " + dutch_moment(f.created, zone) + "\n\n" +
           "Bekijk en pak de vraag op in de beheeromgeving:\n" +
           config.backoffice.base_url + "/beheer/hulpvragen/" + f.code + "\n\n" +
           "Naam en telefoonnummer staan niet in deze mail: u ziet ze in de beheeromgeving\n"
           "als u de vraag oppakt.\n\n" +
           "-- \nBuurtkiosk, " + config.centre.name + "\n";
  return t;
}

std::vector<std::string> team_addresses(const Config& config, const std::string& team) {
  const Config::Team* t = team.empty() ? nullptr : config.team_named(team);
  return t ? t->email : std::vector<std::string>{};
}

bool queue_help_mail(Store& store, const Config& config, const TimeZone& zone, HelpMail kind,
                     const HelpMailFacts& facts, const std::vector<std::string>& recipients, UtcSeconds now) {
  if (config.notify.smtp_url.empty() || recipients.empty()) return false;
  const HelpMailText text = help_mail_text(kind, facts, config, zone);
  insert_outbox(store, NewOutboxMail{outbox_kind(kind), facts.code, recipients, text.subject, text.body, now});
  return true;
}

}  // namespace bk
