// check, backup, restore, purge, and the feed side of `import --url`: keeping the database healthy
// and the personal data in it no longer than needed.
#include <iostream>

#include "domain/roles.hpp"
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "store/audit.hpp"
#include "services/feed.hpp"
#include "services/recovery.hpp"
#include "services/retention.hpp"
#include "store/backup.hpp"

namespace bk::cli {
namespace {
namespace fs = std::filesystem;

// The config and the files it names, without opening the database: check and restore must work
// on a file that SQLite cannot open, and must not create or migrate one.
struct Paths {
  Config config;
  fs::path db;
  fs::path backups;
};

Paths resolve_paths(const Context& ctx) {
  Paths p;
  if (!ctx.options.config_file.empty()) {
    p.config = load_config(ctx.options.config_file);
  } else if (auto f = default_config_path()) {
    p.config = load_config(*f);
  }
  p.db = ctx.options.db_file.empty() ? p.config.database_path() : fs::path(ctx.options.db_file);
  p.backups = backup_dir_for(p.config, p.db);
  return p;
}

UtcSeconds now_for(const Context& ctx, const Config& cfg) {
  if (ctx.options.now.empty()) return SystemClock().now();
  return parse_now_option(ctx.options.now, TimeZone::load(cfg.centre.timezone));
}

std::string kb(std::uintmax_t bytes) { return std::to_string((bytes + 1023) / 1024) + " kB"; }

// check: a read-only look; never creates, migrates or repairs.
int run_check(const Context& ctx) {
  const Paths p = resolve_paths(ctx);
  const IntegrityReport r = check_integrity(p.db);
  switch (r.health) {
    case DbHealth::Good:
      std::cout << "ok: " << p.db.string() << " (schema " << r.schema_version << ")\n";
      return 0;
    case DbHealth::Empty:
      throw Refused("database " + p.db.string() + " is empty: " + r.problem);
    case DbHealth::Unreadable:
      throw Refused("database " + p.db.string() + " cannot be read: " + r.problem);
    case DbHealth::Damaged:
      break;
  }
  throw Refused("database " + p.db.string() + " is damaged: " + r.problem);
}

void add_check(CLI::App& app, Context& ctx, Action& action) {
  auto* check = app.add_subcommand("check", "integrity check of the database (exit 1 when damaged)");
  check->callback([&ctx, &action] {
    action = [&ctx] { return run_check(ctx); };
  });
}

// backup [DIR]
int run_backup(Context& ctx, const std::string& backup_dir) {
  const Paths p = resolve_paths(ctx);
  if (!fs::exists(p.db)) throw Refused("no database at " + p.db.string());
  Kiosk& k = ctx.kiosk();
  const bool configured = backup_dir.empty();
  const fs::path dir = configured ? p.backups : fs::path(backup_dir);
  // Rotation only in the kiosk's own folder: a folder someone names may hold other things.
  const int keep = configured ? k.config.storage.backups_keep : 1'000'000;
  BackupInfo info;
  try {
    info = make_backup(k.store, dir, k.clock->now(), keep);
  } catch (const BackupError& e) {
    throw Refused(e.what());
  }
  WriteScope tx(k.store);
  record_backup(k.store, info, k.zone);
  // A copy elsewhere holds the same names: purge must find it again (retention.hpp).
  if (!configured) record_backup_copy(k.store, info.file);
  tx.commit();
  std::cout << "backup: " << info.file.string() << " (" << kb(info.bytes) << ")\n";
  return 0;
}

void add_backup(CLI::App& app, Context& ctx, Action& action) {
  auto backup_dir = std::make_shared<std::string>();
  auto* backup = app.add_subcommand("backup", "online backup of the database (default: the configured backup folder)");
  backup->add_option("dir", *backup_dir, "folder for the backup (no rotation there)");
  backup->callback([&ctx, &action, backup_dir] {
    action = [&ctx, backup_dir] { return run_backup(ctx, *backup_dir); };
  });
}

// restore FILE | restore --latest
struct RestoreOptions {
  std::string file;
  bool latest = false;
  bool force = false;
};

int run_restore(Context& ctx, const RestoreOptions& ro) {
  if (ro.file.empty() && !ro.latest) throw BadInput("restore needs a FILE or --latest");
  const Paths p = resolve_paths(ctx);
  // A kiosk or web server that keeps the old file open would go on writing into it.
  if (!ro.force && database_in_use_elsewhere(p.db))
    throw Refused("database " + p.db.string() +
                  " is open in another process; stop it first (systemctl stop buurtkiosk "
                  "buurtkiosk-web) or use --force");
  const UtcSeconds now = now_for(ctx, p.config);
  RestoreResult r;
  try {
    r = ro.latest ? restore_latest(p.backups, p.db, now) : restore(ro.file, p.db, now);
  } catch (const BackupError& e) {
    throw Refused(e.what());
  }
  Kiosk& k = ctx.kiosk();  // migrates the restored file if it came from an older version
  WriteScope tx(k.store);
  write_audit(k.store, now, AuditRole::Cli, "database.restore", r.restored_from.filename().string());
  tx.commit();
  std::cout << "restored " << p.db.string() << " from " << r.restored_from.string() << "\n";
  if (r.kept_aside)
    std::cout << "the previous file (" << (r.replaced_was_damaged ? "damaged" : "sound")
              << ") is kept as " << r.kept_aside->string() << "\n";
  return 0;
}

void add_restore(CLI::App& app, Context& ctx, Action& action) {
  auto ro = std::make_shared<RestoreOptions>();
  auto* restore_cmd = app.add_subcommand("restore", "replace the database by a backup (the current file is kept aside)");
  auto* file_opt = restore_cmd->add_option("file", ro->file, "the backup file");
  auto* latest_opt = restore_cmd->add_flag("--latest", ro->latest, "the newest backup that passes the check");
  file_opt->excludes(latest_opt);
  restore_cmd->add_flag("--force", ro->force, "restore even while another process has the database open");
  restore_cmd->callback([&ctx, &action, ro] {
    action = [&ctx, ro] { return run_restore(ctx, *ro); };
  });
}

// purge [--dry-run]
void print_purge_counts(const char* verb, const PurgeCounts& c) {
  std::cout << verb << ": registrations " << c.registrations << ", help requests "
            << c.help_requests << " closed + " << c.help_requests_stale
            << " stale open, audit names " << c.audit_actors << ", old backups and set-aside files "
            << c.old_files << ", printed files " << c.printed_files;
  if (c.copies_cleared > 0) std::cout << ", cleared in " << c.copies_cleared << " backup copies";
  if (c.copies_unreachable > 0)
    std::cout << "; " << c.copies_unreachable << " recorded backup copies not found (a disk taken away?); purge clears them once they are back";
  std::cout << "\n";
}

int run_purge(Context& ctx, bool dry_run) {
  Kiosk& k = ctx.kiosk();
  RetentionService retention(k.store, *k.clock, k.config.privacy.retention_days, backup_dir_for(k.config, k.store.path()));
  if (k.config.printer.kind == PrinterKind::Png) retention.also_printed_in(k.config.printer.target);
  if (dry_run) {
    print_purge_counts("would clear", retention.due());
    return 0;
  }
  const PurgeResult r = retention.purge(to_string(AuditRole::Cli));
  print_purge_counts("cleared", r.counts);
  if (!r.wal_truncated)
    throw Refused("the write-ahead log could not be truncated (another process kept reading); run purge again");
  return 0;
}

void add_purge(CLI::App& app, Context& ctx, Action& action) {
  auto dry_run = std::make_shared<bool>(false);
  auto* purge = app.add_subcommand("purge", "remove personal data past the retention period; anonymous counts stay");
  purge->add_flag("--dry-run", *dry_run, "only print what would be removed");
  purge->callback([&ctx, &action, dry_run] {
    action = [&ctx, dry_run] { return run_purge(ctx, *dry_run); };
  });
}

}  // namespace

int run_feed_import(Context& ctx, const std::string& url_option, int timeout_seconds) {
  Kiosk& k = ctx.kiosk();
  const std::string url = url_option.empty() ? k.config.agenda.feed_url : url_option;
  if (url.empty()) throw BadInput("import --url needs a URL, or agenda.feed_url in the config");
  if (timeout_seconds < 1 || timeout_seconds > 600) throw BadInput("--timeout must be between 1 and 600 seconds");
  FeedOptions opts;
  opts.timeout = std::chrono::seconds(timeout_seconds);
  const FeedImportResult r = import_feed(k.agenda, k.store, *k.clock, k.zone, url, opts);
  if (!r.ok) {
    const std::string line = "feed " + redact_url(url) + " not imported (the agenda is kept as it was): " + r.problem;
    if (r.bad_feed) throw BadInput(line);
    throw Refused(line);
  }
  print_import_summary(redact_url(url), r.summary);
  return 0;
}

void add_maintenance_commands(CLI::App& app, Context& ctx, Action& action) {
  add_check(app, ctx, action);
  add_backup(app, ctx, action);
  add_restore(app, ctx, action);
  add_purge(app, ctx, action);
}

}  // namespace bk::cli
