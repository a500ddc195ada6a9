#include "store/engine/pg_database.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <vector>

#include "domain/log.hpp"

namespace bk {
namespace {

// All writers of one database queue on this transaction-level advisory lock (see the header).
constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(2020042)";

constexpr unsigned kInt8Oid = 20;
constexpr unsigned kFloat8Oid = 701;
constexpr unsigned kTextOid = 25;

// The first line of libpq's message: no DETAIL (it may quote a row, and rows hold names).
std::string first_line(const char* msg) {
  std::string s = msg ? msg : "";
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

[[noreturn]] void throw_unavailable(PGconn* conn) {
  throw DbError("cannot reach the database server: " + first_line(PQerrorMessage(conn)), -1,
                DbError::Kind::Unavailable);
}

// A failed statement: SQLSTATE decides the kind. Only the primary message goes into the text.
[[noreturn]] void throw_result(PGconn* conn, PGresult* r, const std::string& sql = "") {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string msg = primary ? primary : first_line(PQerrorMessage(conn));
  if (r) PQclear(r);
  DbError::Kind kind = DbError::Kind::Other;
  if (PQstatus(conn) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P0", 0) == 0)
    kind = DbError::Kind::Unavailable;  // connection lost, server shutting down or starting
  else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03")
    kind = DbError::Kind::Busy;  // serialization failure, deadlock, lock_timeout
  // Say what it means for the person reading it: libpq's own line can be a bare "FATAL: terminating
  // connection due to administrator command" (no SQLSTATE) when the server shuts down.
  if (kind == DbError::Kind::Unavailable)
    msg = msg.empty() ? "connection to the database server lost" : "cannot reach the database server: " + msg;
  // The statement's text (placeholders, never values) says where it went wrong.
  if (!sql.empty() && kind == DbError::Kind::Other) msg += " in: " + sql.substr(0, 300);
  throw DbError(msg + (sqlstate.empty() ? "" : " [" + sqlstate + "]"), -1, kind);
}

// Whether the translated text holds $n (and not only $n0, $n1, …).
bool uses(const std::string& sql, int n) {
  const std::string tag = "$" + std::to_string(n);
  for (size_t at = sql.find(tag); at != std::string::npos; at = sql.find(tag, at + 1)) {
    const size_t end = at + tag.size();
    if (end >= sql.size() || sql[end] < '0' || sql[end] > '9') return true;
  }
  return false;
}

class PgStatement final : public StatementImpl {
 public:
  PgStatement(PgDatabase& db, std::string_view sql) : db_(db) {
    int n = 0;
    sql_ = PgDatabase::translate_placeholders(sql, &n);
    params_.resize(static_cast<size_t>(n));
    used_.assign(static_cast<size_t>(n), false);
    for (int i = 1; i <= n; ++i) used_[static_cast<size_t>(i - 1)] = uses(sql_, i);
    types_.assign(static_cast<size_t>(n), 0);
    bound_.assign(static_cast<size_t>(n), false);
  }
  ~PgStatement() override { clear(); }

  void bind_int64(int i, std::int64_t v) override { set(i, std::to_string(v), kInt8Oid); }
  void bind_double(int i, double v) override {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    set(i, std::string(buf, r.ptr), kFloat8Oid);
  }
  void bind_text(int i, std::string_view v) override { set(i, std::string(v), 0); }  // typed by its place
  void bind_null(int i) override {
    at(i).reset();
    types_[static_cast<size_t>(i - 1)] = 0;  // typed by its place
    bound_[static_cast<size_t>(i - 1)] = true;
  }

  bool step() override {
    if (!result_) {
      std::vector<const char*> values(params_.size());
      for (size_t i = 0; i < params_.size(); ++i) {
        values[i] = params_[i] ? params_[i]->c_str() : nullptr;
        // A number the SQL skips (?1 and ?3 but not ?2) still needs a type: text, as NULL.
        if (!bound_[i] && !used_[i]) types_[i] = kTextOid;
      }
      result_ = db_.run(sql_, static_cast<int>(params_.size()), types_.data(), values.data());
      rows_ = PQntuples(result_);
      row_ = -1;
    }
    return ++row_ < rows_;
  }
  void reset() override {
    clear();
    for (auto& p : params_) p.reset();
    std::fill(types_.begin(), types_.end(), 0u);
    std::fill(bound_.begin(), bound_.end(), false);
  }

  bool is_null(int col) const override { return PQgetisnull(result_, row_, col) != 0; }
  std::int64_t int64(int col) const override {
    const char* v = PQgetvalue(result_, row_, col);
    if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean column reads as SQLite's 1/0
    if (v[0] == 'f' && v[1] == '\0') return 0;
    std::int64_t out = 0;
    const auto r = std::from_chars(v, v + std::char_traits<char>::length(v), out);
    if (r.ec != std::errc() || (*r.ptr != '\0' && *r.ptr != '.'))
      return static_cast<std::int64_t>(std::strtod(v, nullptr));  // numeric from SUM/AVG
    return out;
  }
  double real(int col) const override { return std::strtod(PQgetvalue(result_, row_, col), nullptr); }
  std::string text(int col) const override {
    return std::string(PQgetvalue(result_, row_, col), static_cast<size_t>(PQgetlength(result_, row_, col)));
  }

 private:
  std::optional<std::string>& at(int i) {
    if (i < 1 || static_cast<size_t>(i) > params_.size())
      throw DbError("bind: no parameter " + std::to_string(i) + " in: " + sql_, -1);
    return params_[static_cast<size_t>(i - 1)];
  }
  void set(int i, std::string v, unsigned type) {
    at(i) = std::move(v);
    types_[static_cast<size_t>(i - 1)] = type;
    bound_[static_cast<size_t>(i - 1)] = true;
  }
  void clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
  }

  PgDatabase& db_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  std::vector<unsigned> types_;
  std::vector<bool> bound_;
  std::vector<bool> used_;  // $N appears in the text (SQLite lets ?2 go unused; PostgreSQL needs its type)
  PGresult* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
};

}  // namespace

PgDatabase::PgDatabase(const std::string& connection, const std::string& password, const std::string& centre)
    : Database({}) {
  // A kiosk must notice a lost server in seconds, not after TCP's minutes.
  const char* keys[] = {"dbname", "password", "connect_timeout", "tcp_user_timeout", "keepalives_idle",
                        "keepalives_interval", "keepalives_count", "application_name", nullptr};
  const char* values[] = {connection.c_str(), password.empty() ? nullptr : password.c_str(), "5", "10000", "10", "3",
                          "3", "buurtkiosk", nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_) throw DbError("cannot start a database connection (out of memory)", -1);
  // libpq prints notices to stderr by default, and a server shutting down sends its "FATAL:
  // terminating connection" as one while the connection idles: it went to stderr beside
  // buurtkioskctl's own line. Notices go to the log (the error itself is thrown on the next call).
  PQsetNoticeProcessor(
      conn_, [](void*, const char* message) { log::info("database", first_line(message)); }, nullptr);
  centre_option_ = centre;  // set again after every reconnect
  if (PQstatus(conn_) == CONNECTION_OK) after_connect();
}

PgDatabase::~PgDatabase() { PQfinish(conn_); }

void PgDatabase::after_connect() {
  const char* values[] = {centre_option_.c_str()};
  PGresult* r = PQexecParams(conn_, "SELECT set_config('buurtkiosk.centre', $1, false)", 1, nullptr, values,
                             nullptr, nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) throw_result(conn_, r);
  PQclear(r);
  exec("SET lock_timeout = " + std::to_string(busy_timeout_.count()));
}

PGconn* PgDatabase::connection() {
  if (PQstatus(conn_) == CONNECTION_OK) return conn_;
  // Never reconnect inside a transaction: its earlier statements are gone with the connection.
  if (tx_open_) throw_unavailable(conn_);
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = first_line(PQerrorMessage(conn_));
    // A wrong password or database is not an outage: say so as a plain error.
    if (why.find("authentication") != std::string::npos || why.find("does not exist") != std::string::npos)
      throw DbError("database server refused the connection: " + why, -1);
    throw_unavailable(conn_);
  }
  after_connect();
  return conn_;
}

PGresult* PgDatabase::run(const std::string& sql, int n, const unsigned* types, const char* const* values) {
  PGconn* c = connection();
  PGresult* r = PQexecParams(c, sql.c_str(), n, types, values, nullptr, nullptr, 0);
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result(c, r, sql);
  const char* tuples = PQcmdTuples(r);
  changes_ = tuples && *tuples ? std::atoi(tuples) : 0;
  return r;
}

Statement PgDatabase::prepare(std::string_view sql) {
  return Statement(std::make_unique<PgStatement>(*this, sql));
}

void PgDatabase::exec(std::string_view sql) {
  PGconn* c = connection();
  PGresult* r = PQexec(c, std::string(sql).c_str());
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result(c, r);
  PQclear(r);
}

std::int64_t PgDatabase::last_insert_id() { return scalar_int("SELECT lastval()"); }

// A counter moved by statement triggers on every table the kiosk shows (migrations_pg.cpp).
std::int64_t PgDatabase::data_version() { return scalar_int("SELECT last_value FROM bk_data_version"); }

int PgDatabase::schema_version() {
  if (scalar_int("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'bk_schema'") == 0)
    return 0;
  return static_cast<int>(scalar_int("SELECT version FROM bk_schema"));
}

void PgDatabase::set_schema_version(int version) {
  exec("UPDATE bk_schema SET version = " + std::to_string(version));
}

void PgDatabase::set_busy_timeout(std::chrono::milliseconds wait) {
  busy_timeout_ = wait;
  if (PQstatus(conn_) == CONNECTION_OK) exec("SET lock_timeout = " + std::to_string(wait.count()));
}

bool PgDatabase::in_transaction() const { return tx_open_; }

void PgDatabase::begin_write() {
  exec("BEGIN ISOLATION LEVEL READ COMMITTED");
  tx_open_ = true;
  exec(kWriteLock);  // before the first read: what the transaction reads, no other writer changes
}

void PgDatabase::begin_read() {
  exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  tx_open_ = true;
}

void PgDatabase::commit() {
  if (PQstatus(conn_) != CONNECTION_OK) {
    tx_open_ = false;
    throw_unavailable(conn_);
  }
  PGresult* r = PQexec(conn_, "COMMIT");
  tx_open_ = false;
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK) throw_result(conn_, r);
  PQclear(r);
}

void PgDatabase::rollback() {
  tx_open_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) return;  // the server rolled it back when the line went
  PQclear(PQexec(conn_, "ROLLBACK"));
}

// `?` → `$1, $2, …` in order; `?N` → `$N`. Quoted text and comments are left alone.
std::string PgDatabase::translate_placeholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0, highest = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
      if (j == i + 1) n = ++next;
      highest = std::max(highest, n);
      out += '$' + std::to_string(n);
      i = j - 1;
    } else {
      out += c;
    }
  }
  if (count) *count = highest;
  return out;
}

}  // namespace bk
