// import, agenda, activity add/edit/cancel: keeping the agenda.
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "domain/json.hpp"
#include "services/ics_export.hpp"

namespace bk::cli {
namespace {

LocalDate date_option(const std::string& value, const char* option) {
  auto d = parse_date(value);
  if (!d) throw BadInput(std::string(option) + " \"" + value + "\" is not a date like 2027-03-02");
  return *d;
}

LocalDateTime time_option(const std::string& value, const char* option) {
  auto t = parse_local_datetime(value);
  if (!t) throw BadInput(std::string(option) + " \"" + value + "\" is not a local time like 2027-03-02T10:00");
  return *t;
}

std::int64_t id_option(const std::string& value, const char* what) {
  if (value.empty() || value.size() > 15 || value.find_first_not_of("0123456789") != std::string::npos)
    throw BadInput(std::string(what) + " \"" + value + "\" is not a number");
  return std::stoll(value);
}

std::string agenda_json(const AgendaItem& i, const ItemOrigin& origin, const TimeZone& zone) {
  json::Object o;
  o.add("occurrence_id", i.occurrence_id).add("activity_id", i.activity_id).add("title", i.title)
      .add("location", i.location).add("category", i.category);
  if (i.all_day) {
    o.add("start", format_date(zone.local_date(i.start)));
    // The end of an all-day item is exclusive midnight; people (and calendars) name the last day.
    o.add("end", format_date(zone.local_date(i.end > i.start ? i.end - 1 : i.start)));
  } else {
    o.add("start", zone.iso_with_offset(i.start)).add("end", zone.iso_with_offset(i.end));
  }
  o.add("all_day", i.all_day).add("capacity", i.capacity).add("registered", i.registered)
      .add("waitlisted", i.waitlisted).add("status", to_string(i.status));
  // Where it comes from, and what was set here rather than by the file (kept on re-import).
  std::string fields;
  for (const std::string& f : origin.local_fields) fields += (fields.empty() ? "" : ", ") + json::escape(f);
  o.add("source", origin.source).add_raw("local_fields", "[" + fields + "]");
  return o.str();
}

void print_table(const std::vector<AgendaItem>& items, const TimeZone& zone) {
  if (items.empty()) {
    std::cout << "(no activities in this period)\n";
    return;
  }
  for (const AgendaItem& i : items) {
    const LocalDateTime s = zone.to_local(i.start), e = zone.to_local(i.end);
    std::cout << std::setw(6) << i.occurrence_id << "  " << format_date(s.date) << "  "
              << (i.all_day ? std::string("hele dag   ") : format_hhmm(s) + "-" + format_hhmm(e) + " ")
              << " " << i.title;
    if (!i.location.empty()) std::cout << " · " << i.location;
    if (i.capacity) {
      std::cout << " · " << i.registered << "/" << *i.capacity;
    } else {
      std::cout << " · " << i.registered << " (vrije inloop)";
    }
    if (i.waitlisted) std::cout << " +" << i.waitlisted << " wachtlijst";
    if (i.status == OccurrenceStatus::Cancelled) std::cout << " · GAAT NIET DOOR";
    std::cout << "\n";
  }
}

struct ActivityOptions {
  std::string title, start, end, location, category, description, weekly_until, capacity;
  bool unlimited = false;
};

std::optional<int> capacity_option(const std::string& v) {
  return static_cast<int>(id_option(v, "--capacity"));
}

// import FILE.ics | FILE.csv (import --url [URL] is an ICS feed: cmd_maintenance.cpp)
int run_file_import(Context& ctx, const std::string& import_file) {
  if (import_file.empty()) throw BadInput("import needs a FILE.ics, FILE.csv or --url URL");
  const std::filesystem::path file(import_file);
  std::string ext = file.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Kiosk& k = ctx.kiosk();
  ImportSummary s;
  if (ext == ".ics" || ext == ".ical" || ext == ".ifb") {
    s = k.agenda.import_ics_file(file);
  } else if (ext == ".csv") {
    s = k.agenda.import_csv_file(file);
  } else {
    throw BadInput(file.string() + ": not an .ics or .csv file");
  }
  print_import_summary(file.filename().string(), s);
  return 0;
}

void add_import(CLI::App& app, Context& ctx, Action& action) {
  // import FILE.ics | FILE.csv | import --url [URL] (an ICS feed; cmd_maintenance.cpp)
  auto import_file = std::make_shared<std::string>();
  auto import_url = std::make_shared<std::string>();
  auto import_timeout = std::make_shared<int>(30);
  auto* import = app.add_subcommand("import", "import an agenda from an .ics or .csv file, or an ICS feed");
  auto* file_opt = import->add_option("file", *import_file, "FILE.ics or FILE.csv");
  auto* url_opt = import->add_option("--url", *import_url, "an ICS feed URL (http or https); without a value: agenda.feed_url")
                      ->expected(0, 1);
  import->add_option("--timeout", *import_timeout, "seconds to wait for the feed (default 30)");
  file_opt->excludes(url_opt);
  import->callback([&ctx, &action, import_file, import_url, import_timeout, url_opt] {
    const bool from_url = url_opt->count() > 0;
    action = [&ctx, import_file, import_url, import_timeout, from_url] {
      if (from_url) return run_feed_import(ctx, *import_url, *import_timeout);
      return run_file_import(ctx, *import_file);
    };
  });
}

// agenda --from DATE --to DATE [--json]
struct AgendaOptions {
  std::string from, to;
  bool json = false;
  bool ics = false;
};

int run_agenda(Context& ctx, const AgendaOptions& ao) {
  Kiosk& k = ctx.kiosk();
  const LocalDate from = ao.from.empty() ? k.zone.local_date(k.clock->now()) : date_option(ao.from, "--from");
  const LocalDate to = ao.to.empty() ? add_days(from, 6) : date_option(ao.to, "--to");
  if (to < from) throw BadInput("--to lies before --from");
  const auto items = k.agenda.between(from, add_days(to, 1));
  if (ao.ics) {
    IcsExport how;
    how.calendar_name = k.config.centre.name;
    how.centre = k.config.centre.name;
    how.uid_domain = ics_uid_domain(k.config.followup.base_url);
    how.stamp = k.clock->now();
    std::cout << write_ics(items, how, k.zone);
  } else if (ao.json) {
    std::vector<std::string> rows;
    rows.reserve(items.size());
    const std::vector<ItemOrigin> origins = k.agenda.origins(items);
    for (std::size_t n = 0; n < items.size(); ++n) rows.push_back(agenda_json(items[n], origins[n], k.zone));
    std::cout << json::array(rows) << "\n";
  } else {
    print_table(items, k.zone);
  }
  return 0;
}

void add_agenda_list(CLI::App& app, Context& ctx, Action& action) {
  auto ao = std::make_shared<AgendaOptions>();
  auto* agenda = app.add_subcommand("agenda", "list the activities between two dates (both included)");
  agenda->add_option("--from", ao->from, "first date, YYYY-MM-DD (default: today)");
  agenda->add_option("--to", ao->to, "last date, YYYY-MM-DD (default: a week after --from)");
  auto* json_flag = agenda->add_flag("--json", ao->json, "print JSON (see CLI.md)");
  agenda->add_flag("--ics", ao->ics, "print the public agenda as iCalendar (no personal data)")->excludes(json_flag);
  agenda->callback([&ctx, &action, ao] {
    action = [&ctx, ao] { return run_agenda(ctx, *ao); };
  });
}

int run_activity_add(Context& ctx, const ActivityOptions& add) {
  NewActivity a;
  a.title = add.title;
  a.start = time_option(add.start, "--start");
  a.end = time_option(add.end, "--end");
  a.location = add.location;
  a.category = add.category;
  a.description = add.description;
  if (!add.capacity.empty()) a.capacity = capacity_option(add.capacity);
  if (!add.weekly_until.empty()) a.weekly_until = date_option(add.weekly_until, "--weekly-until");
  Kiosk& k = ctx.kiosk();
  std::cout << k.agenda.add_activity(a, "cli") << "\n";
  return 0;
}

void add_activity_add(CLI::App& activity, Context& ctx, Action& action) {
  auto add = std::make_shared<ActivityOptions>();
  auto* add_cmd = activity.add_subcommand("add", "a new activity (times local, e.g. 2027-03-02T10:00)");
  add_cmd->add_option("--title", add->title)->required();
  add_cmd->add_option("--start", add->start)->required();
  add_cmd->add_option("--end", add->end)->required();
  add_cmd->add_option("--location", add->location);
  add_cmd->add_option("--category", add->category);
  add_cmd->add_option("--capacity", add->capacity, "people; leave out for free entry");
  add_cmd->add_option("--weekly-until", add->weekly_until, "repeat weekly up to this date");
  add_cmd->add_option("--description", add->description);
  add_cmd->callback([&ctx, &action, add] {
    action = [&ctx, add] { return run_activity_add(ctx, *add); };
  });
}

void add_activity_edit(CLI::App& activity, Context& ctx, Action& action) {
  auto edit = std::make_shared<ActivityOptions>();
  auto edit_id = std::make_shared<std::string>();
  auto* edit_cmd = activity.add_subcommand("edit", "change an activity (every date of it)");
  edit_cmd->add_option("id", *edit_id, "activity id")->required();
  edit_cmd->add_option("--title", edit->title);
  edit_cmd->add_option("--location", edit->location);
  edit_cmd->add_option("--category", edit->category);
  edit_cmd->add_option("--description", edit->description);
  auto* cap = edit_cmd->add_option("--capacity", edit->capacity, "people");
  auto* unl = edit_cmd->add_flag("--unlimited", edit->unlimited, "free entry, no limit");
  cap->excludes(unl);
  edit_cmd->callback([&ctx, &action, edit, edit_id, edit_cmd] {
    action = [&ctx, edit, edit_id, edit_cmd] {
      ActivityEdit e;
      if (edit_cmd->count("--title")) e.title = edit->title;
      if (edit_cmd->count("--location")) e.location = edit->location;
      if (edit_cmd->count("--category")) e.category = edit->category;
      if (edit_cmd->count("--description")) e.description = edit->description;
      if (edit_cmd->count("--capacity")) e.capacity = capacity_option(edit->capacity);
      if (edit->unlimited) e.capacity = std::optional<int>();
      const auto id = id_option(*edit_id, "activity");
      if (!ctx.kiosk().agenda.edit_activity(id, e, "cli"))
        throw Refused("no activity " + std::to_string(id));
      std::cout << "activity " << id << " changed\n";
      return 0;
    };
  });
}

void add_activity_edit_date(CLI::App& activity, Context& ctx, Action& action) {
  auto date_edit = std::make_shared<ActivityOptions>();
  auto date_id = std::make_shared<std::string>();
  auto* date_cmd = activity.add_subcommand("edit-date", "change one date only (an occurrence); its registrations stay");
  date_cmd->add_option("occurrence", *date_id, "occurrence id (see `agenda`)")->required();
  date_cmd->add_option("--start", date_edit->start, "new local start; the end moves along");
  date_cmd->add_option("--end", date_edit->end, "new local end");
  date_cmd->add_option("--title", date_edit->title);
  date_cmd->add_option("--location", date_edit->location);
  date_cmd->callback([&ctx, &action, date_edit, date_id, date_cmd] {
    action = [&ctx, date_edit, date_id, date_cmd] {
      OccurrenceEdit e;
      if (date_cmd->count("--start")) e.start = time_option(date_edit->start, "--start");
      if (date_cmd->count("--end")) e.end = time_option(date_edit->end, "--end");
      if (date_cmd->count("--title")) e.title = date_edit->title;
      if (date_cmd->count("--location")) e.location = date_edit->location;
      const auto id = id_option(*date_id, "occurrence");
      if (!ctx.kiosk().agenda.edit_occurrence(id, e, "cli")) throw Refused("no occurrence " + std::to_string(id));
      std::cout << "occurrence " << id << " changed\n";
      return 0;
    };
  });
}

void add_activity_delete(CLI::App& activity, Context& ctx, Action& action) {
  auto delete_id = std::make_shared<std::string>();
  auto* delete_cmd = activity.add_subcommand(
      "delete", "delete an activity with all its dates; dates with registrations stay, cancelled");
  delete_cmd->add_option("id", *delete_id, "activity id")->required();
  delete_cmd->callback([&ctx, &action, delete_id] {
    action = [&ctx, delete_id] {
      const auto id = id_option(*delete_id, "activity");
      const auto d = ctx.kiosk().agenda.delete_activity(id, "cli");
      if (!d) throw Refused("no activity " + std::to_string(id));
      std::cout << "activity " << id << " deleted: " << d->dates_deleted << " dates removed, " << d->dates_cancelled
                << " dates with " << d->registrations_kept << " registrations kept as cancelled\n";
      return 0;
    };
  });
}

void add_activity_cancel(CLI::App& activity, Context& ctx, Action& action) {
  auto cancel_id = std::make_shared<std::string>();
  auto* cancel_cmd = activity.add_subcommand("cancel", "cancel one date (an occurrence)");
  cancel_cmd->add_option("occurrence", *cancel_id, "occurrence id (see `agenda`)")->required();
  cancel_cmd->callback([&ctx, &action, cancel_id] {
    action = [&ctx, cancel_id] {
      const auto id = id_option(*cancel_id, "occurrence");
      if (!ctx.kiosk().agenda.cancel_occurrence(id, "cli"))
        throw Refused("no occurrence " + std::to_string(id));
      std::cout << "occurrence " << id << " cancelled\n";
      return 0;
    };
  });
}

}  // namespace

void print_import_summary(const std::string& name, const ImportSummary& s) {
  std::cout << "imported " << name << ": activities " << s.activities_added << " added, " << s.activities_updated
            << " updated, " << s.activities_unchanged << " unchanged; dates " << s.occurrences_added << " added, "
            << s.occurrences_updated << " updated, " << s.occurrences_removed << " removed, "
            << s.occurrences_cancelled << " cancelled (registrations kept)\n";
  if (s.warnings == 0) return;
  // stderr: a sync timer's journal shows them, and stdout keeps its one summary line.
  for (const std::string& line : s.warning_lines) std::cerr << line << "\n";
  std::cerr << s.warnings << (s.warnings == 1 ? " part" : " parts") << " of " << name << " ignored";
  if (static_cast<int>(s.warning_lines.size()) < s.warnings)
    std::cerr << " (the first " << s.warning_lines.size() << " listed)";
  std::cerr << "\n";
}

void add_agenda_commands(CLI::App& app, Context& ctx, Action& action) {
  add_import(app, ctx, action);
  add_agenda_list(app, ctx, action);
  auto* activity = app.add_subcommand("activity", "add, edit or cancel activities");
  activity->require_subcommand(1);
  add_activity_add(*activity, ctx, action);
  add_activity_edit(*activity, ctx, action);
  add_activity_edit_date(*activity, ctx, action);
  add_activity_delete(*activity, ctx, action);
  add_activity_cancel(*activity, ctx, action);
}

}  // namespace bk::cli
