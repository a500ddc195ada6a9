#include "ui/screens/activity_screen.hpp"

#include "ui/outage_banner.hpp"
#include "ui/screens/register_screen.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

void ActivityScreen::on_show(UiContext& ui) { item_ = ui.kiosk.agenda_copy.item(ui.selected_occurrence); }

void ActivityScreen::draw(UiContext& ui) {
  if (ui.data_changed) {
    item_ = ui.kiosk.agenda_copy.item(ui.selected_occurrence);
    ui.data_changed = false;
  }
  if (!item_) {
    text_wrapped(ui, ui.tr("activity.gone"));
    return;
  }
  const AgendaItem& i = *item_;
  const float em = ui.em();
  const float width = std::min(ImGui::GetContentRegionAvail().x, 46 * em);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  registration_outage_banner(ui, width);
  heading(ui, i.title);
  const LocalDateTime s = ui.kiosk.zone.to_local(i.start), e = ui.kiosk.zone.to_local(i.end);
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextWrapped("%s", ui.text.long_date(s.date).c_str());
  if (!i.all_day)
    ImGui::TextWrapped("%s", (ui.text.time_of_day(s) + " – " + ui.text.time_of_day(e)).c_str());
  ImGui::PopFont();
  if (!i.location.empty()) text_wrapped(ui, ui.tr("activity.where", {{"room", i.location}}));
  if (!i.description.empty()) {
    ImGui::Dummy(ImVec2(0, 0.3f * em));
    text_wrapped(ui, i.description);
  }
  ImGui::Dummy(ImVec2(0, 0.6f * em));
  const bool started = i.start <= ui.now;
  if (i.status == OccurrenceStatus::Cancelled) {
    heading(ui, ui.tr("activity.cancelled"));
  } else if (!i.capacity) {
    text_wrapped(ui, ui.tr("activity.free_entry"));
  } else if (started) {
    text_wrapped(ui, ui.tr("activity.started"));
  } else {
    const int left = *i.places_left();
    text_wrapped(ui, left == 0 ? ui.tr("activity.full_explained")
                               : ui.tr("activity.places", {{"n", std::to_string(left)}, {"capacity", std::to_string(*i.capacity)}}));
    ImGui::Dummy(ImVec2(0, 0.4f * em));
    const bool full = left == 0;
    if (in_outage(ui)) {
      // No form to fill in for nothing: the sentence takes the button's place.
      outage_banner(ui, ui.tr("outage.banner"), width);
    } else if (big_button(ui, full ? ui.tr("activity.waitlist") : ui.tr("activity.register"), ImVec2(16 * em, 0),
                   ButtonStyle::Primary)) {
      ui.screen<RegisterScreen>().start(i.occurrence_id, full);
      ui.go(RegisterScreen::kId);
    }
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

std::string ActivityScreen::spoken_text(UiContext& ui) {
  if (!item_) return {};
  const LocalDateTime s = ui.kiosk.zone.to_local(item_->start);
  return item_->title + ". " + ui.text.long_date(s.date) + ", " + ui.text.time_of_day(s) + ". " +
         item_->location + ". " + item_->description;
}

}  // namespace bk::ui
