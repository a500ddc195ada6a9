// The agenda from an ICS feed (services/feed.hpp and `import --url`), against a local HTTP server.
#include <gtest/gtest.h>
#include <httplib.h>

#include <poll.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <fstream>
#include <mutex>
#include <thread>

#include "services/agenda_service.hpp"
#include "services/feed.hpp"
#include "store/migrations.hpp"
#include "store/settings.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ManualClock;
using bk::test::run_ctl;
namespace fs = std::filesystem;

namespace {

const char* kGoodFeed =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Gemeente//Agenda//NL\r\n"
    "BEGIN:VEVENT\r\nUID:koffie-1@gemeente.test\r\nDTSTAMP:20270101T000000Z\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20270302T100000\r\nDTEND;TZID=Europe/Amsterdam:20270302T113000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Koffieochtend\r\nLOCATION:Grote zaal\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:yoga-1@gemeente.test\r\nDTSTAMP:20270101T000000Z\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20270303T140000\r\nDTEND;TZID=Europe/Amsterdam:20270303T150000\r\n"
    "SUMMARY:Stoelyoga\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const char* kChangedFeed =  // the same calendar a week later: yoga renamed
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Gemeente//Agenda//NL\r\n"
    "BEGIN:VEVENT\r\nUID:yoga-1@gemeente.test\r\nDTSTAMP:20270101T000000Z\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20270303T140000\r\nDTEND;TZID=Europe/Amsterdam:20270303T150000\r\n"
    "SUMMARY:Stoelyoga voor iedereen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const char* kBrokenFeed =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:kapot@gemeente.test\r\n"
    "DTSTART:2027-03-02 kapot\r\nSUMMARY:Stuk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

// A calendar server on 127.0.0.1 with a route for every way a feed goes wrong.
class FeedServer {
 public:
  FeedServer() {
    server_.Get("/agenda.ics", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(m_);
      res.set_content(body_, "text/calendar; charset=utf-8");
    });
    server_.Get("/missing.ics", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.Get("/broken.ics", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kBrokenFeed, "text/calendar");
    });
    server_.Get("/login", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><body>Log in</body></html>", "text/html");  // a portal, not a calendar
    });
    server_.Get("/moved.ics", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/agenda.ics");
    });
    server_.Get("/private.ics", [](const httplib::Request& req, httplib::Response& res) {
      // user:secret in the URL becomes basic auth
      if (req.get_header_value("Authorization") != "Basic dXNlcjpzZWNyZXQ=") {
        res.status = 401;
        return;
      }
      res.set_content(kGoodFeed, "text/calendar");
    });
    server_.Get("/hangs.ics", [this](const httplib::Request&, httplib::Response& res) {
      // Accepts and never answers (until the test ends).
      std::unique_lock lock(m_);
      release_.wait_for(lock, std::chrono::seconds(20), [this] { return released_; });
      res.status = 503;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FeedServer() {
    {
      std::lock_guard lock(m_);
      released_ = true;
    }
    release_.notify_all();
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  void serve(const std::string& body) {
    std::lock_guard lock(m_);
    body_ = body;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex m_;
  std::condition_variable release_;
  bool released_ = false;
  std::string body_ = kGoodFeed;
};

struct Fixture : bk::test::ServiceGraph {
  Store& db = store;
  std::vector<std::string> titles() {
    std::vector<std::string> out;
    for (const auto& i : agenda.between(LocalDate{2027, 3, 1}, LocalDate{2027, 4, 1})) out.push_back(i.title);
    return out;
  }
  std::string status() { return read_setting(db, kImportStatusKey).value_or(""); }
};

FeedOptions quick() {
  FeedOptions o;
  o.timeout = std::chrono::seconds(1);
  return o;
}

// A port nothing listens on: bind one, note it, close it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

TEST(Feed, ImportsAGoodFeedAndRecordsIt) {
  FeedServer server;
  Fixture f;
  const auto r = import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick());
  ASSERT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.summary.activities_added, 2);
  EXPECT_EQ(f.titles().size(), 5u);  // four coffee mornings and one yoga
  EXPECT_EQ(f.status(), "ok 2027-03-01 09:00: 2 activities (2 added, 0 updated)");
  // Again: nothing changes (upsert by UID).
  const auto again = import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick());
  EXPECT_EQ(again.summary.activities_unchanged, 2);
  EXPECT_EQ(f.titles().size(), 5u);
  // The calendar changes upstream: the change arrives.
  server.serve(kChangedFeed);
  f.clock.t += 900;
  const auto changed = import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick());
  EXPECT_EQ(changed.summary.activities_updated, 1);
  const auto t = f.titles();
  EXPECT_NE(std::find(t.begin(), t.end(), "Stoelyoga voor iedereen"), t.end());
}

TEST(Feed, FollowsRedirectsAndUsesBasicAuthFromTheUrl) {
  FeedServer server;
  Fixture f;
  EXPECT_TRUE(import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/moved.ics"), quick()).ok);
  const std::string with_auth = "http://user:secret@" + server.url("/private.ics").substr(7);
  const auto r = import_feed(f.agenda, f.db, f.clock, f.zone, with_auth, quick());
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(f.status().find("secret"), std::string::npos);
}

TEST(Feed, AFailedFetchKeepsTheLastGoodAgenda) {
  FeedServer server;
  Fixture f;
  ASSERT_TRUE(import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick()).ok);
  const auto before = f.titles();
  f.clock.t += 900;
  struct Case {
    std::string url;
    const char* expect;
    bool bad_feed;
  } cases[] = {
      {server.url("/missing.ics"), "HTTP 404", false},
      {server.url("/hangs.ics"), "within 1 s", false},
      {"http://127.0.0.1:" + std::to_string(closed_port()) + "/agenda.ics", "cannot connect", false},
      {server.url("/broken.ics"), "not a valid calendar", true},
      {server.url("/login"), "not a valid calendar", true},
      {"ftp://gemeente.test/agenda.ics", "not an http", false},
  };
  for (const auto& c : cases) {
    const auto r = import_feed(f.agenda, f.db, f.clock, f.zone, c.url, quick());
    EXPECT_FALSE(r.ok) << c.url;
    EXPECT_EQ(r.bad_feed, c.bad_feed) << c.url;
    EXPECT_NE(r.problem.find(c.expect), std::string::npos) << c.url << ": " << r.problem;
    EXPECT_EQ(f.titles(), before) << c.url;
    const std::string s = f.status();
    EXPECT_EQ(s.rfind("failed 2027-03-01 09:15: ", 0), 0u) << s;
    EXPECT_NE(s.find("last good 2027-03-01 09:00"), std::string::npos) << s;
  }
}

TEST(Feed, RefusesAFeedLargerThanTheLimit) {
  FeedServer server;
  Fixture f;
  FeedOptions o = quick();
  o.max_bytes = 100;
  const auto r = import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("larger than"), std::string::npos) << r.problem;
  EXPECT_TRUE(f.titles().empty());
}

TEST(Feed, UrlsInMessagesLoseUserInfoAndQuery) {
  EXPECT_EQ(redact_url("https://jan:geheim@agenda.example.org:8443/cal/centrum.ics?token=abc#x"),
            "https://agenda.example.org:8443/cal/centrum.ics");
  EXPECT_EQ(redact_url("HTTP://example.org"), "http://example.org/");
  EXPECT_EQ(redact_url("example.org/agenda.ics"), "(not an http or https URL)");
}

TEST(FeedCli, ImportUrlExitsByOutcomeAndKeepsTheAgenda) {
  FeedServer server;
  const fs::path db = bk::test::temp_path("feed_cli");
  const fs::path config = db.string() + ".toml";
  std::ofstream(config) << "[agenda]\nfeed_url = \"" << server.url("/agenda.ics") << "\"\n";
  const std::string base = "--config " + config.string() + " --db " + db.string() + " --now 2027-03-01T09:00 ";
  auto ok = run_ctl(base + "import --url");  // the configured feed
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("activities 2 added"), std::string::npos) << ok.out;
  ok = run_ctl(base + "import --url " + server.url("/agenda.ics"));
  EXPECT_EQ(ok.code, 0) << ok.out;

  auto missing = run_ctl(base + "import --url " + server.url("/missing.ics") + " --timeout 2");
  EXPECT_EQ(missing.code, 1) << missing.out;
  EXPECT_NE(missing.out.find("HTTP 404"), std::string::npos) << missing.out;
  EXPECT_EQ(std::count(missing.out.begin(), missing.out.end(), '\n'), 1) << missing.out;
  auto broken = run_ctl(base + "import --url " + server.url("/broken.ics"));
  EXPECT_EQ(broken.code, 2) << broken.out;

  auto agenda = run_ctl(base + "agenda --from 2027-03-01 --to 2027-03-31 --json");
  EXPECT_EQ(agenda.code, 0);
  EXPECT_NE(agenda.out.find("Stoelyoga"), std::string::npos) << agenda.out;
  auto both = run_ctl(base + "import some.ics --url " + server.url("/agenda.ics"));
  EXPECT_EQ(both.code, 2) << both.out;
  {
    Store d(db, Store::Mode::ReadOnly);
    const auto s = read_setting(d, kImportStatusKey);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->rfind("failed", 0), 0u) << *s;
  }
  std::ofstream(config) << "[agenda]\nfeed_url = \"\"\n";
  auto none = run_ctl(base + "import --url");
  EXPECT_EQ(none.code, 2) << none.out;
  EXPECT_NE(none.out.find("feed_url"), std::string::npos) << none.out;
  for (auto s : {"", "-wal", "-shm"}) fs::remove(db.string() + s);
  fs::remove(config);
}

// ---- Hardening (issue #16 B): one deadline, a header cap, credentials only to their origin. ----
namespace {

// A bare TCP server on 127.0.0.1 that hands each connection to `answer`: for answers no HTTP
// library would send (dripping headers, a megabyte of them).
class RawServer {
 public:
  explicit RawServer(std::function<void(int fd, const std::atomic<bool>& stop)> answer) : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len);
    ::listen(fd_, 4);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        char buf[4096];
        (void)::recv(c, buf, sizeof buf, 0);  // the request; its content does not matter
        answer_(c, stop_);
        ::close(c);
      }
    });
  }
  ~RawServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  std::function<void(int, const std::atomic<bool>&)> answer_;
  std::atomic<bool> stop_{false};
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

void send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

TEST(FeedHardening, AServerDrippingHeadersFailsWithinTheDeadline) {
  // One header byte per 200 ms, for up to 15 s: every single read is quick, the whole is not.
  RawServer server([](int fd, const std::atomic<bool>& stop) {
    send_all(fd, "HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 75 && !stop; ++i) {
      send_all(fd, "X");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  Fixture f;
  FeedOptions o;
  o.timeout = std::chrono::seconds(2);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_FALSE(r.ok);
  EXPECT_LT(secs, 3.5) << "the deadline covers the headers";
  EXPECT_NE(r.problem.find("within 2 s"), std::string::npos) << r.problem;
  EXPECT_EQ(f.status().rfind("failed", 0), 0u) << f.status();
}

TEST(FeedHardening, AMegabyteOfHeadersIsRefusedCleanly) {
  RawServer server([](int fd, const std::atomic<bool>&) {
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n";
    const std::string pad(1000, 'a');
    for (int i = 0; i < 1000; ++i) head += "X-Pad-" + std::to_string(i) + ": " + pad + "\r\n";
    const std::string body = kGoodFeed;
    send_all(fd, head + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  });
  Fixture f;
  const auto r = import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("more than 64 KiB of headers"), std::string::npos) << r.problem;
  EXPECT_TRUE(f.titles().empty());
  EXPECT_EQ(f.status().rfind("failed", 0), 0u) << f.status();
}

TEST(FeedHardening, ARedirectToAnotherOriginGetsNoCredentials) {
  // The spy, on another port of the same host (another origin), records what it was sent.
  std::mutex m;
  std::vector<std::string> seen;
  httplib::Server spy, first;
  spy.Get("/agenda.ics", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(m);
    seen.push_back(req.get_header_value("Authorization"));
    res.set_content(kGoodFeed, "text/calendar");
  });
  const int spy_port = spy.bind_to_any_port("127.0.0.1");
  first.Get("/private.ics", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "Basic dXNlcjpzZWNyZXQ=") {
      res.status = 401;
      return;
    }
    res.set_redirect("http://127.0.0.1:" + std::to_string(spy_port) + "/agenda.ics");
  });
  const int first_port = first.bind_to_any_port("127.0.0.1");
  std::thread t1([&] { first.listen_after_bind(); }), t2([&] { spy.listen_after_bind(); });
  while (!first.is_running() || !spy.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Fixture f;
  const auto r = import_feed(f.agenda, f.db, f.clock, f.zone,
                             "http://user:secret@127.0.0.1:" + std::to_string(first_port) + "/private.ics", quick());
  first.stop();
  spy.stop();
  t1.join();
  t2.join();
  EXPECT_TRUE(r.ok) << r.problem;
  std::lock_guard lock(m);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "") << "the password went to another origin";
}

TEST(FeedHardening, TheStatusSaysFailedWhenTheDatabaseRefusesTheImport) {
  FeedServer server;
  Fixture f;
  ASSERT_TRUE(import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick()).ok);
  ASSERT_EQ(f.status().rfind("ok", 0), 0u);
  f.db.engine().exec("CREATE TRIGGER refuse BEFORE UPDATE ON activity BEGIN SELECT RAISE(ABORT, 'disk is full'); END");
  server.serve(kChangedFeed);
  f.clock.t += 3600;
  EXPECT_ANY_THROW(import_feed(f.agenda, f.db, f.clock, f.zone, server.url("/agenda.ics"), quick()));
  EXPECT_EQ(f.status().rfind("failed 2027-03-01 10:00: import failed", 0), 0u) << f.status();
}
