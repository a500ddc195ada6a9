// Agenda import and queries: recurrence, time zones, overrides, idempotent re-import, bad files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "domain/errors.hpp"
#include "services/agenda_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;

namespace {

const char* kHeader = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
const char* kFooter = "END:VCALENDAR\r\n";

std::string cal(const std::string& body) { return kHeader + body + kFooter; }

struct Fixture : bk::test::ServiceGraph {
  Store& db = store;
  explicit Fixture(const char* now = "2027-03-01T09:00") : ServiceGraph(":memory:", now) {}
  std::vector<std::string> starts(LocalDate from, LocalDate to_excl) {
    std::vector<std::string> out;
    for (const auto& i : agenda.between(from, to_excl))
      out.push_back(i.all_day ? format_date(zone.local_date(i.start)) : zone.iso_with_offset(i.start));
    return out;
  }
  std::string error_of(const std::string& text) {
    try {
      agenda.import_ics_text(text, "bad.ics");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

const std::string kWeekly =
    "BEGIN:VEVENT\r\nUID:w1\r\nDTSTART;TZID=Europe/Amsterdam:20270316T100000\r\n"
    "DTEND;TZID=Europe/Amsterdam:20270316T113000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
    "SUMMARY:Koersbal\r\nLOCATION:Grote zaal\r\nX-BUURTKIOSK-CAPACITY:12\r\nEND:VEVENT\r\n";

}  // namespace

TEST(AgendaImport, WeeklyAcrossSpringDstKeepsLocalTime) {
  Fixture f;
  f.agenda.import_ics_text(cal(kWeekly), "w.ics");
  EXPECT_EQ(f.starts({2027, 3, 1}, {2027, 5, 1}),
            (std::vector<std::string>{"2027-03-16T10:00:00+01:00", "2027-03-23T10:00:00+01:00",
                                      "2027-03-30T10:00:00+02:00", "2027-04-06T10:00:00+02:00"}));
}

TEST(AgendaImport, WeeklyAcrossAutumnDstKeepsLocalTime) {
  Fixture f("2027-10-01T09:00");
  f.agenda.import_ics_text(cal("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Amsterdam:20271017T150000\r\n"
                               "DTEND;TZID=Europe/Amsterdam:20271017T160000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
                               "SUMMARY:Zondagmiddag\r\nEND:VEVENT\r\n"),
                           "a.ics");
  EXPECT_EQ(f.starts({2027, 10, 1}, {2027, 12, 1}),
            (std::vector<std::string>{"2027-10-17T15:00:00+02:00", "2027-10-24T15:00:00+02:00",
                                      "2027-10-31T15:00:00+01:00"}));
}

TEST(AgendaImport, CountWithExdateCountsTheExcludedDate) {
  Fixture f;
  f.agenda.import_ics_text(
      cal("BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Amsterdam:20270302T100000\r\n"
          "DTEND;TZID=Europe/Amsterdam:20270302T110000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
          "EXDATE;TZID=Europe/Amsterdam:20270309T100000,20270316T100000\r\nSUMMARY:X\r\nEND:VEVENT\r\n"),
      "x.ics");
  EXPECT_EQ(f.starts({2027, 3, 1}, {2027, 6, 1}),
            (std::vector<std::string>{"2027-03-02T10:00:00+01:00", "2027-03-23T10:00:00+01:00"}));
}

TEST(AgendaImport, OverrideHasItsOwnTimeAndRoomAndReplacesTheInstance) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(kWeekly +
          "BEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270323T100000\r\n"
          "DTSTART;TZID=Europe/Amsterdam:20270324T140000\r\nDTEND;TZID=Europe/Amsterdam:20270324T153000\r\n"
          "SUMMARY:Koersbal\r\nLOCATION:Kleine zaal\r\nEND:VEVENT\r\n"),
      "o.ics");
  const auto items = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(f.zone.iso_with_offset(items[1].start), "2027-03-24T14:00:00+01:00");
  EXPECT_EQ(items[1].location, "Kleine zaal");
  EXPECT_EQ(items[0].location, "Grote zaal");
  EXPECT_EQ(items[1].capacity, 12);
}

TEST(AgendaImport, MonthlyByWeekdayAndUntil) {
  Fixture f;
  f.agenda.import_ics_text(
      cal("BEGIN:VEVENT\r\nUID:m\r\nDTSTART;TZID=Europe/Amsterdam:20270302T193000\r\n"
          "DTEND;TZID=Europe/Amsterdam:20270302T210000\r\nRRULE:FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270601T000000Z\r\n"
          "SUMMARY:Buurtoverleg\r\nEND:VEVENT\r\n"),
      "m.ics");
  EXPECT_EQ(f.starts({2027, 3, 1}, {2027, 12, 1}),
            (std::vector<std::string>{"2027-03-02T19:30:00+01:00", "2027-04-06T19:30:00+02:00",
                                      "2027-05-04T19:30:00+02:00"}));
}

TEST(AgendaImport, UtcTimesAllDayEventsAndFloatingTimes) {
  Fixture f;
  f.agenda.import_ics_text(
      cal("BEGIN:VEVENT\r\nUID:u\r\nDTSTART:20270305T180000Z\r\nDTEND:20270305T193000Z\r\nSUMMARY:Borrel\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20270427\r\nDTEND;VALUE=DATE:20270428\r\nSUMMARY:Koningsdag\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20270306T100000\r\nDTEND:20270306T110000\r\nSUMMARY:Markt\r\nEND:VEVENT\r\n"),
      "u.ics");
  EXPECT_EQ(f.starts({2027, 3, 1}, {2027, 5, 1}),
            (std::vector<std::string>{"2027-03-05T19:00:00+01:00", "2027-03-06T10:00:00+01:00", "2027-04-27"}));
  const auto day = f.agenda.between({2027, 4, 27}, {2027, 4, 28});
  ASSERT_EQ(day.size(), 1u);
  EXPECT_TRUE(day[0].all_day);
  EXPECT_EQ(day[0].end - day[0].start, 86400);
}

TEST(AgendaImport, SpringForwardGapTimeFollowsRfc5545) {
  Fixture f;
  f.agenda.import_ics_text(
      cal("BEGIN:VEVENT\r\nUID:g\r\nDTSTART;TZID=Europe/Amsterdam:20270321T023000\r\n"
          "DTEND;TZID=Europe/Amsterdam:20270321T033000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Nacht\r\nEND:VEVENT\r\n"),
      "g.ics");
  // 28 March 02:30 does not exist: read with the offset before the gap, so 03:30 summer time.
  EXPECT_EQ(f.starts({2027, 3, 1}, {2027, 5, 1}),
            (std::vector<std::string>{"2027-03-21T02:30:00+01:00", "2027-03-28T03:30:00+02:00",
                                      "2027-04-04T02:30:00+02:00"}));
}

TEST(AgendaImport, FoldedLinesEscapesAndUtf8) {
  Fixture f;
  f.agenda.import_ics_text(
      cal("BEGIN:VEVENT\r\nUID:e\r\nDTSTART;TZID=Europe/Amsterdam:20270302T100000\r\n"
          "SUMMARY:Taalcaf\xC3\xA9 voor Zo\xC3\xAB\\, \xC5\x81ukasz en Ay\xC5\x9F\r\n e samen\r\n"
          "LOCATION:Zaal 1\\; boven\r\nDESCRIPTION:Regel een\\nregel twee\r\nEND:VEVENT\r\n"),
      "e.ics");
  const auto items = f.agenda.between({2027, 3, 2}, {2027, 3, 3});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].title, "Taalcaf\xC3\xA9 voor Zo\xC3\xAB, \xC5\x81ukasz en Ay\xC5\x9F" "e samen");
  EXPECT_EQ(items[0].location, "Zaal 1; boven");
  EXPECT_EQ(items[0].description, "") << "the list leaves the description out";
  EXPECT_EQ(f.agenda.item(items[0].occurrence_id)->description, "Regel een\nregel twee");
}

TEST(AgendaImport, ReimportChangesNothingAndKeepsIds) {
  Fixture f;
  const auto first = f.agenda.import_ics_text(cal(kWeekly), "w.ics");
  EXPECT_EQ(first.activities_added, 1);
  EXPECT_EQ(first.occurrences_added, 4);
  const auto before = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  // SQLite counts every row written on the connection; PostgreSQL has no such counter.
  const bool sqlite = f.db.is_sqlite();
  const auto total = sqlite ? f.db.engine().scalar_int("SELECT total_changes()") : 0;
  const auto second = f.agenda.import_ics_text(cal(kWeekly), "w.ics");
  EXPECT_EQ(second.activities_unchanged, 1);
  EXPECT_EQ(second.activities_added + second.activities_updated + second.occurrences_added +
                second.occurrences_updated + second.occurrences_removed,
            0);
  const auto after = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i].occurrence_id, after[i].occurrence_id);
  // Only the materialisation bookkeeping and the audit row were written.
  if (sqlite) EXPECT_LE(f.db.engine().scalar_int("SELECT total_changes()") - total, 2);
}

TEST(AgendaImport, RemovedDateIsDeletedWhenEmptyAndCancelledWhenSomeoneRegistered) {
  Fixture f;
  f.agenda.import_ics_text(cal(kWeekly), "w.ics");
  const auto items = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  bk::test::add_registration(f.db, items[1].occurrence_id, 2, "registered");
  std::string shorter = kWeekly;
  shorter.replace(shorter.find("COUNT=4"), 7, "COUNT=2");
  shorter.replace(shorter.find("RRULE"), 0, "EXDATE;TZID=Europe/Amsterdam:20270323T100000\r\n");
  // Now only 16 March remains; 23 March had a registration, 30 March and 6 April had none.
  const auto sum = f.agenda.import_ics_text(cal(shorter), "w.ics");
  EXPECT_EQ(sum.occurrences_removed, 2);
  EXPECT_EQ(sum.occurrences_cancelled, 1);
  const auto now = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[1].occurrence_id, items[1].occurrence_id);
  EXPECT_EQ(now[1].status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(now[1].registered, 2);
}

TEST(AgendaImport, CancelledInstanceFromTheCalendar) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(kWeekly + "BEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270330T100000\r\n"
                    "DTSTART;TZID=Europe/Amsterdam:20270330T100000\r\nSTATUS:CANCELLED\r\nSUMMARY:Koersbal\r\nEND:VEVENT\r\n"),
      "c.ics");
  const auto items = f.agenda.between({2027, 3, 30}, {2027, 3, 31});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].status, OccurrenceStatus::Cancelled);
}

TEST(AgendaImport, DatesBeyondTheHorizonAreMadeOnDemand) {
  Fixture f;
  f.agenda.import_ics_text(
      cal("BEGIN:VEVENT\r\nUID:forever\r\nDTSTART;TZID=Europe/Amsterdam:20250106T100000\r\n"
          "DTEND;TZID=Europe/Amsterdam:20250106T110000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Koffie\r\nEND:VEVENT\r\n"),
      "f.ics");
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence"), 27);  // 183 days ahead
  EXPECT_EQ(f.starts({2029, 1, 1}, {2029, 1, 8}), (std::vector<std::string>{"2029-01-01T10:00:00+01:00"}));
  EXPECT_EQ(f.starts({2026, 1, 5}, {2026, 1, 6}), (std::vector<std::string>{"2026-01-05T10:00:00+01:00"}));
  // Asking again creates nothing new.
  const auto n = f.db.engine().scalar_int("SELECT count(*) FROM occurrence");
  f.agenda.between({2029, 1, 1}, {2029, 1, 8});
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence"), n);
}

TEST(AgendaImport, FileFromAnotherCalendarProgram) {
  Fixture f;
  f.agenda.import_ics_file(std::filesystem::path(TEST_DATA_DIR) / "thunderbird-export.ics");
  EXPECT_EQ(f.starts({2027, 3, 1}, {2027, 5, 1}),
            (std::vector<std::string>{"2027-03-02T10:00:00+01:00", "2027-03-05T19:00:00+01:00",
                                      "2027-03-09T10:00:00+01:00", "2027-03-23T13:30:00+01:00",
                                      "2027-03-30T10:00:00+02:00", "2027-04-06T10:00:00+02:00",
                                      "2027-04-13T10:00:00+02:00", "2027-04-27"}));
  const auto items = f.agenda.between({2027, 3, 5}, {2027, 3, 6});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].title, "Buurtborrel weggelaten");  // the emoji the kiosk cannot draw is dropped
}

TEST(AgendaImport, BrokenFilesNameTheLineAndChangeNothing) {
  Fixture f;
  f.agenda.import_ics_text(cal(kWeekly), "w.ics");
  const auto before = f.db.engine().scalar_int("SELECT count(*) FROM occurrence");
  EXPECT_EQ(f.error_of("hello"), "bad.ics:1: not an iCalendar file (it must start with BEGIN:VCALENDAR)");
  EXPECT_EQ(f.error_of(std::string(kHeader) + "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:x\r\n"),
            "bad.ics:4: BEGIN:VEVENT is never closed");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:x\r\nEND:VEVENT\r\n")),
            "bad.ics:4: event without DTSTART");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20271345T100000\r\nSUMMARY:x\r\nEND:VEVENT\r\n")),
            "bad.ics:6: DTSTART is not a valid date or time");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270301T100000\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n")),
            "bad.ics:7: RRULE \"FREQ=SOMETIMES\" is not a valid repeat rule");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Mars/Olympus:20270301T100000\r\nEND:VEVENT\r\n")),
            "bad.ics:6: DTSTART: unknown time zone \"Mars/Olympus\"");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270301T100000\r\nSUMMARY:caf\xC3\r\nEND:VEVENT\r\n")),
            "bad.ics:7: not valid UTF-8 text");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nthis line has no colon\r\nEND:VEVENT\r\n")),
            "bad.ics:6: not an iCalendar line (no ':'): \"this line has no colon\"");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270301T100000\r\nEND:VTODO\r\n")),
            "bad.ics:7: END:VTODO where END:VEVENT was expected (BEGIN on line 4)");
  EXPECT_EQ(f.error_of(cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270301T100000\r\nX-BUURTKIOSK-CAPACITY:veel\r\nEND:VEVENT\r\n")),
            "bad.ics:7: X-BUURTKIOSK-CAPACITY must be a whole number of people, not \"veel\"");
  // A good event before a broken one is not imported either: all or nothing.
  EXPECT_NE(f.error_of(cal("BEGIN:VEVENT\r\nUID:good\r\nDTSTART:20270301T100000\r\nSUMMARY:ok\r\nEND:VEVENT\r\n"
                           "BEGIN:VEVENT\r\nUID:bad\r\nSUMMARY:x\r\nEND:VEVENT\r\n")),
            "");
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence"), before);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM activity WHERE uid = 'good'"), 0);
}

TEST(AgendaCsv, ImportsTheDocumentedFormat) {
  Fixture f("2027-04-01T09:00");
  const auto sum = f.agenda.import_csv_file(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) /
                                            "kiosk-config/agenda-example.csv");
  EXPECT_EQ(sum.activities_added, 2);
  const auto items = f.agenda.between({2027, 4, 6}, {2027, 4, 11});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "Jeu de boules");
  EXPECT_EQ(items[0].capacity, 16);
  EXPECT_EQ(items[1].title, "Repair Café");
  EXPECT_FALSE(items[1].capacity);
  EXPECT_EQ(f.agenda.item(items[1].occurrence_id)->description, "Kapotte spullen samen repareren.\nNeem mee wat stuk is.");
  EXPECT_EQ(f.starts({2027, 9, 20}, {2027, 10, 10}),
            (std::vector<std::string>{"2027-09-21T14:00:00+02:00", "2027-09-28T14:00:00+02:00"}));
  EXPECT_EQ(f.agenda.import_csv_file(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) /
                                     "kiosk-config/agenda-example.csv").activities_unchanged, 2);
}

TEST(AgendaCsv, BadRowsNameTheLine) {
  Fixture f;
  auto err = [&](const std::string& text) {
    try {
      f.agenda.import_csv_text(text, "a.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(err("title,start,end\nKoffie,2027-03-02T10:00,morgen\n"),
            "a.csv:2: end \"morgen\" is not a time like 2027-03-02T11:30");
  EXPECT_EQ(err("title,start,end,colour\n"), "a.csv:1: unknown column \"colour\"");
  EXPECT_EQ(err("title,start\n"), "a.csv:1: the column \"end\" is missing");
  EXPECT_EQ(err("title,start,end\n\"Koffie,2027-03-02T10:00,2027-03-02T11:00\n"),
            "a.csv:2: a quoted field is never closed");
  EXPECT_EQ(err("title,start,end,capacity\nKoffie,2027-03-02T10:00,2027-03-02T11:00,-3\n"),
            "a.csv:2: capacity \"-3\" is not a whole number (empty: free entry)");
  EXPECT_EQ(err("title,start,end\nKoffie,2027-03-02T10:00\n"), "a.csv:2: 2 fields where the header has 3");
  EXPECT_EQ(err("title,start,end\nKoffie,2027-03-02T10:00,2027-03-02T09:00\n"), "a.csv:2: end lies before start");
  EXPECT_EQ(err("title,start,end\n,2027-03-02T10:00,2027-03-02T11:00\n"), "a.csv:2: title is empty");
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM activity"), 0);
}

TEST(AgendaEdit, AddActivityWeeklyEditAndCancelOneDate) {
  Fixture f;
  NewActivity a;
  a.title = "Jeu de boules";
  a.start = *parse_local_datetime("2027-03-03T14:00");
  a.end = *parse_local_datetime("2027-03-03T16:00");
  a.capacity = 8;
  a.weekly_until = LocalDate{2027, 3, 31};
  const auto id = f.agenda.add_activity(a);
  auto items = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(f.zone.iso_with_offset(items[4].start), "2027-03-31T14:00:00+02:00");
  ActivityEdit e;
  e.capacity = std::optional<int>();  // free entry
  e.location = "Veldje";
  EXPECT_TRUE(f.agenda.edit_activity(id, e));
  EXPECT_FALSE(f.agenda.edit_activity(id + 100, e));
  EXPECT_TRUE(f.agenda.cancel_occurrence(items[2].occurrence_id));
  EXPECT_FALSE(f.agenda.cancel_occurrence(999999));
  items = f.agenda.between({2027, 3, 1}, {2027, 5, 1});
  EXPECT_FALSE(items[0].capacity);
  EXPECT_EQ(items[0].location, "Veldje");
  EXPECT_EQ(items[2].status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM audit WHERE action LIKE 'activity.%' OR action LIKE 'occurrence.%'"), 3);
  a.title = "";
  EXPECT_THROW(f.agenda.add_activity(a), InputError);
}

TEST(AgendaImport, DemoAgendaIsAlwaysCurrent) {
  for (const char* now : {"2026-11-22T12:00", "2031-06-15T12:00"}) {
    Fixture f(now);
    EXPECT_TRUE(f.agenda.import_demo_if_empty(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) /
                                              "kiosk-config/demo-agenda.ics"));
    EXPECT_FALSE(f.agenda.import_demo_if_empty(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) /
                                               "kiosk-config/demo-agenda.ics"));
    const LocalDate today = f.zone.local_date(f.clock.t);
    EXPECT_GE(f.agenda.between(today, add_days(today, 7)).size(), 10u) << now;
  }
}
