#include "domain/log.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace bk::log {
namespace {

Level initial_level() {
  const char* env = std::getenv("BUURTKIOSK_LOG");
  if (!env) return Level::Info;
  if (std::strcmp(env, "debug") == 0) return Level::Debug;
  if (std::strcmp(env, "warning") == 0) return Level::Warning;
  if (std::strcmp(env, "error") == 0) return Level::Error;
  return Level::Info;
}

std::atomic<Level> g_min{initial_level()};  // process-wide by nature: one stderr
std::mutex g_write;

const char* prefix(Level l) {
  // sd-daemon(3) priority prefixes: journald shows the level, a terminal shows a readable tag.
  switch (l) {
    case Level::Debug: return "<7>debug";
    case Level::Info: return "<6>info";
    case Level::Warning: return "<4>warning";
    case Level::Error: return "<3>error";
  }
  return "<6>info";
}

}  // namespace

void set_min_level(Level l) { g_min = l; }

void write(Level l, std::string_view component, std::string_view message) {
  if (l < g_min.load()) return;
  std::string line = prefix(l);
  line += ' ';
  line += component;
  line += ": ";
  for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;  // one event, one line
  line += '\n';
  std::lock_guard lock(g_write);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace bk::log
