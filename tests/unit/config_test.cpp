#include <gtest/gtest.h>

#include <filesystem>

#include "config/config.hpp"

using namespace bk;

namespace {
std::string error_of(const std::string& toml) {
  try {
    parse_config(toml, "kiosk.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Config, EmptyFileGivesDefaults) {
  const Config c = parse_config("", "kiosk.toml");
  EXPECT_EQ(c.centre.timezone, "Europe/Amsterdam");
  EXPECT_EQ(c.kiosk.idle_seconds, 60);
  EXPECT_EQ(c.privacy.retention_days, 30);
  EXPECT_EQ(c.printer.kind, PrinterKind::None);
  EXPECT_TRUE(c.display.fullscreen);
}

TEST(Config, ReadsEveryDocumentedKey) {
  const Config c = parse_config(R"(
[centre]
name = "Wijkcentrum De Oever"
phone = "072 000 00 00"
timezone = "Europe/Brussels"
[storage]
database = "/tmp/x.db"
backups_keep = 5
[display]
fullscreen = false
language = "pl"
[kiosk]
idle_seconds = 90
[followup]
base_url = "https://oever.example/"
listen = "127.0.0.1:9090"
requests_per_minute = 120
[printer]
kind = "escpos"
target = "tcp://127.0.0.1:9100"
paper_mm = 58
[privacy]
retention_days = 14
)", "kiosk.toml");
  EXPECT_EQ(c.centre.name, "Wijkcentrum De Oever");
  EXPECT_EQ(c.centre.timezone, "Europe/Brussels");
  EXPECT_EQ(c.database_path(), std::filesystem::path("/tmp/x.db"));
  EXPECT_FALSE(c.display.fullscreen);
  EXPECT_EQ(c.display.language, "pl");
  EXPECT_EQ(c.followup.base_url, "https://oever.example");  // trailing slash dropped
  EXPECT_EQ(c.followup.listen, "127.0.0.1:9090");
  EXPECT_EQ(c.followup.requests_per_minute, 120);
  EXPECT_EQ(c.printer.kind, PrinterKind::EscPos);
  EXPECT_EQ(c.printer.paper_mm, 58);
  EXPECT_EQ(c.privacy.retention_days, 14);
}

TEST(Config, WrongTypeNamesFileLineAndKey) {
  EXPECT_EQ(error_of("[kiosk]\n\nidle_seconds = \"sixty\"\n"),
            "kiosk.toml:3: kiosk.idle_seconds: must be a whole number");
}

TEST(Config, UnknownKeyAndSection) {
  EXPECT_EQ(error_of("[kiosk]\nidle_secs = 60\n"), "kiosk.toml:2: kiosk.idle_secs: unknown key");
  EXPECT_EQ(error_of("[kiosks]\nidle_seconds = 60\n"), "kiosk.toml:1: kiosks: unknown section");
}

TEST(Config, BadValues) {
  EXPECT_EQ(error_of("[privacy]\nretention_days = 0\n"),
            "kiosk.toml:2: privacy.retention_days: must be between 1 and 3650");
  EXPECT_EQ(error_of("[display]\nlanguage = \"de\"\n"),
            "kiosk.toml:2: display.language: must be one of \"nl\", \"en\", \"tr\", \"pl\" (not \"de\")");
  EXPECT_EQ(error_of("[printer]\nkind = \"escpos\"\n"),
            "kiosk.toml:2: printer.target: is needed when printer.kind is not \"none\"");
  EXPECT_EQ(error_of("[followup]\nbase_url = \"kiosk.local\"\n"),
            "kiosk.toml:2: followup.base_url: must start with http:// or https://");
  for (const char* listen : {"8080", "0.0.0.0:", "0.0.0.0:http", "0.0.0.0:0", "0.0.0.0:65536", "[::]:123456"})
    EXPECT_EQ(error_of(std::string("[followup]\nlisten = \"") + listen + "\"\n"),
              "kiosk.toml:2: followup.listen: must look like \"0.0.0.0:8080\" (a port from 1 to 65535)")
        << listen;
  EXPECT_EQ(parse_config("[followup]\nlisten = \"[::]:8080\"\n", "kiosk.toml").followup.listen, "[::]:8080");
}

TEST(Config, SyntaxErrorNamesLine) {
  const std::string e = error_of("[centre]\nname = \"De Oever\nphone = 1\n");
  EXPECT_EQ(e.rfind("kiosk.toml:2:", 0), 0u) << e;
}

TEST(Config, ShippedExampleLoads) {
  const Config c = load_config(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "kiosk-config/kiosk.toml");
  EXPECT_FALSE(c.centre.name.empty());
}
