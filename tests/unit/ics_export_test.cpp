// The agenda as iCalendar (services/ics_export, `agenda --ics`, serve's .ics routes): read back
// with our own libical reader, and checked line by line against RFC 5545's form.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "agenda/series.hpp"
#include "services/agenda_service.hpp"
#include "services/ics_export.hpp"
#include "services/registration_service.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"
#include "web/followup_server.hpp"

using namespace bk;
using bk::test::ManualClock;

namespace {

const TimeZone& amsterdam() {
  static const TimeZone z = TimeZone::load("Europe/Amsterdam");
  return z;
}

std::vector<AgendaItem> sample() {
  const TimeZone& zone = amsterdam();
  AgendaItem timed;
  timed.occurrence_id = 17;
  timed.title = "Taalcafé voor Zoë, Łukasz en Ayşe; samen \\ koffie - een hele lange titel die gevouwen moet worden";
  timed.location = "Zaal 1";
  timed.category = "ontmoeten";
  timed.start = zone.to_utc(*parse_local_datetime("2027-03-30T10:00"));  // summer time: 08:00Z
  timed.end = zone.to_utc(*parse_local_datetime("2027-03-30T11:30"));
  AgendaItem day;
  day.occurrence_id = 18;
  day.title = "Buurtfeest";
  day.all_day = true;
  day.start = zone.start_of_day({2027, 4, 27});
  day.end = zone.start_of_day({2027, 4, 28});
  AgendaItem off = timed;
  off.occurrence_id = 19;
  off.title = "Koersbal";
  off.location = "";
  off.status = OccurrenceStatus::Cancelled;
  off.start += 7 * 86400;
  off.end += 7 * 86400;
  return {timed, day, off};
}

IcsExport how() {
  IcsExport h;
  h.calendar_name = "Wijkcentrum De Oever";
  h.centre = "Wijkcentrum De Oever";
  h.uid_domain = ics_uid_domain("http://kiosk.local:8080/x");
  h.stamp = 1'800'000'000;
  return h;
}

}  // namespace

TEST(IcsExport, LinesAreCrlfFoldedAt75OctetsAndValidUtf8) {
  const std::string ics = write_ics(sample(), how(), amsterdam());
  ASSERT_GE(ics.size(), 2u);
  EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
  std::size_t pos = 0;
  int folded = 0;
  while (pos < ics.size()) {
    const std::size_t end = ics.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos);
    const std::string line = ics.substr(pos, end - pos);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    if (!line.empty() && line[0] == ' ') {
      ++folded;
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80) << "a fold splits a UTF-8 character: " << line;
    }
    pos = end + 2;
  }
  EXPECT_GT(folded, 0);
  for (const char* want : {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Buurtkiosk//", "CALSCALE:GREGORIAN\r\n",
                           "METHOD:PUBLISH\r\n", "UID:buurtkiosk-occurrence-17@kiosk.local\r\n",
                           "DTSTAMP:20270115T080000Z\r\n", "DTSTART:20270330T080000Z\r\n",
                           "DTEND:20270330T093000Z\r\n", "DTSTART;VALUE=DATE:20270427\r\n",
                           "DTEND;VALUE=DATE:20270428\r\n", "STATUS:CANCELLED\r\n", "STATUS:CONFIRMED\r\n",
                           "LOCATION:Wijkcentrum De Oever\\, Zaal 1\r\n", "END:VCALENDAR\r\n"})
    EXPECT_NE(ics.find(want), std::string::npos) << want << "\n" << ics;
  // Unfolded, the title is escaped as RFC 5545 says.
  std::string unfolded = ics;
  for (std::size_t at; (at = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(at, 3);
  EXPECT_NE(unfolded.find("SUMMARY:Taalcafé voor Zoë\\, Łukasz en Ayşe\\; samen \\\\ koffie"), std::string::npos)
      << unfolded;
}

TEST(IcsExport, OurOwnReaderReadsItBack) {
  const auto items = sample();
  const auto series = read_ics(write_ics(items, how(), amsterdam()), "export.ics", amsterdam());
  ASSERT_EQ(series.size(), 3u);
  for (std::size_t n = 0; n < 3; ++n) {
    const SeriesDefinition& s = series[n];
    EXPECT_EQ(s.uid, "buurtkiosk-occurrence-" + std::to_string(items[n].occurrence_id) + "@kiosk.local");
    EXPECT_EQ(s.title, items[n].title);
    EXPECT_EQ(s.all_day, items[n].all_day);
    const auto dates = expand_series(s.series_ics, amsterdam(), items[n].start - 86400, items[n].start + 86400);
    ASSERT_EQ(dates.size(), 1u) << s.title;
    EXPECT_EQ(dates[0].start, items[n].start) << s.title;
    EXPECT_EQ(dates[0].end, items[n].end) << s.title;
  }
  EXPECT_EQ(series[0].location, "Wijkcentrum De Oever, Zaal 1");
  EXPECT_EQ(series[0].category, "ontmoeten");
  EXPECT_EQ(series[2].location, "Wijkcentrum De Oever");
}

TEST(IcsExport, FileNamesAndUidDomains) {
  EXPECT_EQ(ics_file_name(sample()[0], amsterdam()), "taalcaf-voor-zo-ukasz-en-ay-e-samen-koff-2027-03-30.ics");
  AgendaItem odd;
  odd.title = "✓✓";
  EXPECT_EQ(ics_file_name(odd, amsterdam()), "activiteit-1970-01-01.ics");
  EXPECT_EQ(ics_uid_domain("https://jan:x@buurt.example.org:8443/a"), "buurt.example.org");
  EXPECT_EQ(ics_uid_domain(""), "buurtkiosk.invalid");
}

// serve: the registration's date as a file, linked from its page, and the public agenda.
TEST(IcsExport, ServeOffersTheDateAndThePublicAgenda) {
  const auto path = bk::test::temp_path("ics_web");
  Store db{path};
  db.migrate();
  ManualClock clock;
  clock.t = parse_now_option("2027-03-01T09:00", amsterdam());
  AgendaService agenda{db, amsterdam(), clock, 183};
  RegistrationService regs{db, clock, "http://kiosk.local:8080"};
  regs.set_agenda_lookup([&](OccurrenceId id) { return agenda.item(id); });
  NewActivity a;
  a.title = "Koersbal";
  a.location = "Grote zaal";
  a.start = *parse_local_datetime("2027-03-02T10:00");
  a.end = *parse_local_datetime("2027-03-02T11:30");
  a.capacity = 8;
  a.weekly_until = LocalDate{2027, 3, 23};
  agenda.add_activity(a);
  const auto dates = agenda.between({2027, 3, 1}, {2027, 4, 1});
  ASSERT_EQ(dates.size(), 4u);
  ASSERT_TRUE(agenda.cancel_occurrence(dates[3].occurrence_id));
  RegistrationRequest r;
  r.occurrence_id = dates[0].occurrence_id;
  r.name = "Anna de Vries";
  r.phone = "06 12345678";
  r.people = 2;
  const RegisterResult anna = regs.register_for(r);

  web::FollowupSettings s;
  s.database = path;
  s.zone = amsterdam();
  s.clock = &clock;
  s.catalog = Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets");
  s.centre_name = "Wijkcentrum De Oever";
  s.base_url = "http://kiosk.local:8080";
  web::FollowupServer server(std::move(s));
  const int port = server.bind("127.0.0.1", 0);
  ASSERT_GT(port, 0);
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  httplib::Client c("127.0.0.1", port);

  auto page = c.Get("/r/" + anna.token);
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("href=\"/r/" + anna.token + "/agenda.ics\">Zet in mijn agenda</a>"), std::string::npos)
      << page->body;
  auto one = c.Get("/r/" + anna.token + "/agenda.ics");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_EQ(one->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(one->get_header_value("Content-Disposition"), "attachment; filename=\"koersbal-2027-03-02.ics\"");
  EXPECT_NE(one->body.find("DTSTART:20270302T090000Z\r\nDTEND:20270302T103000Z\r\n"), std::string::npos) << one->body;
  EXPECT_NE(one->body.find("LOCATION:Wijkcentrum De Oever\\, Grote zaal\r\n"), std::string::npos);
  for (const std::string& secret : {std::string("Anna"), std::string("12345678"), anna.token, anna.code})
    EXPECT_EQ(one->body.find(secret), std::string::npos) << "nothing personal: " << secret;
  EXPECT_EQ(read_ics(one->body, "one.ics", amsterdam()).size(), 1u);
  EXPECT_NE(one->body.find("STATUS:CONFIRMED\r\n"), std::string::npos);
  r.name = "Cem";
  r.people = 6;  // the other 6 of 8 places
  ASSERT_EQ(regs.register_for(r).outcome, RegisterOutcome::Registered);
  r.name = "Bram";
  r.people = 1;  // full: Bram waits
  const RegisterResult bram = regs.register_for(r);
  ASSERT_EQ(bram.outcome, RegisterOutcome::Waitlisted);
  auto waiting = c.Get("/r/" + bram.token + "/agenda.ics");
  ASSERT_TRUE(waiting);
  EXPECT_NE(waiting->body.find("STATUS:TENTATIVE\r\n"), std::string::npos) << "on the waiting list: not sure yet";
  auto unknown = c.Get("/r/AAAAAAAAAAAAAAAAAAAAAAAA/agenda.ics");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);

  auto all = c.Get("/agenda.ics");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->status, 200);
  EXPECT_EQ(all->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  const auto series = read_ics(all->body, "agenda.ics", amsterdam());
  EXPECT_EQ(series.size(), 4u);
  EXPECT_NE(all->body.find("STATUS:CANCELLED"), std::string::npos) << "the cancelled date says so";
  EXPECT_EQ(all->body.find("Anna"), std::string::npos);
  server.stop();
  t.join();
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
