#include "store/report_store.hpp"

#include "store/engine/database.hpp"

namespace bk {
namespace {

// The only statements the report runs: no name, phone, description, note or claimed_by.
// ?1/?2 = [start of `from`, start of the day after `to`) as UTC instants.
// The first column is the centre: on PostgreSQL the row's own (a regional connection sees every
// centre's rows), on SQLite a constant (the file is one centre's).
constexpr std::string_view kOccurrencesSql =
    "SELECT '', o.id, o.activity_id, o.start_utc, o.status, a.title, a.category "
    "FROM occurrence o JOIN activity a ON a.id = o.activity_id "
    "WHERE o.start_utc >= ?1 AND o.start_utc < ?2";
constexpr std::string_view kOccurrencesPgSql =
    "SELECT o.centre, o.id, o.activity_id, o.start_utc, o.status, a.title, a.category "
    "FROM occurrence o JOIN activity a ON a.id = o.activity_id "
    "WHERE o.start_utc >= ?1 AND o.start_utc < ?2";
constexpr std::string_view kRegistrationsSql =
    "SELECT r.occurrence_id, r.status, count(*), COALESCE(sum(r.people), 0) "
    "FROM registration r JOIN occurrence o ON o.id = r.occurrence_id "
    "WHERE o.start_utc >= ?1 AND o.start_utc < ?2 GROUP BY r.occurrence_id, r.status";
constexpr std::string_view kHelpSql =
    "SELECT '', category, status, created_utc, claimed_utc, done_utc FROM help_request "
    "WHERE created_utc >= ?1 AND created_utc < ?2";
constexpr std::string_view kHelpPgSql =
    "SELECT centre, category, status, created_utc, claimed_utc, done_utc FROM help_request "
    "WHERE created_utc >= ?1 AND created_utc < ?2";

}  // namespace

ReportRows read_report_rows(Store& store, UtcSeconds begin, UtcSeconds end) {
  Database& db = store.engine();
  const bool pg = db.dialect() == Dialect::PostgreSQL;
  ReportRows rows;
  ReadScope snapshot(store);
  auto occ = db.prepare(pg ? kOccurrencesPgSql : kOccurrencesSql);
  occ.bind(1, begin).bind(2, end);
  while (occ.step())
    rows.occurrences.push_back(
        {occ.text(0), occ.int64(1), occ.int64(2), occ.int64(3), occ.text(4), occ.text(5), occ.text(6)});
  auto reg = db.prepare(kRegistrationsSql);
  reg.bind(1, begin).bind(2, end);
  while (reg.step()) rows.registrations.push_back({reg.int64(0), reg.text(1), reg.int64(2), reg.int64(3)});
  auto hq = db.prepare(pg ? kHelpPgSql : kHelpSql);
  hq.bind(1, begin).bind(2, end);
  while (hq.step())
    rows.help.push_back({hq.text(0), hq.text(1), hq.text(2), hq.int64(3), hq.opt_int64(4), hq.opt_int64(5)});
  return rows;
}

const std::vector<std::string_view>& report_store_sql() {
  static const std::vector<std::string_view> all = {kOccurrencesSql, kRegistrationsSql, kHelpSql, kOccurrencesPgSql,
                                                          kHelpPgSql};
  return all;
}

}  // namespace bk
