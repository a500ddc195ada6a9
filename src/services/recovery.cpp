#include "services/recovery.hpp"

namespace bk {

std::filesystem::path backup_dir_for(const Config& cfg, const std::filesystem::path& db_file) {
  if (!cfg.storage.backup_dir.empty()) return cfg.storage.backup_dir;
  return (db_file.has_parent_path() ? db_file.parent_path() : std::filesystem::path(".")) / "backups";
}

StartupCheck recover_database(const KioskOptions& opts) {
  // The same choices as open_kiosk(): --config or the default file, --db over the config.
  const Config cfg = load_kiosk_config(opts);
  // A PostgreSQL server looks after its own files (and its backups are pg_dump's): nothing to check
  // here, and a server out of reach is the kiosk's outage, not a damaged database.
  if (opts.db_file.empty() && cfg.storage.engine == "postgresql") return StartupCheck{};
  const TimeZone zone = TimeZone::load(cfg.centre.timezone);
  const UtcSeconds now = opts.now.empty() ? SystemClock().now() : parse_now_option(opts.now, zone);
  const std::filesystem::path db = opts.db_file.empty() ? cfg.database_path() : std::filesystem::path(opts.db_file);
  return open_or_recover(db, backup_dir_for(cfg, db), now, zone);
}

}  // namespace bk
