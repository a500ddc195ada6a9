#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "services/report.hpp"
#include "ui/ui.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

// Home: the agenda fills most of the screen, so someone walking past sees what is on without a
// tap; beside it the large tiles Hulp vragen and Mijn aanmelding, and the languages.
class AgendaScreen final : public Screen {
 public:
  static constexpr ScreenId kId = ScreenId::Agenda;
  void draw(UiContext& ui) override;
  void on_show(UiContext& ui) override;
  void forget() override { category_.clear(); }
  std::string spoken_text(UiContext& ui) override;

 private:
  void reload(UiContext& ui);
  void draw_list(UiContext& ui, float list_w);
  void draw_side(UiContext& ui, float side_w, float avail_h);
  void draw_figures(UiContext& ui, float side_w);
  void draw_card(UiContext& ui, const AgendaItem& item, const LocalDateTime& start, const LocalDateTime& end,
                 float width);

  std::vector<AgendaItem> items_;
  // Local start and end of each item, converted once per reload: the zone conversion is the
  // costly part of a card, and a long agenda has thousands.
  std::vector<LocalDateTime> starts_, ends_;
  std::vector<std::string> categories_;
  std::optional<MonthTotals> figures_;  // [kiosk] show_figures: this month, already anonymous
  std::string category_;  // filter; empty = all
  LocalDate loaded_day_{};
  UtcSeconds loaded_minute_ = 0;
  bool loaded_in_outage_ = false;
  bool complete_ = true;  // the list holds every day it should (false: an outage, days never loaded)
  TouchScroll scroll_;
  bool scroll_to_top_ = false;
};

}  // namespace bk::ui
