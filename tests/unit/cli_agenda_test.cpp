// buurtkioskctl as staff use it: the agenda commands' output and exit codes.
#include <gtest/gtest.h>
#include <fstream>
#include <string>

#include "test_support.hpp"

namespace {

class CliAgenda : public ::testing::Test {
 protected:
  std::string db = bk::test::temp_path("cli_agenda").string();
  std::string base = "--db " + db + " --now 2027-03-01T09:00 ";
};

}  // namespace

TEST_F(CliAgenda, ImportThenJsonAgendaHasTheDocumentedShape) {
  ASSERT_EQ(bk::test::run_ctl(base + "import " + TEST_DATA_DIR + "/thunderbird-export.ics").code, 0);
  const bk::test::CmdResult r = bk::test::run_ctl(base + "agenda --from 2027-03-30 --to 2027-03-30 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out,
            "[\n  {\"occurrence_id\": 4, \"activity_id\": 1, \"title\": \"Koffie-ochtend in de "
            "Bibliotheek, met taalmaatjes\", \"location\": \"Bibliotheek\", \"category\": "
            "\"ontmoeten\", \"start\": \"2027-03-30T10:00:00+02:00\", \"end\": "
            "\"2027-03-30T11:30:00+02:00\", \"all_day\": false, \"capacity\": null, "
            "\"registered\": 0, \"waitlisted\": 0, \"status\": \"scheduled\", \"source\": \"import\", "
            "\"local_fields\": []}\n]\n");
  const bk::test::CmdResult day = bk::test::run_ctl(base + "agenda --from 2027-04-27 --to 2027-04-27 --json");
  EXPECT_NE(day.out.find("\"start\": \"2027-04-27\", \"end\": \"2027-04-27\", \"all_day\": true"),
            std::string::npos) << day.out;
  EXPECT_EQ(bk::test::run_ctl(base + "agenda --from 2030-01-01 --to 2030-01-02 --json").out, "[]\n");
}

TEST_F(CliAgenda, ExitCodesFollowTheContract) {
  EXPECT_EQ(bk::test::run_ctl(base + "agenda --from 2027-02-30 --to 2027-03-01").code, 2);
  EXPECT_EQ(bk::test::run_ctl(base + "agenda --from 2027-03-05 --to 2027-03-01").code, 2);
  const bk::test::CmdResult bad = bk::test::run_ctl(base + "import " + TEST_DATA_DIR + "/missing.ics");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("missing.ics: cannot be read"), std::string::npos);
  EXPECT_EQ(bk::test::run_ctl(base + "activity cancel 4242").code, 1);
  EXPECT_EQ(bk::test::run_ctl(base + "activity edit 4242 --title X").code, 1);
  EXPECT_EQ(bk::test::run_ctl(base + "activity add --title X --start 2027-03-02T25:00 --end 2027-03-02T11:00").code, 2);
  EXPECT_EQ(bk::test::run_ctl(base + "frobnicate").code, 2);
  const bk::test::CmdResult cfg = bk::test::run_ctl("--config " + std::string(TEST_DATA_DIR) + "/missing.toml agenda");
  EXPECT_EQ(cfg.code, 2);
}

TEST_F(CliAgenda, ActivityAddShowsUpInTheAgenda) {
  const bk::test::CmdResult add = bk::test::run_ctl(base + "activity add --title 'Jeu de boules' --start 2027-03-02T14:00 "
                             "--end 2027-03-02T16:00 --capacity 8 --location Veldje");
  ASSERT_EQ(add.code, 0) << add.out;
  const bk::test::CmdResult r = bk::test::run_ctl(base + "agenda --from 2027-03-02 --to 2027-03-02");
  EXPECT_NE(r.out.find("14:00-16:00  Jeu de boules · Veldje · 0/8"), std::string::npos) << r.out;
}

// Issue #16: a volunteer's places, cancelled date and moved date survive re-importing the same
// file (the hourly feed sync does exactly that); a field the file itself changes follows the file.
TEST_F(CliAgenda, ReimportKeepsLocalEditsUntilTheFileChangesThatField) {
  const std::string file = bk::test::temp_path("cli_owner_ics").string() + ".ics";
  auto write = [&](const std::string& capacity, const std::string& extra) {
    std::ofstream(file) << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                           "BEGIN:VEVENT\r\nUID:w1\r\nDTSTART;TZID=Europe/Amsterdam:20270316T100000\r\n"
                           "DTEND;TZID=Europe/Amsterdam:20270316T113000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
                           "SUMMARY:Koersbal\r\nLOCATION:Grote zaal\r\nX-BUURTKIOSK-CAPACITY:" << capacity
                        << "\r\nEND:VEVENT\r\n" << extra << "END:VCALENDAR\r\n";
  };
  write("12", "");
  ASSERT_EQ(bk::test::run_ctl(base + "import " + file).code, 0);
  ASSERT_EQ(bk::test::run_ctl(base + "activity edit 1 --capacity 10").code, 0);
  ASSERT_EQ(bk::test::run_ctl(base + "activity cancel 2").code, 0);
  ASSERT_EQ(bk::test::run_ctl(base + "activity edit-date 3 --start 2027-03-30T10:15").code, 0);
  ASSERT_EQ(bk::test::run_ctl(base + "import " + file).code, 0);
  const std::string json = base + "agenda --from 2027-03-16 --to 2027-03-31 --json";
  std::string out = bk::test::run_ctl(json).out;
  EXPECT_NE(out.find("\"capacity\": 10, \"registered\": 0, \"waitlisted\": 0, \"status\": \"scheduled\", "
                     "\"source\": \"import\", \"local_fields\": [\"capacity\"]"), std::string::npos) << out;
  EXPECT_NE(out.find("\"status\": \"cancelled\", \"source\": \"import\", \"local_fields\": [\"capacity\", \"date_status\"]"),
            std::string::npos) << out;
  EXPECT_NE(out.find("\"start\": \"2027-03-30T10:15:00+02:00\""), std::string::npos) << out;
  // The file changes the fields: 14 places, 23 March moved to 14:00 by the file (the volunteer's
  // cancellation of it stays: the file did not change its status), 30 March at 11:00.
  write("14",
        "BEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270323T100000\r\n"
        "DTSTART;TZID=Europe/Amsterdam:20270323T140000\r\nDTEND;TZID=Europe/Amsterdam:20270323T153000\r\n"
        "SUMMARY:Koersbal\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270330T100000\r\n"
        "DTSTART;TZID=Europe/Amsterdam:20270330T110000\r\nDTEND;TZID=Europe/Amsterdam:20270330T123000\r\n"
        "SUMMARY:Koersbal\r\nEND:VEVENT\r\n");
  ASSERT_EQ(bk::test::run_ctl(base + "import " + file).code, 0);
  out = bk::test::run_ctl(json).out;
  EXPECT_EQ(out.find("\"capacity\": 10"), std::string::npos) << out;
  EXPECT_NE(out.find("\"capacity\": 14"), std::string::npos) << out;
  EXPECT_NE(out.find("\"start\": \"2027-03-23T14:00:00+01:00\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"start\": \"2027-03-30T11:00:00+02:00\""), std::string::npos) << out;
  std::remove(file.c_str());
}

TEST_F(CliAgenda, ImportNamesWhatItIgnoredAndStillImports) {
  // A Google-style export: an empty LOCATION and an unknown non-X property. The file imports; the
  // summary line stays as it was and the ignored parts are counted, with their line numbers.
  const std::string file = bk::test::temp_path("cli_warn_ics").string() + ".ics";
  std::ofstream(file) << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
                         "BEGIN:VEVENT\r\nUID:g1\r\nDTSTART:20270316T090000Z\r\nDTEND:20270316T100000Z\r\n"
                         "SUMMARY:Bingo\r\nLOCATION:\r\nSUBCALENDAR-NAME:Zaal\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const bk::test::CmdResult r = bk::test::run_ctl(base + "import " + file);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("activities 1 added"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(":9: ignored"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(":10: ignored the unknown property SUBCALENDAR-NAME"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 parts of bk_cli_warn_ics"), std::string::npos) << r.out;
  std::remove(file.c_str());
}
