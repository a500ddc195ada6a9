// Help requests in the service: the status machine and its refusals, timestamps, what is (not)
// stored, bad input, codes and tokens, the resident's public view, and the audit trail.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <deque>
#include <set>

#include "domain/codes.hpp"
#include "i18n/catalog.hpp"
#include "store/audit.hpp"
#include "services/help_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;

namespace {

constexpr UtcSeconds kStart = 1'800'000'000;

struct Fixture : test::ServiceGraph {
  Store& db = store;
  explicit Fixture(const std::string& path = ":memory:") : ServiceGraph(path) { clock.t = kStart; }

  HelpCreated ask(const std::string& name = "Ans de Vries", bool comes_back = false) {
    return help.create({"boodschappen", "this_week", "Melk en brood, graag", comes_back, name, "06 1234 5678"});
  }
  HelpRequestView row(const std::string& code) { return *help.lookup_code(code); }
  std::int64_t audit_rows() { return db.engine().scalar_int("SELECT count(*) FROM audit"); }
  std::int64_t requests() { return db.engine().scalar_int("SELECT count(*) FROM help_request"); }
};

HelpOutcome outcome_of(Fixture& f, const HelpRequestInput& in) { return f.help.create(in).outcome; }

}  // namespace

TEST(HelpStatusMachine, OpenClaimDoneSetsEachTimestamp) {
  Fixture f;
  f.clock.t = kStart;
  const auto r = f.ask();
  ASSERT_EQ(r.outcome, HelpOutcome::Created) << r.problem;
  auto v = f.row(r.code);
  EXPECT_EQ(v.status, HelpStatus::Open);
  EXPECT_EQ(v.created, kStart);
  EXPECT_FALSE(v.claimed || v.done || v.cancelled);

  f.clock.t = kStart + 3600;
  const auto c = f.help.claim(r.code, "Kees", "Bel dinsdag eerst", "volunteer");
  EXPECT_EQ(c.outcome, HelpChange::Changed) << c.problem;
  v = f.row(r.code);
  EXPECT_EQ(v.status, HelpStatus::Claimed);
  EXPECT_EQ(v.claimed_by, "Kees");
  EXPECT_EQ(v.note, "Bel dinsdag eerst");
  EXPECT_EQ(v.claimed, kStart + 3600);
  EXPECT_FALSE(v.done || v.cancelled);

  f.clock.t = kStart + 10800;
  EXPECT_EQ(f.help.done(r.code, "volunteer").outcome, HelpChange::Changed);
  v = f.row(r.code);
  EXPECT_EQ(v.status, HelpStatus::Done);
  EXPECT_EQ(v.claimed, kStart + 3600);  // unchanged by done
  EXPECT_EQ(v.done, kStart + 10800);
  EXPECT_EQ(v.claimed_by, "Kees");
  EXPECT_FALSE(v.cancelled);
}

TEST(HelpStatusMachine, CancelFromOpenAndFromClaimed) {
  Fixture f;
  const auto a = f.ask(), b = f.ask();
  f.help.claim(b.code, "Kees", "", "volunteer");
  f.clock.t += 60;
  EXPECT_EQ(f.help.cancel(a.code, "resident").outcome, HelpChange::Changed);
  EXPECT_EQ(f.help.cancel(b.code, "staff", "Fatma").outcome, HelpChange::Changed);
  for (const auto& code : {a.code, b.code}) {
    const auto v = f.row(code);
    EXPECT_EQ(v.status, HelpStatus::Cancelled);
    EXPECT_EQ(v.cancelled, f.clock.t);
    EXPECT_FALSE(v.done);
  }
  EXPECT_FALSE(f.row(a.code).claimed);
  EXPECT_EQ(f.row(b.code).claimed_by, "Kees");  // who had it stays known to staff
}

// Decision: done straight from open is allowed (a volunteer helped on the spot); it counts as
// claimed at that moment, so time-to-claim is defined and claimed ≤ done for every done request.
TEST(HelpStatusMachine, DoneStraightFromOpenCountsAsClaimedThen) {
  Fixture f;
  const auto r = f.ask(), s = f.ask();
  f.clock.t += 600;
  EXPECT_EQ(f.help.done(r.code, "volunteer").outcome, HelpChange::Changed);
  auto v = f.row(r.code);
  EXPECT_EQ(v.status, HelpStatus::Done);
  EXPECT_EQ(v.done, f.clock.t);
  EXPECT_EQ(v.claimed, v.done);
  EXPECT_EQ(v.claimed_by, "");
  EXPECT_EQ(f.help.done(s.code, "volunteer", "Fatma").outcome, HelpChange::Changed);
  EXPECT_EQ(f.row(s.code).claimed_by, "Fatma");
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM help_request WHERE status = 'done' AND "
                            "(claimed_utc IS NULL OR claimed_utc > done_utc)"), 0);
}

TEST(HelpStatusMachine, RefusedChangesWriteNothingAndSayWhy) {
  Fixture f;
  const auto r = f.ask();
  ASSERT_EQ(f.help.claim(r.code, "Kees", "", "volunteer").outcome, HelpChange::Changed);
  const auto claimed_at = f.row(r.code).claimed;
  const auto audit_before = f.audit_rows();

  f.clock.t += 60;
  auto other = f.help.claim(r.code, "Fatma", "", "volunteer");
  EXPECT_EQ(other.outcome, HelpChange::NotAllowed);
  EXPECT_EQ(other.problem, "help request " + r.code + " is already claimed by Kees");
  EXPECT_EQ(f.row(r.code).claimed_by, "Kees");
  EXPECT_EQ(f.row(r.code).claimed, claimed_at);
  EXPECT_EQ(f.audit_rows(), audit_before);

  ASSERT_EQ(f.help.done(r.code, "volunteer").outcome, HelpChange::Changed);
  const auto done_row = f.row(r.code);
  const auto after_done = f.audit_rows();
  f.clock.t += 60;
  const auto claim_done = f.help.claim(r.code, "Fatma", "", "volunteer");
  EXPECT_EQ(claim_done.outcome, HelpChange::NotAllowed);
  EXPECT_EQ(claim_done.problem, "help request " + r.code + " is already done");
  EXPECT_EQ(f.help.claim(r.code, "Kees", "", "volunteer").outcome, HelpChange::NotAllowed);
  const auto done_again = f.help.done(r.code, "volunteer");
  EXPECT_EQ(done_again.outcome, HelpChange::NotAllowed);
  EXPECT_NE(done_again.problem.find("already done"), std::string::npos);
  EXPECT_EQ(f.help.cancel(r.code, "volunteer").outcome, HelpChange::NotAllowed);
  const auto still = f.row(r.code);
  EXPECT_EQ(still.status, HelpStatus::Done);
  EXPECT_EQ(still.done, done_row.done);
  EXPECT_FALSE(still.cancelled);
  EXPECT_EQ(f.audit_rows(), after_done);

  const auto c = f.ask();
  ASSERT_EQ(f.help.cancel(c.code, "resident").outcome, HelpChange::Changed);
  const auto claim_cancelled = f.help.claim(c.code, "Kees", "", "volunteer");
  EXPECT_EQ(claim_cancelled.outcome, HelpChange::NotAllowed);
  EXPECT_EQ(claim_cancelled.problem, "help request " + c.code + " was cancelled");
  EXPECT_EQ(f.help.done(c.code, "volunteer").outcome, HelpChange::NotAllowed);
  const auto twice = f.help.cancel(c.code, "resident");
  EXPECT_EQ(twice.outcome, HelpChange::NotAllowed);
  EXPECT_EQ(twice.problem, "help request " + c.code + " was already cancelled");
  EXPECT_EQ(f.row(c.code).status, HelpStatus::Cancelled);
  EXPECT_FALSE(f.row(c.code).claimed);
}

TEST(HelpStatusMachine, SameVolunteerClaimingAgainChangesNothingButMayAddANote) {
  Fixture f;
  const auto r = f.ask();
  f.help.claim(r.code, "Kees", "", "volunteer");
  const auto first = f.row(r.code);
  const auto audit_before = f.audit_rows();
  f.clock.t += 300;
  EXPECT_EQ(f.help.claim(r.code, "Kees", "", "volunteer").outcome, HelpChange::Unchanged);
  EXPECT_EQ(f.audit_rows(), audit_before);
  EXPECT_EQ(f.help.claim(r.code, "  Kees ", "Sleutel bij de buren", "volunteer").outcome, HelpChange::Changed);
  const auto v = f.row(r.code);
  EXPECT_EQ(v.claimed, first.claimed);
  EXPECT_EQ(v.note, "Sleutel bij de buren");
  EXPECT_EQ(f.audit_rows(), audit_before + 1);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'help.note'"), 1);
}

TEST(HelpStatusMachine, UnknownAndMalformedCodesAreNotFound) {
  Fixture f;
  f.ask();
  EXPECT_EQ(f.help.claim("ZZZZZZ", "Kees", "", "volunteer").outcome, HelpChange::NotFound);
  EXPECT_EQ(f.help.done("ZZZZZZ", "volunteer").outcome, HelpChange::NotFound);
  EXPECT_EQ(f.help.cancel("ZZZZZZ", "volunteer").outcome, HelpChange::NotFound);
  EXPECT_EQ(f.help.add_note("ZZZZZZ", "x", "volunteer").outcome, HelpChange::NotFound);
  const auto bad = f.help.claim("K7'; --", "Kees", "", "volunteer");
  EXPECT_EQ(bad.outcome, HelpChange::NotFound);
  EXPECT_NE(bad.problem.find("no help request with code"), std::string::npos);
  EXPECT_EQ(f.audit_rows(), 1);  // only the help.add
}

TEST(HelpStatusMachine, BadVolunteerNameOrNoteIsInvalidInput) {
  Fixture f;
  const auto r = f.ask();
  const auto empty = f.help.claim(r.code, "   ", "", "volunteer");
  EXPECT_EQ(empty.outcome, HelpChange::InvalidInput);
  EXPECT_EQ(empty.problem, "volunteer's name is empty");
  EXPECT_EQ(f.help.claim(r.code, std::string(61, 'k'), "", "volunteer").outcome, HelpChange::InvalidInput);
  EXPECT_EQ(f.help.claim(r.code, "Kees \xF0\x9F\x98\x80", "", "volunteer").outcome, HelpChange::InvalidInput);
  EXPECT_EQ(f.help.claim(r.code, "Kees\xC3", "", "volunteer").outcome, HelpChange::InvalidInput);
  const auto long_note = f.help.claim(r.code, "Kees", std::string(501, 'n'), "volunteer");
  EXPECT_EQ(long_note.outcome, HelpChange::InvalidInput);
  EXPECT_NE(long_note.problem.find("note"), std::string::npos);
  EXPECT_EQ(f.help.add_note(r.code, "", "volunteer").outcome, HelpChange::InvalidInput);
  EXPECT_EQ(f.row(r.code).status, HelpStatus::Open);
  EXPECT_EQ(f.audit_rows(), 1);
}

TEST(HelpNotes, AppendInAnyStatusUpToALimitAndNotAfterPurge) {
  Fixture f;
  const auto r = f.ask();
  EXPECT_EQ(f.help.add_note(r.code, "Eerst bellen", "volunteer", "Kees").outcome, HelpChange::Changed);
  EXPECT_EQ(f.help.add_note(r.code, "Twee tassen\nGeen haast", "volunteer").outcome, HelpChange::Changed);
  EXPECT_EQ(f.row(r.code).note, "Eerst bellen\nTwee tassen\nGeen haast");
  EXPECT_EQ(f.row(r.code).status, HelpStatus::Open);  // a note changes no status
  f.help.cancel(r.code, "resident");
  EXPECT_EQ(f.help.add_note(r.code, "Zoon helpt nu", "volunteer").outcome, HelpChange::Changed);

  const auto s = f.ask();
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(f.help.add_note(s.code, std::string(500, 'a' + i), "volunteer").outcome, HelpChange::Changed);
  const auto full = f.help.add_note(s.code, std::string(500, 'z'), "volunteer");  // would be 2003
  EXPECT_EQ(full.outcome, HelpChange::NotAllowed);
  EXPECT_NE(full.problem.find("2000"), std::string::npos);

  const auto t = f.ask();
  f.db.engine().exec("UPDATE help_request SET name = NULL, phone = NULL, description = NULL, purged_utc = 1 "
            "WHERE code = '" + t.code + "'");
  EXPECT_EQ(f.help.add_note(t.code, "Nog iets", "volunteer").outcome, HelpChange::NotAllowed);
}

TEST(HelpInput, ComingBackInPersonStoresNoContactEvenWhenTyped) {
  Fixture f;
  const auto r = f.help.create({"klusje", "today", "", true, "Ans Geheim", "0612345678"});
  ASSERT_EQ(r.outcome, HelpOutcome::Created) << r.problem;
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM help_request WHERE name IS NULL AND phone IS NULL "
                            "AND description IS NULL AND comes_back = 1"), 1);
  const auto v = f.row(r.code);
  EXPECT_EQ(v.name, "");
  EXPECT_EQ(v.phone, "");
  EXPECT_TRUE(v.comes_back);
  // Nothing of what was typed is kept, so it is not judged either.
  EXPECT_EQ(outcome_of(f, {"klusje", "today", "", true, "\xF0\x9F\x98\x80", "abc"}), HelpOutcome::Created);
  // Without "Ik kom zelf terug" a name is needed; the phone stays optional.
  EXPECT_EQ(outcome_of(f, {"klusje", "today", "", false, "", "0612345678"}), HelpOutcome::InvalidInput);
  const auto no_phone = f.help.create({"post", "any", "", false, "Ans", ""});
  ASSERT_EQ(no_phone.outcome, HelpOutcome::Created);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM help_request WHERE code = '" + no_phone.code +
                            "' AND phone IS NULL AND name = 'Ans'"), 1);
}

TEST(HelpInput, BadInputIsRefusedWithTheFieldNamedAndNothingWritten) {
  Fixture f;
  auto problem = [&](const HelpRequestInput& in) {
    const auto r = f.help.create(in);
    EXPECT_EQ(r.outcome, HelpOutcome::InvalidInput) << in.name << " / " << in.description;
    return r.problem;
  };
  EXPECT_EQ(problem({"vliegen", "today", "", false, "Ans", ""}),
            "category \"vliegen\" is not one of boodschappen, klusje, vervoer, gezelschap, post, computer, anders");
  EXPECT_EQ(problem({"klusje", "soon", "", false, "Ans", ""}), "timing \"soon\" is not one of today, this_week, any");
  EXPECT_EQ(problem({"klusje", "today", "", false, "", ""}), "name is empty");
  EXPECT_EQ(problem({"klusje", "today", "", false, " \t ", ""}), "name is empty");
  EXPECT_EQ(problem({"klusje", "today", "", false, std::string(61, 'x'), ""}).rfind("name ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "", false, std::string(500, 'x'), ""}).rfind("name ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "", false, "Ans \xF0\x9F\x98\x80", ""}).rfind("name ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "", false, "An\xC3", ""}).rfind("name ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", std::string(501, 'a'), false, "Ans", ""}).rfind("description ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "lamp \xF0\x9F\x92\xA1", false, "Ans", ""}).rfind("description ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "\xC3", false, "Ans", ""}).rfind("description ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "", false, "Ans", "bel me"}).rfind("phone ", 0), 0u);
  EXPECT_EQ(problem({"klusje", "today", "", false, "Ans", "12"}).rfind("phone ", 0), 0u);
  EXPECT_EQ(f.requests(), 0);
  EXPECT_EQ(f.audit_rows(), 0);

  // The limits themselves are fine, counted in characters (é is two bytes).
  std::string e500;
  for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";
  EXPECT_EQ(outcome_of(f, {"klusje", "today", e500, false, std::string(60, 'x'), ""}), HelpOutcome::Created);
  const auto multi = f.help.create({"klusje", "today", "Lamp in de gang.\nLadder is er.", false, "Ans", ""});
  ASSERT_EQ(multi.outcome, HelpOutcome::Created);
  EXPECT_EQ(f.row(multi.code).description, "Lamp in de gang.\nLadder is er.");
  // A name is one line: a line break folds to a space, control characters are dropped.
  const auto folded = f.help.create({"klusje", "today", "", false, " Ans\nvan\x07 Dijk ", ""});
  ASSERT_EQ(folded.outcome, HelpOutcome::Created);
  EXPECT_EQ(f.row(folded.code).name, "Ans van Dijk");
}

TEST(HelpInput, QuotesAndSqlTextAreKeptAsTyped) {
  Fixture f;
  const std::string name = "Jan 'de Boer' \"Jr\"";
  const std::string description = "Lamp'); DROP TABLE help_request;-- en \"meer\"";
  const auto r = f.help.create({"klusje", "today", description, false, name, ""});
  ASSERT_EQ(r.outcome, HelpOutcome::Created) << r.problem;
  EXPECT_EQ(f.row(r.code).name, name);
  EXPECT_EQ(f.row(r.code).description, description);
  EXPECT_EQ(f.help.claim(r.code, "O'Neill", "'; DELETE FROM audit;--", "volunteer").outcome, HelpChange::Changed);
  EXPECT_EQ(f.row(r.code).claimed_by, "O'Neill");
  EXPECT_EQ(f.row(r.code).note, "'; DELETE FROM audit;--");
  EXPECT_EQ(f.requests(), 1);
  EXPECT_EQ(f.audit_rows(), 2);
}

TEST(HelpCodes, CodesAndTokensAreUniqueAndOnlyTheTokenHashIsStored) {
  Fixture f;
  std::set<std::string> codes, tokens;
  for (int i = 0; i < 300; ++i) {
    const auto r = f.ask();
    ASSERT_EQ(r.outcome, HelpOutcome::Created);
    EXPECT_TRUE(normalise_reference_code(r.code) == r.code);
    EXPECT_TRUE(looks_like_followup_token(r.token));
    EXPECT_EQ(r.followup_url, "https://kiosk.test/h/" + r.token);
    codes.insert(r.code);
    tokens.insert(r.token);
  }
  EXPECT_EQ(codes.size(), 300u);
  EXPECT_EQ(tokens.size(), 300u);
  const auto last = *tokens.begin();
  auto st = f.db.engine().prepare("SELECT count(*) FROM help_request WHERE token_hash = ?1 OR token_hash = ?2");
  st.bind(1, last).bind(2, hash_token(last));
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 1);  // stored as its hash, never as itself
}

TEST(HelpCodes, ACodeInUseByARegistrationOrHelpRequestIsNotHandedOutAgain) {
  Fixture f;
  f.db.engine().exec("INSERT INTO activity(uid, title, series_ics, created_utc, updated_utc) VALUES ('a','Koersbal','',0,0);"
            "INSERT INTO occurrence(activity_id, recurrence_key, start_utc, end_utc) VALUES (1,'k',0,0);"
            "INSERT INTO registration(occurrence_id, code, token_hash, name, people, status, created_utc) "
            "VALUES (1,'K7M3QX','h','Marie',1,'registered',0)");
  std::deque<std::string> next = {"K7M3QX", "K7M3QY", "K7M3QY", "K7M3QX", "K7M3QZ"};
  f.help.use_code_source([&next] {
    std::string c = next.front();
    next.pop_front();
    return c;
  });
  const auto a = f.ask();
  EXPECT_EQ(a.code, "K7M3QY");  // K7M3QX belongs to a registration
  const auto b = f.ask();
  EXPECT_EQ(b.code, "K7M3QZ");  // K7M3QY is taken by a, K7M3QX still by the registration
  EXPECT_TRUE(next.empty());
}

TEST(HelpLookup, ByCodeAsTypedAndByToken) {
  Fixture f;
  const auto a = f.ask(), b = f.ask();
  std::string typed = a.code;
  for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  typed.insert(3, " - ");
  ASSERT_TRUE(f.help.lookup_code(typed));
  EXPECT_EQ(f.help.lookup_code(typed)->code, a.code);
  EXPECT_EQ(f.help.lookup_token(a.token)->code, a.code);
  EXPECT_EQ(f.help.lookup_token(b.token)->code, b.code);
  EXPECT_FALSE(f.help.lookup_token(make_followup_token()));
  EXPECT_FALSE(f.help.lookup_token("not a token"));
  EXPECT_FALSE(f.help.lookup_token(hash_token(a.token)));  // the stored hash does not open it
  EXPECT_FALSE(f.help.lookup_code("ZZZZZZ"));
  EXPECT_FALSE(f.help.lookup_code("?"));
}

TEST(HelpLookup, ListByStatusOldestFirst) {
  Fixture f;
  const auto a = f.ask();
  f.clock.t += 10;
  const auto b = f.ask();
  f.clock.t += 10;
  const auto c = f.ask();
  f.help.claim(b.code, "Kees", "", "volunteer");
  f.help.done(c.code, "volunteer");
  const auto all = f.help.list();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].code, a.code);
  EXPECT_EQ(all[1].code, b.code);
  EXPECT_EQ(all[2].code, c.code);
  EXPECT_EQ(all[0].name, "Ans de Vries");
  EXPECT_EQ(all[0].phone, "06 1234 5678");
  ASSERT_EQ(f.help.list(HelpStatus::Open).size(), 1u);
  EXPECT_EQ(f.help.list(HelpStatus::Open)[0].code, a.code);
  EXPECT_EQ(f.help.list(HelpStatus::Claimed)[0].code, b.code);
  EXPECT_EQ(f.help.list(HelpStatus::Done)[0].code, c.code);
  EXPECT_TRUE(f.help.list(HelpStatus::Cancelled).empty());
}

TEST(HelpPublic, TheResidentSeesPlainStatusWordsAndNothingPersonal) {
  Fixture f;
  const auto r = f.ask();
  auto p = f.help.public_lookup_code(r.code);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status_key(), "help.status.open");
  EXPECT_EQ(p->category, "boodschappen");
  f.help.claim(r.code, "Kees", "Sleutel onder de mat", "volunteer");
  p = f.help.public_lookup_token(r.token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->code, r.code);
  EXPECT_EQ(p->status_key(), "help.status.claimed");
  f.help.done(r.code, "volunteer");
  EXPECT_EQ(f.help.public_lookup_code(r.code)->status_key(), "help.status.done");
  EXPECT_FALSE(f.help.public_lookup_token(make_followup_token()));
  // The keys exist in the Dutch catalog with the words of the issue.
  const Catalog nl = Catalog::load(assets_dir());
  EXPECT_EQ(nl.tr_in("nl", public_status_key(HelpStatus::Open)), "Ontvangen");
  EXPECT_EQ(nl.tr_in("nl", public_status_key(HelpStatus::Claimed)), "Opgepakt door een vrijwilliger");
  EXPECT_EQ(nl.tr_in("nl", public_status_key(HelpStatus::Done)), "Afgerond");
  EXPECT_EQ(nl.tr_in("nl", public_status_key(HelpStatus::Cancelled)), "Geannuleerd");
}

TEST(HelpAudit, OneRowPerChangeWithoutThePersonalData) {
  Fixture f;
  const std::string name = "Henriëtte Zonneveld", phone = "0687654321",
                    description = "Verwarming doet het niet", note = "Dochter Ilse belt terug";
  const auto r = f.help.create({"klusje", "today", description, false, name, phone});
  ASSERT_EQ(r.outcome, HelpOutcome::Created);
  f.clock.t += 60;
  f.help.claim(r.code, "Kees", note, "volunteer");
  f.help.add_note(r.code, note + " morgen", "staff", "Fatma");
  f.help.done(r.code, "volunteer", "Kees");
  const auto c = f.help.create({"post", "any", description, false, name, phone}, "cli");
  f.help.cancel(c.code, "cli");

  const auto rows = read_audit(f.db, 0);
  ASSERT_EQ(rows.size(), 6u);
  const std::vector<std::string> actions = {"help.add", "help.claim", "help.note", "help.done", "help.add", "help.cancel"};
  const std::vector<std::string> roles = {"resident", "volunteer", "staff", "volunteer", "cli", "cli"};
  const std::vector<std::string> actors = {"", "Kees", "Fatma", "Kees", "", ""};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].action, actions[i]);
    EXPECT_EQ(rows[i].role, roles[i]);
    EXPECT_EQ(rows[i].actor, actors[i]);
    EXPECT_EQ(rows[i].subject, i < 4 ? r.code : c.code);
    for (const std::string& field : {rows[i].role, rows[i].actor, rows[i].action, rows[i].subject, rows[i].detail})
      for (const std::string& secret : {name, std::string("Henri"), phone, description, note})
        EXPECT_EQ(field.find(secret), std::string::npos) << rows[i].action << ": " << field;
  }
  EXPECT_EQ(rows[1].detail, "open -> claimed");
  EXPECT_EQ(rows[1].at, kStart + 60);
  EXPECT_EQ(rows[3].detail, "claimed -> done");
}

// Two processes (the kiosk and buurtkioskctl, say) claim the same request at once: one wins.
TEST(HelpStatusMachine, ConcurrentClaimsFromSeveralProcessesHaveOneWinner) {
  const auto path = test::temp_path("help_claims");
  std::string code;
  {
    Fixture f(path.string());
    code = f.ask().code;
  }
  constexpr int kProcesses = 6;
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = fork();
    if (pid == 0) {
      int rc = 3;
      try {
        Fixture f(path.string());
        const auto r = f.help.claim(code, "Vrijwilliger " + std::to_string(p), "", "volunteer");
        rc = r.outcome == HelpChange::Changed ? 0 : r.outcome == HelpChange::NotAllowed ? 1 : 2;
      } catch (...) {
        rc = 4;
      }
      _exit(rc);
    }
    kids.push_back(pid);
  }
  int winners = 0, refused = 0;
  for (pid_t k : kids) {
    int status = 0;
    waitpid(k, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 0) ++winners;
    if (WEXITSTATUS(status) == 1) ++refused;
  }
  EXPECT_EQ(winners, 1);
  EXPECT_EQ(refused, kProcesses - 1);
  Fixture f(path.string());
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'help.claim'"), 1);
  EXPECT_EQ(f.row(code).status, HelpStatus::Claimed);
  for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
}
