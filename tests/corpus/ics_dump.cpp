// Prints every date an .ics file makes, as the kiosk would import it, one JSON object a line:
// {"start": …, "end": …, "title": …, "all_day": …, "cancelled": …}, UTC for timed dates and the
// centre's local dates for all-day ones. The corpus test (test_ics_corpus.py) compares this with an
// independent implementation. Usage: ics_dump FILE FROM TO (dates, YYYY-MM-DD, UTC midnight).
// Exit 2 with the importer's one-line message when the file is refused.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "agenda/series.hpp"
#include "domain/errors.hpp"
#include "domain/json.hpp"

using namespace bk;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: ics_dump FILE FROM TO\n";
    return 2;
  }
  const TimeZone centre = TimeZone::load("Europe/Amsterdam");
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  const auto from = parse_date(argv[2]), to = parse_date(argv[3]);
  if (!in || !from || !to) {
    std::cerr << "cannot read the file or the dates\n";
    return 2;
  }
  const auto utc_midnight = [](LocalDate d) { return naive_seconds({d, 0, 0, 0}); };
  std::string name = argv[1];
  name = name.substr(name.find_last_of('/') + 1);
  try {
    const IcsReadResult r = read_ics_with_warnings(buf.str(), name, centre);
    std::vector<std::string> lines;
    for (const SeriesDefinition& s : r.series)
      for (const Instance& i : expand_series(s.series_ics, centre, utc_midnight(*from), utc_midnight(*to))) {
        const auto when = [&](UtcSeconds t) {
          return i.all_day ? format_date(centre.local_date(t)) : format_datetime(from_naive_seconds(t)) + "Z";
        };
        lines.push_back(json::Object()
                            .add("start", when(i.start))
                            .add("end", when(i.end))
                            .add("title", i.title.value_or(s.title))
                            .add("all_day", i.all_day)
                            .add("cancelled", i.cancelled)
                            .str());
      }
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) std::cout << l << "\n";
    std::cerr << "warnings: " << r.warnings << "\n";
  } catch (const InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}
