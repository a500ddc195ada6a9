#pragma once
// Everything a face needs, built once by main() and passed down explicitly (no globals).
#include <memory>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "services/agenda_copy.hpp"
#include "services/agenda_service.hpp"
#include "services/connection_state.hpp"
#include "services/help_service.hpp"
#include "services/offline_help.hpp"
#include "services/registration_service.hpp"
#include "store/store.hpp"

namespace bk {

// The links between the services, made in one place for every face (kiosk, CLI, web, tests): a
// registration shows its date; a date that gains places moves its waiting list up.
void connect_services(Store& store, const Clock& clock, AgendaService& agenda, RegistrationService& registrations);

struct Kiosk {
  Config config;
  TimeZone zone;
  std::unique_ptr<Clock> clock;
  Store store;
  AgendaService agenda;
  RegistrationService registrations;
  HelpService help;
  // A database server out of reach (#20): the state, the agenda's last good copy, help requests
  // kept here. The kiosk's screens use agenda_copy and offline_help; the CLI and web need not.
  ConnectionState connection;
  AgendaCopy agenda_copy;
  OfflineHelp offline_help;

  // Opens the configured (or given) database, migrates it, and builds the services. A database
  // server out of reach is not an error here: the kiosk starts in outage and migrates on reconnect.
  Kiosk(Config cfg, std::unique_ptr<Clock> clk, const StoreLocation& where, bool survive_outage = false);

  // The kiosk program: its own file for outages (LocalStore), conventionally local_state_file().
  // Starts from the agenda copy found there, then sends what was kept and refills the code reserve
  // when the server answers.
  void keep_local_state(const std::filesystem::path& file);
  // kiosk-local.db in the kiosk's data folder: next to the SQLite file, or where the SQLite file
  // would be when the data is on a server.
  std::filesystem::path local_state_file() const;

 private:
  bool migrated_ = false;
};

// Reads --config (or the default) and applies --db/--now. Throws ConfigError / std::runtime_error
// with one line for the person who typed the command.
struct KioskOptions {
  std::string config_file;  // empty: default_config_path()
  std::string db_file;      // empty: from the config
  std::string now;          // empty: the system clock
  bool frozen_clock = false;  // tests: --now stands still instead of ticking on
  // The kiosk program starts without its database server (the outage screen); a command of
  // buurtkioskctl stops with one line instead.
  bool survive_outage = false;
};
std::unique_ptr<Kiosk> open_kiosk(const KioskOptions& opts);
// Only the config open_kiosk() would use (--config, else the default file, else the defaults).
Config load_kiosk_config(const KioskOptions& opts);
// Where the config keeps the data: its SQLite file (or `db_file` when given, e.g. --db), or its
// PostgreSQL server for the config's centre.
StoreLocation store_location(const Config& cfg, const std::string& db_file = "");

}  // namespace bk
