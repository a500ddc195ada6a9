// The funders' report of a region (#20): on PostgreSQL with centre "*", a line per centre and the
// region's, suppressed as one table with the rest of the report — a "<5" of one centre cannot be
// worked out from the region's total and the other centres.
#include <gtest/gtest.h>

#include "services/agenda_service.hpp"
#include "services/report.hpp"
#include "test_support.hpp"

using namespace bk;
using bk::test::ServiceGraph;
using bk::test::TestDatabase;

namespace {

StoreLocation as_centre(const TestDatabase& db, const std::string& centre) {
  StoreLocation l = db.location;
  l.centre = centre;
  return l;
}

// One activity with one date on 2 March 2027 in `store`'s centre, `people` registered on it in
// parties of at most 5, and `help` help requests.
void centre_data(ServiceGraph& g, Store& store, const char* title, int people, int help) {
  AgendaService agenda(store, g.zone, g.clock, 183);
  NewActivity a;
  a.title = title;
  a.category = "bewegen";
  a.start = *parse_local_datetime("2027-03-02T10:00");
  a.end = a.start;
  a.end.hour += 1;
  const ActivityId id = agenda.add_activity(a);
  auto st = store.engine().prepare("SELECT id FROM occurrence WHERE activity_id = ?");
  st.bind(1, id);
  ASSERT_TRUE(st.step());
  const std::int64_t occurrence = st.int64(0);
  for (int left = people; left > 0; left -= 5) bk::test::add_registration(store, occurrence, std::min(left, 5), "registered");
  HelpService helps(store, g.clock, "https://kiosk.test");
  for (int i = 0; i < help; ++i)
    ASSERT_EQ(helps.create({"boodschappen", "any", "", true, "", ""}).outcome, HelpOutcome::Created);
}

const LocalDate kFrom{2027, 3, 1}, kTo{2027, 3, 31};

}  // namespace

TEST(ReportCentres, ASingleCentreReportHasNoCentreLines) {
  ServiceGraph g;
  centre_data(g, g.store, "Koersbal", 7, 1);
  const Report r = build_report(g.store, g.zone, kFrom, kTo);
  EXPECT_TRUE(r.centres.empty());
  EXPECT_EQ(report_json(r).find("\"centres\""), std::string::npos) << "the JSON of one centre is unchanged";
}

TEST(ReportCentres, TheRegionShowsEachCentreSuppressedAcrossCentres) {
  ServiceGraph g;  // centre "test"
  if (!g.database.postgresql()) GTEST_SKIP() << "PostgreSQL only (ctest's pg.* run)";
  Store west(as_centre(g.database, "west")), noord(as_centre(g.database, "noord"));
  centre_data(g, g.store, "Koersbal", 20, 6);
  centre_data(g, west, "Yoga", 3, 0);
  centre_data(g, noord, "Koffie", 12, 5);

  Store region(as_centre(g.database, "*"));
  const Report r = build_report(region, g.zone, kFrom, kTo, true);
  ASSERT_EQ(r.centres.size(), 3u);
  EXPECT_EQ(r.centres[0].centre, "noord");
  EXPECT_EQ(r.centres[1].centre, "test");
  EXPECT_EQ(r.centres[2].centre, "west");
  EXPECT_EQ(r.centres[1].people, Count::shown(20));
  EXPECT_EQ(r.centres[2].people, Count::small()) << "3 people: <5";
  // The region's 35 is shown: noord's 12 must go too, or 35 - 20 - 12 gives west's 3.
  EXPECT_EQ(r.centre_total.people, Count::shown(35));
  EXPECT_EQ(r.centres[0].people, Count::hidden());
  EXPECT_EQ(r.centre_total.people, r.activity_total.people) << "the region's line is the report's total";
  EXPECT_EQ(r.centres[0].help_requests, Count::shown(5));
  EXPECT_EQ(r.centres[1].help_requests, Count::shown(6));
  EXPECT_EQ(r.centres[2].help_requests, Count::shown(0));
  EXPECT_EQ(r.centre_total.help_requests, Count::shown(11));
  for (const auto& c : r.centres) EXPECT_EQ(c.dates_held, 1) << c.centre;
  EXPECT_EQ(r.centre_total.dates_held, 3);
  const std::string md = report_markdown(r);
  EXPECT_NE(md.find("| noord | 1 | 0 | x |"), std::string::npos) << md;
  EXPECT_NE(md.find("| west | 1 | 0 | <5 |"), std::string::npos) << md;

  // A centre's own connection sees only its own line.
  const Report own = build_report(g.store, g.zone, kFrom, kTo, true);
  ASSERT_EQ(own.centres.size(), 1u);
  EXPECT_EQ(own.centres[0].centre, "test");
  EXPECT_EQ(own.centres[0].people, Count::shown(20));
}
