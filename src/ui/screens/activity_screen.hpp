#pragma once
#include "ui/ui.hpp"

namespace bk::ui {

// One date of an activity: what, when, where, places; Aanmelden (or Op de wachtlijst when full).
class ActivityScreen final : public Screen {
 public:
  static constexpr ScreenId kId = ScreenId::Activity;
  void draw(UiContext& ui) override;
  void on_show(UiContext& ui) override;
  std::string spoken_text(UiContext& ui) override;

 private:
  std::optional<AgendaItem> item_;
};

}  // namespace bk::ui
