// kiosk.toml's sections for the neighbourhood team (#19): [[team]], [notify], [backoffice]. A wrong
// value stops the program with file:line and the key, like every other key.
#include <gtest/gtest.h>

#include <string>

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

const char* const kTwoTeams = R"(
[[team]]
name = "WonenPlus"
kinds = ["vervoer"]
email = ["planning@wonenplus.example"]

[[team]]
name = "Buurtteam"
kinds = ["*"]
email = ["buurtteam@oever.example", "wijk@oever.example"]
)";

}  // namespace

TEST(ConfigTeam, ReadsTeamsNotifyAndBackoffice) {
  const Config c = parse_config(std::string(kTwoTeams) + R"(
[notify]
smtp_url = "smtps://mail.example.nl:465"
smtp_user = "kiosk"
smtp_password_file = "/etc/buurtkiosk/smtp-password"
from = "kiosk@oever.example"
escalate_after_hours = 24

[backoffice]
listen = "0.0.0.0:8081"
base_url = "https://kiosk.oever.example/"
session_idle_minutes = 15
)", "kiosk.toml");
  ASSERT_EQ(c.teams.size(), 2u);
  EXPECT_EQ(c.teams[0].name, "WonenPlus");
  EXPECT_EQ(c.teams[1].email, (std::vector<std::string>{"buurtteam@oever.example", "wijk@oever.example"}));
  ASSERT_NE(c.team_for("vervoer"), nullptr);
  EXPECT_EQ(c.team_for("vervoer")->name, "WonenPlus");
  EXPECT_EQ(c.team_for("post")->name, "Buurtteam");  // the "*" team takes the rest
  EXPECT_EQ(c.team_named("WonenPlus"), &c.teams[0]);
  EXPECT_EQ(c.team_named("Nobody"), nullptr);
  EXPECT_EQ(c.notify.smtp_url, "smtps://mail.example.nl:465");
  EXPECT_EQ(c.notify.smtp_password_file, "/etc/buurtkiosk/smtp-password");
  EXPECT_EQ(c.notify.from, "kiosk@oever.example");
  EXPECT_EQ(c.notify.escalate_after_hours, 24);
  EXPECT_EQ(c.backoffice.listen, "0.0.0.0:8081");
  EXPECT_EQ(c.backoffice.base_url, "https://kiosk.oever.example");  // trailing slash dropped
  EXPECT_EQ(c.backoffice.session_idle_minutes, 15);
}

TEST(ConfigTeam, NoTeamsMeansNoRouting) {
  const Config c = parse_config("", "kiosk.toml");
  EXPECT_TRUE(c.teams.empty());
  EXPECT_EQ(c.team_for("vervoer"), nullptr);
  EXPECT_EQ(c.backoffice.listen, "127.0.0.1:8081");  // off the guest Wi-Fi unless asked
}

TEST(ConfigTeam, UnknownKindNamesLineKeyAndKind) {
  const std::string e = error_of(R"([[team]]
name = "Alles"
kinds = ["*", "fietsen"]
)");
  EXPECT_EQ(e.rfind("kiosk.toml:3: team.kinds: \"fietsen\" is not a kind of help", 0), 0u) << e;
}

TEST(ConfigTeam, OneKindCannotGoToTwoTeams) {
  const std::string e = error_of(R"([[team]]
name = "WonenPlus"
kinds = ["vervoer"]

[[team]]
name = "Rest"
kinds = ["*", "vervoer"]
)");
  EXPECT_EQ(e, "kiosk.toml:7: team.kinds: \"vervoer\" is already sent to team \"WonenPlus\"") << e;
}

TEST(ConfigTeam, TwoTeamsWithOneNameAreRefused) {
  const std::string e = error_of(R"([[team]]
name = "Buurtteam"
kinds = ["*"]

[[team]]
name = "Buurtteam"
kinds = ["post"]
)");
  EXPECT_EQ(e, "kiosk.toml:6: team.name: \"Buurtteam\" is used by two teams") << e;
}

TEST(ConfigTeam, SomeTeamMustTakeTheRest) {
  const std::string e = error_of(R"([[team]]
name = "WonenPlus"
kinds = ["vervoer"]
)");
  EXPECT_EQ(e.rfind("kiosk.toml:1: team.kinds: one team must have kinds = [\"*\"]", 0), 0u) << e;
}

TEST(ConfigTeam, TeamNeedsAName) {
  EXPECT_EQ(error_of("[[team]]\nkinds = [\"*\"]\n"), "kiosk.toml:1: team.name: is needed in every [[team]]");
  EXPECT_EQ(error_of("[[team]]\nname = \"\"\nkinds = [\"*\"]\n"), "kiosk.toml:2: team.name: must be 1 to 60 characters");
  EXPECT_EQ(error_of("[[team]]\nname = \"X\"\nkind = [\"*\"]\n"), "kiosk.toml:3: team.kind: unknown key");
  EXPECT_EQ(error_of("[team]\nname = \"X\"\n"), "kiosk.toml:1: team: must be tables written as [[team]]");
}

TEST(ConfigTeam, TeamEmailMustBeAddresses) {
  const std::string e = error_of(R"([[team]]
name = "Buurtteam"
kinds = ["*"]
email = ["buurtteam@oever.example", "buurtteam at oever"]
)");
  EXPECT_EQ(e, "kiosk.toml:4: team.email: \"buurtteam at oever\" is not an e-mail address") << e;
  EXPECT_EQ(error_of("[[team]]\nname = \"B\"\nkinds = [\"*\"]\nemail = \"b@oever.example\"\n"),
            "kiosk.toml:4: team.email: must be a list like [\"a\", \"b\"]");
  // A header injection through a team address is refused too.
  EXPECT_NE(error_of("[[team]]\nname = \"B\"\nkinds = [\"*\"]\nemail = [\"b@oever.example\\r\\nBcc: x@evil.example\"]\n"), "");
}

TEST(ConfigTeam, NotifyFromMustBeAnAddress) {
  EXPECT_EQ(error_of("[notify]\nfrom = \"kiosk\"\n"),
            "kiosk.toml:2: notify.from: must be an e-mail address like kiosk@example.nl");
  EXPECT_EQ(error_of("[notify]\nfrom = \"kiosk@\"\n").rfind("kiosk.toml:2: notify.from:", 0), 0u);
  // The default sender is a valid one when written out (a host without a dot).
  EXPECT_EQ(parse_config("[notify]\nfrom = \"buurtkiosk@localhost\"\n", "kiosk.toml").notify.from, "buurtkiosk@localhost");
}

TEST(ConfigTeam, BadSmtpUrl) {
  EXPECT_EQ(error_of("\n[notify]\nsmtp_url = \"http://mail.example.nl\"\n"),
            "kiosk.toml:3: notify.smtp_url: must look like \"smtp://mail.example.nl:587\" or "
            "\"smtps://mail.example.nl:465\"");
  // A scheme without a host is no mail server either.
  EXPECT_EQ(error_of("[notify]\nsmtp_url = \"smtps://\"\n").rfind("kiosk.toml:2: notify.smtp_url: must look like", 0), 0u);
  EXPECT_EQ(parse_config("[notify]\nsmtp_url = \"\"\n", "kiosk.toml").notify.smtp_url, "");  // no mail
}

TEST(ConfigTeam, BadListenAndBaseUrl) {
  EXPECT_EQ(error_of("[backoffice]\nlisten = \"127.0.0.1\"\n"),
            "kiosk.toml:2: backoffice.listen: must look like \"0.0.0.0:8080\" (a port from 1 to 65535)");
  EXPECT_EQ(error_of("[backoffice]\nlisten = \"127.0.0.1:70000\"\n").rfind("kiosk.toml:2: backoffice.listen:", 0), 0u);
  EXPECT_EQ(error_of("[backoffice]\nlisten = \":8081\"\n").rfind("kiosk.toml:2: backoffice.listen:", 0), 0u);
  EXPECT_EQ(error_of("[backoffice]\n\nbase_url = \"kiosk.local:8081\"\n"),
            "kiosk.toml:3: backoffice.base_url: must start with http:// or https://");
  EXPECT_EQ(error_of("[backoffice]\nsession_idle_minutes = 0\n"),
            "kiosk.toml:2: backoffice.session_idle_minutes: must be between 1 and 1440");
}
