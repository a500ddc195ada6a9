// Help requests reach their team by e-mail (#19): routing by kind, the outbox row written in the
// request's own transaction, what a mail may say (never a name, phone or description), hand-over,
// retries with backoff through a fake transport, and escalation to staff once only.
#include <gtest/gtest.h>

#include <deque>
#include <fstream>

#include "services/help_mail.hpp"
#include "services/mail_message.hpp"
#include "services/notify.hpp"
#include "store/audit.hpp"
#include "store/outbox_store.hpp"
#include "test_support.hpp"

using namespace bk;

namespace {

Config team_config(bool smtp = true) {
  Config c = parse_config(R"(
[centre]
name = "Wijkcentrum De Oever"
[notify]
from = "kiosk@oever.test"
escalate_after_hours = 4
[backoffice]
base_url = "https://beheer.oever.test/"
[[team]]
name = "Boodschappen"
kinds = ["boodschappen"]
email = ["a@oever.test", "b@oever.test"]
[[team]]
name = "Vervoer"
kinds = ["vervoer"]
email = []
[[team]]
name = "Buurtverbinders"
kinds = ["*"]
email = ["rest@oever.test"]
)", "kiosk.toml");
  if (smtp) c.notify.smtp_url = "smtp://mail.oever.test:587";
  return c;
}

// Answers from a script of results; keeps every message it was given.
struct FakeTransport final : MailTransport {
  std::deque<MailSendResult> script;
  std::vector<std::string> messages;
  std::vector<std::vector<std::string>> recipients;
  MailSendResult send(const std::string&, const std::vector<std::string>& to, const std::string& message) override {
    messages.push_back(message);
    recipients.push_back(to);
    if (script.empty()) return {true, {}};
    MailSendResult r = script.front();
    script.pop_front();
    return r;
  }
};

struct Graph : test::ServiceGraph {
  Config config;
  explicit Graph(Config c = team_config()) : config(std::move(c)) { help.route_with(config, zone); }
  std::string ask(const std::string& kind, const std::string& timing = "today") {
    const auto r = help.create({kind, timing, "Melk en brood, graag", false, "Ans de Vries", "06 1234 5678"});
    EXPECT_EQ(r.outcome, HelpOutcome::Created) << r.problem;
    return r.code;
  }
  std::vector<OutboxMail> outbox() { return due_outbox(store, clock.now() + 10 * 365 * 86400, 1000); }
  std::int64_t count(const char* table) { return sql().scalar_int(std::string("SELECT count(*) FROM ") + table); }
};

// Quoted-printable undone, so a test reads what the recipient's program shows.
std::string decode_qp(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') {
      i += 2;
    } else if (s[i] == '=' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

TEST(HelpRouting, ByKindAndTheRestToTheStarTeam) {
  Graph g;
  const auto shopping = g.ask("boodschappen");
  const auto chore = g.ask("klusje");
  const auto ride = g.ask("vervoer");
  EXPECT_EQ(g.help.lookup_code(shopping)->team, "Boodschappen");
  EXPECT_EQ(g.help.lookup_code(chore)->team, "Buurtverbinders");
  EXPECT_EQ(g.help.lookup_code(ride)->team, "Vervoer");
  const auto mails = g.outbox();
  ASSERT_EQ(mails.size(), 2u) << "Vervoer has no addresses: no mail";
  EXPECT_EQ(mails[0].kind, "help.new");
  EXPECT_EQ(mails[0].subject_code, shopping);
  EXPECT_EQ(mails[0].recipients, (std::vector<std::string>{"a@oever.test", "b@oever.test"}));
  EXPECT_EQ(mails[1].recipients, std::vector<std::string>{"rest@oever.test"});
  EXPECT_EQ(mails[0].created, g.clock.now());
  EXPECT_EQ(mails[0].next, g.clock.now()) << "due at once";
}

TEST(HelpRouting, WithoutSmtpTheTeamIsSetButNoMailWaits) {
  Graph g(team_config(false));
  const auto code = g.ask("post");
  EXPECT_EQ(g.help.lookup_code(code)->team, "Buurtverbinders");
  EXPECT_EQ(g.count("outbox"), 0);
}

TEST(HelpRouting, NotRoutedWithoutRouteWith) {
  test::ServiceGraph g;
  const auto r = g.help.create({"post", "any", "", true, "", ""});
  EXPECT_EQ(g.help.lookup_code(r.code)->team, "");
  EXPECT_EQ(g.sql().scalar_int("SELECT count(*) FROM outbox"), 0);
}

TEST(HelpRouting, AFailingOutboxInsertLeavesNeitherRequestNorMail) {
  Graph g;
  if (g.store.is_sqlite()) {
    g.sql().exec("CREATE TRIGGER no_mail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
  } else {
    g.sql().exec("CREATE FUNCTION no_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE 'disk full'; END $$;"
                 "CREATE TRIGGER no_mail BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION no_mail();");
  }
  EXPECT_ANY_THROW(g.help.create({"boodschappen", "today", "", false, "Ans", ""}));
  EXPECT_EQ(g.count("help_request"), 0);
  EXPECT_EQ(g.count("outbox"), 0);
  EXPECT_EQ(g.count("audit"), 0);
}

TEST(HelpMailText, SaysKindTimingCodeAndLinkButNothingPersonal) {
  Graph g;
  const auto code = g.ask("boodschappen", "today");
  FakeTransport t;
  ASSERT_EQ(send_due_mail(g.store, g.config, g.clock, t).sent, 1);
  const std::string& bytes = t.messages.at(0);
  const std::string shown = decode_qp(bytes.substr(bytes.find("\r\n\r\n")));
  for (const std::string& text : {bytes, shown}) {
    for (const char* personal : {"Ans", "Vries", "1234", "5678", "Melk", "brood"})
      EXPECT_EQ(text.find(personal), std::string::npos) << personal << " in:\n" << text;
  }
  EXPECT_NE(bytes.find("Subject: Nieuwe hulpvraag " + code + ": boodschappen (vandaag)\r\n"), std::string::npos) << bytes;
  EXPECT_NE(shown.find("https://beheer.oever.test/beheer/hulpvragen/" + code + "\r\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Code:       " + code), std::string::npos);
  EXPECT_NE(shown.find("Wanneer:    vandaag"), std::string::npos);
  EXPECT_NE(shown.find("Gevraagd:   maandag 1 maart 2027 om 09:00"), std::string::npos) << shown;
  for (const char* header : {"Date: Mon, 01 Mar 2027 08:00:00 +0000\r\n", "From: kiosk@oever.test\r\n",
                             "To: a@oever.test,\r\n b@oever.test\r\n", "MIME-Version: 1.0\r\n",
                             "Content-Type: text/plain; charset=utf-8\r\n",
                             "Content-Transfer-Encoding: quoted-printable\r\n", "Message-ID: <bk-1-"})
    EXPECT_NE(bytes.find(header), std::string::npos) << header;
  for (std::size_t i = bytes.find('\n'); i != std::string::npos; i = bytes.find('\n', i + 1))
    ASSERT_EQ(bytes[i - 1], '\r') << "every line ends in CRLF";
  EXPECT_EQ(t.recipients.at(0), (std::vector<std::string>{"a@oever.test", "b@oever.test"}));
}

TEST(HelpHandOver, ReroutesLetsGoOfTheClaimAndMailsTheNewTeam) {
  Graph g;
  const auto code = g.ask("boodschappen");
  g.sql().exec("INSERT INTO account(id, name, role, password_hash, created_utc, password_utc) "
               "VALUES (7, 'Kees', 'volunteer', 'x', 0, 0)");
  ASSERT_TRUE(g.help.claim(code, "Kees", "", "volunteer", 7).ok());
  EXPECT_EQ(g.help.lookup_code(code)->claimed_account, 7);
  g.clock.t += 600;
  const auto r = g.help.hand_over(code, "Buurtverbinders", "staff", "Mieke");
  ASSERT_EQ(r.outcome, HelpChange::Changed) << r.problem;
  const auto v = *g.help.lookup_code(code);
  EXPECT_EQ(v.team, "Buurtverbinders");
  EXPECT_EQ(v.status, HelpStatus::Open);
  EXPECT_EQ(v.claimed_by, "");
  EXPECT_FALSE(v.claimed_account || v.claimed);
  const auto mails = g.outbox();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[1].kind, "help.handover");
  EXPECT_EQ(mails[1].recipients, std::vector<std::string>{"rest@oever.test"});
  EXPECT_EQ(mails[1].subject, "Hulpvraag " + code + " overgedragen: boodschappen (vandaag)");
  EXPECT_EQ(mails[1].body.find("Ans"), std::string::npos);
  const auto audit = read_audit(g.store, 0);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "help.handover");
  EXPECT_EQ(audit.back().actor, "Mieke");
  EXPECT_EQ(audit.back().detail, "claimed -> open, team Boodschappen -> Buurtverbinders");

  EXPECT_EQ(g.help.hand_over(code, "Buurtverbinders", "staff").outcome, HelpChange::Unchanged);
  EXPECT_EQ(g.help.hand_over(code, "Onbekend", "staff").outcome, HelpChange::InvalidInput);
  ASSERT_TRUE(g.help.done(code, "staff").ok());
  EXPECT_EQ(g.help.hand_over(code, "Vervoer", "staff").outcome, HelpChange::NotAllowed);
  EXPECT_EQ(g.outbox().size(), 2u);
}

TEST(MailMessage, RefusesHeaderInjection) {
  MailMessage m{"kiosk@oever.test", {"a@oever.test"}, "Nieuwe hulpvraag", "tekst\n", 0, "bk-1-0@oever.test"};
  EXPECT_NO_THROW(format_mail(m));
  auto bad = m;
  bad.subject = "Hoi\r\nBcc: evil@example.com";
  EXPECT_THROW(format_mail(bad), std::invalid_argument);
  bad = m;
  bad.to = {"a@oever.test\r\nBcc: evil@example.com"};
  EXPECT_THROW(format_mail(bad), std::invalid_argument);
  bad = m;
  bad.to = {"Evil <a@oever.test>"};
  EXPECT_THROW(format_mail(bad), std::invalid_argument);
  bad = m;
  bad.from = "kiosk@oever.test\nX: y";
  EXPECT_THROW(format_mail(bad), std::invalid_argument);
  bad = m;
  bad.message_id = "x@y\r\nBcc: e@x";
  EXPECT_THROW(format_mail(bad), std::invalid_argument);
}

TEST(MailMessage, EncodesNonAsciiSubjectsAndBodies) {
  EXPECT_EQ(encode_header_text("Nieuwe hulpvraag"), "Nieuwe hulpvraag");
  EXPECT_EQ(encode_header_text("Één"), "=?utf-8?B?w4nDqW4=?=");
  const std::string long_text(100, 'x');
  const std::string qp = quoted_printable(long_text + "\n.punt\nrust \ncafé = koffie\n");
  EXPECT_EQ(qp.substr(0, 77), std::string(75, 'x') + "=\r");
  EXPECT_NE(qp.find("\r\n=2Epunt\r\n"), std::string::npos) << "a dot starting a line is encoded";
  EXPECT_NE(qp.find("rust=20\r\n"), std::string::npos) << "a trailing space survives";
  EXPECT_NE(qp.find("caf=C3=A9 =3D koffie\r\n"), std::string::npos) << qp;
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(MailRetry, BackoffSchedule) {
  const std::vector<UtcSeconds> expected = {30, 60, 120, 300, 600, 1800, 3600, 3600, 3600};
  for (int n = 1; n <= 9; ++n) EXPECT_EQ(retry_delay(n), expected[n - 1]) << n;
}

TEST(MailRetry, AFailureWaitsItsTurnThenSends) {
  Graph g;
  const auto code = g.ask("klusje");
  FakeTransport t;
  t.script = {{false, "451 4.3.0 Try again later"}, {false, "421 4.4.2 Timeout"}};
  const UtcSeconds t0 = g.clock.now();
  auto r = send_due_mail(g.store, g.config, g.clock, t);
  EXPECT_EQ(r.failed, 1);
  auto m = g.outbox().at(0);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.next, t0 + 30);
  EXPECT_EQ(m.last_error, "451 4.3.0 Try again later");
  auto s = outbox_summary(g.store);
  EXPECT_EQ(s.waiting, 1);
  EXPECT_EQ(s.failed_attempts, 1);
  EXPECT_EQ(s.last_error, "451 4.3.0 Try again later");
  EXPECT_FALSE(s.last_sent);

  g.clock.t = t0 + 29;
  EXPECT_EQ(send_due_mail(g.store, g.config, g.clock, t).failed + t.messages.size(), 1u) << "not due yet";
  g.clock.t = t0 + 30;
  EXPECT_EQ(send_due_mail(g.store, g.config, g.clock, t).failed, 1);
  EXPECT_EQ(g.outbox().at(0).next, t0 + 30 + 60);
  g.clock.t = t0 + 90;
  EXPECT_EQ(send_due_mail(g.store, g.config, g.clock, t).sent, 1);
  EXPECT_EQ(t.messages.size(), 3u);
  EXPECT_EQ(t.messages[0], t.messages[2]) << "the same message (and Message-ID) on every attempt";
  s = outbox_summary(g.store);
  EXPECT_EQ(s.waiting, 0);
  EXPECT_EQ(s.last_sent, t0 + 90);
  EXPECT_EQ(send_due_mail(g.store, g.config, g.clock, t).sent, 0) << "sent once only";
  EXPECT_NE(code, "");
}

TEST(MailRetry, ARoundStopsAtTheFirstFailure) {
  Graph g;
  g.ask("klusje");
  g.ask("post");
  FakeTransport t;
  t.script = {{false, "Couldn't connect to server"}};
  const auto r = send_due_mail(g.store, g.config, g.clock, t);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(r.sent, 0);
  EXPECT_EQ(t.messages.size(), 1u);
  EXPECT_EQ(send_due_mail(g.store, g.config, g.clock, t).sent, 1) << "the second is tried next round";
}

TEST(Escalation, UnclaimedAfterTheHoursTellsStaffOnce) {
  Graph g;
  const auto waiting = g.ask("gezelschap");
  const auto claimed = g.ask("computer");
  ASSERT_TRUE(g.help.claim(claimed, "Kees", "", "volunteer").ok());
  const std::vector<std::string> staff = {"coordinator@oever.test"};
  const UtcSeconds t0 = g.clock.now();
  g.clock.t = t0 + 4 * 3600 - 1;
  EXPECT_EQ(queue_escalations(g.store, g.config, g.clock, g.zone, staff), 0);
  g.clock.t = t0 + 4 * 3600;
  EXPECT_EQ(queue_escalations(g.store, g.config, g.clock, g.zone, {}), 0) << "no staff address: wait for one";
  EXPECT_FALSE(g.help.lookup_code(waiting)->escalated);
  EXPECT_EQ(queue_escalations(g.store, g.config, g.clock, g.zone, staff), 1);
  EXPECT_EQ(g.help.lookup_code(waiting)->escalated, t0 + 4 * 3600);
  EXPECT_FALSE(g.help.lookup_code(claimed)->escalated);
  g.clock.t = t0 + 9 * 3600;
  EXPECT_EQ(queue_escalations(g.store, g.config, g.clock, g.zone, staff), 0) << "once only";
  const auto mails = g.outbox();
  ASSERT_EQ(mails.back().kind, "help.escalated");
  EXPECT_EQ(mails.back().recipients, staff);
  EXPECT_EQ(mails.back().subject, "Nog niet opgepakt: hulpvraag " + waiting + ": gezelschap of bezoek (vandaag)");
  EXPECT_NE(mails.back().body.find("na 4 uur nog door niemand opgepakt"), std::string::npos);
}

TEST(SmtpTransport, PasswordFileMustBeTheServiceUsersOnly) {
  const auto file = std::filesystem::temp_directory_path() / ("bk_smtp_pw_" + std::to_string(::getpid()));
  {
    std::ofstream(file) << "geheim\n";
  }
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::group_read);
  try {
    read_password_file(file);
    ADD_FAILURE() << "a group-readable file was accepted";
  } catch (const MailSetupError& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
  }
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(read_password_file(file), "geheim");
  Config::Notify n;
  n.smtp_url = "smtp://127.0.0.1:1";  // nothing listens: refused at once
  n.smtp_user = "kiosk";
  n.smtp_password_file = file;
  SmtpTransport smtp(n, 5);
  const auto r = smtp.send("kiosk@oever.test", {"a@oever.test"}, "Subject: x\r\n\r\nx\r\n");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.error.find('\n'), std::string::npos);
  std::filesystem::remove(file);
}
