#pragma once
// Everything a face needs, built once by main() and passed down explicitly (no globals).
#include <memory>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "services/agenda_service.hpp"
#include "services/help_service.hpp"
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

  // Opens the configured (or given) database, migrates it, and builds the services.
  Kiosk(Config cfg, std::unique_ptr<Clock> clk, const StoreLocation& where);
};

// Reads --config (or the default) and applies --db/--now. Throws ConfigError / std::runtime_error
// with one line for the person who typed the command.
struct KioskOptions {
  std::string config_file;  // empty: default_config_path()
  std::string db_file;      // empty: from the config
  std::string now;          // empty: the system clock
  bool frozen_clock = false;  // tests: --now stands still instead of ticking on
};
std::unique_ptr<Kiosk> open_kiosk(const KioskOptions& opts);
// Only the config open_kiosk() would use (--config, else the default file, else the defaults).
Config load_kiosk_config(const KioskOptions& opts);
// Where the config keeps the data: its SQLite file (or `db_file` when given, e.g. --db), or its
// PostgreSQL server for the config's centre.
StoreLocation store_location(const Config& cfg, const std::string& db_file = "");

}  // namespace bk
