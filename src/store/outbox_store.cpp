#include "store/outbox_store.hpp"

#include "store/engine/database.hpp"

namespace bk {
namespace {

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!item.empty()) out.push_back(std::move(item));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::int64_t insert_outbox(Store& store, const NewOutboxMail& m) {
  Database& db = store.engine();
  db.prepare("INSERT INTO outbox(kind, subject_code, recipients, subject, body, created_utc, next_utc) "
             "VALUES (?,?,?,?,?,?,?)")
      .bind(1, m.kind).bind(2, m.subject_code).bind(3, lines(m.recipients)).bind(4, m.subject)
      .bind(5, m.body).bind(6, m.created).bind(7, m.created)
      .run();
  return db.last_insert_id();
}

std::vector<OutboxMail> due_outbox(Store& store, UtcSeconds now, int limit) {
  auto st = store.engine().prepare(
      "SELECT id, kind, subject_code, recipients, subject, body, created_utc, attempts, next_utc, "
      "sent_utc, COALESCE(last_error,'') FROM outbox WHERE sent_utc IS NULL AND next_utc <= ? "
      "ORDER BY next_utc, id LIMIT ?");
  st.bind(1, now).bind(2, limit);
  std::vector<OutboxMail> out;
  while (st.step()) {
    OutboxMail m;
    m.id = st.int64(0);
    m.kind = st.text(1);
    m.subject_code = st.text(2);
    m.recipients = split_lines(st.text(3));
    m.subject = st.text(4);
    m.body = st.text(5);
    m.created = st.int64(6);
    m.attempts = st.integer(7);
    m.next = st.int64(8);
    m.sent = st.opt_int64(9);
    m.last_error = st.text(10);
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<UtcSeconds> next_outbox_due(Store& store) {
  auto st = store.engine().prepare("SELECT min(next_utc) FROM outbox WHERE sent_utc IS NULL");
  if (!st.step()) return std::nullopt;
  return st.opt_int64(0);
}

void mark_outbox_sent(Store& store, std::int64_t id, UtcSeconds at) {
  store.engine().prepare("UPDATE outbox SET sent_utc = ?, attempts = attempts + 1 WHERE id = ?")
      .bind(1, at).bind(2, id).run();
}

void mark_outbox_failed(Store& store, std::int64_t id, int attempts, UtcSeconds next, const std::string& error) {
  store.engine().prepare("UPDATE outbox SET attempts = ?, next_utc = ?, last_error = ? WHERE id = ?")
      .bind(1, attempts).bind(2, next).bind(3, error).bind(4, id).run();
}

OutboxSummary outbox_summary(Store& store) {
  OutboxSummary s;
  Database& db = store.engine();
  auto waiting = db.prepare("SELECT count(*), COALESCE(sum(attempts),0) FROM outbox WHERE sent_utc IS NULL");
  if (waiting.step()) {
    s.waiting = waiting.integer(0);
    s.failed_attempts = waiting.integer(1);
  }
  auto sent = db.prepare("SELECT max(sent_utc) FROM outbox");
  if (sent.step()) s.last_sent = sent.opt_int64(0);
  auto error = db.prepare("SELECT last_error FROM outbox WHERE sent_utc IS NULL AND last_error IS NOT NULL "
                          "ORDER BY id DESC LIMIT 1");
  if (error.step()) s.last_error = error.text(0);
  return s;
}

}  // namespace bk
