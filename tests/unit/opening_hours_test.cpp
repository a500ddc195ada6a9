// Opening hours for the night screen (services/opening_hours.hpp).
#include <gtest/gtest.h>

#include "services/opening_hours.hpp"

using namespace bk;

namespace {
LocalDateTime at(const char* s) { return *parse_local_datetime(s); }
}  // namespace

TEST(OpeningHours, EmptyMeansAlwaysOpen) {
  const auto h = OpeningHours::parse("");
  EXPECT_TRUE(h.always_open());
  EXPECT_TRUE(h.is_open(at("2027-03-02T03:00")));
  EXPECT_FALSE(h.next_opening(at("2027-03-02T03:00")));
  EXPECT_TRUE(OpeningHours::parse("00:00-24:00").always_open());
  EXPECT_TRUE(is_open("", at("2027-03-02T03:00")));
}

TEST(OpeningHours, BadTextIsRefused) {
  for (const char* bad : {"8:30-22:00", "08:30", "08:30-25:00", "24:00-08:00", "08:30 - 22:00", "ab:cd-ef:gh"})
    EXPECT_THROW(OpeningHours::parse(bad), std::invalid_argument) << bad;
}

TEST(OpeningHours, OpenFromStartUntilEnd) {
  const auto h = OpeningHours::parse("08:30-22:00");
  EXPECT_FALSE(h.is_open(at("2027-03-02T08:29")));
  EXPECT_TRUE(h.is_open(at("2027-03-02T08:30")));
  EXPECT_TRUE(h.is_open(at("2027-03-02T21:59")));
  EXPECT_FALSE(h.is_open(at("2027-03-02T22:00")));
}

TEST(OpeningHours, NextOpeningIsLaterTodayOrTomorrow) {
  const auto h = OpeningHours::parse("08:30-22:00");
  EXPECT_EQ(h.next_opening(at("2027-03-02T06:00")), at("2027-03-02T08:30"));
  EXPECT_EQ(h.next_opening(at("2027-03-02T23:15")), at("2027-03-03T08:30"));
  EXPECT_EQ(h.next_opening(at("2027-12-31T23:15")), at("2028-01-01T08:30"));
  EXPECT_EQ(h.next_closing(at("2027-03-02T12:00")), at("2027-03-02T22:00"));
  EXPECT_EQ(next_opening("08:30-22:00", at("2027-03-02T22:00")), at("2027-03-03T08:30"));
}

TEST(OpeningHours, AnEveningRunsPastMidnight) {
  const auto h = OpeningHours::parse("17:00-01:00");
  EXPECT_TRUE(h.is_open(at("2027-03-02T23:30")));
  EXPECT_TRUE(h.is_open(at("2027-03-03T00:59")));
  EXPECT_FALSE(h.is_open(at("2027-03-03T01:00")));
  EXPECT_FALSE(h.is_open(at("2027-03-03T12:00")));
  EXPECT_EQ(h.next_opening(at("2027-03-03T01:30")), at("2027-03-03T17:00"));
  EXPECT_EQ(h.next_closing(at("2027-03-02T23:30")), at("2027-03-03T01:00"));
}

TEST(OpeningHours, MidnightAsEnd) {
  const auto h = OpeningHours::parse("09:00-24:00");
  EXPECT_TRUE(h.is_open(at("2027-03-02T23:59")));
  EXPECT_FALSE(h.is_open(at("2027-03-03T00:00")));
  EXPECT_EQ(h.next_closing(at("2027-03-02T23:00")), at("2027-03-03T00:00"));
}

TEST(OpeningHours, StateGivesTheInstantToWakeUp) {
  const TimeZone zone = TimeZone::load("Europe/Amsterdam");
  const auto h = OpeningHours::parse("08:30-22:00");
  const UtcSeconds night = zone.to_utc(at("2027-03-02T23:00"));
  const auto closed = h.state_at(night, zone);
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(closed.next_opening, at("2027-03-03T08:30"));
  EXPECT_EQ(closed.changes_at, zone.to_utc(at("2027-03-03T08:30")));
  const auto open = h.state_at(zone.to_utc(at("2027-03-03T09:00")), zone);
  EXPECT_TRUE(open.open);
  EXPECT_EQ(open.changes_at, zone.to_utc(at("2027-03-03T22:00")));
  EXPECT_FALSE(OpeningHours::parse("").state_at(night, zone).changes_at);
}

TEST(OpeningHours, SpringForwardOpensAtTheSameInstantAsTheClockSays) {
  // 2027-03-28: clocks go from 02:00 to 03:00 in Amsterdam. Opening at 02:30 does not exist that
  // night; TimeZone::to_utc puts it at 03:30 summer time (01:30 UTC), and it is an instant > now.
  const TimeZone zone = TimeZone::load("Europe/Amsterdam");
  const auto h = OpeningHours::parse("02:30-22:00");
  const UtcSeconds before = zone.to_utc(at("2027-03-28T01:00"));
  const auto s = h.state_at(before, zone);
  EXPECT_FALSE(s.open);
  ASSERT_TRUE(s.changes_at);
  EXPECT_GT(*s.changes_at, before);
  EXPECT_EQ(*s.changes_at, parse_now_option("2027-03-28T01:30:00Z", zone));
  // 08:30 on the first summer day is 06:30 UTC.
  const auto day = OpeningHours::parse("08:30-22:00").state_at(before, zone);
  EXPECT_EQ(*day.changes_at, parse_now_option("2027-03-28T06:30:00Z", zone));
}
