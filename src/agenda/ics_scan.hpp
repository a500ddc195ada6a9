#pragma once
// Line-level scan of an .ics file, before libical sees it. libical is lenient in the wrong places
// (it silently drops what it cannot read, and it recurses once per nesting level), so the structure,
// the encoding, the nesting depth and the line numbers people need in an error message come from
// this pass. It also leaves out what real exporters write but libical would turn into errors:
// empty values, X-LIC-ERROR lines already in the file, properties nobody registered.
#include <string>
#include <string_view>
#include <vector>

namespace bk {

struct ScannedProperty {
  std::string name;  // upper case
  std::string params;
  std::string value;
  int line = 0;
};

struct ScannedEvent {
  int begin_line = 0;
  std::vector<ScannedProperty> props;  // directly inside the VEVENT (not in a VALARM)

  const ScannedProperty* find(std::string_view name) const;
  int line_of(std::string_view name) const;
};

struct ScannedCalendar {
  std::vector<ScannedEvent> events;   // the top-level VEVENTs, in file order
  std::string text_for_libical;       // unfolded, without the lines left out
  std::vector<std::string> warnings;  // "FILE:LINE: ignored …", one per line left out
};

// Real calendars nest VCALENDAR > VEVENT > VALARM and VCALENDAR > VTIMEZONE > STANDARD; eight
// levels is plenty, and a file nesting deeper is hostile (libical would overflow its stack).
constexpr int kMaxIcsNesting = 8;

// Throws bk::InputError "FILE:LINE: what is wrong" for broken structure or encoding.
ScannedCalendar scan_ics(std::string_view text, const std::string& file);

[[noreturn]] void fail_at(const std::string& file, int line, const std::string& what);

}  // namespace bk
