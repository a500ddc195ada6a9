// Volunteers' edits with registrations attached: one date versus the whole series, lowering
// capacity, deleting a series. A registration is never dropped silently.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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
  ActivityId series = 0;
  std::vector<AgendaItem> dates;
  Fixture() {
    NewActivity a;
    a.title = "Jeu de boules";
    a.location = "Veldje";
    a.start = *parse_local_datetime("2027-03-03T14:00");
    a.end = *parse_local_datetime("2027-03-03T16:00");
    a.capacity = 8;
    a.weekly_until = LocalDate{2027, 3, 31};  // five Wednesdays
    series = agenda.add_activity(a);
    dates = agenda.between({2027, 3, 1}, {2027, 4, 1});
  }
  std::string add(OccurrenceId o, const char* name, int people) {
    RegistrationRequest r;
    r.occurrence_id = o;
    r.name = name;
    r.phone = "06 1234 5678";
    r.people = people;
    auto res = regs.register_for(r);
    EXPECT_TRUE(res.outcome == RegisterOutcome::Registered || res.outcome == RegisterOutcome::Waitlisted);
    return res.code;
  }
  std::string iso(OccurrenceId o) { return zone.iso_with_offset(agenda.item(o)->start); }
};

}  // namespace

TEST(AgendaEdit, OneDateMovesWithItsRegistrationsAndTheSeriesStays) {
  Fixture f;
  ASSERT_EQ(f.dates.size(), 5u);
  const OccurrenceId second = f.dates[1].occurrence_id;
  const std::string code = f.add(second, "Anna de Vries", 2);
  OccurrenceEdit e;
  e.start = *parse_local_datetime("2027-03-10T15:00");
  e.location = "Grote zaal";
  ASSERT_TRUE(f.agenda.edit_occurrence(second, e, "volunteer"));
  EXPECT_EQ(f.iso(second), "2027-03-10T15:00:00+01:00");
  EXPECT_EQ(f.zone.iso_with_offset(f.agenda.item(second)->end), "2027-03-10T17:00:00+01:00") << "the length stays";
  EXPECT_EQ(f.agenda.item(second)->location, "Grote zaal");
  EXPECT_EQ(f.agenda.item(second)->registered, 2) << "the registration stays with the date";
  EXPECT_EQ(f.regs.lookup_code(code)->occurrence.occurrence_id, second);
  // The other dates are untouched.
  EXPECT_EQ(f.iso(f.dates[2].occurrence_id), "2027-03-17T14:00:00+01:00");
  EXPECT_EQ(f.agenda.item(f.dates[2].occurrence_id)->location, "Veldje");
  // A series edit changes every date, but not what was set on the one date.
  ActivityEdit s;
  s.title = "Jeu de boules (buiten)";
  s.location = "Achtertuin";
  ASSERT_TRUE(f.agenda.edit_activity(f.series, s, "volunteer"));
  EXPECT_EQ(f.agenda.item(f.dates[0].occurrence_id)->title, "Jeu de boules (buiten)");
  EXPECT_EQ(f.agenda.item(f.dates[0].occurrence_id)->location, "Achtertuin");
  EXPECT_EQ(f.agenda.item(second)->title, "Jeu de boules (buiten)");
  EXPECT_EQ(f.agenda.item(second)->location, "Grote zaal");
  EXPECT_EQ(f.agenda.item(second)->registered, 2);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'occurrence.edit' AND role = 'volunteer'"), 1);
  // Bad one-date edits change nothing.
  OccurrenceEdit bad;
  bad.end = *parse_local_datetime("2027-03-10T09:00");
  EXPECT_THROW(f.agenda.edit_occurrence(second, bad), InputError);
  EXPECT_EQ(f.iso(second), "2027-03-10T15:00:00+01:00");
  EXPECT_FALSE(f.agenda.edit_occurrence(999999, e));
}

TEST(AgendaEdit, SeriesCapacityCannotDropBelowWhoIsRegistered) {
  Fixture f;
  f.add(f.dates[3].occurrence_id, "Bram", 4);
  f.add(f.dates[3].occurrence_id, "Cem", 2);
  ActivityEdit e;
  e.capacity = std::optional<int>(5);
  try {
    f.agenda.edit_activity(f.series, e);
    FAIL() << "lowering below 6 registered people must be refused";
  } catch (const InputError& err) {
    EXPECT_STREQ(err.what(), "capacity 5 is below the 6 people registered for 2027-03-24T14:00; cancel registrations first");
  }
  EXPECT_EQ(f.agenda.item(f.dates[0].occurrence_id)->capacity, 8) << "nothing changed";
  e.capacity = std::optional<int>(6);
  EXPECT_TRUE(f.agenda.edit_activity(f.series, e));
  EXPECT_EQ(f.agenda.item(f.dates[3].occurrence_id)->places_left(), 0);
}

TEST(AgendaEdit, DeletingASeriesKeepsDatesThatHaveRegistrations) {
  Fixture f;
  f.clock.t = parse_now_option("2027-03-05T09:00", f.zone);  // the first date is past
  const OccurrenceId past = f.dates[0].occurrence_id;
  const OccurrenceId booked = f.dates[2].occurrence_id;
  const OccurrenceId withdrawn = f.dates[3].occurrence_id;
  const std::string code = f.add(booked, "Dewi", 1);
  const std::string gone = f.add(withdrawn, "Eva", 1);
  ASSERT_EQ(f.regs.cancel_code(gone).outcome, CancelOutcome::Cancelled);
  const auto d = f.agenda.delete_activity(f.series, "staff");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->dates_cancelled, 1);
  EXPECT_EQ(d->registrations_kept, 1);
  EXPECT_EQ(d->dates_deleted, 2) << "the dates nobody had registered for";
  // The booked date stays, cancelled, with its registration: a volunteer calls, the lookup says so.
  ASSERT_TRUE(f.agenda.item(booked));
  EXPECT_EQ(f.agenda.item(booked)->status, OccurrenceStatus::Cancelled);
  const auto view = f.regs.lookup_code(code);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->status, RegistrationStatus::Registered);
  EXPECT_EQ(view->occurrence.status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(view->phone, "06 1234 5678");
  // The withdrawn registration's row stays too (it points at its date), cancelled.
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence WHERE id = " + std::to_string(withdrawn)), 1);
  // The public agenda shows only the cancelled date; past history stays in the tables.
  const auto items = f.agenda.between({2027, 3, 5}, {2027, 4, 1});
  ASSERT_EQ(items.size(), 2u);
  for (const auto& i : items) EXPECT_EQ(i.status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence WHERE id = " + std::to_string(past)), 1);
  EXPECT_FALSE(f.agenda.delete_activity(f.series)) << "already deleted";
  RegistrationRequest r;
  r.occurrence_id = booked;
  r.name = "Fenna";
  EXPECT_EQ(f.regs.register_for(r).outcome, RegisterOutcome::Closed);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action = 'activity.delete' AND role = 'staff'"), 1);
}

TEST(AgendaCounts, TheStoredPeopleCountsFollowEveryRegistrationChange) {
  // The week query reads counts kept by triggers (migration 2); they must always equal the rows.
  Fixture f;
  const OccurrenceId o = f.dates[1].occurrence_id;
  const std::string a = f.add(o, "Anna", 3);
  f.add(o, "Bram", 5);
  const std::string c = f.add(o, "Cem", 2);  // 8 places: Cem waits
  f.add(f.dates[2].occurrence_id, "Dewi", 1);
  auto check_counts = [&](int registered, int waiting) {
    EXPECT_EQ(f.agenda.item(o)->registered, registered);
    EXPECT_EQ(f.agenda.item(o)->waitlisted, waiting);
    EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence WHERE registered_people != COALESCE((SELECT SUM(people) "
                              "FROM registration r WHERE r.occurrence_id = occurrence.id AND r.status = 'registered'), 0) "
                              "OR waitlisted_people != COALESCE((SELECT SUM(people) FROM registration r WHERE "
                              "r.occurrence_id = occurrence.id AND r.status = 'waitlisted'), 0)"),
              0);
  };
  check_counts(8, 2);
  ASSERT_EQ(f.regs.cancel_code(a).outcome, CancelOutcome::Cancelled);  // Cem moves up
  check_counts(7, 0);
  ASSERT_EQ(f.regs.cancel_code(c).outcome, CancelOutcome::Cancelled);
  check_counts(5, 0);
  EXPECT_EQ(f.agenda.between({2027, 3, 1}, {2027, 4, 1})[1].registered, 5);
}

// The list keeps activities in memory between queries (migration 3's version counter). Another
// process's edit must show at once; a registration, the frequent change, must not cost a reload.
TEST(AgendaListing, AnotherProcesssActivityEditShowsAtOnceAndARegistrationKeepsTheCache) {
  const auto file = std::filesystem::temp_directory_path() / ("bk_listing_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(file);
  const TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  clock.t = parse_now_option("2027-03-01T09:00", zone);
  {
    Store kiosk_db(file), desk_db(file);
    kiosk_db.migrate();
    AgendaService kiosk(kiosk_db, zone, clock, 183), desk(desk_db, zone, clock, 183);
    RegistrationService desk_regs(desk_db, clock, "https://kiosk.test");
    desk_regs.set_agenda_lookup([&desk](OccurrenceId id) { return desk.item(id); });
    NewActivity a;
    a.title = "Jeu de boules";
    a.location = "Veldje";
    a.start = *parse_local_datetime("2027-03-03T14:00");
    a.end = *parse_local_datetime("2027-03-03T16:00");
    a.capacity = 8;
    a.weekly_until = LocalDate{2027, 3, 31};
    const ActivityId id = desk.add_activity(a);
    ASSERT_EQ(kiosk.between({2027, 3, 1}, {2027, 4, 1}).size(), 5u);

    const auto version = [&] { return kiosk_db.engine().scalar_int("SELECT n FROM activity_listing_version"); };
    const std::int64_t before = version();
    RegistrationRequest r;
    r.occurrence_id = kiosk.between({2027, 3, 1}, {2027, 4, 1})[0].occurrence_id;
    r.name = "Anna";
    r.people = 3;
    ASSERT_EQ(desk_regs.register_for(r).outcome, RegisterOutcome::Registered);
    EXPECT_EQ(version(), before) << "a registration does not invalidate the activities";
    EXPECT_EQ(kiosk.between({2027, 3, 1}, {2027, 4, 1})[0].registered, 3) << "counts come from the date row";

    ActivityEdit e;
    e.title = "Petanque";
    e.location = "Grote zaal";
    e.capacity = std::optional<int>(12);
    ASSERT_TRUE(desk.edit_activity(id, e));
    EXPECT_NE(version(), before);
    auto dates = kiosk.between({2027, 3, 1}, {2027, 4, 1});
    ASSERT_EQ(dates.size(), 5u);
    for (const AgendaItem& d : dates) {
      EXPECT_EQ(d.title, "Petanque");
      EXPECT_EQ(d.location, "Grote zaal");
      EXPECT_EQ(d.capacity, std::optional<int>(12));
    }
    // One date's own title wins over the series'.
    OccurrenceEdit one;
    one.title = "Petanque (finale)";
    ASSERT_TRUE(desk.edit_occurrence(dates[4].occurrence_id, one));
    EXPECT_EQ(kiosk.between({2027, 3, 1}, {2027, 4, 1})[4].title, "Petanque (finale)");
    // Deleting the series: only the date with a registration stays, shown as cancelled.
    ASSERT_TRUE(desk.delete_activity(id));
    dates = kiosk.between({2027, 3, 1}, {2027, 4, 1});
    ASSERT_EQ(dates.size(), 1u);
    EXPECT_EQ(dates[0].status, OccurrenceStatus::Cancelled);
  }
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + "-wal");
  std::filesystem::remove(file.string() + "-shm");
}

TEST(AgendaListing, TwoDatabasesStartWithDifferentVersions) {
  Store a(":memory:"), b(":memory:");
  a.migrate();
  b.migrate();
  EXPECT_NE(a.engine().scalar_int("SELECT n FROM activity_listing_version"),
            b.engine().scalar_int("SELECT n FROM activity_listing_version"))
      << "a restored or another database never matches a process's cached activities";
}
