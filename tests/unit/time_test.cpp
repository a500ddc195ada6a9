#include <gtest/gtest.h>

#include "domain/time.hpp"

using namespace bk;

TEST(Civil, RoundTripsDays) {
  for (std::int64_t d = -800000; d < 800000; d += 997) EXPECT_EQ(days_from_civil(civil_from_days(d)), d);
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(weekday({2027, 3, 28}), 6);  // a Sunday
  EXPECT_EQ(add_days({2027, 2, 28}, 1), (LocalDate{2027, 3, 1}));
}

TEST(Parse, RefusesImpossibleDatesAndTimes) {
  EXPECT_TRUE(parse_date("2028-02-29"));
  EXPECT_FALSE(parse_date("2027-02-29"));
  EXPECT_FALSE(parse_date("2027-13-01"));
  EXPECT_FALSE(parse_date("27-01-01"));
  EXPECT_FALSE(parse_local_datetime("2027-03-02T24:00"));
  EXPECT_FALSE(parse_local_datetime("2027-03-02X10:00"));
  auto t = parse_local_datetime("2027-03-02T10:05");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_datetime(*t), "2027-03-02T10:05:00");
}

TEST(TimeZone, AmsterdamOffsetsAcrossDst) {
  const auto ams = TimeZone::load("Europe/Amsterdam");
  const auto winter = ams.to_utc({{2027, 3, 2}, 10, 0, 0});
  EXPECT_EQ(ams.iso_with_offset(winter), "2027-03-02T10:00:00+01:00");
  const auto summer = ams.to_utc({{2027, 3, 30}, 10, 0, 0});
  EXPECT_EQ(ams.iso_with_offset(summer), "2027-03-30T10:00:00+02:00");
  EXPECT_EQ(summer - winter, 28 * 86400 - 3600);
}

TEST(TimeZone, SpringForwardGapUsesOffsetBeforeGap) {
  const auto ams = TimeZone::load("Europe/Amsterdam");
  // 2027-03-28 02:30 does not exist in Amsterdam; RFC 5545 reads it with +01:00 → 03:30 CEST.
  const auto t = ams.to_utc({{2027, 3, 28}, 2, 30, 0});
  EXPECT_EQ(ams.iso_with_offset(t), "2027-03-28T03:30:00+02:00");
}

TEST(TimeZone, FallBackAmbiguityTakesFirst) {
  const auto ams = TimeZone::load("Europe/Amsterdam");
  const auto t = ams.to_utc({{2027, 10, 31}, 2, 30, 0});
  EXPECT_EQ(ams.iso_with_offset(t), "2027-10-31T02:30:00+02:00");
}

TEST(TimeZone, UnknownZoneIsNamed) {
  try {
    TimeZone::load("Europe/Atlantis");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("Europe/Atlantis"), std::string::npos);
  }
}

TEST(NowOption, AcceptsLocalDateAndOffset) {
  const auto ams = TimeZone::load("Europe/Amsterdam");
  EXPECT_EQ(parse_now_option("2027-03-02T10:00", ams), parse_now_option("2027-03-02T09:00:00Z", ams));
  EXPECT_EQ(parse_now_option("2027-03-02T10:00:00+01:00", ams), parse_now_option("2027-03-02T10:00", ams));
  EXPECT_THROW(parse_now_option("yesterday", ams), std::invalid_argument);
}
