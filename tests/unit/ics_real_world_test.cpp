// The iCalendar reader on what real calendars contain (issue #16): lenient about what exporters
// write, strict about what decides a date, bounded against hostile files. Small hand-written files;
// the big differential test over real exports is tests/corpus/test_ics_corpus.py.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "agenda/series.hpp"
#include "domain/errors.hpp"
#include "domain/text.hpp"
#include "services/agenda_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;

namespace {

std::string cal(const std::string& body) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + body + "END:VCALENDAR\r\n";
}

std::string event(const std::string& lines) { return "BEGIN:VEVENT\r\n" + lines + "END:VEVENT\r\n"; }

struct Fixture : bk::test::ServiceGraph {
  Store& db = store;
  // "start/end title" per date, local times, all-day dates as dates.
  std::vector<std::string> listing(LocalDate from, LocalDate to) {
    std::vector<std::string> out;
    for (const auto& i : agenda.between(from, to)) {
      const auto when = [&](UtcSeconds t) {
        return i.all_day ? format_date(zone.local_date(t)) : zone.iso_with_offset(t).substr(0, 16);
      };
      out.push_back(when(i.start) + "/" + when(i.end) + " " + i.title +
                    (i.status == OccurrenceStatus::Cancelled ? " (cancelled)" : ""));
    }
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

const std::string kTz = "DTSTART;TZID=Europe/Amsterdam:";

}  // namespace

TEST(IcsLenient, EmptyValuesExporterNotesAndUnknownPropertiesAreIgnoredAndCounted) {
  const std::string text = cal(event(
      "UID:g1\r\n" + kTz + "20270302T100000\r\nDTEND;TZID=Europe/Amsterdam:20270302T110000\r\n"
      "SUMMARY:Koffie\r\nLOCATION:\r\nDESCRIPTION:\r\n"
      "X-LIC-ERROR;X-LIC-ERRORTYPE=VALUE-PARSE-ERROR:No value for LOCATION property. Removing entire property:\r\n"
      "SUBCALENDAR-NAME:Buurthuis\r\n"));
  Fixture f;
  const IcsReadResult r = read_ics_with_warnings(text, "g.ics", f.zone);
  ASSERT_EQ(r.series.size(), 1u);
  EXPECT_EQ(r.series[0].title, "Koffie");
  EXPECT_EQ(r.warnings, 4);
  EXPECT_EQ(r.warning_lines.at(0), "g.ics:9: ignored LOCATION without a value");
  EXPECT_EQ(r.warning_lines.at(3), "g.ics:12: ignored the unknown property SUBCALENDAR-NAME");
  f.agenda.import_ics_text(text, "g.ics");
  EXPECT_EQ(f.listing({2027, 3, 2}, {2027, 3, 3}),
            (std::vector<std::string>{"2027-03-02T10:00/2027-03-02T11:00 Koffie"}));
}

TEST(IcsLenient, ExporterQuirksFromConfluenceAndGoogleAreReadAsMeant) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(event("UID:c1\r\nDTSTART;VALUE=DATE:20270301\r\nSUMMARY:Inloop\r\n"
                "ORGANIZER:X-KEY=8a4a;CN=Danie\r\nl Latham;CUTYPE=INDIVIDUAL:mailto:d@example.org\r\n"  // fold without space
                "RRULE:FREQ=WEEKLY;UNTIL=20270315;COUNT=-1;INTERVAL=2;BYDAY=MO\r\n") +
          event("UID:c2\r\nDTSTART;VALUE=DATE:20270303\r\nSUMMARY:Jarig\r\nRRULE:\r\nRDATE:20270310Z\r\n")),
      "c.ics");
  EXPECT_EQ(f.listing({2027, 3, 1}, {2027, 4, 1}),
            (std::vector<std::string>{"2027-03-01/2027-03-02 Inloop", "2027-03-03/2027-03-04 Jarig",
                                      "2027-03-10/2027-03-11 Jarig", "2027-03-15/2027-03-16 Inloop"}));
}

TEST(IcsLenient, ANoteAfterTheCalendarIsIgnoredAndEventsWithoutUidStayApart) {
  Fixture f;
  const std::string twin = event("DTSTART;VALUE=DATE:20270302\r\nSUMMARY:Markt\r\n");
  const IcsReadResult r =
      read_ics_with_warnings(cal(twin + twin) + "X-COMMENT:Cached from 2027-03-01\r\n", "n.ics", f.zone);
  EXPECT_EQ(r.series.size(), 2u);  // two events alike without UID: two, not one replacing the other
  EXPECT_EQ(r.warning_lines.back(), "n.ics:13: ignored a line after END:VCALENDAR");
  EXPECT_EQ(f.error_of(cal(twin) + "BEGIN:VCALENDAR\r\n"), "bad.ics:9: text after END:VCALENDAR");
}

TEST(IcsLenient, AnOverLongTitleIsShortenedOnACharacterBoundary) {
  std::string title;
  for (int i = 0; i < 260; ++i) title += "é";  // two bytes each
  Fixture f;
  const IcsReadResult r = read_ics_with_warnings(
      cal(event("UID:l1\r\n" + kTz + "20270302T100000\r\nSUMMARY:" + title + "\r\n")), "l.ics", f.zone);
  ASSERT_EQ(r.series.size(), 1u);
  EXPECT_EQ(utf8_length(r.series[0].title), 200u);
  EXPECT_EQ(r.series[0].title.substr(r.series[0].title.size() - 5), "é…");
  EXPECT_EQ(r.warnings, 1);
}

TEST(IcsLenient, EveryWarningIsCountedButOnlyTheFirstFiftyAreListed) {
  std::string empties;
  for (int i = 0; i < 70; ++i) empties += "COMMENT:\r\n";
  const IcsReadResult r = read_ics_with_warnings(
      cal(event("UID:w\r\nDTSTART:20270302T100000Z\r\n" + empties)), "w.ics", TimeZone::load("Europe/Amsterdam"));
  EXPECT_EQ(r.warnings, 70);
  EXPECT_EQ(r.warning_lines.size(), 50u);
}

TEST(IcsStrict, DtendBeforeDtstartAndBadDatesAreStillRefused) {
  Fixture f;
  EXPECT_EQ(f.error_of(cal(event("UID:b\r\n" + kTz + "20270302T100000\r\n"
                                 "DTEND;TZID=Europe/Amsterdam:20270302T090000\r\n"))),
            "bad.ics:7: DTEND lies before DTSTART");
  EXPECT_EQ(f.error_of(cal(event("UID:b\r\nDTSTART:20270302T100000\r\nRDATE:2027-banana\r\n"))),
            "bad.ics:7: RDATE is not a valid date or time");
  EXPECT_EQ(f.error_of(cal(event("UID:b\r\nDTSTART:\r\n"))), "bad.ics:6: DTSTART is not a valid date or time");
}

TEST(IcsDuplicates, TwoIdenticalOverridesAndTwoMastersResolveLikeCalendarPrograms) {
  const std::string master1 = event("UID:d1\r\nSEQUENCE:2\r\n" + kTz +
                                    "20270302T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Yoga\r\n");
  const std::string master_old = event("UID:d1\r\nSEQUENCE:1\r\n" + kTz +
                                       "20270302T080000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Oud\r\n");
  const auto moved = [&](const std::string& seq, const std::string& title, const std::string& day) {
    return event("UID:d1\r\nSEQUENCE:" + seq + "\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:" + day +
                 "T100000\r\n" + kTz + day + "T140000\r\nDURATION:PT1H\r\nSUMMARY:" + title + "\r\n");
  };
  Fixture f;
  f.agenda.import_ics_text(cal(master1 + moved("3", "Yoga laat", "20270309") + master_old +
                               moved("3", "Yoga later", "20270309") + moved("2", "Ouder", "20270309")),
                           "d.ics");
  EXPECT_EQ(f.listing({2027, 3, 1}, {2027, 4, 1}),
            (std::vector<std::string>{"2027-03-02T10:00/2027-03-02T11:00 Yoga",
                                      "2027-03-09T14:00/2027-03-09T15:00 Yoga later",
                                      "2027-03-16T10:00/2027-03-16T11:00 Yoga"}));
  // Twice the same override beyond the horizon: queries over that date still work.
  f.agenda.import_ics_text(cal(event("UID:far\r\n" + kTz + "20280302T100000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Ver\r\n") +
                               event("UID:far\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20280309T100000\r\n" + kTz +
                                     "20280309T120000\r\nSUMMARY:Ver weg\r\n") +
                               event("UID:far\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20280309T100000\r\n" + kTz +
                                     "20280309T120000\r\nSUMMARY:Ver weg\r\n")),
                           "far.ics");
  EXPECT_EQ(f.listing({2028, 3, 9}, {2028, 3, 10}),
            (std::vector<std::string>{"2028-03-09T12:00/2028-03-09T12:00 Ver weg"}));
}

TEST(IcsDuplicates, ASeriesStoredWithATwiceGivenOverrideExpandsToOneDate) {
  // Databases filled before the fix hold series texts with the override twice: they must heal.
  const std::string stored =
      cal(event("UID:s1\r\nDTSTART:20280302T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nSUMMARY:Oud\r\n") +
          event("UID:s1\r\nSEQUENCE:1\r\nRECURRENCE-ID:20280309T090000Z\r\nDTSTART:20280309T100000Z\r\nSUMMARY:Een\r\n") +
          event("UID:s1\r\nSEQUENCE:1\r\nRECURRENCE-ID:20280309T090000Z\r\nDTSTART:20280309T110000Z\r\nSUMMARY:Twee\r\n"));
  const auto got = expand_series(stored, TimeZone::load("Europe/Amsterdam"), 1'800'000'000, 1'900'000'000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].key, "20280309T090000Z");
  EXPECT_EQ(got[1].title.value_or(""), "Twee");  // equal SEQUENCE: the last in the file
}

TEST(IcsRecurrence, RdateAsDateTimeDateAndPeriodWithAndWithoutRrule) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(event("UID:r1\r\n" + kTz + "20270302T100000\r\nDURATION:PT1H\r\nSUMMARY:Spel\r\n"
                "RRULE:FREQ=WEEKLY;COUNT=2\r\nRDATE;TZID=Europe/Amsterdam:20270304T150000,20270309T100000\r\n"
                "RDATE;VALUE=PERIOD:20270320T090000Z/PT3H\r\n") +
          event("UID:r2\r\nDTSTART;VALUE=DATE:20270305\r\nSUMMARY:Markt\r\nRDATE;VALUE=DATE:20270312\r\n")),
      "r.ics");
  EXPECT_EQ(f.listing({2027, 3, 1}, {2027, 4, 1}),
            (std::vector<std::string>{"2027-03-02T10:00/2027-03-02T11:00 Spel",
                                      "2027-03-04T15:00/2027-03-04T16:00 Spel",
                                      "2027-03-05/2027-03-06 Markt",
                                      "2027-03-09T10:00/2027-03-09T11:00 Spel",
                                      "2027-03-12/2027-03-13 Markt",
                                      "2027-03-20T10:00/2027-03-20T13:00 Spel"}));
}

TEST(IcsRecurrence, SeveralRrulesAreAUnionAndDtstartIsAlwaysADate) {
  Fixture f;
  // 2027-03-01 is a Monday: it fits neither rule, but DTSTART is the first date all the same.
  f.agenda.import_ics_text(
      cal(event("UID:m1\r\n" + kTz + "20270301T100000\r\nDURATION:PT1H\r\nSUMMARY:Zang\r\n"
                "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3\r\n")),
      "m.ics");
  EXPECT_EQ(f.listing({2027, 3, 1}, {2027, 4, 1}),
            (std::vector<std::string>{"2027-03-01T10:00/2027-03-01T11:00 Zang",
                                      "2027-03-02T10:00/2027-03-02T11:00 Zang",
                                      "2027-03-04T10:00/2027-03-04T11:00 Zang",
                                      "2027-03-09T10:00/2027-03-09T11:00 Zang"}));
}

TEST(IcsRecurrence, ThisAndFutureMovesEveryLaterDate) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(event("UID:t1\r\n" + kTz + "20270302T100000\r\nDURATION:PT1H\r\nSUMMARY:Bridge\r\n"
                "RRULE:FREQ=WEEKLY;COUNT=4\r\n") +
          event("UID:t1\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Amsterdam:20270316T100000\r\n" + kTz +
                "20270316T140000\r\nDURATION:PT2H\r\nSUMMARY:Bridge middag\r\n")),
      "t.ics");
  EXPECT_EQ(f.listing({2027, 3, 1}, {2027, 4, 1}),
            (std::vector<std::string>{"2027-03-02T10:00/2027-03-02T11:00 Bridge",
                                      "2027-03-09T10:00/2027-03-09T11:00 Bridge",
                                      "2027-03-16T14:00/2027-03-16T16:00 Bridge middag",
                                      "2027-03-23T14:00/2027-03-23T16:00 Bridge middag"}));
}

TEST(IcsTimeZones, AShortenedVtimezoneGivesWayToTheSystemsOlsonData) {
  // An exporter wrote only the rules from 2030 on; the event in 2027 is in summer time all the same.
  const std::string vtz =
      "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"
      "BEGIN:DAYLIGHT\r\nDTSTART:20300331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
      "BEGIN:STANDARD\r\nDTSTART:20301027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
  Fixture f;
  f.agenda.import_ics_text(cal(vtz + event("UID:z1\r\n" + kTz + "20270701T100000\r\nSUMMARY:Zomer\r\n")), "z.ics");
  EXPECT_EQ(f.listing({2027, 7, 1}, {2027, 7, 2}),
            (std::vector<std::string>{"2027-07-01T10:00/2027-07-01T10:00 Zomer"}));
}

TEST(IcsAllDay, LengthsCountCalendarDaysAcrossTheClockChange) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(event("UID:a1\r\nDTSTART;VALUE=DATE:20271030\r\nDTEND;VALUE=DATE:20271101\r\nSUMMARY:Weekend\r\n") +
          event("UID:a2\r\nDTSTART;VALUE=DATE:20271030\r\nDURATION:P2D\r\nSUMMARY:Kamp\r\n")),
      "a.ics");
  EXPECT_EQ(f.listing({2027, 10, 30}, {2027, 10, 31}),
            (std::vector<std::string>{"2027-10-30/2027-11-01 Weekend", "2027-10-30/2027-11-01 Kamp"}));
}

TEST(IcsOverrides, AnOverrideHasItsOwnAllDayFlagAndDuration) {
  Fixture f;
  f.agenda.import_ics_text(
      cal(event("UID:o1\r\n" + kTz + "20270302T100000\r\nDURATION:PT1H\r\nSUMMARY:Les\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n") +
          event("UID:o1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270309T100000\r\nDTSTART;VALUE=DATE:20270309\r\n"
                "SUMMARY:Les\r\n") +
          event("UID:o1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270316T100000\r\n" + kTz +
                "20270316T100000\r\nDURATION:PT3H\r\nSUMMARY:Les\r\n")),
      "o.ics");
  EXPECT_EQ(f.listing({2027, 3, 1}, {2027, 4, 1}),
            (std::vector<std::string>{"2027-03-02T10:00/2027-03-02T11:00 Les", "2027-03-09/2027-03-10 Les",
                                      "2027-03-16T10:00/2027-03-16T13:00 Les"}));
}

// Hostile files end in one line, nothing written, the agenda as it was.
class IcsHostile : public ::testing::Test {
 protected:
  Fixture f;
  std::vector<std::string> before;
  void SetUp() override {
    f.agenda.import_ics_text(cal(event("UID:good\r\n" + kTz +
                                       "20270302T100000\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nSUMMARY:Goed\r\n")),
                             "good.ics");
    before = f.listing({2027, 3, 1}, {2028, 3, 1});
    ASSERT_EQ(before.size(), 5u);
  }
  void expect_unchanged() {
    EXPECT_EQ(f.listing({2027, 3, 1}, {2028, 3, 1}), before);
    EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM activity"), 1);
    EXPECT_EQ(f.db.engine().scalar_int("SELECT count(*) FROM occurrence"), 5);
  }
};

TEST_F(IcsHostile, DeepNestingIsRefusedBeforeLibicalSeesIt) {
  // 400,000 levels, properly closed (6.4 MB): libical's recursive parser would overflow its stack.
  std::string text = "BEGIN:VCALENDAR\r\n";
  for (int i = 0; i < 400000; ++i) text += "BEGIN:X\r\n";
  for (int i = 0; i < 400000; ++i) text += "END:X\r\n";
  text += "END:VCALENDAR\r\n";
  EXPECT_EQ(f.error_of(text), "bad.ics:9: BEGIN:X nests components more than 8 levels deep (the limit)");
  expect_unchanged();
}

TEST_F(IcsHostile, ARuleWithEverySecondOfTheDayIsRefused) {
  std::string numbers60, numbers24;
  for (int i = 0; i < 60; ++i) numbers60 += (i ? "," : "") + std::to_string(i);
  for (int i = 0; i < 24; ++i) numbers24 += (i ? "," : "") + std::to_string(i);
  std::string body;
  for (int n = 0; n < 10; ++n)
    body += event("UID:h" + std::to_string(n) + "\r\nDTSTART:20270302T000000Z\r\nRRULE:FREQ=DAILY;BYHOUR=" +
                  numbers24 + ";BYMINUTE=" + numbers60 + ";BYSECOND=" + numbers60 + "\r\n");
  EXPECT_EQ(f.error_of(cal(body)),
            "bad.ics:7: this event repeats more than 1500 times in one year (the limit; a daily activity has 366)");
  expect_unchanged();
}

TEST_F(IcsHostile, TooManyDatesInOneImportAreRefused) {
  std::string body;
  for (int n = 0; n < 280; ++n)  // 280 daily activities: 102,480 dates in a year
    body += event("UID:e" + std::to_string(n) + "\r\nDTSTART:20270302T100000Z\r\nRRULE:FREQ=DAILY\r\n");
  const std::string error = f.error_of(cal(body));
  EXPECT_NE(error.find("the file makes more than 100000 dates in the first year of its events"), std::string::npos)
      << error;
  expect_unchanged();
}

TEST_F(IcsHostile, TooManyListedDatesAreRefused) {
  std::string rdates;
  for (int d = 0; d < 5001; ++d) {
    const LocalDate day = add_days({2030, 1, 1}, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%04d%02d%02dT100000Z", d ? "," : "", day.year, day.month, day.day);
    rdates += buf;
  }
  EXPECT_EQ(f.error_of(cal(event("UID:x\r\nDTSTART:20270302T100000Z\r\nRDATE:" + rdates + "\r\n"))),
            "bad.ics:4: this event lists more than 5000 separate dates (RDATE and RECURRENCE-ID; the limit)");
  expect_unchanged();
}
