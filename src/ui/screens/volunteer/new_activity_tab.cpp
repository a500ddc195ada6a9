#include <algorithm>

#include "domain/text.hpp"
#include "ui/screens/volunteer/tabs.hpp"
#include "ui/screens/volunteer/widgets.hpp"

namespace bk::ui::volunteer {
namespace {

// The agenda's categories (their labels are the catalog's [category] keys).
constexpr const char* kCategories[] = {"bewegen", "ontmoeten", "leren", "eten", "cultuur"};

}  // namespace

// The title, or the optional description: a field and the keyboard.
void NewActivityTab::draw_text_step(UiContext& ui) {
  const float em = ui.em();
  const bool is_title = step == Step::Title;
  TextEntry& entry = is_title ? title : description;
  if (is_title && !message.empty()) text_wrapped(ui, message);
  row_label(ui, ui.tr(is_title ? "volunteer.new_title" : "volunteer.new_description"));
  text_field(ui, entry, ui.tr(is_title ? "volunteer.new_title_placeholder" : "volunteer.new_description_placeholder"),
             std::min(ImGui::GetContentRegionAvail().x, 40 * em));
  const bool ok = is_title ? check_text(entry.text(), 200, false).ok() : check_text(entry.text(), 1000, true).ok();
  bool back = false;
  if (!is_title) {
    back = big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0));
    ImGui::SameLine();
  }
  if (!ok) ImGui::BeginDisabled();
  const std::string next_label = !is_title && entry.text().empty() ? ui.tr("register.skip") : ui.tr("common.next");
  const bool next = big_button(ui, next_label, ImVec2(14 * em, 0), ButtonStyle::Primary);
  if (!ok) ImGui::EndDisabled();
  const bool enter = on_screen_keyboard(ui, entry, KeyboardLayout::Letters, shift);
  if ((next || enter) && ok) {
    step = is_title ? Step::Description : Step::Details;
    if (!is_title) rooms = known_rooms(ui);  // once, not every frame
    shift = description.text().empty();      // a capital to start the description with
    message.clear();
  } else if (back) {
    step = Step::Title;
  }
}

// Day, start and end, how many weeks.
void NewActivityTab::draw_when(UiContext& ui, LocalDate day) {
  row_label(ui, ui.tr("volunteer.new_day"));
  picker(ui, "day", ui.text.long_date(day), [&] { day_offset = std::max(0, day_offset - 1); },
         [&] { day_offset = std::min(365, day_offset + 1); });
  row_label(ui, ui.tr("volunteer.new_time"));
  picker(ui, "start", hhmm(start_minutes), [&] { start_minutes = std::max(6 * 60, start_minutes - 15); },
         [&] { start_minutes = std::min(22 * 60, start_minutes + 15); });
  ImGui::SameLine();
  picker(ui, "dur", "→ " + hhmm(std::min(start_minutes + duration_minutes, 23 * 60 + 45)),
         [&] { duration_minutes = std::max(15, duration_minutes - 15); },
         [&] { duration_minutes = std::min(8 * 60, duration_minutes + 15); });
  row_label(ui, ui.tr("volunteer.new_weeks"));
  picker(ui, "weeks", weeks == 1 ? ui.tr("volunteer.once") : ui.tr("volunteer.weeks", {{"n", std::to_string(weeks)}}),
         [&] { weeks = std::max(1, weeks - 1); }, [&] { weeks = std::min(52, weeks + 1); });
  if (weeks > 1)
    text_wrapped(ui, ui.tr("volunteer.last_date", {{"date", ui.text.long_date(add_days(day, 7 * (weeks - 1)))}}), true);
}

// Room, category, places.
void NewActivityTab::draw_where(UiContext& ui) {
  const float em = ui.em();
  row_label(ui, ui.tr("volunteer.new_room"));
  room_buttons(ui, rooms, room);
  row_label(ui, ui.tr("volunteer.new_category"));
  for (int i = 0; i < static_cast<int>(std::size(kCategories)); ++i) {
    if (i % 3) ImGui::SameLine();
    const std::string key = kCategories[i];
    if (big_button(ui, ui.tr("category." + key), ImVec2(8 * em, 2.4f * em),
                   category == key ? ButtonStyle::Selected : ButtonStyle::Secondary))
      category = category == key ? "" : key;
  }
  row_label(ui, ui.tr("volunteer.new_places"));
  places_picker(ui, free_entry, capacity);
}

void NewActivityTab::save(UiContext& ui, Role role, LocalDate day) {
  NewActivity a;
  a.title = title.text();
  a.description = description.text();
  a.location = room;
  a.category = category;
  a.capacity = free_entry ? std::nullopt : std::optional<int>(capacity);
  a.start = {day, start_minutes / 60, start_minutes % 60, 0};
  const int end_m = std::min(start_minutes + duration_minutes, 23 * 60 + 45);
  a.end = {day, end_m / 60, end_m % 60, 0};
  if (weeks > 1) a.weekly_until = add_days(day, 7 * (weeks - 1));
  try {
    ui.kiosk.agenda.add_activity(a, to_string(role));
    message = ui.tr("volunteer.saved", {{"title", a.title}});
    title.clear();
    description.clear();
    shift = true;
    step = Step::Title;
  } catch (const std::exception& e) {
    // Refused (an end before the start, a text the checks refuse): nothing was written.
    message = ui.tr("volunteer.not_saved", {{"reason", e.what()}});
  }
}

// Details: pickers only. The title stays in view, with a way back to change it. The pickers
// scroll (at A++ they are taller than the screen) above a fixed row with Terug and Opslaan;
// the two columns become one when they do not fit side by side.
void NewActivityTab::draw_details(UiContext& ui, Role role) {
  const float em = ui.em();
  const LocalDate day = add_days(ui.local_now.date, day_offset);
  if (big_button(ui, ui.tr("volunteer.change_title"), ImVec2(0, 2.4f * em))) step = Step::Title;
  ImGui::SameLine(0, em);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 0.7f * em);
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextUnformatted(title.text().c_str());
  ImGui::PopFont();
  const float bottom_row = 3.2f * em + 2 * ImGui::GetStyle().ItemSpacing.y;
  begin_touch_scroll(ui, "new_activity", ImVec2(0, std::max(4 * em, ImGui::GetContentRegionAvail().y - bottom_row)),
                     scroll);
  const bool two_columns = ImGui::GetContentRegionAvail().x >= 56 * em;
  ImGui::BeginGroup();
  draw_when(ui, day);
  ImGui::EndGroup();
  if (two_columns) ImGui::SameLine(0, 2 * em);
  ImGui::BeginGroup();
  draw_where(ui);
  ImGui::EndGroup();
  end_touch_scroll(ui, scroll);
  ImGui::Dummy(ImVec2(0, 0.3f * em));
  if (big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0))) step = Step::Description;
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.save"), ImVec2(14 * em, 0), ButtonStyle::Primary)) save(ui, role, day);
  if (step == Step::Details && !message.empty()) {
    ImGui::SameLine(0, em);
    text_wrapped(ui, message);
  }
}

void NewActivityTab::draw(UiContext& ui, Role role) {
  if (step == Step::Title || step == Step::Description) {
    draw_text_step(ui);
  } else {
    draw_details(ui, role);
  }
}

}  // namespace bk::ui::volunteer
