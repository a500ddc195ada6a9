// Who owns a field (issue #16): what the file says, the file owns; what a volunteer or staff set
// locally stays until the file itself changes that field. The hourly feed sync re-imports the same
// file over and over, so "re-import the unchanged file" is the everyday case.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "services/agenda_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;

namespace {

// Four Tuesdays, 16 March to 6 April 2027, 10:00-11:30, 12 places in the Grote zaal.
std::string weekly(const std::string& capacity = "12", const std::string& extra = "") {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
         "BEGIN:VEVENT\r\nUID:w1\r\nDTSTART;TZID=Europe/Amsterdam:20270316T100000\r\n"
         "DTEND;TZID=Europe/Amsterdam:20270316T113000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
         "SUMMARY:Koersbal\r\nLOCATION:Grote zaal\r\nX-BUURTKIOSK-CAPACITY:" + capacity + "\r\nEND:VEVENT\r\n" +
         extra + "END:VCALENDAR\r\n";
}

// A RECURRENCE-ID override for the Tuesday `day` (yyyymmdd) of March/April 2027.
std::string override_for(const std::string& day, const std::string& start, const std::string& end,
                         const std::string& more) {
  return "BEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:" + day + "T100000\r\n"
         "DTSTART;TZID=Europe/Amsterdam:" + day + "T" + start + "00\r\nDTEND;TZID=Europe/Amsterdam:" + day +
         "T" + end + "00\r\nSUMMARY:Koersbal\r\n" + more + "END:VEVENT\r\n";
}

struct Fixture : bk::test::ServiceGraph {
  Store& db = store;
  std::vector<AgendaItem> dates;
  Fixture() {
    agenda.import_ics_text(weekly(), "w.ics");
    dates = agenda.between({2027, 3, 1}, {2027, 5, 1});
  }
  AgendaItem at(std::size_t n) { return *agenda.item(dates[n].occurrence_id); }
  std::string start(std::size_t n) { return zone.iso_with_offset(at(n).start); }
  // The volunteer's edits: 10 places, 23 March cancelled, 30 March a quarter later, 6 April in Zaal 2.
  void edit_locally() {
    ActivityEdit e;
    e.capacity = std::optional<int>(10);
    ASSERT_TRUE(agenda.edit_activity(dates[0].activity_id, e, "volunteer"));
    ASSERT_TRUE(agenda.cancel_occurrence(dates[1].occurrence_id, "volunteer"));
    OccurrenceEdit moved;
    moved.start = *parse_local_datetime("2027-03-30T10:15");
    ASSERT_TRUE(agenda.edit_occurrence(dates[2].occurrence_id, moved, "volunteer"));
    OccurrenceEdit room;
    room.location = "Zaal 2";
    ASSERT_TRUE(agenda.edit_occurrence(dates[3].occurrence_id, room, "volunteer"));
  }
};

bool has(const std::vector<std::string>& v, const char* s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST(AgendaOwnership, ReimportingTheUnchangedFileKeepsEveryLocalEdit) {
  Fixture f;
  ASSERT_EQ(f.dates.size(), 4u);
  f.edit_locally();
  const auto sum = f.agenda.import_ics_text(weekly(), "w.ics");
  EXPECT_EQ(sum.activities_updated + sum.occurrences_updated + sum.occurrences_removed, 0);
  EXPECT_EQ(f.at(0).capacity, std::optional<int>(10)) << "not back to the file's 12";
  EXPECT_EQ(f.at(1).status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(f.start(2), "2027-03-30T10:15:00+02:00");
  EXPECT_EQ(f.at(3).location, "Zaal 2");
  EXPECT_EQ(f.at(0).location, "Grote zaal");
  // And it says so: imported, with these fields set locally.
  const auto origins = f.agenda.origins(f.agenda.between({2027, 3, 1}, {2027, 5, 1}));
  ASSERT_EQ(origins.size(), 4u);
  for (const auto& o : origins) EXPECT_EQ(o.source, "import");
  EXPECT_EQ(origins[0].local_fields, std::vector<std::string>{"capacity"});
  EXPECT_TRUE(has(origins[1].local_fields, "date_status"));
  EXPECT_TRUE(has(origins[2].local_fields, "date_time"));
  EXPECT_TRUE(has(origins[3].local_fields, "date_location"));
}

TEST(AgendaOwnership, AFieldTheFileChangesFollowsTheFileAgain) {
  Fixture f;
  f.edit_locally();
  // The file now: 14 places, 23 March moved to 13:00 (the volunteer had cancelled it: the file's
  // new time wins, the cancellation stays), 30 March cancelled and at 11:00, 6 April in the Kantine.
  const std::string changed =
      weekly("14", override_for("20270323", "1300", "1430", "") +
                       override_for("20270330", "1100", "1230", "STATUS:CANCELLED\r\n") +
                       override_for("20270406", "1000", "1130", "LOCATION:Kantine\r\n"));
  f.agenda.import_ics_text(changed, "w.ics");
  EXPECT_EQ(f.at(0).capacity, std::optional<int>(14));
  EXPECT_EQ(f.start(1), "2027-03-23T13:00:00+01:00");
  EXPECT_EQ(f.at(1).status, OccurrenceStatus::Cancelled) << "the file did not change this date's status";
  EXPECT_EQ(f.start(2), "2027-03-30T11:00:00+02:00");
  EXPECT_EQ(f.at(2).status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(f.at(3).location, "Kantine");
  EXPECT_EQ(f.agenda.origins({f.at(0)})[0].local_fields, std::vector<std::string>{});
  // A later local edit again beats the same file imported once more.
  ActivityEdit e;
  e.capacity = std::optional<int>(6);
  ASSERT_TRUE(f.agenda.edit_activity(f.dates[0].activity_id, e));
  f.agenda.import_ics_text(changed, "w.ics");
  EXPECT_EQ(f.at(0).capacity, std::optional<int>(6));
}

TEST(AgendaOwnership, UnlimitedAndTitleAndRoomOfTheSeriesAreOwnedPerField) {
  Fixture f;
  ActivityEdit e;
  e.capacity = std::optional<int>();  // free entry, set by hand
  e.location = "Tuin";
  ASSERT_TRUE(f.agenda.edit_activity(f.dates[0].activity_id, e));
  f.agenda.import_ics_text(weekly(), "w.ics");
  EXPECT_EQ(f.at(0).capacity, std::nullopt);
  EXPECT_EQ(f.at(0).location, "Tuin");
  std::string renamed = weekly();
  renamed.replace(renamed.find("SUMMARY:Koersbal"), 16, "SUMMARY:Koersbal en koffie");
  f.agenda.import_ics_text(renamed, "w.ics");
  EXPECT_EQ(f.at(0).title, "Koersbal en koffie") << "the file changed the title";
  EXPECT_EQ(f.at(0).location, "Tuin") << "but not the room";
  EXPECT_EQ(f.at(0).capacity, std::nullopt);
}

TEST(AgendaOwnership, ADeletedSeriesStaysDeletedUntilTheFileChangesIt) {
  Fixture f;
  ASSERT_TRUE(f.agenda.delete_activity(f.dates[0].activity_id));
  f.agenda.import_ics_text(weekly(), "w.ics");
  EXPECT_TRUE(f.agenda.between({2027, 3, 1}, {2027, 5, 1}).empty());
}

TEST(AgendaOwnership, FeedAndLocalActivitiesSayWhereTheyComeFrom) {
  Fixture f;
  NewActivity a;
  a.title = "Jeu de boules";
  a.start = *parse_local_datetime("2027-03-03T14:00");
  a.end = *parse_local_datetime("2027-03-03T16:00");
  f.agenda.add_activity(a);
  f.agenda.import_ics_text(weekly(), "https://agenda.example.org/c.ics", ImportOrigin::Feed);
  const auto items = f.agenda.between({2027, 3, 1}, {2027, 3, 17});
  ASSERT_EQ(items.size(), 2u);
  const auto origins = f.agenda.origins(items);
  EXPECT_EQ(origins[0].source, "local");
  EXPECT_EQ(origins[1].source, "feed");
}

TEST(AgendaOwnership, ADateTheFileTakesAwayGoesAlsoWhenAVolunteerHadMovedIt) {
  Fixture f;
  f.edit_locally();  // 30 March moved to 10:15 by hand
  std::string without = weekly();
  without.insert(without.find("RRULE"), "EXDATE;TZID=Europe/Amsterdam:20270330T100000\r\n");
  f.agenda.import_ics_text(without, "w.ics");
  EXPECT_FALSE(f.agenda.item(f.dates[2].occurrence_id)) << "nobody had registered: the date is gone";
  EXPECT_EQ(f.at(0).capacity, std::optional<int>(10)) << "the rest stays as the volunteer set it";
  EXPECT_EQ(f.at(1).status, OccurrenceStatus::Cancelled);
}
