#pragma once
// The kiosk's start-up check in one call, before it opens (and migrates) the database:
//
//   const StartupCheck sc = recover_database(opts.kiosk);
//   if (sc.state == StartupCheck::State::Failed) { std::cerr << "buurtkiosk: " << sc.problem << "\n"; return 1; }
//   kiosk = open_kiosk(opts.kiosk);   // migrates after the restore
//
// It reads the same config and --db/--now as open_kiosk(), and runs open_or_recover()
// (store/backup.hpp): a damaged database, or an empty one while backups exist, is replaced by the
// newest good backup, the old file kept aside, and alert.restored set for volunteer mode.
#include <filesystem>

#include "config/config.hpp"
#include "services/kiosk.hpp"
#include "store/backup.hpp"

namespace bk {

// The backup folder for a database: storage.backup_dir when configured, else "backups" next to
// the database (so a --db elsewhere keeps its backups with it).
std::filesystem::path backup_dir_for(const Config& cfg, const std::filesystem::path& db_file);

StartupCheck recover_database(const KioskOptions& opts);

}  // namespace bk
