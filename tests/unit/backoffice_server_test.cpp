// The back office (/beheer/): the real server on 127.0.0.1 and a port of its own, driven with
// httplib's client as a browser would (cookie, form fields, Origin), checked against the store.
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <regex>
#include <thread>

#include "services/account_service.hpp"
#include "services/help_service.hpp"
#include "store/audit.hpp"
#include "store/help_request_store.hpp"
#include "test_support.hpp"
#include "web/backoffice.hpp"

using namespace bk;
using bk::test::ManualClock;

namespace {

constexpr const char* kPassword = "lange-zin-van-tien";
const char* kForm = "application/x-www-form-urlencoded";

struct Fixture {
  std::filesystem::path path = bk::test::temp_path("backoffice");
  Store db{path};
  TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  HelpService help{db, clock, "http://127.0.0.1"};
  AccountService accounts{db, clock};
  std::string ours, theirs;  // help requests of team Vervoer (the partner's) and Buurtteam
  std::unique_ptr<web::BackofficeServer> server;
  std::thread thread;
  int port = 0;

  explicit Fixture(const std::string& base_url = "http://127.0.0.1:8081") {
    db.migrate();
    clock.t = parse_now_option("2027-03-01T09:00", zone);
    add("Sanne", AccountRole::Staff, "");
    add("Vera", AccountRole::Volunteer, "Buurtteam");
    add("Wim", AccountRole::Volunteer, "Buurtteam");
    add("Piet", AccountRole::Partner, "Vervoer");
    ours = ask("vervoer", "Marie Jansen", "0612345678", "Vervoer");
    theirs = ask("boodschappen", "Kees Bakker", "0687654321", "Buurtteam");

    web::BackofficeSettings s;
    s.config.centre.name = "Wijkcentrum De Oever";
    s.config.backoffice.base_url = base_url;
    s.config.teams = {{"Vervoer", {"vervoer"}, {}}, {"Buurtteam", {"*"}, {}}};
    s.database = path;
    s.zone = zone;
    s.clock = &clock;
    s.catalog = Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets");
    server = std::make_unique<web::BackofficeServer>(std::move(s));
    port = server->bind("127.0.0.1", 0);
    EXPECT_GT(port, 0);
    thread = std::thread([this] { server->listen_after_bind(); });
    while (!server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Fixture() {
    server->stop();
    thread.join();
  }

  void add(const std::string& name, AccountRole role, const std::string& team) {
    AccountInput in;
    in.name = name;
    in.role = role;
    in.team = team;
    in.password = kPassword;
    ASSERT_TRUE(accounts.add(in, "cli").ok()) << name;
  }
  std::string ask(const std::string& kind, const std::string& name, const std::string& phone, const std::string& team) {
    HelpRequestInput in;
    in.category = kind;
    in.timing = "this_week";
    in.description = "graag dinsdag";
    in.name = name;
    in.phone = phone;
    const HelpCreated c = help.create(in);
    EXPECT_EQ(c.outcome, HelpOutcome::Created) << c.problem;
    auto row = find_help_request(db, HelpRequestKey::Code, c.code);
    row->team = team;  // as routing by [[team]] would have done
    update_help_request(db, *row);
    return c.code;
  }
  HelpRequestView request(const std::string& code) { return *help.lookup_code(code); }
  int audit_rows(const std::string& action, const std::string& actor) {
    int n = 0;
    for (const auto& e : read_audit(db, 0)) n += e.action == action && e.actor == actor;
    return n;
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(std::chrono::seconds(10));
    return c;
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port); }
  httplib::Result post_login(const std::string& name, const std::string& password, const std::string& cookie = "") {
    httplib::Headers h{{"Origin", origin()}, {"Sec-Fetch-Site", "same-origin"}};
    if (!cookie.empty()) h.emplace("Cookie", "bk_backoffice=" + cookie);
    return client().Post("/beheer/login", h, "naam=" + name + "&wachtwoord=" + password, kForm);
  }
  // The session id from a login's Set-Cookie.
  std::string login(const std::string& name) {
    auto res = post_login(name, kPassword);
    EXPECT_TRUE(res && res->status == 303);
    std::smatch m;
    const std::string set = res ? res->get_header_value("Set-Cookie") : "";
    return std::regex_search(set, m, std::regex("bk_backoffice=([0-9a-f]{64})")) ? m[1].str() : "";
  }
  httplib::Result get(const std::string& path, const std::string& session) {
    return client().Get(path, {{"Cookie", "bk_backoffice=" + session}});
  }
  std::string csrf(const std::string& session, const std::string& page = "/beheer/hulpvragen") {
    auto res = get(page, session);
    std::smatch m;
    return res && std::regex_search(res->body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\"")) ? m[1].str() : "";
  }
  httplib::Result post(const std::string& path, const std::string& session, const std::string& body,
                       const std::string& from = "") {
    return client().Post(path, {{"Cookie", "bk_backoffice=" + session}, {"Origin", from.empty() ? origin() : from}},
                         body, kForm);
  }
  httplib::Result claim(const std::string& session, const std::string& code, const std::string& note = "") {
    return post("/beheer/hulpvragen/" + code + "/oppakken", session, "csrf=" + csrf(session) + "&notitie=" + note);
  }
};

bool has(const httplib::Result& res, const std::string& text) { return res && res->body.find(text) != std::string::npos; }

}  // namespace

TEST(Backoffice, WithoutASessionEveryPageGoesToTheLogin) {
  Fixture f;
  auto res = f.client().Get("/beheer/hulpvragen");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/beheer/login");
  res = f.client().Get("/beheer/hulpvragen/" + f.ours);
  EXPECT_EQ(res->get_header_value("Location"), "/beheer/login?naar=/beheer/hulpvragen/" + f.ours)
      << "back to the request after the login (a mail's link)";
  res = f.get("/beheer/hulpvragen", std::string(64, 'a'));
  EXPECT_EQ(res->status, 303) << "a made-up session id is no session";
  res = f.client().Get("/beheer/login");
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(has(res, "Inloggen"));
  EXPECT_TRUE(has(res, "type=\"password\""));
  EXPECT_EQ(res->get_header_value("Content-Security-Policy").find("default-src 'none'"), 0u);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_FALSE(has(res, "<script"));
}

TEST(Backoffice, LoginSetsAStrictHttpOnlyCookieAndANewIdEachTime) {
  Fixture f;
  auto res = f.post_login("Vera", kPassword);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/beheer/hulpvragen");
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(std::regex_match(cookie, std::regex("bk_backoffice=[0-9a-f]{64}; Path=/beheer/; HttpOnly; SameSite=Strict")))
      << cookie << " (no Secure over plain http)";
  const std::string id = cookie.substr(14, 64);
  auto page = f.get("/beheer/hulpvragen", id);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(has(page, "Vera"));
  EXPECT_TRUE(has(page, "Uitloggen"));
  // Logging in again with the old cookie: a new id, the old one ends.
  res = f.post_login("Vera", kPassword, id);
  const std::string again = res->get_header_value("Set-Cookie").substr(14, 64);
  EXPECT_NE(again, id);
  EXPECT_EQ(f.get("/beheer/hulpvragen", id)->status, 303);
  EXPECT_EQ(f.get("/beheer/hulpvragen", again)->status, 200);
}

TEST(Backoffice, TheCookieIsSecureBehindHttps) {
  Fixture f("https://beheer.wijkcentrum.test");
  auto res = f.post_login("Vera", kPassword);
  EXPECT_NE(res->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST(Backoffice, WrongPasswordAndUnknownNameGetTheSameMessage) {
  Fixture f;
  for (const auto& [name, password] : {std::pair{"Vera", "verkeerd-wachtwoord"}, std::pair{"Niemand", kPassword}}) {
    auto res = f.post_login(name, password);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_FALSE(res->has_header("Set-Cookie"));
    EXPECT_TRUE(has(res, "Naam of wachtwoord klopt niet.")) << res->body;
  }
  auto res = f.post_login("Vera", "");
  EXPECT_TRUE(has(res, "Vul uw naam en uw wachtwoord in."));
}

TEST(Backoffice, ALockedAccountSaysForHowManyMinutes) {
  Fixture f;
  for (int i = 0; i < kLoginFailuresPerAccount; ++i) f.post_login("Wim", "verkeerd-wachtwoord");
  auto res = f.post_login("Wim", kPassword);
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Set-Cookie")) << "not even the right password while locked";
  EXPECT_TRUE(has(res, "Te veel mislukte pogingen. Probeer het over 5 minuten opnieuw.")) << res->body;
  f.clock.t += 4 * 60 + 30;
  EXPECT_TRUE(has(f.post_login("Wim", kPassword), "over 1 minuut opnieuw"));
  f.clock.t += 31;
  EXPECT_EQ(f.post_login("Wim", kPassword)->status, 303) << "open again after the lock";
}

TEST(Backoffice, APostWithoutTheFormTokenIsRefusedAndChangesNothing) {
  Fixture f;
  const std::string vera = f.login("Vera");
  const std::string path = "/beheer/hulpvragen/" + f.theirs + "/oppakken";
  for (const std::string& body : {std::string("notitie=x"), std::string("csrf=&notitie=x"), "csrf=" + std::string(64, '0') + "&notitie=x"}) {
    auto res = f.post(path, vera, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << body;
    EXPECT_TRUE(has(res, "Niet toegestaan"));
  }
  // Another session's token is no good either.
  EXPECT_EQ(f.post(path, vera, "csrf=" + f.csrf(f.login("Wim")))->status, 403);
  EXPECT_EQ(f.request(f.theirs).status, HelpStatus::Open);
  EXPECT_EQ(f.claim(vera, f.theirs)->status, 303) << "with its own token it works";
  EXPECT_EQ(f.request(f.theirs).status, HelpStatus::Claimed);
}

TEST(Backoffice, ACrossSitePostIsRefusedEvenWithTheToken) {
  Fixture f;
  const std::string vera = f.login("Vera");
  const std::string body = "csrf=" + f.csrf(vera) + "&notitie=x";
  const std::string path = "/beheer/hulpvragen/" + f.theirs + "/oppakken";
  auto res = f.post(path, vera, body, "http://evil.example");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = f.client().Post(path, {{"Cookie", "bk_backoffice=" + vera}, {"Sec-Fetch-Site", "cross-site"}}, body, kForm);
  EXPECT_EQ(res->status, 403);
  res = f.client().Post("/beheer/login", {{"Origin", "http://evil.example"}}, "naam=Vera&wachtwoord=" + std::string(kPassword), kForm);
  EXPECT_EQ(res->status, 403);
  EXPECT_FALSE(res->has_header("Set-Cookie")) << "no login from another site's form";
  EXPECT_EQ(f.request(f.theirs).status, HelpStatus::Open);
  // What Chromium sends for the page's own form under Referrer-Policy no-referrer: accepted.
  res = f.client().Post(path, {{"Cookie", "bk_backoffice=" + vera}, {"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}},
                        body, kForm);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.request(f.theirs).status, HelpStatus::Claimed);
}

TEST(Backoffice, APartnerSeesOnlyItsTeamsRequestsAndNoNames) {
  Fixture f;
  const std::string piet = f.login("Piet");
  auto list = f.get("/beheer/hulpvragen", piet);
  EXPECT_TRUE(has(list, f.ours));
  EXPECT_FALSE(has(list, f.theirs));
  EXPECT_FALSE(has(list, "Agenda")) << "only the sections a partner may open";
  auto other = f.get("/beheer/hulpvragen/" + f.theirs, piet);
  auto unknown = f.get("/beheer/hulpvragen/ZZZZZZ", piet);
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(other->body, unknown->body) << "another team's request looks exactly like an unknown code";
  EXPECT_FALSE(has(other, "Kees"));
  EXPECT_EQ(f.claim(piet, f.theirs)->status, 404);
  EXPECT_EQ(f.request(f.theirs).status, HelpStatus::Open);

  auto own = f.get("/beheer/hulpvragen/" + f.ours, piet);
  EXPECT_EQ(own->status, 200);
  EXPECT_TRUE(has(own, "Vervoer of begeleiding"));
  EXPECT_FALSE(has(own, "Marie")) << "no name before claiming";
  EXPECT_FALSE(has(own, "0612345678"));
  EXPECT_EQ(f.get("/beheer/agenda", piet)->status, 403);
}

TEST(Backoffice, AVolunteerSeesTheNameOnlyAfterClaimingAndEachViewIsAudited) {
  Fixture f;
  const std::string vera = f.login("Vera");
  const std::string page = "/beheer/hulpvragen/" + f.theirs;
  EXPECT_FALSE(has(f.get(page, vera), "Kees Bakker"));
  EXPECT_EQ(f.audit_rows("help.view_personal", "Vera"), 0);
  EXPECT_EQ(f.claim(vera, f.theirs, "ik+bel+hem")->get_header_value("Location"), page + "?ok=Opgepakt.");
  const auto claimed = f.request(f.theirs);
  EXPECT_EQ(claimed.claimed_by, "Vera");
  auto res = f.get(page, vera);
  EXPECT_TRUE(has(res, "Kees Bakker"));
  EXPECT_TRUE(has(res, "0687654321"));
  EXPECT_TRUE(has(res, "ik bel hem"));
  EXPECT_EQ(f.audit_rows("help.view_personal", "Vera"), 1);
  f.get(page, vera);
  EXPECT_EQ(f.audit_rows("help.view_personal", "Vera"), 2) << "every view";
  for (const auto& e : read_audit(f.db, 0)) {
    if (e.action != "help.view_personal") continue;
    EXPECT_EQ(e.role, "backoffice");
    EXPECT_EQ(e.subject, f.theirs);
    EXPECT_EQ(e.detail.find("Kees"), std::string::npos);
  }
  // Another volunteer does not see it; staff do, audited under their own name.
  EXPECT_FALSE(has(f.get(page, f.login("Wim")), "Kees Bakker"));
  EXPECT_TRUE(has(f.get(page, f.login("Sanne")), "Kees Bakker"));
  EXPECT_EQ(f.audit_rows("help.view_personal", "Sanne"), 1);
  EXPECT_EQ(f.audit_rows("help.view_personal", "Wim"), 0);
}

TEST(Backoffice, ASessionEndsAfterItsIdleTime) {
  Fixture f;
  const std::string vera = f.login("Vera");
  f.clock.t += 29 * 60;
  EXPECT_EQ(f.get("/beheer/hulpvragen", vera)->status, 200) << "29 minutes idle: still in, and the clock restarts";
  f.clock.t += 29 * 60;
  EXPECT_EQ(f.get("/beheer/hulpvragen", vera)->status, 200);
  f.clock.t += 30 * 60;
  auto res = f.get("/beheer/hulpvragen", vera);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/beheer/login?verlopen=1");
  EXPECT_NE(res->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_TRUE(has(f.client().Get("/beheer/login?verlopen=1"), "U was een tijd niet actief."));
}

TEST(Backoffice, LogoutEndsTheSession) {
  Fixture f;
  const std::string vera = f.login("Vera");
  EXPECT_EQ(f.post("/beheer/logout", vera, "")->status, 403) << "logout needs the token too";
  auto res = f.post("/beheer/logout", vera, "csrf=" + f.csrf(vera));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/beheer/login?uit=1");
  EXPECT_NE(res->get_header_value("Set-Cookie").find("bk_backoffice=; "), std::string::npos);
  EXPECT_EQ(f.get("/beheer/hulpvragen", vera)->status, 303);
}

TEST(Backoffice, ADisabledAccountIsOutAtItsNextRequest) {
  Fixture f;
  const std::string wim = f.login("Wim");
  ASSERT_TRUE(f.accounts.disable("Wim", "cli").ok());
  EXPECT_EQ(f.get("/beheer/hulpvragen", wim)->status, 303);
}

TEST(Backoffice, NotesAreEscapedAndBadInputSavesNothing) {
  Fixture f;
  const std::string vera = f.login("Vera");
  const std::string page = "/beheer/hulpvragen/" + f.theirs;
  auto res = f.post(page + "/notitie", vera, "csrf=" + f.csrf(vera) + "&notitie=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  EXPECT_EQ(res->status, 303);
  auto shown = f.get(page, vera);
  EXPECT_TRUE(has(shown, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_FALSE(has(shown, "<script"));
  const std::string before = f.request(f.theirs).note;
  for (const auto& [note, message] : {std::pair{std::string(501, 'a'), "langer dan 500 tekens"},
                                      std::pair{std::string(""), "is leeg"},
                                      std::pair{std::string("%FF%FE"), "tekens die niet kloppen"}}) {
    res = f.post(page + "/notitie", vera, "csrf=" + f.csrf(vera) + "&notitie=" + note);
    EXPECT_EQ(res->status, 400) << message;
    EXPECT_TRUE(has(res, message)) << res->body;
    EXPECT_TRUE(has(res, "Er is niets opgeslagen."));
  }
  res = f.post(page + "/oppakken", vera, "csrf=" + f.csrf(vera) + "&notitie=" + std::string(501, 'b'));
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(f.request(f.theirs).status, HelpStatus::Open) << "a claim with a bad note is no claim";
  EXPECT_EQ(f.request(f.theirs).note, before);
}

TEST(Backoffice, TheListHasThreeGroupsAndDoneAndHandOverWork) {
  Fixture f;
  const std::string sanne = f.login("Sanne");
  f.claim(sanne, f.ours);
  auto res = f.post("/beheer/hulpvragen/" + f.ours + "/afgerond", sanne, "csrf=" + f.csrf(sanne));
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.request(f.ours).status, HelpStatus::Done);
  auto list = f.get("/beheer/hulpvragen", sanne);
  EXPECT_TRUE(has(list, "Nieuw (1)"));
  EXPECT_TRUE(has(list, "Opgepakt (0)"));
  EXPECT_TRUE(has(list, "Afgerond (1)"));
  EXPECT_TRUE(has(list, ">Status<")) << "staff see every section";
  res = f.post("/beheer/hulpvragen/" + f.theirs + "/overdragen", sanne, "csrf=" + f.csrf(sanne) + "&team=Nergens");
  EXPECT_EQ(res->status, 400);
  res = f.post("/beheer/hulpvragen/" + f.theirs + "/overdragen", sanne, "csrf=" + f.csrf(sanne) + "&team=Vervoer");
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.request(f.theirs).team, "Vervoer");
  EXPECT_TRUE(has(f.get("/beheer/hulpvragen", f.login("Piet")), f.theirs)) << "now the partner's team sees it";
}
