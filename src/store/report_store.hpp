#pragma once
// The rows the funders' report (services/report.hpp) reads: ids, titles, categories, statuses,
// counts and timestamps only — never a name, phone number, description, note or volunteer name.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

struct ReportOccurrenceRow {
  std::string centre;  // PostgreSQL: the row's centre; SQLite (one file, one centre): ""
  std::int64_t occurrence_id = 0;
  std::int64_t activity_id = 0;
  UtcSeconds start = 0;
  std::string status;  // scheduled | cancelled
  std::string title;
  std::string category;
};

// Registrations of one occurrence with one status: how many (parties) and how many people.
struct ReportRegistrationRow {
  std::int64_t occurrence_id = 0;
  std::string status;  // registered | waitlisted | cancelled
  std::int64_t rows = 0;
  std::int64_t people = 0;
};

struct ReportHelpRow {
  std::string centre;  // as above
  std::string category;
  std::string status;  // open | claimed | done | cancelled
  UtcSeconds created = 0;
  std::optional<UtcSeconds> claimed;
  std::optional<UtcSeconds> done;
};

struct ReportRows {
  std::vector<ReportOccurrenceRow> occurrences;
  std::vector<ReportRegistrationRow> registrations;
  std::vector<ReportHelpRow> help;
};

// Dates starting in [begin, end), their registrations, and help requests made in [begin, end),
// read as one consistent snapshot.
ReportRows read_report_rows(Store& store, UtcSeconds begin, UtcSeconds end);

// Every SQL statement read_report_rows runs, so a test can check that none reads a personal column.
const std::vector<std::string_view>& report_store_sql();

}  // namespace bk
