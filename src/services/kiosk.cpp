#include "services/kiosk.hpp"

#include "domain/log.hpp"

namespace bk {

Kiosk::Kiosk(Config cfg, std::unique_ptr<Clock> clk, const StoreLocation& where, bool survive_outage)
    : config(std::move(cfg)),
      zone(TimeZone::load(config.centre.timezone)),
      clock(std::move(clk)),
      store(where),
      agenda(store, zone, *clock, config.agenda.horizon_days),
      registrations(store, *clock, config.followup.base_url),
      help(store, *clock, config.followup.base_url),
      connection(store),
      agenda_copy(agenda, connection, zone),
      offline_help(help, connection, *clock) {
  connect_services(store, *clock, agenda, registrations);
  help.route_with(config, zone);  // teams and the outbox mail (#19)
  // In this order after every outage: the schema first (a kiosk that started without its server),
  // then what residents asked meanwhile, then the reserve for the next outage.
  connection.on_reconnect([this] {
    if (!migrated_) store.migrate(), migrated_ = true;
  });
  connection.on_reconnect([this] {
    if (const int n = offline_help.send_pending()) log::info("kiosk", std::to_string(n) + " kept help requests sent");
  });
  connection.on_reconnect([this] { offline_help.top_up_reserve(); });
  if (survive_outage) {
    unless_unavailable(connection, [this] { store.migrate(); });
  } else {
    store.migrate();  // a command: the server out of reach is its one-line error
  }
  migrated_ = !connection.outage();
}

void Kiosk::keep_local_state(const std::filesystem::path& file) {
  auto local = std::make_shared<LocalStore>(file);
  agenda_copy.keep_in(local);
  offline_help.keep_in(local);
  if (!connection.outage()) connection.reconnect_now();
}

std::filesystem::path Kiosk::local_state_file() const {
  const std::filesystem::path db = store.is_sqlite() ? store.path() : config.database_path();
  return db.parent_path() / "kiosk-local.db";
}

void connect_services(Store& store, const Clock& clock, AgendaService& agenda, RegistrationService& registrations) {
  registrations.set_agenda_lookup([&agenda](OccurrenceId id) { return agenda.item(id); });
  agenda.on_capacity_changed([&store, &clock](OccurrenceId id) { promote_waiting(store, id, clock.now()); });
}

Config load_kiosk_config(const KioskOptions& opts) {
  if (!opts.config_file.empty()) return load_config(opts.config_file);
  if (auto p = default_config_path()) return load_config(*p);
  return Config{};
}

std::unique_ptr<Kiosk> open_kiosk(const KioskOptions& opts) {
  Config cfg = load_kiosk_config(opts);
  const TimeZone zone = TimeZone::load(cfg.centre.timezone);
  std::unique_ptr<Clock> clock;
  if (opts.now.empty()) {
    clock = std::make_unique<SystemClock>();
  } else {
    clock = std::make_unique<FixedStartClock>(parse_now_option(opts.now, zone), opts.frozen_clock);
  }
  const StoreLocation where = store_location(cfg, opts.db_file);
  return std::make_unique<Kiosk>(std::move(cfg), std::move(clock), where, opts.survive_outage);
}

StoreLocation store_location(const Config& cfg, const std::string& db_file) {
  if (!db_file.empty()) return StoreLocation(std::filesystem::path(db_file));  // --db: always a file
  if (cfg.storage.engine == "postgresql")
    return StoreLocation::postgresql(cfg.storage.connection, cfg.storage.password_file, cfg.centre.id);
  return StoreLocation(cfg.database_path());
}

}  // namespace bk
