#include <gtest/gtest.h>

#include <set>

#include "domain/codes.hpp"
#include "domain/text.hpp"

using namespace bk;

TEST(Text, CleansAndFolds) {
  auto r = check_text("  Marie\t  de   Vries \n", 80, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value, "Marie de Vries");
}

TEST(Text, KeepsNamesFromTheNeighbourhood) {
  for (const char* n : {"Zoë Çelik", "Łukasz Wąsik", "Ayşe Yılmaz", "Gülşen Öztürk", "José Müller"})
    EXPECT_TRUE(check_text(n, 80, false).ok()) << n;
}

TEST(Text, RefusesBadInput) {
  EXPECT_EQ(check_text("", 80, false).problem, TextProblem::Empty);
  EXPECT_EQ(check_text("   ", 80, false).problem, TextProblem::Empty);
  EXPECT_EQ(check_text(std::string(500, 'a'), 80, false).problem, TextProblem::TooLong);
  EXPECT_EQ(check_text("Jan \xF0\x9F\x98\x80", 80, false).problem, TextProblem::UnsupportedCharacter);
  EXPECT_EQ(check_text("Jan \xC3\x28", 80, false).problem, TextProblem::InvalidUtf8);
  EXPECT_EQ(check_text("\xED\xA0\x80", 80, false).problem, TextProblem::InvalidUtf8);  // surrogate
  EXPECT_EQ(check_text("\xC0\xAF", 80, false).problem, TextProblem::InvalidUtf8);      // overlong
  EXPECT_EQ(check_text("Jan\x01\x1b[2J", 80, false).value, "Jan[2J");
  EXPECT_EQ(check_text("Robert'); DROP TABLE registration;--", 80, false).value,
            "Robert'); DROP TABLE registration;--");  // stored as text, harmlessly
}

TEST(Text, CountsCharactersNotBytes) {
  EXPECT_TRUE(check_text(std::string(40, 'a') + "ł", 41, false).ok());
  EXPECT_EQ(utf8_length("Łódź"), 4u);
}

TEST(Text, PhoneNumbers) {
  EXPECT_TRUE(check_phone("06 12345678").ok());
  EXPECT_TRUE(check_phone("+31 (0)72-1234567").ok());
  EXPECT_TRUE(check_phone("").ok());
  EXPECT_FALSE(check_phone("bel me").ok());
  EXPECT_FALSE(check_phone("123").ok());
}

TEST(Codes, ReferenceCodesUseTheUnambiguousAlphabet) {
  for (int i = 0; i < 2000; ++i) {
    const auto c = make_reference_code();
    ASSERT_EQ(c.size(), kReferenceLength);
    for (char ch : c) ASSERT_NE(kReferenceAlphabet.find(ch), std::string_view::npos) << c;
    EXPECT_EQ(normalise_reference_code(c), c);
  }
}

TEST(Codes, NormalisesWhatPeopleType) {
  EXPECT_EQ(normalise_reference_code("k7m-3qx"), "K7M3QX");
  EXPECT_EQ(normalise_reference_code(" K7M 3QX "), "K7M3QX");
  EXPECT_FALSE(normalise_reference_code("K7M3Q"));
  EXPECT_FALSE(normalise_reference_code("K7M3QXX"));
  EXPECT_FALSE(normalise_reference_code("K0M3QX"));
  EXPECT_FALSE(normalise_reference_code("KéM3QX"));
}

TEST(Codes, TokensAreLongRandomAndHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    auto t = make_followup_token();
    EXPECT_TRUE(looks_like_followup_token(t)) << t;
    EXPECT_TRUE(seen.insert(t).second);
  }
  const auto t = make_followup_token();
  EXPECT_EQ(hash_token(t), hash_token(t));
  EXPECT_EQ(hash_token(t).size(), 64u);
  EXPECT_NE(hash_token(t), t);
  EXPECT_FALSE(looks_like_followup_token("../../etc/passwd"));
}
