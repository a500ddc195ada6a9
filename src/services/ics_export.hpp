#pragma once
// The agenda the other way round: dates as an iCalendar file (RFC 5545) that Google Calendar, Apple
// Calendar and Outlook accept — for the "Zet in mijn agenda" link on a registration's page, and for
// the centre's public agenda (`buurtkioskctl agenda --ics`, `serve`'s /agenda.ics).
// Only what the public agenda shows: title, time, place, category, cancelled or not. Never a name,
// a phone number or a count of people.
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "domain/types.hpp"

namespace bk {

struct IcsExport {
  std::string calendar_name;  // X-WR-CALNAME: what a subscribing calendar shows as its name
  std::string centre;         // LOCATION is "centre, room"
  std::string uid_domain;     // UIDs are "buurtkiosk-occurrence-ID@uid_domain": stable per date
  UtcSeconds stamp = 0;       // DTSTAMP: when the file was made
  bool tentative = false;     // STATUS:TENTATIVE for dates that go ahead (a place on the waiting list)
};

// "http://kiosk.local:8080/…" → "kiosk.local"; "buurtkiosk.invalid" when there is no host.
std::string ics_uid_domain(const std::string& base_url);

// A whole VCALENDAR (METHOD:PUBLISH) with one VEVENT per item, in UTC (all-day dates as dates in
// the centre's zone): CRLF line ends, text escaped, lines folded at 75 octets without splitting a
// UTF-8 character.
std::string write_ics(const std::vector<AgendaItem>& items, const IcsExport& how, const TimeZone& zone);

// "Koersbal & thee" on 2 March 2027 → "koersbal-thee-2027-03-02.ics" (ASCII, for Content-Disposition).
std::string ics_file_name(const AgendaItem& item, const TimeZone& zone);

}  // namespace bk
