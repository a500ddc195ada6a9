#pragma once
// Small-cell suppression for the funders' report (services/report.hpp): raw counts go in, Counts
// that may be published come out. Internal to services/report*.cpp.
#include <cstdint>
#include <vector>

#include "services/report.hpp"

namespace bk::report_detail {

inline constexpr int kSmall = 5;  // counts below this (but not 0) are not published

// Raw counts live here only; what leaves is Count. Cells belong to groups: members whose sum is
// a total cell that is also published (activities → total, activities of one category → that
// category, categories → total, weeks → total, a help category's statuses → its row total, …).
//
// Suppression rule: every count 1–4 is Small ("<5"). Then, for each group whose total is shown,
// if exactly one member is hidden (or all hidden members are Small and their sum, total minus the
// shown members, leaves only one possibility: all 1 or all 4), the smallest shown non-zero member
// is hidden as well ("x"), or, when there is none, the total. Repeated until nothing changes,
// since a cell hidden for one group can expose another group it belongs to.
class CellPool {
 public:
  int add(std::int64_t v);  // a new cell; returns its id
  void group(std::vector<int> members, int total);  // members sum to total; empty: ignored
  void suppress();  // applies the rule; call once, after every add and group
  Count count(int id) const;

 private:
  struct Group {
    std::vector<int> members;
    int total;
  };
  bool exposed(const Group& g) const;
  void hide_one_more(const Group& g);

  std::vector<std::int64_t> raw_;
  std::vector<Count::Kind> kind_;
  std::vector<Group> groups_;
};

}  // namespace bk::report_detail
