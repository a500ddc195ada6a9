#include "services/help_service.hpp"

#include <algorithm>

#include "domain/codes.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "services/audit.hpp"
#include "services/registration_service.hpp"

namespace bk {

const std::vector<std::string>& help_categories() {
  static const std::vector<std::string> c = {"boodschappen", "klusje", "vervoer", "gezelschap",
                                             "post", "computer", "anders"};
  return c;
}

const std::vector<std::string>& help_timings() {
  static const std::vector<std::string> t = {"today", "this_week", "any"};
  return t;
}

const char* to_string(HelpStatus s) {
  switch (s) {
    case HelpStatus::Open: return "open";
    case HelpStatus::Claimed: return "claimed";
    case HelpStatus::Done: return "done";
    case HelpStatus::Cancelled: return "cancelled";
  }
  return "open";
}

std::optional<HelpStatus> help_status_from(std::string_view s) {
  if (s == "open") return HelpStatus::Open;
  if (s == "claimed") return HelpStatus::Claimed;
  if (s == "done") return HelpStatus::Done;
  if (s == "cancelled") return HelpStatus::Cancelled;
  return std::nullopt;
}

HelpService::HelpService(Database& db, const Clock& clock, std::string base_url)
    : db_(db), clock_(clock), base_url_(std::move(base_url)) {}

HelpCreated HelpService::create(const HelpRequestInput& in) {
  HelpCreated out;
  auto refuse = [&](std::string why) {
    out.outcome = HelpOutcome::InvalidInput;
    out.problem = std::move(why);
    return out;
  };
  const auto& cats = help_categories();
  if (std::find(cats.begin(), cats.end(), in.category) == cats.end())
    return refuse("category \"" + in.category + "\" is not one of boodschappen, klusje, vervoer, "
                  "gezelschap, post, computer, anders");
  const auto& times = help_timings();
  if (std::find(times.begin(), times.end(), in.timing) == times.end())
    return refuse("timing \"" + in.timing + "\" is not one of today, this_week, any");
  const CheckedText description = check_text(in.description, 500, true, true);
  if (!description.ok()) return refuse("description " + describe(description.problem, 500));
  std::optional<std::string> name, phone;
  // "Ik kom zelf terug": no contact details are stored, even when some were typed.
  if (!in.comes_back) {
    const CheckedText n = check_text(in.name, 60, false);
    if (!n.ok()) return refuse("name " + describe(n.problem, 60));
    const CheckedText p = check_phone(in.phone);
    if (!p.ok()) return refuse("phone must be a phone number (6 to 20 digits)");
    name = n.value;
    if (!p.value.empty()) phone = p.value;
  }
  const std::string token = make_followup_token();
  const UtcSeconds now = clock_.now();
  WriteTransaction tx(db_);
  const std::string code = new_unique_code(db_);
  db_.prepare(
         "INSERT INTO help_request(code, token_hash, category, timing, description, name, phone, "
         "comes_back, status, created_utc) VALUES (?,?,?,?,?,?,?,?,'open',?)")
      .bind(1, code).bind(2, hash_token(token)).bind(3, in.category).bind(4, in.timing)
      .bind(5, description.value.empty() ? std::optional<std::string>() : description.value)
      .bind(6, name).bind(7, phone).bind(8, in.comes_back ? 1 : 0).bind(9, now)
      .run();
  write_audit(db_, now, "resident", "help.add", code, in.category);
  tx.commit();
  log::info("help", "help request " + code + " (" + in.category + ")");
  out.outcome = HelpOutcome::Created;
  out.code = code;
  out.token = token;
  out.followup_url = base_url_ + "/h/" + token;
  return out;
}

std::optional<HelpRequestView> HelpService::find(const char* where, const std::string& key) {
  auto st = db_.prepare(std::string(
      "SELECT id, code, category, timing, COALESCE(description,''), COALESCE(name,''), "
      "COALESCE(phone,''), comes_back, status, COALESCE(claimed_by,''), COALESCE(note,''), "
      "created_utc, claimed_utc, done_utc, cancelled_utc FROM help_request WHERE ") + where);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  HelpRequestView v;
  v.id = st.int64(0);
  v.code = st.text(1);
  v.category = st.text(2);
  v.timing = st.text(3);
  v.description = st.text(4);
  v.name = st.text(5);
  v.phone = st.text(6);
  v.comes_back = st.int64(7) != 0;
  v.status = help_status_from(st.text(8)).value_or(HelpStatus::Open);
  v.claimed_by = st.text(9);
  v.note = st.text(10);
  v.created = st.int64(11);
  v.claimed = st.opt_int64(12);
  v.done = st.opt_int64(13);
  v.cancelled = st.opt_int64(14);
  return v;
}

std::optional<HelpRequestView> HelpService::lookup_code(const std::string& typed_code) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return std::nullopt;
  return find("code = ?", *code);
}

std::optional<HelpRequestView> HelpService::lookup_token(const std::string& token) {
  if (!looks_like_followup_token(token)) return std::nullopt;
  return find("token_hash = ?", hash_token(token));
}

std::vector<HelpRequestView> HelpService::list(std::optional<HelpStatus> status) {
  std::vector<std::string> codes;
  auto st = db_.prepare(
      "SELECT code FROM help_request WHERE ?1 IS NULL OR status = ?1 ORDER BY created_utc, id");
  if (status) {
    st.bind(1, to_string(*status));
  } else {
    st.bind_null(1);
  }
  while (st.step()) codes.push_back(st.text(0));
  std::vector<HelpRequestView> out;
  for (const auto& c : codes)
    if (auto v = find("code = ?", c)) out.push_back(std::move(*v));
  return out;
}

// One change: read the status and write the new one inside the same write transaction.
HelpChange HelpService::change(const std::string& typed_code, const std::string& role,
                               const std::string& actor, const char* action,
                               const std::function<bool(HelpRequestView&)>& apply) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return HelpChange::NotFound;
  WriteTransaction tx(db_);
  auto v = find("code = ?", *code);
  if (!v) return HelpChange::NotFound;
  if (!apply(*v)) return HelpChange::NotAllowed;
  db_.prepare(
         "UPDATE help_request SET status = ?, claimed_by = ?, note = ?, claimed_utc = ?, "
         "done_utc = ?, cancelled_utc = ? WHERE id = ?")
      .bind(1, to_string(v->status))
      .bind(2, v->claimed_by.empty() ? std::optional<std::string>() : v->claimed_by)
      .bind(3, v->note.empty() ? std::optional<std::string>() : v->note)
      .bind(4, v->claimed).bind(5, v->done).bind(6, v->cancelled).bind(7, v->id)
      .run();
  write_audit(db_, clock_.now(), role, action, *code, "", actor);
  tx.commit();
  return HelpChange::Changed;
}

HelpChange HelpService::claim(const std::string& code, const std::string& by,
                              const std::string& note, const std::string& role) {
  const CheckedText who = check_text(by, 60, false);
  const CheckedText n = check_text(note, 500, true, true);
  if (!who.ok() || !n.ok()) return HelpChange::NotAllowed;
  const UtcSeconds now = clock_.now();
  return change(code, role, who.value, "help.claim", [&](HelpRequestView& v) {
    if (v.status != HelpStatus::Open) return false;  // claimed by someone, done or cancelled
    v.status = HelpStatus::Claimed;
    v.claimed_by = who.value;
    if (!n.value.empty()) v.note = n.value;
    v.claimed = now;
    return true;
  });
}

HelpChange HelpService::add_note(const std::string& code, const std::string& note,
                                 const std::string& role) {
  const CheckedText n = check_text(note, 500, false, true);
  if (!n.ok()) return HelpChange::NotAllowed;
  return change(code, role, "", "help.note", [&](HelpRequestView& v) {
    if (v.status == HelpStatus::Cancelled) return false;
    v.note = v.note.empty() ? n.value : v.note + "\n" + n.value;
    return true;
  });
}

HelpChange HelpService::done(const std::string& code, const std::string& role) {
  const UtcSeconds now = clock_.now();
  return change(code, role, "", "help.done", [&](HelpRequestView& v) {
    if (v.status == HelpStatus::Done || v.status == HelpStatus::Cancelled) return false;
    // Done straight from open is allowed (a volunteer helped on the spot); it counts as claimed
    // at the same moment, so time-to-claim stays defined for the reports.
    if (!v.claimed) v.claimed = now;
    v.status = HelpStatus::Done;
    v.done = now;
    return true;
  });
}

HelpChange HelpService::cancel(const std::string& code, const std::string& role) {
  const UtcSeconds now = clock_.now();
  return change(code, role, "", "help.cancel", [&](HelpRequestView& v) {
    if (v.status == HelpStatus::Done || v.status == HelpStatus::Cancelled) return false;
    v.status = HelpStatus::Cancelled;
    v.cancelled = now;
    return true;
  });
}

}  // namespace bk
