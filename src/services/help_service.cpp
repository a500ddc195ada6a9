#include "services/help_service.hpp"

#include <algorithm>

#include "domain/codes.hpp"
#include "domain/log.hpp"
#include "domain/text.hpp"
#include "store/audit.hpp"
#include "store/help_request_store.hpp"
#include "store/reference_codes.hpp"

namespace bk {

const std::vector<std::string>& help_categories() { return help_kinds(); }

const std::vector<std::string>& help_timings() {
  static const std::vector<std::string> t = {"today", "this_week", "any"};
  return t;
}

std::string public_status_key(HelpStatus s) { return std::string("help.status.") + to_string(s); }

HelpPublicView public_view(const HelpRequestView& v) {
  HelpPublicView p;
  p.code = v.code;
  p.category = v.category;
  p.timing = v.timing;
  p.status = v.status;
  p.created = v.created;
  p.claimed = v.claimed;
  p.done = v.done;
  p.cancelled = v.cancelled;
  return p;
}

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

bool contains(const std::vector<std::string>& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::optional<std::string> unless_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Why a request in status s cannot take a change, in words for the CLI line after the code.
std::string because(HelpStatus s, const std::string& claimed_by = {}) {
  switch (s) {
    case HelpStatus::Open: return "is still open";
    case HelpStatus::Claimed:
      return claimed_by.empty() ? "is already claimed" : "is already claimed by " + claimed_by;
    case HelpStatus::Done: return "is already done";
    case HelpStatus::Cancelled: return "was cancelled";
  }
  return "cannot change";
}

}  // namespace

HelpService::HelpService(Store& store, const Clock& clock, std::string base_url)
    : store_(store), clock_(clock), base_url_(std::move(base_url)), code_source_(make_reference_code) {}

void HelpService::route_with(const Config& config) { route_with(config, TimeZone::load(config.centre.timezone)); }

void HelpService::route_with(const Config& config, const TimeZone& zone) {
  config_ = &config;
  zone_ = zone;
}

// Unique across help_request and registration, because `lookup CODE` and `Mijn aanmelding` search
// both. Called inside the write transaction that inserts, so no other writer can take it meanwhile.
std::string HelpService::unique_code() {
  for (int attempt = 0; attempt < 1000; ++attempt) {  // 31^6 codes: a clash is rare, a retry cheap
    std::string code = code_source_();
    if (!reference_code_taken(store_, code)) return code;
  }
  throw std::runtime_error("no free reference code after 1000 attempts");
}

CheckedHelpRequest HelpService::check(const HelpRequestInput& in) const {
  CheckedHelpRequest c;
  HelpCreated& out = c.answer;
  auto refuse = [&c](std::string why) {
    c.answer.outcome = HelpOutcome::InvalidInput;
    c.answer.problem = std::move(why);
    return c;
  };
  if (!contains(help_categories(), in.category))
    return refuse("category \"" + in.category + "\" is not one of " + joined(help_categories()));
  if (!contains(help_timings(), in.timing))
    return refuse("timing \"" + in.timing + "\" is not one of " + joined(help_timings()));
  const CheckedText description = check_text(in.description, kHelpDescriptionMax, true, true);
  if (!description.ok())
    return refuse("description " + describe(description.problem, kHelpDescriptionMax));
  std::optional<std::string> name, phone;
  // "Ik kom zelf terug": no contact details are stored, even when some were typed (and then they
  // are not checked either: nothing of them is kept).
  if (!in.comes_back) {
    const CheckedText n = check_text(in.name, kHelpNameMax, false);
    if (!n.ok()) return refuse("name " + describe(n.problem, kHelpNameMax));
    const CheckedText p = check_phone(in.phone);
    if (!p.ok()) return refuse("phone must be a phone number (6 to 20 digits)");
    name = n.value;
    phone = unless_empty(p.value);
  }
  out.outcome = HelpOutcome::Created;
  out.token = make_followup_token();
  out.followup_url = base_url_ + "/h/" + out.token;
  c.row = NewHelpRequest{{}, hash_token(out.token), in.category, in.timing, unless_empty(description.value),
                         name, phone, in.comes_back, clock_.now(), {}};
  return c;
}

void HelpService::insert_routed(NewHelpRequest& r, const std::string& role, const std::string& detail) {
  const UtcSeconds now = clock_.now();
  const Config::Team* team = config_ ? config_->team_for(r.category) : nullptr;
  r.team = team ? team->name : "";
  insert_help_request(store_, r);
  // The audit keeps the kind of help, never who asked or what they wrote.
  write_audit(store_, now, role, "help.add", r.code, r.category + ", " + r.timing + detail);
  // The team's mail commits with the request or not at all; `notify` sends it.
  if (team)
    queue_help_mail(store_, *config_, zone_, HelpMail::New, {r.code, r.category, r.timing, r.created, r.team},
                    team->email, now);
}

HelpCreated HelpService::write(CheckedHelpRequest c, const std::string& role) {
  if (c.answer.outcome != HelpOutcome::Created) return c.answer;
  WriteScope tx(store_);
  c.row.code = unique_code();
  insert_routed(c.row, role, "");
  tx.commit();
  log::info("help", "help request " + c.row.code + " (" + c.row.category + ")");
  c.answer.code = c.row.code;
  return c.answer;
}

HelpCreated HelpService::create(const HelpRequestInput& in, const std::string& role) {
  return write(check(in), role);
}

std::optional<HelpRequestView> HelpService::lookup_code(const std::string& typed_code) {
  const auto code = normalise_reference_code(typed_code);
  if (!code) return std::nullopt;
  return find_help_request(store_, HelpRequestKey::Code, *code);
}

std::optional<HelpRequestView> HelpService::lookup_token(const std::string& token) {
  if (!looks_like_followup_token(token)) return std::nullopt;
  return find_help_request(store_, HelpRequestKey::TokenHash, hash_token(token));
}

std::optional<HelpPublicView> HelpService::public_lookup_code(const std::string& typed_code) {
  const auto v = lookup_code(typed_code);
  if (!v) return std::nullopt;
  return public_view(*v);
}

std::optional<HelpPublicView> HelpService::public_lookup_token(const std::string& token) {
  const auto v = lookup_token(token);
  if (!v) return std::nullopt;
  return public_view(*v);
}

std::vector<HelpRequestView> HelpService::list(std::optional<HelpStatus> status) {
  return list_help_requests(store_, status);
}

// One change: read the row and write its new state inside the same BEGIN IMMEDIATE transaction, so
// two volunteers (kiosk and CLI, two processes) cannot both claim the same request.
HelpChangeResult HelpService::change(const std::string& typed_code, const std::string& role,
                                     const std::string& actor, const char* action,
                                     const std::function<Step(Pending&)>& step) {
  HelpChangeResult result;
  const auto code = normalise_reference_code(typed_code);
  if (!code) {
    result.problem = "no help request with code " + typed_code;
    return result;  // NotFound
  }
  WriteScope tx(store_);
  auto row = find_help_request(store_, HelpRequestKey::Code, *code);
  if (!row) {
    result.problem = "no help request with code " + *code;
    return result;  // NotFound
  }
  const std::string before = to_string(row->status);
  Pending p{std::move(*row), action, {}, {}, std::nullopt};
  switch (step(p)) {
    case Step::Refuse:
      result.outcome = HelpChange::NotAllowed;
      result.problem = "help request " + *code + " " + p.problem;
      return result;
    case Step::Nothing:
      result.outcome = HelpChange::Unchanged;
      return result;
    case Step::Apply: break;
  }
  const HelpRequestView& v = p.row;
  update_help_request(store_, v);
  // Detail is the status change only: notes may hold personal details and stay out of the audit.
  const std::string after = to_string(v.status);
  const std::string detail = (before == after ? before : before + " -> " + after) +
                             (p.detail.empty() ? "" : ", " + p.detail);
  const UtcSeconds now = clock_.now();
  write_audit(store_, now, role, p.action, *code, detail, actor);
  if (p.mail && config_)
    queue_help_mail(store_, *config_, zone_, *p.mail, HelpMailFacts::of(v), team_addresses(*config_, v.team), now);
  tx.commit();
  log::info("help", std::string(p.action) + " " + *code);
  result.outcome = HelpChange::Changed;
  return result;
}

namespace {

// Adds one note line; false (with the problem) when the notes would grow too long.
bool append_note(HelpRequestView& v, const std::string& note, std::string& problem) {
  std::string all = v.note.empty() ? note : v.note + "\n" + note;
  if (utf8_length(all) > kHelpNotesTotalMax) {
    problem = "has too many notes already (" + std::to_string(kHelpNotesTotalMax) +
              " characters in all)";
    return false;
  }
  v.note = std::move(all);
  return true;
}

}  // namespace

HelpChangeResult HelpService::claim(const std::string& code, const std::string& by,
                                    const std::string& note, const std::string& role,
                                    std::optional<std::int64_t> account) {
  const CheckedText who = check_text(by, kHelpNameMax, false);
  if (!who.ok()) return {HelpChange::InvalidInput, "volunteer's name " + describe(who.problem, kHelpNameMax)};
  const CheckedText n = check_text(note, kHelpNoteMax, true, true);
  if (!n.ok()) return {HelpChange::InvalidInput, "note " + describe(n.problem, kHelpNoteMax)};
  const UtcSeconds now = clock_.now();
  return change(code, role, who.value, "help.claim", [&](Pending& p) {
    HelpRequestView& v = p.row;
    if (v.status == HelpStatus::Claimed && v.claimed_by == who.value) {
      // The same volunteer again (a double tap, a retried script): keep the first claim time.
      if (n.value.empty()) return Step::Nothing;
      p.action = "help.note";
      return append_note(v, n.value, p.problem) ? Step::Apply : Step::Refuse;
    }
    if (v.status != HelpStatus::Open) {
      p.problem = because(v.status, v.claimed_by);
      return Step::Refuse;
    }
    v.status = HelpStatus::Claimed;
    v.claimed_by = who.value;
    v.claimed_account = account;
    v.claimed = now;
    if (!n.value.empty() && !append_note(v, n.value, p.problem)) return Step::Refuse;
    return Step::Apply;
  });
}

HelpChangeResult HelpService::hand_over(const std::string& code, const std::string& team,
                                       const std::string& role, const std::string& by) {
  if (!config_ || !config_->team_named(team)) {
    std::vector<std::string> names;
    if (config_)
      for (const auto& t : config_->teams) names.push_back(t.name);
    return {HelpChange::InvalidInput, names.empty() ? "no teams are configured ([[team]] in kiosk.toml)"
                                                    : "team \"" + team + "\" is not one of " + joined(names)};
  }
  const CheckedText who = check_text(by, kHelpNameMax, true);
  if (!who.ok()) return {HelpChange::InvalidInput, "volunteer's name " + describe(who.problem, kHelpNameMax)};
  return change(code, role, who.value, "help.handover", [&](Pending& p) {
    HelpRequestView& v = p.row;
    if (v.status == HelpStatus::Done || v.status == HelpStatus::Cancelled) {
      p.problem = because(v.status);
      return Step::Refuse;
    }
    if (v.team == team && v.status == HelpStatus::Open) return Step::Nothing;
    p.detail = "team " + (v.team.empty() ? "-" : v.team) + " -> " + team;
    v.team = team;
    // The new team picks it up: whoever had claimed it lets go.
    v.status = HelpStatus::Open;
    v.claimed_by.clear();
    v.claimed_account.reset();
    v.claimed.reset();
    p.mail = HelpMail::HandedOver;
    return Step::Apply;
  });
}

HelpChangeResult HelpService::add_note(const std::string& code, const std::string& note,
                                       const std::string& role, const std::string& by) {
  const CheckedText n = check_text(note, kHelpNoteMax, false, true);
  if (!n.ok()) return {HelpChange::InvalidInput, "note " + describe(n.problem, kHelpNoteMax)};
  const CheckedText who = check_text(by, kHelpNameMax, true);
  if (!who.ok()) return {HelpChange::InvalidInput, "volunteer's name " + describe(who.problem, kHelpNameMax)};
  return change(code, role, who.value, "help.note", [&](Pending& p) {
    // A note in any status: why it was cancelled, how it went. Not after the purge, which removed
    // the personal data a note may hold.
    if (p.row.purged) {
      p.problem = "has had its personal data removed";
      return Step::Refuse;
    }
    return append_note(p.row, n.value, p.problem) ? Step::Apply : Step::Refuse;
  });
}

HelpChangeResult HelpService::done(const std::string& code, const std::string& role,
                                   const std::string& by) {
  const CheckedText who = check_text(by, kHelpNameMax, true);
  if (!who.ok()) return {HelpChange::InvalidInput, "volunteer's name " + describe(who.problem, kHelpNameMax)};
  const UtcSeconds now = clock_.now();
  return change(code, role, who.value, "help.done", [&](Pending& p) {
    HelpRequestView& v = p.row;
    if (v.status == HelpStatus::Done || v.status == HelpStatus::Cancelled) {
      p.problem = because(v.status);
      return Step::Refuse;
    }
    // Done straight from open is allowed: a volunteer often helps on the spot (the desk, a phone
    // call) without claiming first. It counts as claimed at that same moment, so time-to-claim
    // stays defined for the reports and claimed_utc ≤ done_utc holds for every done request.
    // claimed_by stays empty then unless `by` was given.
    if (!v.claimed) {
      v.claimed = now;
      if (v.claimed_by.empty()) v.claimed_by = who.value;
    }
    v.status = HelpStatus::Done;
    v.done = now;
    return Step::Apply;
  });
}

HelpChangeResult HelpService::cancel(const std::string& code, const std::string& role,
                                     const std::string& by) {
  const CheckedText who = check_text(by, kHelpNameMax, true);
  if (!who.ok()) return {HelpChange::InvalidInput, "volunteer's name " + describe(who.problem, kHelpNameMax)};
  const UtcSeconds now = clock_.now();
  return change(code, role, who.value, "help.cancel", [&](Pending& p) {
    HelpRequestView& v = p.row;
    if (v.status == HelpStatus::Done || v.status == HelpStatus::Cancelled) {
      p.problem = v.status == HelpStatus::Cancelled ? "was already cancelled" : because(v.status);
      return Step::Refuse;
    }
    v.status = HelpStatus::Cancelled;
    v.cancelled = now;
    return Step::Apply;
  });
}

}  // namespace bk
