// Registering: capacity that holds, the waiting list, codes and tokens, bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "services/agenda_service.hpp"
#include "services/registration_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;

namespace {

struct Fixture : bk::test::ServiceGraph {
  Store& db = store;
  RegistrationService& regs = registrations;
  explicit Fixture(const std::string& path = ":memory:") : ServiceGraph(path) {}
  OccurrenceId date(std::optional<int> capacity, const char* start = "2027-03-02T10:00") {
    NewActivity a;
    a.title = "Koersbal";
    a.start = *parse_local_datetime(start);
    a.end = a.start;
    a.end.hour += 1;
    a.capacity = capacity;
    const auto id = agenda.add_activity(a);
    auto st = db.engine().prepare("SELECT id FROM occurrence WHERE activity_id = ?");
    st.bind(1, id);
    st.step();
    return st.int64(0);
  }
  RegisterResult reg(OccurrenceId o, int people, bool waitlist = true, const std::string& name = "Marie") {
    RegistrationRequest r;
    r.occurrence_id = o;
    r.name = name;
    r.people = people;
    r.waitlist_if_full = waitlist;
    return regs.register_for(r);
  }
};

}  // namespace

TEST(Registration, CountsPeopleUpToCapacityExactly) {
  Fixture f;
  const auto o = f.date(5);
  EXPECT_EQ(f.reg(o, 2).outcome, RegisterOutcome::Registered);
  EXPECT_EQ(f.reg(o, 3).outcome, RegisterOutcome::Registered);
  EXPECT_EQ(f.reg(o, 1).outcome, RegisterOutcome::Waitlisted);
  const auto item = f.agenda.item(o);
  EXPECT_EQ(item->registered, 5);
  EXPECT_EQ(item->waitlisted, 1);
  EXPECT_EQ(item->places_left(), 0);
}

TEST(Registration, AGroupLargerThanThePlacesLeftWaitsWhole) {
  Fixture f;
  const auto o = f.date(4);
  f.reg(o, 3);
  EXPECT_EQ(f.reg(o, 2).outcome, RegisterOutcome::Waitlisted);
  EXPECT_EQ(f.reg(o, 1).outcome, RegisterOutcome::Registered);
}

TEST(Registration, KioskGetsFullInsteadOfASilentWaitingList) {
  Fixture f;
  const auto o = f.date(1);
  f.reg(o, 1);
  const auto r = f.reg(o, 1, false);
  EXPECT_EQ(r.outcome, RegisterOutcome::Full);
  EXPECT_TRUE(r.code.empty());
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM registration"), 1);
}

TEST(Registration, FreeEntryHasNoLimit) {
  Fixture f;
  const auto o = f.date(std::nullopt);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(f.reg(o, 6).outcome, RegisterOutcome::Registered);
  EXPECT_EQ(f.agenda.item(o)->registered, 120);
}

TEST(Registration, ClosedPastCancelledAndUnknownDates) {
  Fixture f;
  const auto o = f.date(5);
  EXPECT_EQ(f.reg(o + 100, 1).outcome, RegisterOutcome::NotFound);
  f.agenda.cancel_occurrence(o);
  EXPECT_EQ(f.reg(o, 1).outcome, RegisterOutcome::Closed);
  const auto past = f.date(5, "2027-02-27T10:00");
  EXPECT_EQ(f.reg(past, 1).outcome, RegisterOutcome::Closed);
}

TEST(Registration, CancellingMovesTheFirstFittingPartiesUp) {
  Fixture f;
  const auto o = f.date(4);
  const auto a = f.reg(o, 2), b = f.reg(o, 2);
  f.clock.t += 1;
  const auto big = f.reg(o, 3);  // waits first
  f.clock.t += 1;
  const auto small = f.reg(o, 1);  // waits second
  f.clock.t += 1;
  const auto also = f.reg(o, 1);  // waits third
  ASSERT_EQ(big.outcome, RegisterOutcome::Waitlisted);
  EXPECT_EQ(f.regs.lookup_code(small.code)->waitlist_position, 2);
  const auto c = f.regs.cancel_code(a.code);
  EXPECT_EQ(c.outcome, CancelOutcome::Cancelled);
  // Two places: the group of 3 does not fit, so the next two single parties move up.
  EXPECT_EQ(c.promoted_codes, (std::vector<std::string>{small.code, also.code}));
  EXPECT_EQ(f.regs.lookup_code(big.code)->status, RegistrationStatus::Waitlisted);
  EXPECT_EQ(f.regs.lookup_code(big.code)->waitlist_position, 1);
  EXPECT_EQ(f.agenda.item(o)->registered, 4);
  // Now a place for the 3 after two more cancellations.
  f.regs.cancel_code(b.code);
  f.regs.cancel_code(small.code);
  EXPECT_EQ(f.regs.lookup_code(big.code)->status, RegistrationStatus::Registered);
  EXPECT_EQ(f.regs.cancel_code(a.code).outcome, CancelOutcome::AlreadyCancelled);
  EXPECT_EQ(f.regs.cancel_code("ZZZZZZ").outcome, CancelOutcome::NotFound);
}

TEST(Registration, RaisingCapacityMovesTheWaitingListUp) {
  Fixture f;
  const auto o = f.date(1);
  f.reg(o, 1);
  const auto w = f.reg(o, 2);
  ASSERT_EQ(w.outcome, RegisterOutcome::Waitlisted);
  ActivityEdit e;
  e.capacity = 3;
  f.agenda.on_capacity_changed([&](OccurrenceId id) { promote_waiting(f.db, id, f.clock.t); });
  f.agenda.edit_activity(f.agenda.item(o)->activity_id, e);
  EXPECT_EQ(f.regs.lookup_code(w.code)->status, RegistrationStatus::Registered);
}

TEST(Registration, LookupByTypedCodeAndByToken) {
  Fixture f;
  const auto o = f.date(5);
  const auto r = f.reg(o, 2);
  std::string typed = r.code.substr(0, 3) + "-" + r.code.substr(3);
  for (char& c : typed) c = static_cast<char>(std::tolower(c));
  const auto v = f.regs.lookup_code(typed);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->people, 2);
  EXPECT_EQ(v->occurrence.title, "Koersbal");
  EXPECT_EQ(f.regs.lookup_token(r.token)->code, r.code);
  EXPECT_EQ(r.followup_url, "https://kiosk.test/r/" + r.token);
  EXPECT_FALSE(f.regs.lookup_token(r.token.substr(1) + "A"));
  EXPECT_FALSE(f.regs.lookup_token("' OR 1=1 --"));
  // The database keeps only the token's hash.
  EXPECT_EQ(f.db.engine().scalar_int(("SELECT count(*) FROM registration WHERE token_hash = '" + r.token + "'").c_str()), 0);
}

TEST(Registration, CodesAndTokensAreUniqueOverManyRegistrations) {
  Fixture f;
  const auto o = f.date(std::nullopt);
  std::set<std::string> codes, tokens;
  for (int i = 0; i < 1500; ++i) {
    const auto r = f.reg(o, 1);
    ASSERT_TRUE(codes.insert(r.code).second);
    ASSERT_TRUE(tokens.insert(r.token).second);
  }
}

TEST(Registration, BadInputIsRefusedAndNothingIsStored) {
  Fixture f;
  const auto o = f.date(5);
  EXPECT_EQ(f.reg(o, 1, true, "").outcome, RegisterOutcome::InvalidInput);
  EXPECT_EQ(f.reg(o, 1, true, std::string(500, 'x')).outcome, RegisterOutcome::InvalidInput);
  EXPECT_EQ(f.reg(o, 1, true, "Jan \xF0\x9F\x8E\x89").outcome, RegisterOutcome::InvalidInput);
  EXPECT_EQ(f.reg(o, 1, true, "Jan \xFF\xFE").outcome, RegisterOutcome::InvalidInput);
  EXPECT_EQ(f.reg(o, 0).outcome, RegisterOutcome::InvalidInput);
  EXPECT_EQ(f.reg(o, 7).outcome, RegisterOutcome::InvalidInput);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM registration"), 0);
  const auto sql = f.reg(o, 1, true, "Robert\"); DROP TABLE registration;--");
  ASSERT_EQ(sql.outcome, RegisterOutcome::Registered);
  EXPECT_EQ(f.regs.lookup_code(sql.code)->name, "Robert\"); DROP TABLE registration;--");
  RegistrationRequest r;
  r.occurrence_id = o;
  r.name = "Jan";
  r.phone = "bel me maar";
  EXPECT_EQ(f.regs.register_for(r).outcome, RegisterOutcome::InvalidInput);
}

TEST(Registration, AuditRowsHoldNoNamesOrPhones) {
  Fixture f;
  const auto o = f.date(5);
  RegistrationRequest r;
  r.occurrence_id = o;
  r.name = "Zwanetta Geheim";
  r.phone = "0612345678";
  const auto res = f.regs.register_for(r);
  f.regs.cancel_code(res.code);
  auto st = f.db.engine().prepare("SELECT role || action || subject || detail || COALESCE(actor,'') FROM audit");
  int rows = 0;
  while (st.step()) {
    ++rows;
    EXPECT_EQ(st.text(0).find("Zwanetta"), std::string::npos);
    EXPECT_EQ(st.text(0).find("0612345678"), std::string::npos);
  }
  EXPECT_GE(rows, 2);
}

// Several processes register for the last places of one date at the same moment.
TEST(Registration, ConcurrentProcessesNeverExceedCapacity) {
  const auto path = bk::test::temp_path("concurrent");
  OccurrenceId o = 0;
  {
    Fixture f(path.string());
    o = f.date(10);
    f.reg(o, 4);  // 6 places left
  }
  constexpr int kProcesses = 6, kEach = 4;
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = fork();
    if (pid == 0) {
      int failures = 0;
      try {
        Fixture f(path.string());
        for (int i = 0; i < kEach; ++i) {
          const auto r = f.reg(o, 1 + (p + i) % 2);
          if (r.outcome != RegisterOutcome::Registered && r.outcome != RegisterOutcome::Waitlisted) ++failures;
        }
      } catch (...) {
        failures = 99;
      }
      _exit(failures);
    }
    kids.push_back(pid);
  }
  for (pid_t k : kids) {
    int status = 0;
    waitpid(k, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer got no answer";
  }
  Fixture f(path.string());
  const auto item = f.agenda.item(o);
  EXPECT_LE(item->registered, 10);
  EXPECT_GE(item->registered, 9);  // the places were taken (a group of 2 may not fit the last one)
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM registration"), 1 + kProcesses * kEach);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT COALESCE(SUM(people),0) FROM registration WHERE status='waitlisted'"),
            item->waitlisted);
  if (f.db.is_sqlite()) {
    auto ic = f.db.engine().prepare("PRAGMA integrity_check");
    ic.step();
    EXPECT_EQ(ic.text(0), "ok");
  } else {  // the counts the triggers keep match the rows
    EXPECT_EQ(f.db.engine().scalar_int(
                  "SELECT count(*) FROM occurrence o WHERE registered_people <> (SELECT COALESCE(SUM(people), 0) "
                  "FROM registration r WHERE r.occurrence_id = o.id AND r.status = 'registered')"),
              0);
  }
}

TEST(RegistrationCli, RegisterJsonLookupCancelAndCsv) {
  const auto path = bk::test::temp_path("reg_cli").string();
  const std::string base = "--db " + path + " --now 2027-03-01T09:00 ";
  ASSERT_EQ(bk::test::run_ctl(base + "activity add --title Koersbal --start 2027-03-02T10:00 "
                                     "--end 2027-03-02T11:00 --capacity 2").code, 0);
  const auto r1 = bk::test::run_ctl(base + "register 1 --name 'Marie \"Mies\", de Vries' --phone '06 1234 5678' --people 2 --json");
  ASSERT_EQ(r1.code, 0) << r1.out;
  EXPECT_EQ(r1.out.rfind("{\"status\": \"registered\", \"code\": \"", 0), 0u) << r1.out;
  EXPECT_NE(r1.out.find("\"followup_url\": \"http"), std::string::npos);
  EXPECT_NE(r1.out.find("\"people\": 2}"), std::string::npos);
  const auto r2 = bk::test::run_ctl(base + "register 1 --name Jan --json");
  EXPECT_NE(r2.out.find("\"status\": \"waitlisted\""), std::string::npos) << r2.out;
  const std::string code1 = r1.out.substr(r1.out.find("\"code\": \"") + 9, 6);
  const std::string code2 = r2.out.substr(r2.out.find("\"code\": \"") + 9, 6);
  const auto csv = bk::test::run_ctl(base + "registrations 1 --csv");
  EXPECT_EQ(csv.out, "name,people,phone,status,checked_in,code\r\n\"Marie \"\"Mies\"\", de Vries\",2,06 1234 5678,registered,no," +
                         code1 + "\r\nJan,1,,waitlisted,no," + code2 + "\r\n");
  EXPECT_EQ(bk::test::run_ctl(base + "cancel " + code1).code, 0);
  const auto l = bk::test::run_ctl(base + "lookup " + code2 + " --json");
  EXPECT_NE(l.out.find("\"status\": \"registered\""), std::string::npos) << l.out;
  EXPECT_EQ(bk::test::run_ctl(base + "cancel " + code1).code, 1);
  EXPECT_EQ(bk::test::run_ctl(base + "lookup ZZZZZZ").code, 1);
  EXPECT_EQ(bk::test::run_ctl(base + "lookup not-a-code").code, 2);
  EXPECT_EQ(bk::test::run_ctl(base + "register 99 --name X").code, 1);
  EXPECT_EQ(bk::test::run_ctl(base + "register 1 --name ''").code, 2);
  EXPECT_EQ(bk::test::run_ctl(base + "register abc --name X").code, 2);
}
