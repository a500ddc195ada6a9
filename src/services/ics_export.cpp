#include "services/ics_export.hpp"

#include <cstdio>

namespace bk {
namespace {

// RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
std::string escape_text(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += ch;
    }
  }
  return out;
}

// RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and one space); a fold never falls
// inside a UTF-8 sequence, so every line stays valid UTF-8 for strict readers.
void add_line(std::string& out, const std::string& line) {
  std::size_t pos = 0, room = 75;
  while (line.size() - pos > room) {
    std::size_t cut = pos + room;
    while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, pos, cut - pos);
    out += "\r\n ";
    pos = cut;
    room = 74;  // the leading space counts
  }
  out.append(line, pos, std::string::npos);
  out += "\r\n";
}

std::string utc_stamp(UtcSeconds t) {
  const std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const std::int64_t secs = t - days * 86400;
  const LocalDate d = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", d.year, d.month, d.day, static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string ics_date(LocalDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace

std::string ics_uid_domain(const std::string& base_url) {
  std::string rest = base_url;
  if (const auto sep = rest.find("://"); sep != std::string::npos) rest = rest.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host;
  for (char ch : rest)
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-')
      host += ch;
  return host.empty() ? "buurtkiosk.invalid" : host;
}

std::string write_ics(const std::vector<AgendaItem>& items, const IcsExport& how, const TimeZone& zone) {
  std::string out;
  add_line(out, "BEGIN:VCALENDAR");
  add_line(out, "VERSION:2.0");
  add_line(out, "PRODID:-//Buurtkiosk//Buurtkiosk " BUURTKIOSK_VERSION "//NL");
  add_line(out, "CALSCALE:GREGORIAN");
  add_line(out, "METHOD:PUBLISH");
  if (!how.calendar_name.empty()) add_line(out, "X-WR-CALNAME:" + escape_text(how.calendar_name));
  const std::string stamp = utc_stamp(how.stamp);
  for (const AgendaItem& i : items) {
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:buurtkiosk-occurrence-" + std::to_string(i.occurrence_id) + "@" + how.uid_domain);
    add_line(out, "DTSTAMP:" + stamp);
    if (i.all_day) {
      // The stored end is midnight after the last day: exactly DTEND;VALUE=DATE's meaning.
      const LocalDate first = zone.local_date(i.start);
      LocalDate end = zone.local_date(i.end > i.start ? i.end - 1 : i.start);
      end = add_days(end, 1);
      add_line(out, "DTSTART;VALUE=DATE:" + ics_date(first));
      add_line(out, "DTEND;VALUE=DATE:" + ics_date(end));
    } else {
      add_line(out, "DTSTART:" + utc_stamp(i.start));
      add_line(out, "DTEND:" + utc_stamp(i.end > i.start ? i.end : i.start));
    }
    add_line(out, "SUMMARY:" + escape_text(i.title));
    std::string place = how.centre;
    if (!i.location.empty()) place += (place.empty() ? "" : ", ") + i.location;
    if (!place.empty()) add_line(out, "LOCATION:" + escape_text(place));
    if (!i.category.empty()) add_line(out, "CATEGORIES:" + escape_text(i.category));
    add_line(out, std::string("STATUS:") + (i.status == OccurrenceStatus::Cancelled ? "CANCELLED"
                                             : how.tentative                         ? "TENTATIVE"
                                                                                     : "CONFIRMED"));
    add_line(out, "TRANSP:OPAQUE");
    add_line(out, "END:VEVENT");
  }
  add_line(out, "END:VCALENDAR");
  return out;
}

std::string ics_file_name(const AgendaItem& item, const TimeZone& zone) {
  std::string slug;
  for (char ch : item.title) {
    const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 40) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "activiteit";
  return slug + "-" + format_date(zone.local_date(item.start)) + ".ics";
}

}  // namespace bk
