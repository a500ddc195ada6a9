#pragma once
// kiosk.toml, read once at start. Every key is optional with a sensible default; a wrong type, an
// unknown key or a bad value throws ConfigError whose message names file, line and key.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bk {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class PrinterKind { None, EscPos, Cups, Png };

struct Config {
  std::filesystem::path source;  // the file it came from; empty when all defaults

  struct Centre {
    std::string name = "Wijkcentrum";
    std::string phone;
    std::string timezone = "Europe/Amsterdam";
    // Which centre this kiosk or server acts for on a shared PostgreSQL; "*" (a regional server's
    // back office, reports, purge) sees every centre. Letters, digits, '-' and '_'.
    std::string id = "centrum";
  } centre;
  struct Storage {
    std::string engine = "sqlite";  // sqlite | postgresql
    std::string connection;  // postgresql: a libpq connection string (no password in it)
    std::filesystem::path password_file;  // postgresql: the password, readable by the service user only
    std::filesystem::path database;  // sqlite; empty: $XDG_DATA_HOME/buurtkiosk/kiosk.db
    std::filesystem::path backup_dir;  // empty: next to the database, "backups"
    int backups_keep = 48;
  } storage;
  struct Display {
    bool fullscreen = true;
    std::string language = "nl";
    std::string theme = "default";  // default | high-contrast
    bool read_aloud = true;
    std::string read_aloud_folder;  // write WAV files there instead of playing (tests, demos)
    std::string renderer = "software";  // software | accelerated (OpenGL)
  } display;
  struct Kiosk {
    int idle_seconds = 60;
    int idle_countdown_seconds = 15;
    int volunteer_logout_seconds = 120;
    int agenda_days = 14;  // how far ahead the home screen lists
    bool show_figures = false;  // the "Wat we samen deden" card: this month's anonymous totals
    std::string opening_hours;  // e.g. "08:30-22:00"; empty = always open
  } kiosk;
  struct Agenda {
    std::filesystem::path demo_ics;  // imported into an empty database on first start
    std::string feed_url;            // an ICS feed for `import --url` without a URL
    int horizon_days = 183;          // dates materialised ahead for capacity and quick queries
  } agenda;
  struct FollowUp {
    std::string base_url = "http://kiosk.local:8080";
    std::string listen = "0.0.0.0:8080";
    int requests_per_minute = 30;  // per client address, for `serve`
  } followup;
  struct Printer {
    PrinterKind kind = PrinterKind::None;
    std::string target;
    int paper_mm = 80;
    int timeout_seconds = 5;
  } printer;
  struct Privacy {
    int retention_days = 30;
  } privacy;
  // [[team]]: who hears about which kinds of help request. Kinds are help_categories() keys, or
  // "*" for every kind no other team names (exactly one team has it when any team is given).
  struct Team {
    std::string name;
    std::vector<std::string> kinds;
    std::vector<std::string> email;
  };
  std::vector<Team> teams;
  struct Notify {
    std::string smtp_url;            // smtp://host:port (STARTTLS required) or smtps://host:port; empty: no mail
    std::string smtp_user;
    std::filesystem::path smtp_password_file;  // readable by the service user only
    std::string from = "buurtkiosk@localhost";
    int escalate_after_hours = 4;    // unclaimed this long: staff accounts with an e-mail are told
    std::filesystem::path ca_file;   // extra CA for a mail server with a private certificate
  } notify;
  struct Backoffice {
    std::string listen = "127.0.0.1:8081";
    std::string base_url = "http://127.0.0.1:8081";  // links in mails: base_url + /beheer/...
    int session_idle_minutes = 30;
  } backoffice;

  // The database path with defaults applied.
  std::filesystem::path database_path() const;
  std::filesystem::path backup_path() const;
  // The team a help request of this kind goes to; nullptr when no teams are configured.
  const Team* team_for(const std::string& help_kind) const;
  const Team* team_named(const std::string& name) const;
};

// Loads and validates a file. Relative paths inside it are taken relative to the file's folder.
Config load_config(const std::filesystem::path& file);
// Loads from a string (tests, fuzzing); `name` is used in messages.
Config parse_config(std::string_view text, const std::string& name);

// The config file to use when none is given: $BUURTKIOSK_CONFIG, /etc/buurtkiosk/kiosk.toml,
// else kiosk-config/kiosk.toml from the source tree; nullopt = all defaults.
std::optional<std::filesystem::path> default_config_path();

// The user's data folder for Buurtkiosk ($XDG_DATA_HOME/buurtkiosk or ~/.local/share/buurtkiosk).
std::filesystem::path user_data_dir();

}  // namespace bk
