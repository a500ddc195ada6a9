// buurtkioskctl as staff use it: the agenda commands' output and exit codes.
#include <gtest/gtest.h>
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
            "\"registered\": 0, \"waitlisted\": 0, \"status\": \"scheduled\"}\n]\n");
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
