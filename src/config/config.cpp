#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <toml++/toml.h>

#include "domain/help.hpp"
#include "domain/text.hpp"

namespace bk {
namespace {

std::string where(const std::string& file, const toml::node& n) {
  return file + ":" + std::to_string(n.source().begin.line);
}

// A table of handlers, one per key: unknown keys are errors, and each handler checks its type.
using Handler = std::function<void(const toml::node&, const std::string& key_path)>;

struct Reader {
  std::string file;
  std::filesystem::path dir;

  [[noreturn]] void fail(const toml::node& n, const std::string& key, const std::string& what) const {
    throw ConfigError(where(file, n) + ": " + key + ": " + what);
  }
  std::string str(const toml::node& n, const std::string& key) const {
    if (auto v = n.value<std::string>(); v && n.is_string()) return *v;
    fail(n, key, "must be a string in quotes");
  }
  bool boolean(const toml::node& n, const std::string& key) const {
    if (!n.is_boolean()) fail(n, key, "must be true or false");
    return *n.value<bool>();
  }
  int integer(const toml::node& n, const std::string& key, long lo, long hi) const {
    if (!n.is_integer()) fail(n, key, "must be a whole number");
    const long v = static_cast<long>(*n.value<int64_t>());
    if (v < lo || v > hi)
      fail(n, key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return static_cast<int>(v);
  }
  std::string one_of(const toml::node& n, const std::string& key,
                     std::initializer_list<const char*> allowed) const {
    std::string v = str(n, key);
    std::string list;
    for (const char* a : allowed) {
      if (v == a) return v;
      list += (list.empty() ? "" : ", ") + std::string("\"") + a + "\"";
    }
    fail(n, key, "must be one of " + list + " (not \"" + v + "\")");
  }
  std::filesystem::path path(const toml::node& n, const std::string& key) const {
    std::filesystem::path p = str(n, key);
    if (p.empty()) return p;
    if (p.string().rfind("~/", 0) == 0) {
      const char* home = std::getenv("HOME");
      return std::filesystem::path(home ? home : "") / p.string().substr(2);
    }
    return p.is_absolute() || dir.empty() ? p : dir / p;
  }
};

bool valid_hours(const std::string& s) {
  // HH:MM-HH:MM
  if (s.size() != 11 || s[5] != '-') return false;
  auto ok = [](std::string_view t) {
    return t.size() == 5 && t[2] == ':' && isdigit(t[0]) && isdigit(t[1]) && isdigit(t[3]) &&
           isdigit(t[4]) && (t[0] - '0') * 10 + (t[1] - '0') <= 24 && (t[3] - '0') * 10 + (t[4] - '0') < 60;
  };
  return ok(std::string_view(s).substr(0, 5)) && ok(std::string_view(s).substr(6, 5));
}

using Keys = std::map<std::string, Handler>;

// A centre's id goes into every row it owns on a shared server: short, plain, never ambiguous.
std::string centre_id(const Reader& r, const toml::node& n, const std::string& key) {
  std::string id = r.str(n, key);
  if (id == "*") return id;
  if (id.empty() || id.size() > 40) r.fail(n, key, "must be 1 to 40 characters, or \"*\" for the whole region");
  for (char ch : id)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_')
      r.fail(n, key, "may hold only letters, digits, '-' and '_' (or be \"*\" for the whole region)");
  return id;
}

// One function per section: its keys, each with the handler that checks and stores the value.
Keys centre_keys(Config& c, const Reader& r) {
  return {
      {"name", [&](auto& n, auto& k) { c.centre.name = r.str(n, k); if (c.centre.name.empty()) r.fail(n, k, "must not be empty"); }},
      {"phone", [&](auto& n, auto& k) { c.centre.phone = r.str(n, k); }},
      {"timezone", [&](auto& n, auto& k) { c.centre.timezone = r.str(n, k); if (c.centre.timezone.empty()) r.fail(n, k, "must not be empty"); }},
      {"id", [&](auto& n, auto& k) { c.centre.id = centre_id(r, n, k); }},
  };
}

Keys storage_keys(Config& c, const Reader& r) {
  return {
      {"engine", [&](auto& n, auto& k) { c.storage.engine = r.one_of(n, k, {"sqlite", "postgresql"}); }},
      {"connection", [&](auto& n, auto& k) {
         c.storage.connection = r.str(n, k);
         if (c.storage.connection.find("password") != std::string::npos)
           r.fail(n, k, "must not hold the password: put it in storage.password_file");
       }},
      {"password_file", [&](auto& n, auto& k) { c.storage.password_file = r.path(n, k); }},
      {"database", [&](auto& n, auto& k) { c.storage.database = r.path(n, k); }},
      {"backup_dir", [&](auto& n, auto& k) { c.storage.backup_dir = r.path(n, k); }},
      {"backups_keep", [&](auto& n, auto& k) { c.storage.backups_keep = r.integer(n, k, 1, 10000); }},
  };
}

Keys display_keys(Config& c, const Reader& r) {
  return {
      {"fullscreen", [&](auto& n, auto& k) { c.display.fullscreen = r.boolean(n, k); }},
      {"language", [&](auto& n, auto& k) { c.display.language = r.one_of(n, k, {"nl", "en", "tr", "pl"}); }},
      {"theme", [&](auto& n, auto& k) { c.display.theme = r.one_of(n, k, {"default", "high-contrast"}); }},
      {"read_aloud", [&](auto& n, auto& k) { c.display.read_aloud = r.boolean(n, k); }},
      {"renderer", [&](auto& n, auto& k) { c.display.renderer = r.one_of(n, k, {"software", "accelerated"}); }},
      {"read_aloud_folder", [&](auto& n, auto& k) { c.display.read_aloud_folder = r.str(n, k); }},
  };
}

Keys kiosk_keys(Config& c, const Reader& r) {
  return {
      {"idle_seconds", [&](auto& n, auto& k) { c.kiosk.idle_seconds = r.integer(n, k, 10, 3600); }},
      {"idle_countdown_seconds", [&](auto& n, auto& k) { c.kiosk.idle_countdown_seconds = r.integer(n, k, 3, 120); }},
      {"volunteer_logout_seconds", [&](auto& n, auto& k) { c.kiosk.volunteer_logout_seconds = r.integer(n, k, 30, 3600); }},
      {"agenda_days", [&](auto& n, auto& k) { c.kiosk.agenda_days = r.integer(n, k, 1, 90); }},
      {"show_figures", [&](auto& n, auto& k) { c.kiosk.show_figures = r.boolean(n, k); }},
      {"opening_hours", [&](auto& n, auto& k) {
         c.kiosk.opening_hours = r.str(n, k);
         if (!c.kiosk.opening_hours.empty() && !valid_hours(c.kiosk.opening_hours))
           r.fail(n, k, "must look like \"08:30-22:00\"");
       }},
  };
}

Keys agenda_keys(Config& c, const Reader& r) {
  return {
      {"demo_ics", [&](auto& n, auto& k) { c.agenda.demo_ics = r.path(n, k); }},
      {"feed_url", [&](auto& n, auto& k) { c.agenda.feed_url = r.str(n, k); }},
      {"horizon_days", [&](auto& n, auto& k) { c.agenda.horizon_days = r.integer(n, k, 7, 3660); }},
  };
}

// http(s)://… without a trailing slash.
std::string web_url(const Reader& r, const toml::node& n, const std::string& k) {
  std::string u = r.str(n, k);
  if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) r.fail(n, k, "must start with http:// or https://");
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

// ADDRESS:PORT with a port of 1–65535 (what a server binds; checked here so a typo stops the
// service at start with the file and line, not with a bind error).
std::string listen_address(const Reader& r, const toml::node& n, const std::string& k) {
  std::string l = r.str(n, k);
  const auto colon = l.rfind(':');
  const std::string port = colon == std::string::npos ? "" : l.substr(colon + 1);
  const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || colon == 0 || std::stoi(port) < 1 || std::stoi(port) > 65535)
    r.fail(n, k, "must look like \"0.0.0.0:8080\" (a port from 1 to 65535)");
  return l;
}

Keys followup_keys(Config& c, const Reader& r) {
  return {
      {"base_url", [&](auto& n, auto& k) { c.followup.base_url = web_url(r, n, k); }},
      {"listen", [&](auto& n, auto& k) { c.followup.listen = listen_address(r, n, k); }},
      {"requests_per_minute", [&](auto& n, auto& k) { c.followup.requests_per_minute = r.integer(n, k, 1, 100000); }},
  };
}

Keys printer_keys(Config& c, const Reader& r) {
  return {
      {"kind", [&](auto& n, auto& k) {
         const std::string v = r.one_of(n, k, {"none", "escpos", "cups", "png"});
         c.printer.kind = v == "escpos" ? PrinterKind::EscPos
                          : v == "cups" ? PrinterKind::Cups
                          : v == "png"  ? PrinterKind::Png
                                        : PrinterKind::None;
       }},
      {"target", [&](auto& n, auto& k) { c.printer.target = r.str(n, k); }},
      {"paper_mm", [&](auto& n, auto& k) {
         c.printer.paper_mm = r.integer(n, k, 58, 80);
         if (c.printer.paper_mm != 58 && c.printer.paper_mm != 80) r.fail(n, k, "must be 58 or 80");
       }},
      {"timeout_seconds", [&](auto& n, auto& k) { c.printer.timeout_seconds = r.integer(n, k, 1, 30); }},
  };
}

Keys privacy_keys(Config& c, const Reader& r) {
  return {
      {"retention_days", [&](auto& n, auto& k) { c.privacy.retention_days = r.integer(n, k, 1, 3650); }},
  };
}

Keys notify_keys(Config& c, const Reader& r) {
  return {
      {"smtp_url", [&](auto& n, auto& k) {
         c.notify.smtp_url = r.str(n, k);
         const auto& u = c.notify.smtp_url;
         const auto host = u.find("://") + 3;  // a scheme without a host is no mail server
         if (!u.empty() && ((u.rfind("smtp://", 0) != 0 && u.rfind("smtps://", 0) != 0) || host >= u.size()))
           r.fail(n, k, "must look like \"smtp://mail.example.nl:587\" or \"smtps://mail.example.nl:465\"");
       }},
      {"smtp_user", [&](auto& n, auto& k) { c.notify.smtp_user = r.str(n, k); }},
      {"smtp_password_file", [&](auto& n, auto& k) { c.notify.smtp_password_file = r.path(n, k); }},
      {"from", [&](auto& n, auto& k) {
         c.notify.from = r.str(n, k);
         if (!plausible_email(c.notify.from)) r.fail(n, k, "must be an e-mail address like kiosk@example.nl");
       }},
      {"escalate_after_hours", [&](auto& n, auto& k) { c.notify.escalate_after_hours = r.integer(n, k, 1, 24 * 14); }},
      {"ca_file", [&](auto& n, auto& k) { c.notify.ca_file = r.path(n, k); }},
  };
}

Keys backoffice_keys(Config& c, const Reader& r) {
  return {
      {"listen", [&](auto& n, auto& k) { c.backoffice.listen = listen_address(r, n, k); }},
      {"base_url", [&](auto& n, auto& k) { c.backoffice.base_url = web_url(r, n, k); }},
      {"session_idle_minutes", [&](auto& n, auto& k) { c.backoffice.session_idle_minutes = r.integer(n, k, 1, 24 * 60); }},
  };
}

std::vector<std::string> string_list(const Reader& r, const toml::node& n, const std::string& key) {
  if (!n.is_array()) r.fail(n, key, "must be a list like [\"a\", \"b\"]");
  std::vector<std::string> out;
  for (const toml::node& item : *n.as_array()) out.push_back(r.str(item, key));
  return out;
}

// One [[team]] table: name, kinds, email.
Config::Team read_team(const toml::table& t, const Reader& r) {
  std::string known;
  for (const auto& kind : help_kinds()) known += (known.empty() ? "" : ", ") + kind;
  Config::Team team;
  for (auto&& [key, node] : t) {
    const std::string k = "team." + std::string(key.str());
    if (key == "name") {
      team.name = r.str(node, k);
      if (!is_valid_utf8(team.name) || has_control_character(team.name)) r.fail(node, k, "must be plain text");
      if (team.name.empty() || utf8_length(team.name) > 60) r.fail(node, k, "must be 1 to 60 characters");
    } else if (key == "kinds") {
      team.kinds = string_list(r, node, k);
      for (const auto& kind : team.kinds)
        if (kind != "*" && std::find(help_kinds().begin(), help_kinds().end(), kind) == help_kinds().end())
          r.fail(node, k, "\"" + kind + "\" is not a kind of help (" + known + ", or \"*\")");
    } else if (key == "email") {
      team.email = string_list(r, node, k);
      for (const auto& e : team.email)
        if (!plausible_email(e)) r.fail(node, k, "\"" + e + "\" is not an e-mail address");
    } else {
      r.fail(node, k, "unknown key");
    }
  }
  if (team.name.empty()) r.fail(t, "team.name", "is needed in every [[team]]");
  return team;
}

// [[team]] tables: unique names, each kind with one team, exactly one team for "*" (the rest).
void read_teams(const toml::node& n, Config& c, const Reader& r) {
  if (!n.is_array_of_tables()) r.fail(n, "team", "must be tables written as [[team]]");
  std::map<std::string, std::string> kind_owner;
  for (const toml::node& item : *n.as_array()) {
    const toml::table& t = *item.as_table();
    Config::Team team = read_team(t, r);
    // The line of the key that clashes, not of the [[team]] header.
    const auto at = [&](const char* key) -> const toml::node& { return *t.get(key); };
    for (const auto& other : c.teams)
      if (other.name == team.name) r.fail(at("name"), "team.name", "\"" + team.name + "\" is used by two teams");
    for (const auto& kind : team.kinds)
      if (auto [it, fresh] = kind_owner.emplace(kind, team.name); !fresh)
        r.fail(at("kinds"), "team.kinds", "\"" + kind + "\" is already sent to team \"" + it->second + "\"");
    c.teams.push_back(std::move(team));
  }
  if (!c.teams.empty() && !kind_owner.count("*"))
    r.fail(n, "team.kinds", "one team must have kinds = [\"*\"] for the kinds no team names");
}

// Every section and key of the file through its handler; an unknown one is an error.
void apply(const toml::table& root, const std::map<std::string, Keys>& sections, Config& c, const Reader& r) {
  for (auto&& [sec_key, sec_node] : root) {
    const std::string sec(sec_key.str());
    if (sec == "team") {
      read_teams(sec_node, c, r);
      continue;
    }
    auto s = sections.find(sec);
    if (s == sections.end()) r.fail(sec_node, sec, "unknown section");
    if (!sec_node.is_table()) r.fail(sec_node, sec, "must be a section like [" + sec + "]");
    for (auto&& [key, node] : *sec_node.as_table()) {
      const std::string k(key.str());
      auto h = s->second.find(k);
      if (h == s->second.end()) r.fail(node, sec + "." + k, "unknown key");
      h->second(node, sec + "." + k);
    }
  }
}

}  // namespace

Config parse_config(std::string_view text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(name + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  Config c;
  Reader r{name, std::filesystem::path(name).parent_path()};
  const std::map<std::string, Keys> sections = {
      {"centre", centre_keys(c, r)},     {"storage", storage_keys(c, r)},
      {"display", display_keys(c, r)},   {"kiosk", kiosk_keys(c, r)},
      {"agenda", agenda_keys(c, r)},     {"followup", followup_keys(c, r)},
      {"printer", printer_keys(c, r)},   {"privacy", privacy_keys(c, r)},
      {"notify", notify_keys(c, r)},     {"backoffice", backoffice_keys(c, r)},
  };
  apply(root, sections, c, r);
  if (c.storage.engine == "postgresql" && c.storage.connection.empty()) {
    auto engine = root["storage"]["engine"].node();
    r.fail(*engine, "storage.connection", "is needed when storage.engine is \"postgresql\"");
  }
  if (c.printer.kind != PrinterKind::None && c.printer.target.empty()) {
    auto kind = root["printer"]["kind"].node();
    r.fail(*kind, "printer.target", "is needed when printer.kind is not \"none\"");
  }
  return c;
}

Config load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string() + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  Config c = parse_config(ss.str(), file.string());
  c.source = file;
  return c;
}

std::optional<std::filesystem::path> default_config_path() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("BUURTKIOSK_CONFIG"); env && *env) return fs::path(env);
  if (fs::exists("/etc/buurtkiosk/kiosk.toml")) return fs::path("/etc/buurtkiosk/kiosk.toml");
  fs::path src = fs::path(BUURTKIOSK_SOURCE_DIR) / "kiosk-config" / "kiosk.toml";
  if (fs::exists(src)) return src;
  return std::nullopt;
}

std::filesystem::path user_data_dir() {
  namespace fs = std::filesystem;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "buurtkiosk";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".local/share/buurtkiosk";
  return fs::path("/var/lib/buurtkiosk");
}

std::filesystem::path Config::database_path() const {
  return storage.database.empty() ? user_data_dir() / "kiosk.db" : storage.database;
}

const Config::Team* Config::team_for(const std::string& help_kind) const {
  const Team* rest = nullptr;
  for (const auto& t : teams) {
    for (const auto& k : t.kinds) {
      if (k == help_kind) return &t;
      if (k == "*") rest = &t;
    }
  }
  return rest;
}

const Config::Team* Config::team_named(const std::string& name) const {
  for (const auto& t : teams)
    if (t.name == name) return &t;
  return nullptr;
}

std::filesystem::path Config::backup_path() const {
  return storage.backup_dir.empty() ? database_path().parent_path() / "backups" : storage.backup_dir;
}

}  // namespace bk
