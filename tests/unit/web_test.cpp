// The follow-up pages (src/web): a real server on 127.0.0.1 and a port of its own, driven with
// httplib's client, checked against the services and the database.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <memory>
#include <thread>

#include "domain/codes.hpp"
#include "services/agenda_service.hpp"
#include "store/audit.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"
#include "web/followup_server.hpp"
#include "web/pages.hpp"

using namespace bk;
using bk::test::ManualClock;

namespace {

const char* kCsp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

struct Fixture {
  std::filesystem::path path = bk::test::temp_path("web");
  Store db{path};
  TimeZone zone = TimeZone::load("Europe/Amsterdam");
  ManualClock clock;
  AgendaService agenda{db, zone, clock, 183};
  RegistrationService regs{db, clock, "http://127.0.0.1"};
  HelpService help{db, clock, "http://127.0.0.1"};
  OccurrenceId occurrence = 0;
  RegisterResult anna, bram;  // Anna has both places; Bram waits
  std::unique_ptr<web::FollowupServer> server;
  std::thread thread;
  int port = 0;

  explicit Fixture(int requests_per_minute = 1000, const std::string& base_url = "") {
    db.migrate();
    clock.t = parse_now_option("2027-03-01T09:00", zone);
    regs.set_agenda_lookup([this](OccurrenceId id) { return agenda.item(id); });
    NewActivity a;
    a.title = "Koersbal & <thee>";
    a.location = "Grote zaal";
    a.start = *parse_local_datetime("2027-03-02T10:00");
    a.end = *parse_local_datetime("2027-03-02T11:30");
    a.capacity = 2;
    const auto id = agenda.add_activity(a);
    auto st = db.engine().prepare("SELECT id FROM occurrence WHERE activity_id = ?");
    st.bind(1, id);
    st.step();
    occurrence = st.int64(0);
    anna = reg("Anna de Vries", 2);
    bram = reg("Bram", 1);

    web::FollowupSettings s;
    s.database = path;
    s.zone = zone;
    s.clock = &clock;
    s.catalog = Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets");
    s.centre_name = "Wijkcentrum De Oever";
    s.centre_phone = "072 000 00 00";
    s.requests_per_minute = requests_per_minute;
    s.base_url = base_url;
    s.io_timeout = std::chrono::seconds(5);
    server = std::make_unique<web::FollowupServer>(std::move(s));
    port = server->bind("127.0.0.1", 0);
    EXPECT_GT(port, 0);
    thread = std::thread([this] { server->listen_after_bind(); });
    while (!server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Fixture() {
    server->stop();
    thread.join();
  }
  RegisterResult reg(const std::string& name, int people) {
    RegistrationRequest r;
    r.occurrence_id = occurrence;
    r.name = name;
    r.people = people;
    return regs.register_for(r);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(std::chrono::seconds(5));
    return c;
  }
  RegistrationStatus status_of(const RegisterResult& r) { return regs.lookup_code(r.code)->status; }
};

}  // namespace

TEST(WebPages, RegistrationPageShowsTitleDateRoomAndStatusWithFirstNameOnly) {
  Fixture f;
  auto res = f.client().Get("/r/" + f.anna.token);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string& b = res->body;
  EXPECT_NE(b.find("Koersbal &amp; &lt;thee&gt;"), std::string::npos) << b;
  EXPECT_EQ(b.find("<thee>"), std::string::npos) << "escaped";
  EXPECT_NE(b.find("dinsdag 2 maart, 10:00 tot 11:30 uur"), std::string::npos) << b;
  EXPECT_NE(b.find("Grote zaal"), std::string::npos);
  EXPECT_NE(b.find("Aantal personen: 2"), std::string::npos);
  EXPECT_NE(b.find("U bent aangemeld."), std::string::npos);
  EXPECT_NE(b.find("Hallo Anna,"), std::string::npos);
  EXPECT_EQ(b.find("Vries"), std::string::npos) << "first name only";
  EXPECT_NE(b.find("href=\"/r/" + f.anna.token + "/afmelden\""), std::string::npos);
  EXPECT_NE(b.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(b.find("<a href=\"tel:0720000000\">072\u00a0000\u00a000\u00a000</a>"), std::string::npos) << b;
  EXPECT_EQ(b.find("<script"), std::string::npos);
  EXPECT_EQ(b.find("http"), std::string::npos) << "nothing fetched from elsewhere";

  auto waiting = f.client().Get("/r/" + f.bram.token);
  ASSERT_TRUE(waiting);
  EXPECT_NE(waiting->body.find("U staat op de wachtlijst (plaats 1)."), std::string::npos) << waiting->body;
}

TEST(WebPages, ConfirmPageShowsAFormAndDoesNotCancel) {
  Fixture f;
  for (int i = 0; i < 2; ++i) {  // twice: a GET is always safe to repeat
    auto res = f.client().Get("/r/" + f.anna.token + "/afmelden");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("Weet u het zeker?"), std::string::npos);
    EXPECT_NE(res->body.find("<form method=\"post\" action=\"/r/" + f.anna.token + "/cancel\">"),
              std::string::npos) << res->body;
    EXPECT_NE(res->body.find("Ja, afmelden"), std::string::npos);
  }
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
  EXPECT_EQ(f.status_of(f.bram), RegistrationStatus::Waitlisted);
  // Nor does a GET on the POST address.
  auto res = f.client().Get("/r/" + f.anna.token + "/cancel");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, PostCancelCancelsAndTheWaitingListMovesUp) {
  Fixture f;
  auto res = f.client().Post("/r/" + f.anna.token + "/cancel", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/r/" + f.anna.token);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Cancelled);
  EXPECT_EQ(f.status_of(f.bram), RegistrationStatus::Registered) << "moved up from the waiting list";
  const auto audit = read_audit(f.db, 0);
  const auto row = std::find_if(audit.begin(), audit.end(), [](const AuditEntry& e) {
    return e.action == "registration.cancel";
  });
  ASSERT_NE(row, audit.end());
  EXPECT_EQ(row->role, "resident-web");
  EXPECT_EQ(row->subject, f.anna.code);

  auto page = f.client().Get("/r/" + f.anna.token);
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("U bent afgemeld."), std::string::npos);
  EXPECT_EQ(page->body.find("/afmelden"), std::string::npos) << "no second cancel offered";
  // Posting again changes nothing and still lands on the page.
  auto again = f.client().Post("/r/" + f.anna.token + "/cancel", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(f.status_of(f.bram), RegistrationStatus::Registered);
}

// What a browser sends when another site's page posts to ours: refused, nothing cancelled.
TEST(WebPages, CrossSitePostsAreRefusedAndCancelNothing) {
  Fixture f;
  const std::string path = "/r/" + f.anna.token + "/cancel";
  const std::vector<httplib::Headers> forged = {
      {{"Origin", "https://evil.example"}},
      {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}},
      {{"Sec-Fetch-Site", "cross-site"}},  // no Origin at all
      {{"Sec-Fetch-Site", "same-site"}},   // another host of the same site is another origin
      {{"Origin", "null"}},                // a sandboxed page or a data: URL
      {{"Origin", "http://127.0.0.1:" + std::to_string(f.port + 1)}},  // another port is another origin
      {{"Origin", "http://127.0.0.1.evil.example:" + std::to_string(f.port)}},
  };
  for (const auto& headers : forged) {
    auto res = f.client().Post(path, headers, "x=1", "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << headers.begin()->second;
    EXPECT_NE(res->body.find("Afmelden kan alleen met de knop op deze website zelf."), std::string::npos) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"), kCsp);
    EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered) << headers.begin()->second;
  }
  EXPECT_EQ(f.status_of(f.bram), RegistrationStatus::Waitlisted);
}

TEST(WebPages, SameOriginPostCancelsAsTheFormSendsIt) {
  Fixture f;
  const std::string self = "http://127.0.0.1:" + std::to_string(f.port);
  auto res = f.client().Post("/r/" + f.anna.token + "/cancel",
                             {{"Origin", self}, {"Sec-Fetch-Site", "same-origin"}}, "",
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Cancelled);
  EXPECT_EQ(f.status_of(f.bram), RegistrationStatus::Registered);
}

// What Chromium really sends for the page's own button: under Referrer-Policy no-referrer its
// Origin is "null", and Sec-Fetch-Site says same-origin.
TEST(WebPages, TheOwnButtonIsAcceptedWithOriginNullWhenSecFetchSiteSaysSameOrigin) {
  Fixture f;
  auto res = f.client().Post("/r/" + f.anna.token + "/cancel", {{"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}},
                             "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Cancelled);
}

TEST(WebPages, BehindAProxyTheOriginMayBeBaseUrlsHost) {
  // A proxy that passes its own Host: the page's origin is base_url's, which the server knows.
  Fixture f(1000, "https://kiosk.example");
  auto other = f.client().Post("/r/" + f.anna.token + "/cancel", {{"Origin", "https://elsewhere.example"}}, "",
                               "application/x-www-form-urlencoded");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  auto res = f.client().Post("/r/" + f.anna.token + "/cancel",
                             {{"Origin", "https://Kiosk.example"}, {"Sec-Fetch-Site", "same-origin"}}, "",
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Cancelled);
}

TEST(WebPages, NoCancelOnceTheActivityHasStarted) {
  Fixture f;
  f.clock.t = parse_now_option("2027-03-02T10:05", f.zone);
  auto confirm = f.client().Get("/r/" + f.anna.token + "/afmelden");
  ASSERT_TRUE(confirm);
  EXPECT_EQ(confirm->body.find("<form"), std::string::npos);
  auto res = f.client().Post("/r/" + f.anna.token + "/cancel", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, UnknownAndMalformedTokensGiveTheSame404) {
  Fixture f;
  const auto help = f.help.create({"boodschappen", "today", "", false, "Ans", ""});
  const std::vector<std::string> paths = {
      "/r/" + make_followup_token(),            // well-formed, unknown
      "/r/abc",                                 // too short
      "/r/" + f.anna.token + "x",               // one character too many
      "/r/%3Cscript%3Ealert(1)%3C%2Fscript%3E",  // not a token at all
      "/r/" + help.token,                       // a help token on the registration route
      "/h/" + f.anna.token,                     // and the other way round
      "/h/" + make_followup_token() + "/afmelden",
      "/r/" + make_followup_token() + "/afmelden",
      "/",
      "/nothing/here",
  };
  std::string first;
  for (const auto& p : paths) {
    auto res = f.client().Get(p);
    ASSERT_TRUE(res) << p;
    EXPECT_EQ(res->status, 404) << p;
    if (first.empty()) first = res->body;
    EXPECT_EQ(res->body, first) << p;
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"), kCsp) << p;
  }
  EXPECT_NE(first.find("Deze link kennen wij niet"), std::string::npos) << first;
  auto post = f.client().Post("/r/" + make_followup_token() + "/cancel", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404);
  EXPECT_EQ(post->body, first);
}

TEST(WebPages, HelpPageShowsStatusInPlainWordsAndNothingPersonal) {
  Fixture f;
  const auto h = f.help.create({"klusje", "this_week", "Lamp in de gang", false, "Ans Geheim", "0612345678"});
  ASSERT_EQ(h.outcome, HelpOutcome::Created);
  auto res = f.client().Get("/h/" + h.token);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Stand van zaken: Ontvangen"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("Klusje in huis"), std::string::npos);
  EXPECT_NE(res->body.find("Deze week"), std::string::npos);
  for (const char* secret : {"Ans", "Geheim", "0612345678", "Lamp"})
    EXPECT_EQ(res->body.find(secret), std::string::npos) << secret;
  ASSERT_TRUE(f.help.claim(h.code, "Piet", "", "volunteer").ok());
  res = f.client().Get("/h/" + h.token);
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("Opgepakt door een vrijwilliger"), std::string::npos);
  EXPECT_EQ(res->body.find("Piet"), std::string::npos);
}

TEST(WebPages, RateLimitGives429) {
  Fixture f(5);
  auto c = f.client();
  for (int i = 0; i < 5; ++i) {
    auto res = c.Get("/r/" + f.anna.token);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
  }
  auto res = c.Get("/r/" + f.anna.token);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->get_header_value("Retry-After"), "60");
  EXPECT_EQ(res->body.find("Koersbal"), std::string::npos);
  auto post = c.Post("/r/" + f.anna.token + "/cancel", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 429);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, OversizedBodyGives413AndCancelsNothing) {
  Fixture f;
  auto res = f.client().Post("/r/" + f.anna.token + "/cancel", std::string(5000, 'x'),
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Content-Security-Policy"), kCsp);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, ChunkedBodiesAreRefused) {
  // httplib 0.11 checks its payload limit against Content-Length only.
  Fixture f;
  auto c = f.client();
  const std::string big(6000, 'x');
  auto res = c.Post("/r/" + f.anna.token + "/cancel",
                    [&big](size_t offset, httplib::DataSink& sink) {
                      sink.write(big.data() + offset, std::min<size_t>(1000, big.size() - offset));
                      if (offset + 1000 >= big.size()) sink.done();
                      return true;
                    },
                    "application/x-www-form-urlencoded");
  // The refusal comes before the body is read: the client may still be writing chunks when the
  // server answers and closes, and then sees a write error instead of the 411.
  if (res) EXPECT_EQ(res->status, 411);
  else EXPECT_EQ(res.error(), httplib::Error::Write) << httplib::to_string(res.error());
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, ServeRefusesABusyPortAndABadListenAddress) {
  Fixture f;
  const auto db = bk::test::temp_path("web_cli");
  const std::string base = "--db " + db.string() + " serve --listen ";
  const auto busy = bk::test::run_ctl(base + "127.0.0.1:" + std::to_string(f.port));
  EXPECT_EQ(busy.code, 1) << busy.out;
  EXPECT_NE(busy.out.find("cannot listen on 127.0.0.1:" + std::to_string(f.port)), std::string::npos) << busy.out;
  const auto bad = bk::test::run_ctl(base + "nonsense");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--listen \"nonsense\""), std::string::npos) << bad.out;
}

// What a raw connection gets back for `request` until the server closes it ("<held open>"
// appended when it is still open after 3 s).
std::string raw_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) out += "<held open>";
  }
  ::close(fd);
  return out;
}

TEST(WebPages, AnUnreadBodyIsNeverTakenForTheNextRequest) {
  // A refused request's body holding a request of its own: one answer, then the connection ends.
  Fixture f;
  const std::string inner = "POST /r/" + f.anna.token + "/cancel HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
  const std::string body = inner + std::string(5000 - inner.size(), 'x');
  const std::string got = raw_exchange(
      f.port, "POST /r/" + f.anna.token + "/cancel HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(got.rfind("HTTP/1.1 413", 0), 0u) << got;
  EXPECT_EQ(got.find("HTTP/1.1", 1), std::string::npos) << "a second answer: " << got;
  EXPECT_EQ(got.find("<held open>"), std::string::npos) << "the connection must end after the refusal";
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
  const std::string put = raw_exchange(f.port, "PUT /r/" + f.anna.token + "/cancel HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Length: " + std::to_string(inner.size()) + "\r\n\r\n" + inner);
  EXPECT_EQ(put.rfind("HTTP/1.1 405", 0), 0u) << put;
  EXPECT_EQ(put.find("HTTP/1.1", 1), std::string::npos) << "a second answer: " << put;
  EXPECT_EQ(put.find("<held open>"), std::string::npos);
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, LongPathIsRefused) {
  Fixture f;
  auto res = f.client().Get("/r/" + std::string(600, 'a'));
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->status == 414 || res->status == 400) << res->status;
  auto huge = f.client().Get("/r/" + std::string(9000, 'a'));  // past httplib's own limit
  ASSERT_TRUE(huge);
  EXPECT_TRUE(huge->status == 414 || huge->status == 400) << huge->status;
}

TEST(WebPages, OddMethodsGive405) {
  Fixture f;
  auto c = f.client();
  const std::string p = "/r/" + f.anna.token + "/cancel";
  std::vector<httplib::Result> results;
  results.push_back(c.Put(p, "", "text/plain"));
  results.push_back(c.Delete(p));
  results.push_back(c.Patch(p, "", "text/plain"));
  results.push_back(c.Options(p));
  for (const auto& res : results) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD, POST");
  }
  EXPECT_EQ(f.status_of(f.anna), RegistrationStatus::Registered);
}

TEST(WebPages, SafetyHeadersOnEveryPage) {
  Fixture f;
  for (const std::string& p : {"/r/" + f.anna.token, "/r/" + f.anna.token + "/afmelden", std::string("/r/nope")}) {
    auto res = f.client().Get(p);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"), kCsp) << p;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << p;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << p;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << p;
  }
}

TEST(WebPages, EnglishWhenTheBrowserPrefersIt) {
  Fixture f;
  auto res = f.client().Get("/r/" + f.anna.token, {{"Accept-Language", "en-GB,en;q=0.9,nl;q=0.5"}});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(res->body.find("You are registered."), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("Tuesday 2 March, 10:00 to 11:30"), std::string::npos) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Language"), "en");
  auto nl = f.client().Get("/r/" + f.anna.token, {{"Accept-Language", "fr-FR,fr;q=0.9"}});
  ASSERT_TRUE(nl);
  EXPECT_NE(nl->body.find("U bent aangemeld."), std::string::npos) << "Dutch by default";
}

TEST(WebPages, HealthzAnswersOk) {
  Fixture f;
  auto res = f.client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ok");
}

TEST(WebPages, PickLanguage) {
  const std::vector<std::string> langs = {"nl", "en", "tr", "pl"};
  EXPECT_EQ(web::pick_language("", langs), "nl");
  EXPECT_EQ(web::pick_language("en", langs), "en");
  EXPECT_EQ(web::pick_language("en-US,en;q=0.9", langs), "en");
  EXPECT_EQ(web::pick_language("nl-NL,nl;q=0.9,en;q=0.8", langs), "nl");
  EXPECT_EQ(web::pick_language("de;q=1, en;q=0.3, pl;q=0.7", langs), "pl");
  EXPECT_EQ(web::pick_language("en;q=0", langs), "nl");
  EXPECT_EQ(web::pick_language("*", langs), "nl");
  EXPECT_EQ(web::pick_language(";;;,,q=,en;q=abc", langs), "nl");
}

TEST(WebPages, EscapeAndFirstName) {
  EXPECT_EQ(web::html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(web::first_name("  Anna de Vries"), "Anna");
  EXPECT_EQ(web::first_name(""), "");
  EXPECT_EQ(web::parse_listen("127.0.0.1:8080"), (std::pair<std::string, int>{"127.0.0.1", 8080}));
  EXPECT_EQ(web::parse_listen("[::1]:80"), (std::pair<std::string, int>{"::1", 80}));
  EXPECT_FALSE(web::parse_listen("localhost"));
  EXPECT_FALSE(web::parse_listen("localhost:99999"));
  EXPECT_FALSE(web::parse_listen("localhost:80a"));
}
