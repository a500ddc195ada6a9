#pragma once
// One line per event on stderr (journald under systemd picks it up): "level component: message".
// Never put a name, phone number, description, PIN or follow-up token in a log line; codes and ids
// are fine.
#include <string_view>

namespace bk::log {

enum class Level { Debug, Info, Warning, Error };

void set_min_level(Level l);  // default Info; BUURTKIOSK_LOG=debug|info|warning|error sets it
void write(Level l, std::string_view component, std::string_view message);

inline void debug(std::string_view c, std::string_view m) { write(Level::Debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(Level::Info, c, m); }
inline void warning(std::string_view c, std::string_view m) { write(Level::Warning, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Level::Error, c, m); }

}  // namespace bk::log
