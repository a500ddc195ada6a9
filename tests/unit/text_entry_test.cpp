#include <gtest/gtest.h>

#include "domain/text_entry.hpp"

using bk::TextEntry;

TEST(TextEntry, TypesNamesWithSpacesAndAccents) {
  TextEntry e(60);
  e.type("Zo\xC3\xAB");
  e.type(" ");
  e.type(" ");  // no double spaces
  e.type("van Dijk");
  EXPECT_EQ(e.text(), "Zo\xC3\xAB van Dijk");
  e.backspace();
  e.backspace();
  EXPECT_EQ(e.text(), "Zo\xC3\xAB van Di");
  TextEntry l(10);
  l.type("\xC5\x81");  // Ł
  l.backspace();       // a whole character, not a byte
  EXPECT_EQ(l.text(), "");
}

TEST(TextEntry, DropsWhatDoesNotBelong) {
  TextEntry e(5);
  e.type(" Jan\x01\x1b\xF0\x9F\x98\x80\xC3");
  EXPECT_EQ(e.text(), "Jan");
  e.type("nekeeee");
  EXPECT_EQ(e.length(), 5u);
  TextEntry phone(20, TextEntry::Kind::Phone);
  phone.type("06-12 ab34");
  EXPECT_EQ(phone.text(), "06-12 34");
  TextEntry code(6, TextEntry::Kind::Code);
  code.type("k7m-3qx!");
  EXPECT_EQ(code.text(), "K7M3QX");
}
