#pragma once
// The regional engine: one PostgreSQL 15 server for many kiosks and centres (libpq).
//
// - Writes: WriteTransaction takes one transaction-level advisory lock before its first statement,
//   the rule SQLite's BEGIN IMMEDIATE gives: one writer at a time over the whole database, so a
//   capacity check and the insert it allows cannot interleave with another kiosk's, and the
//   waiting list stays exact. The lock waits lock_timeout (the busy timeout) and then fails as
//   DbError::busy(). A write takes about a millisecond, so the queue is short (README benchmark).
// - Centres: each connection says which centre it acts for (session setting buurtkiosk.centre; "*"
//   for the region). Row-level security in the schema shows and accepts only that centre's
//   activities, dates, help requests, settings and audit rows, so no query can forget the centre.
// - A lost server: a call fails as DbError::unavailable(); the next call outside a transaction
//   reconnects by itself.
#include <libpq-fe.h>

#include "store/engine/database.hpp"

namespace bk {

class PgDatabase final : public Database {
 public:
  // Connects (does not throw when the server is out of reach: the first call does). `connection`
  // is a libpq connection string; `centre` the centre this process acts for, "*" the region.
  PgDatabase(const std::string& connection, const std::string& password, const std::string& centre);
  ~PgDatabase() override;

  Dialect dialect() const override { return Dialect::PostgreSQL; }
  Statement prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() override;
  int changes() const override { return changes_; }
  std::int64_t data_version() override;
  int schema_version() override;
  void set_schema_version(int version) override;
  void set_busy_timeout(std::chrono::milliseconds wait) override;
  bool in_transaction() const override;
  void begin_write() override;
  void begin_read() override;
  void commit() override;
  void rollback() override;

  // For the statements: a live connection (reconnects when idle and lost), the result's checks.
  PGconn* connection();
  PGresult* run(const std::string& sql, int n, const unsigned* types, const char* const* values);
  static std::string translate_placeholders(std::string_view sql, int* count);

 private:
  void after_connect();  // the session's centre and lock timeout

  PGconn* conn_ = nullptr;
  std::string centre_option_;
  bool tx_open_ = false;
  int changes_ = 0;
  std::string last_insert_table_;  // of the last INSERT, for last_insert_id()
  std::chrono::milliseconds busy_timeout_{10000};
};

}  // namespace bk
