// The back office's agenda, attendee, report and status pages, called as the server calls them:
// each section's routes are recorded, a request is matched against their patterns, and the handler
// gets a Visit built here (the server's session, CSRF and origin checks are its own tests').
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <regex>

#include "services/account_service.hpp"
#include "store/audit.hpp"
#include "store/outbox_store.hpp"
#include "test_support.hpp"
#include "web/backoffice.hpp"

using namespace bk;
using namespace bk::web;

namespace {

struct Recorder final : BackofficeRoutes {
  struct Route {
    std::string method;
    std::regex pattern;
    BackofficeRight right;
    VisitHandler handler;
  };
  std::vector<Route> routes;
  void get(const std::string& p, BackofficeRight r, VisitHandler h) override {
    routes.push_back({"GET", std::regex(p), r, std::move(h)});
  }
  void post(const std::string& p, BackofficeRight r, VisitHandler h) override {
    routes.push_back({"POST", std::regex(p), r, std::move(h)});
  }
};

struct Page {
  int status = 0;
  std::string body;
  std::string location;
  std::string disposition;
  std::string content_type;
};

Account account(const std::string& name, AccountRole role) {
  Account a;
  a.id = role == AccountRole::Staff ? 1 : 2;
  a.name = name;
  a.role = role;
  return a;
}

const Account kVolunteer = account("Anja", AccountRole::Volunteer);
const Account kStaff = account("Sanne", AccountRole::Staff);

class BackofficePages : public ::testing::Test {
 protected:
  void SetUp() override {
    settings.clock = &g.clock;
    settings.zone = g.zone;
    settings.catalog = Catalog::load(std::filesystem::path(BUURTKIOSK_SOURCE_DIR) / "assets");
    settings.catalog.set_language("nl");
    add_agenda_routes(routes);
    add_attendee_routes(routes);
    add_report_routes(routes);
    add_status_routes(routes);
  }

  // path may carry a query; form: POST fields (or GET parameters); files: multipart uploads.
  Page call(const std::string& method, const std::string& path_and_query,
            const std::multimap<std::string, std::string>& form = {}, const Account& who = kVolunteer,
            const httplib::MultipartFormDataMap& files = {}) {
    httplib::Request req;
    httplib::Response res;
    req.method = method;
    const auto q = path_and_query.find('?');
    req.path = path_and_query.substr(0, q);
    if (q != std::string::npos) httplib::detail::parse_query_text(path_and_query.substr(q + 1), req.params);
    for (const auto& kv : form) req.params.insert(kv);
    req.files = files;
    for (const auto& route : routes.routes) {
      if (route.method != method || !std::regex_match(req.path, req.matches, route.pattern)) continue;
      if (!may(who.role, route.right)) return {403, "", "", "", ""};  // the server's rights check
      BackofficeServices s{g.store, g.agenda, g.registrations, g.help, accounts()};
      const std::string csrf = "test-csrf";
      Visit v{req, res, who, csrf, s, settings};
      route.handler(v);
      return {res.status == -1 ? 200 : res.status, res.body, res.get_header_value("Location"),
              res.get_header_value("Content-Disposition"), res.get_header_value("Content-Type")};
    }
    return {404, "", "", "", ""};
  }

  AccountService& accounts() { return accounts_; }

  std::multimap<std::string, std::string> activity(const std::string& title, const std::string& date,
                                                   const std::string& places = "10", const std::string& until = "") {
    return {{"titel", title}, {"datum", date}, {"begin", "10:00"}, {"einde", "11:30"}, {"tot", until},
            {"plaatsen", places}, {"zaal", "Zaal 1"}, {"categorie", "ontmoeten"}, {"omschrijving", ""}};
  }

  std::vector<AgendaItem> march() { return g.agenda.between({2027, 3, 1}, {2027, 4, 1}); }

  RegisterResult register_people(OccurrenceId id, const std::string& name, int people) {
    RegistrationRequest r;
    r.occurrence_id = id;
    r.name = name;
    r.phone = "0612345678";
    r.people = people;
    r.channel = "desk";
    return g.registrations.register_for(r);
  }

  test::ServiceGraph g;
  BackofficeSettings settings;
  Recorder routes;
  AccountService accounts_{g.store, g.clock};  // the server's business; these pages never call it
};

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// Error notices on a page (bo_notice "error" carries role=alert, quoted or not).
int alerts(const std::string& body) { return count(body, "role=alert") + count(body, "role=\"alert\""); }

}  // namespace

TEST_F(BackofficePages, AddActivityIsInTheAgendaServicesWeekAndOnTheWeekPage) {
  const Page p = call("POST", "/beheer/agenda/nieuw", activity("Koffieochtend", "2027-03-03", "12", "2027-03-17"));
  ASSERT_EQ(p.status, 303) << p.body;
  EXPECT_EQ(p.location.rfind("/beheer/agenda?week=2027-W09&ok=", 0), 0u) << p.location;
  const auto items = march();
  ASSERT_EQ(items.size(), 3u);  // weekly until the 17th
  EXPECT_EQ(items[0].title, "Koffieochtend");
  EXPECT_EQ(items[0].capacity, 12);
  EXPECT_EQ(items[0].location, "Zaal 1");
  EXPECT_EQ(items[0].category, "ontmoeten");
  const auto audit = read_audit(g.store, 0);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().role, "backoffice");
  EXPECT_EQ(audit.back().actor, "Anja");
  EXPECT_EQ(audit.back().action, "activity.add");

  const Page week = call("GET", "/beheer/agenda?week=2027-W09");
  EXPECT_EQ(week.status, 200);
  EXPECT_NE(week.body.find("Koffieochtend"), std::string::npos);
  EXPECT_NE(week.body.find("0 van 12 bezet, nog 12 vrij"), std::string::npos);
  EXPECT_NE(week.body.find("?week=2027-W10"), std::string::npos);  // next week
  EXPECT_NE(week.body.find("?week=2027-W08"), std::string::npos);  // previous week
  EXPECT_NE(call("GET", "/beheer/agenda?van=2027-03-10").body.find("Koffieochtend"), std::string::npos);
  EXPECT_EQ(call("GET", "/beheer/agenda?week=2027-W54").status, 400);
}

TEST_F(BackofficePages, BadInputGetsOneDutchMessageAndNothingIsSaved) {
  const std::pair<std::multimap<std::string, std::string>, std::string> cases[] = {
      {activity("", "2027-03-03"), "Naam van de activiteit: vul dit in."},
      {activity(std::string(201, 'a'), "2027-03-03"), "langer dan 200 tekens"},
      {activity("Koffie\xff\xfe", "2027-03-03"), "niet goed zijn doorgekomen"},
      {activity("Koffie", "2027-02-30"), "Datum: deze datum bestaat niet"},
      {activity("Koffie", "2027-03-03", "-3"), "heel getal in van 0 tot en met 10000"},
      {activity("Koffie", "2027-03-03", "12", "2027-03-01"), "Herhalen kan"},
  };
  for (const auto& [form, message] : cases) {
    const Page p = call("POST", "/beheer/agenda/nieuw", form);
    EXPECT_EQ(p.status, 400) << message;
    EXPECT_NE(p.body.find(message), std::string::npos) << message << "\n" << p.body;
    EXPECT_EQ(alerts(p.body), 1) << message;
  }
  auto end_first = activity("Koffie", "2027-03-03");
  end_first.find("einde")->second = "09:00";
  EXPECT_NE(call("POST", "/beheer/agenda/nieuw", end_first).body.find("De eindtijd moet na de begintijd"),
            std::string::npos);
  EXPECT_TRUE(march().empty());
}

TEST_F(BackofficePages, PlacesBelowRegisteredAreRefusedWithAMessage) {
  call("POST", "/beheer/agenda/nieuw", activity("Yoga", "2027-03-03", "10"));
  const AgendaItem date = march().at(0);
  ASSERT_EQ(register_people(date.occurrence_id, "Jan Jansen", 5).outcome, RegisterOutcome::Registered);
  const std::string series = "/beheer/agenda/datum/" + std::to_string(date.occurrence_id) + "/reeks";
  const Page p = call("POST", series,
                      {{"titel", "Yoga"}, {"zaal", "Zaal 1"}, {"categorie", "ontmoeten"}, {"plaatsen", "3"}, {"omschrijving", ""}});
  EXPECT_EQ(p.status, 400);
  EXPECT_NE(p.body.find("al 5 mensen aangemeld, dus 3 plekken is te weinig"), std::string::npos) << p.body;
  EXPECT_EQ(march().at(0).capacity, 10);
  // More places is fine, and only the field that changed is written.
  EXPECT_EQ(call("POST", series, {{"titel", "Yoga"}, {"zaal", "Zaal 1"}, {"categorie", "ontmoeten"}, {"plaatsen", "20"},
                                  {"omschrijving", ""}}).status, 303);
  EXPECT_EQ(march().at(0).capacity, 20);
  EXPECT_EQ(read_audit(g.store, 0).back().detail, "capacity");
}

TEST_F(BackofficePages, CancellingOneDateKeepsItsRegistrationsAndLeavesTheOthers) {
  call("POST", "/beheer/agenda/nieuw", activity("Breien", "2027-03-03", "10", "2027-03-17"));
  auto dates = march();
  ASSERT_EQ(dates.size(), 3u);
  const auto first = register_people(dates[0].occurrence_id, "Els", 2);
  const auto second = register_people(dates[1].occurrence_id, "Piet", 3);
  const std::string cancel = "/beheer/agenda/datum/" + std::to_string(dates[1].occurrence_id) + "/afzeggen";
  const Page ask = call("GET", cancel);  // asks once more; changes nothing
  EXPECT_EQ(ask.status, 200);
  EXPECT_NE(ask.body.find("Er zijn 3 mensen aangemeld"), std::string::npos);
  EXPECT_EQ(march()[1].status, OccurrenceStatus::Scheduled);
  const Page done = call("POST", cancel);
  EXPECT_EQ(done.status, 303);
  dates = march();
  EXPECT_EQ(dates[0].status, OccurrenceStatus::Scheduled);
  EXPECT_EQ(dates[1].status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(dates[2].status, OccurrenceStatus::Scheduled);
  EXPECT_EQ(dates[1].registered, 3);  // kept, so someone can call them
  EXPECT_EQ(g.registrations.lookup_code(second.code)->occurrence.occurrence_id, dates[1].occurrence_id);
  EXPECT_EQ(g.registrations.lookup_code(first.code)->status, RegistrationStatus::Registered);
  EXPECT_EQ(dates[0].registered, 2);
}

TEST_F(BackofficePages, EditOneDateAndDeleteTheSeries) {
  call("POST", "/beheer/agenda/nieuw", activity("Schilderen", "2027-03-03", "10", "2027-03-10"));
  const auto dates = march();
  const std::string one = "/beheer/agenda/datum/" + std::to_string(dates[1].occurrence_id);
  EXPECT_EQ(call("POST", one, {{"datum", "2027-03-11"}, {"begin", "14:00"}, {"einde", "15:00"}, {"titel", "Schilderen"},
                               {"zaal", "Zaal 2"}}).status, 303);
  const auto moved = g.agenda.item(dates[1].occurrence_id);
  EXPECT_EQ(g.zone.to_local(moved->start).date, (LocalDate{2027, 3, 11}));
  EXPECT_EQ(moved->location, "Zaal 2");
  EXPECT_EQ(g.agenda.item(dates[0].occurrence_id)->location, "Zaal 1");
  EXPECT_EQ(call("POST", one, {{"datum", "2027-02-29"}, {"begin", "14:00"}, {"einde", "15:00"}, {"titel", "S"},
                               {"zaal", ""}}).status, 400);
  register_people(dates[0].occurrence_id, "Kees", 1);
  const Page del = call("POST", one + "/verwijderen");
  EXPECT_EQ(del.status, 303);
  const auto left = march();
  ASSERT_EQ(left.size(), 1u);  // the date with a registration stays, cancelled
  EXPECT_EQ(left[0].status, OccurrenceStatus::Cancelled);
  EXPECT_EQ(call("GET", one).status, 404);
}

TEST_F(BackofficePages, ImportedActivityShowsWhichFieldsTheFileOwns) {
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:koor@test\r\n"
      "DTSTART;TZID=Europe/Amsterdam:20270304T190000\r\nDTEND;TZID=Europe/Amsterdam:20270304T210000\r\n"
      "RRULE:FREQ=WEEKLY;COUNT=2\r\nSUMMARY:Buurtkoor\r\nLOCATION:Grote zaal\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  httplib::MultipartFormDataMap files;
  files.insert({"bestand", {"bestand", ics, "programma.ics", "text/calendar"}});
  const Page p = call("POST", "/beheer/agenda/import", {}, kVolunteer, files);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_NE(p.body.find("activiteiten: 1 nieuw, 0 gewijzigd, 0 hetzelfde"), std::string::npos) << p.body;
  EXPECT_NE(p.body.find("datums: 2 nieuw"), std::string::npos);
  EXPECT_EQ(march().size(), 2u);
  EXPECT_EQ(read_audit(g.store, 0).back().actor, "Anja");
  const Page date = call("GET", "/beheer/agenda/datum/" + std::to_string(march()[0].occurrence_id));
  EXPECT_NE(date.body.find("Ruimte (uit een agendabestand)"), std::string::npos) << date.body;
}

TEST_F(BackofficePages, ABrokenFileGivesOneLineAndWritesNothing) {
  httplib::MultipartFormDataMap files;
  files.insert({"bestand", {"bestand", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Half\r\n", "kapot.ics", ""}});
  const Page p = call("POST", "/beheer/agenda/import", {}, kVolunteer, files);
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(alerts(p.body), 1);
  EXPECT_NE(p.body.find("Het bestand is niet ingelezen en er is niets veranderd"), std::string::npos) << p.body;
  EXPECT_TRUE(march().empty());
  files.clear();
  files.insert({"bestand", {"bestand", "x", "agenda.pdf", ""}});
  EXPECT_NE(call("POST", "/beheer/agenda/import", {}, kVolunteer, files).body.find("Alleen .ics- en .csv-bestanden"),
            std::string::npos);
}

TEST_F(BackofficePages, AttendeeListCheckInAndTheAuditHoldsNoNames) {
  call("POST", "/beheer/agenda/nieuw", activity("Yoga", "2027-03-03", "10"));
  const AgendaItem date = march().at(0);
  const auto reg = register_people(date.occurrence_id, "Jan Jansen", 2);
  const std::string list = "/beheer/deelnemers/" + std::to_string(date.occurrence_id);
  const Page p = call("GET", list);
  ASSERT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("Jan Jansen"), std::string::npos);
  EXPECT_NE(p.body.find("0612345678"), std::string::npos);
  EXPECT_NE(call("GET", "/beheer/deelnemers").body.find("Yoga"), std::string::npos);
  EXPECT_EQ(call("POST", list + "/aanwezig", {{"code", reg.code}, {"aanwezig", "1"}}).status, 303);
  EXPECT_TRUE(g.registrations.lookup_code(reg.code)->checked_in);
  EXPECT_EQ(call("POST", list + "/aanwezig", {{"code", "ZZZZZZ"}, {"aanwezig", "1"}}).status, 400);
  bool viewed = false;
  for (const AuditEntry& a : read_audit(g.store, 0)) {
    EXPECT_EQ(a.detail.find("Jan"), std::string::npos) << a.action;
    EXPECT_EQ(a.subject.find("Jan"), std::string::npos) << a.action;
    if (a.action == "attendees.view") {
      viewed = true;
      EXPECT_EQ(a.role, "backoffice");
      EXPECT_EQ(a.actor, "Anja");
    }
    if (a.action == "registration.checkin") {
      EXPECT_EQ(a.actor, "Anja");
    }
  }
  EXPECT_TRUE(viewed);
}

TEST_F(BackofficePages, CsvDownloadIsTheCliCsv) {
  call("POST", "/beheer/agenda/nieuw", activity("Yoga", "2027-03-03", "10"));
  const AgendaItem date = march().at(0);
  const auto reg = register_people(date.occurrence_id, "=Jan, \"de\" Vries", 2);
  const Page p = call("GET", "/beheer/deelnemers/" + std::to_string(date.occurrence_id) + "/csv");
  EXPECT_EQ(p.body, "name,people,phone,status,checked_in,code\r\n"
                    "\"'=Jan, \"\"de\"\" Vries\",2,0612345678,registered,no," + reg.code + "\r\n");
  EXPECT_EQ(p.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(p.disposition,
            "attachment; filename=\"deelnemers-2027-03-03-" + std::to_string(date.occurrence_id) + ".csv\"");
  EXPECT_EQ(read_audit(g.store, 0).back().action, "attendees.csv");
}

TEST_F(BackofficePages, PrintingAListOrAPrinterProblemIsAMessage) {
  call("POST", "/beheer/agenda/nieuw", activity("Yoga", "2027-03-03", "10"));
  const AgendaItem date = march().at(0);
  register_people(date.occurrence_id, "Jan Jansen", 2);
  const std::string print = "/beheer/deelnemers/" + std::to_string(date.occurrence_id) + "/printen";
  EXPECT_NE(call("POST", print).location.find("fout="), std::string::npos);  // no printer set up
  const auto folder = std::filesystem::temp_directory_path() / ("bk_bo_print_" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  settings.config.printer.kind = PrinterKind::Png;
  settings.config.printer.target = (folder / "not-a-folder").string();
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "not-a-folder") << "a file where the folder should be";
  const Page failed = call("POST", print);
  EXPECT_NE(failed.location.find("fout=Printen%20lukte%20niet"), std::string::npos) << failed.location;
  EXPECT_EQ(march().at(0).registered, 2);  // nothing lost
  settings.config.printer.target = folder.string();
  const Page ok = call("POST", print);
  EXPECT_NE(ok.location.find("ok="), std::string::npos) << ok.location;
  int pngs = 0;
  for (const auto& f : std::filesystem::directory_iterator(folder)) pngs += f.path().extension() == ".png";
  EXPECT_EQ(pngs, 1);
  std::filesystem::remove_all(folder);
}

TEST_F(BackofficePages, ReportHasItsChartSuppressesSmallNumbersAndIsForStaff) {
  call("POST", "/beheer/agenda/nieuw", activity("Yoga", "2027-03-03", "10"));
  register_people(march().at(0).occurrence_id, "Jan Jansen", 3);
  g.clock.t += 10 * 86400;
  const std::string q = "?van=2027-03-01&tot=2027-03-31";
  EXPECT_EQ(call("GET", "/beheer/cijfers" + q).status, 403);  // volunteers: not their section
  const Page p = call("GET", "/beheer/cijfers" + q, {}, kStaff);
  ASSERT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("<svg"), std::string::npos);
  EXPECT_EQ(p.body.find("<?xml"), std::string::npos);
  EXPECT_NE(p.body.find("&lt;5"), std::string::npos);  // 3 people: shown as <5
  EXPECT_EQ(p.body.find("Jan"), std::string::npos);
  const Page csv = call("GET", "/beheer/cijfers.csv" + q, {}, kStaff);
  EXPECT_NE(csv.body.find("activity,Yoga,ontmoeten,people_registered,<5"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.disposition, "attachment; filename=\"cijfers-2027-03-01-2027-03-31.csv\"");
  EXPECT_EQ(call("GET", "/beheer/cijfers.svg" + q, {}, kStaff).body.rfind("<?xml", 0), 0u);
  EXPECT_EQ(call("GET", "/beheer/cijfers?van=2027-02-30", {}, kStaff).status, 400);
  EXPECT_EQ(call("GET", "/beheer/cijfers?van=2027-03-10&tot=2027-03-01", {}, kStaff).status, 400);
}

TEST_F(BackofficePages, StatusShowsTheVersionForStaffOnly) {
  EXPECT_EQ(call("GET", "/beheer/status").status, 403);
  const Page p = call("GET", "/beheer/status", {}, kStaff);
  ASSERT_EQ(p.status, 200);
  EXPECT_NE(p.body.find(std::string("Versie</th><td>") + BUURTKIOSK_VERSION), std::string::npos) << p.body;
  EXPECT_NE(p.body.find("geen printer ingesteld"), std::string::npos);
  EXPECT_NE(p.body.find("geen mailserver ingesteld"), std::string::npos);
  settings.config.notify.smtp_url = "smtp://mail.test:587";
  {
    WriteScope tx(g.store);
    insert_outbox(g.store, {"help.new", "ABC123", {"team@test"}, "Hulpvraag", "body", g.clock.now()});
    tx.commit();
  }
  EXPECT_NE(call("GET", "/beheer/status", {}, kStaff).body.find("1 wachten op verzending · nog niets verstuurd"),
            std::string::npos);
}

TEST_F(BackofficePages, ScriptInATitleIsEscapedEverywhere) {
  const std::string evil = "<script>alert(1)</script>";
  ASSERT_EQ(call("POST", "/beheer/agenda/nieuw", activity(evil, "2027-03-03", "10")).status, 303);
  const AgendaItem date = march().at(0);
  EXPECT_EQ(date.title, evil);  // kept as typed: it is text, shown escaped
  register_people(date.occurrence_id, "<b>Jan</b>", 1);
  const std::string id = std::to_string(date.occurrence_id);
  g.clock.t += 3 * 86400;
  const std::vector<std::pair<std::string, Account>> pages = {
      {"/beheer/agenda?week=2027-W09", kVolunteer},
      {"/beheer/agenda/datum/" + id, kVolunteer},
      {"/beheer/agenda/datum/" + id + "/afzeggen", kVolunteer},
      {"/beheer/deelnemers/" + id, kVolunteer},
      {"/beheer/cijfers?van=2027-03-01&tot=2027-03-31", kStaff}};
  for (const auto& [path, who] : pages) {
    const Page p = call("GET", path, {}, who);
    EXPECT_EQ(p.status, 200) << path;
    EXPECT_EQ(p.body.find("<script"), std::string::npos) << path;
    EXPECT_EQ(p.body.find("<b>"), std::string::npos) << path;
    EXPECT_NE(p.body.find("&lt;script&gt;"), std::string::npos) << path;
  }
}
