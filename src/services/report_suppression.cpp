#include "services/report_suppression.hpp"

namespace bk::report_detail {

int CellPool::add(std::int64_t v) {
  raw_.push_back(v);
  return static_cast<int>(raw_.size()) - 1;
}

void CellPool::group(std::vector<int> members, int total) {
  if (!members.empty()) groups_.push_back({std::move(members), total});
}

// One member hidden, or several Small ones whose sum leaves only one possibility.
bool CellPool::exposed(const Group& g) const {
  int hidden = 0;
  bool all_small = true;
  std::int64_t sum = 0;
  for (int m : g.members) {
    const auto mi = static_cast<size_t>(m);
    if (kind_[mi] == Count::Kind::Shown) continue;
    ++hidden;
    sum += raw_[mi];
    if (kind_[mi] != Count::Kind::Small) all_small = false;
  }
  return hidden == 1 || (hidden > 1 && all_small && (sum == hidden || sum == 4 * hidden));
}

// The smallest shown non-zero member, or else the total, becomes Hidden.
void CellPool::hide_one_more(const Group& g) {
  int best = -1;
  for (int m : g.members) {
    const auto mi = static_cast<size_t>(m);
    if (kind_[mi] == Count::Kind::Shown && raw_[mi] > 0 && (best < 0 || raw_[mi] < raw_[static_cast<size_t>(best)]))
      best = m;
  }
  kind_[static_cast<size_t>(best >= 0 ? best : g.total)] = Count::Kind::Hidden;
}

void CellPool::suppress() {
  kind_.assign(raw_.size(), Count::Kind::Shown);
  for (size_t i = 0; i < raw_.size(); ++i)
    if (raw_[i] > 0 && raw_[i] < kSmall) kind_[i] = Count::Kind::Small;
  for (bool changed = true; changed;) {
    changed = false;
    for (const Group& g : groups_) {
      if (kind_[static_cast<size_t>(g.total)] != Count::Kind::Shown || !exposed(g)) continue;
      hide_one_more(g);
      changed = true;
    }
  }
}

Count CellPool::count(int id) const {
  const auto i = static_cast<size_t>(id);
  switch (kind_[i]) {
    case Count::Kind::Small: return Count::small();
    case Count::Kind::Hidden: return Count::hidden();
    case Count::Kind::Shown: break;
  }
  return Count::shown(raw_[i]);
}

}  // namespace bk::report_detail
