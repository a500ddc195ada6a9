#include <algorithm>

#include "ui/screens/volunteer/tabs.hpp"
#include "ui/screens/volunteer/widgets.hpp"

namespace bk::ui::volunteer {

void DateEditor::start(UiContext& ui, const AgendaItem& item) {
  editing = true;
  rooms = known_rooms(ui);  // once, not every frame
  const LocalDateTime s = ui.kiosk.zone.to_local(item.start);
  start_minutes = s.hour * 60 + s.minute;
  room = item.location;
  free_entry = !item.capacity;
  capacity = item.capacity.value_or(12);
  message.clear();
  source = ui.kiosk.agenda.origins({item})[0].source;
}

// "Are you sure?" for cancelling the date or deleting the series. False when the date is gone.
bool DateEditor::draw_confirm(UiContext& ui, Role role, const AgendaItem& item) {
  const float em = ui.em();
  bool still_there = true;
  text_wrapped(ui, ui.tr(confirm == Confirm::CancelDate ? "volunteer.confirm_cancel" : "volunteer.confirm_delete",
                         {{"n", std::to_string(item.registered + item.waitlisted)}}));
  if (big_button(ui, ui.tr(confirm == Confirm::CancelDate ? "volunteer.yes_cancel" : "volunteer.yes_delete"),
                 ImVec2(0, 2.8f * em), ButtonStyle::Danger)) {
    if (confirm == Confirm::CancelDate) {
      ui.kiosk.agenda.cancel_occurrence(item.occurrence_id, to_string(role));
    } else {
      ui.kiosk.agenda.delete_activity(item.activity_id, to_string(role));
      // A date nobody registered for is gone with the series: back to the list.
      still_there = ui.kiosk.agenda.item(item.occurrence_id).has_value();
    }
    confirm = Confirm::None;
    editing = false;
  }
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.no_keep"), ImVec2(0, 2.8f * em))) confirm = Confirm::None;
  return still_there;
}

void DateEditor::draw_save_buttons(UiContext& ui, Role role, const AgendaItem& item, const LocalDateTime& start) {
  const float em = ui.em();
  try {
    if (big_button(ui, ui.tr("volunteer.save_date"), ImVec2(0, 2.8f * em), ButtonStyle::Primary)) {
      OccurrenceEdit e;
      e.start = LocalDateTime{start.date, start_minutes / 60, start_minutes % 60, 0};
      if (room != item.location) e.location = room;
      ui.kiosk.agenda.edit_occurrence(item.occurrence_id, e, to_string(role));
      message = ui.tr("volunteer.saved_date");
    }
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.save_series"), ImVec2(0, 2.8f * em), ButtonStyle::Primary)) {
      ActivityEdit e;
      e.location = room;
      e.capacity = free_entry ? std::optional<int>() : std::optional<int>(capacity);
      ui.kiosk.agenda.edit_activity(item.activity_id, e, to_string(role));
      message = ui.tr("volunteer.saved_series");
    }
  } catch (const InputError& e) {
    // Refused (e.g. fewer places than people registered): nothing was written.
    message = ui.tr("volunteer.not_saved", {{"reason", e.what()}});
  }
}

// Change one date or the whole series; cancel a date or delete the series after a second tap.
// Registrations stay with their date: a cancelled date lists its people so someone can call them.
bool DateEditor::draw(UiContext& ui, Role role, const AgendaItem& item) {
  const float em = ui.em();
  const LocalDateTime start = ui.kiosk.zone.to_local(item.start);
  // An imported activity says so (what is changed here stays until the file or feed changes that
  // field); on the heading's line, so the panel is no taller.
  const std::string from = source == "feed"     ? " · " + ui.tr("volunteer.from_feed")
                           : source == "import" ? " · " + ui.tr("volunteer.from_file")
                                                : "";
  heading(ui, item.title + " · " + ui.text.long_date(start.date) + " " + ui.text.time_of_day(start) + from);
  if (confirm != Confirm::None) return draw_confirm(ui, role, item);
  row_label(ui, ui.tr("volunteer.edit_time"));
  const int length = static_cast<int>((item.end - item.start) / 60);
  picker(ui, "start", hhmm(start_minutes) + " → " + hhmm(start_minutes + length),
         [&] { start_minutes = std::max(6 * 60, start_minutes - 15); },
         [&] { start_minutes = std::min(23 * 60 - length % (23 * 60), start_minutes + 15); });
  row_label(ui, ui.tr("volunteer.new_room"));
  room_buttons(ui, rooms, room);
  row_label(ui, ui.tr("volunteer.edit_places"));
  places_picker(ui, free_entry, capacity);
  draw_save_buttons(ui, role, item, start);
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.delete_series"), ImVec2(0, 2.8f * em), ButtonStyle::Danger))
    confirm = Confirm::DeleteSeries;
  if (!message.empty()) text_wrapped(ui, message);
  if (big_button(ui, ui.tr("volunteer.edit_done"), ImVec2(0, 2.8f * em))) editing = false;
  return true;
}

}  // namespace bk::ui::volunteer
