#include "print/ticket_text.hpp"
#include "ui/screens/volunteer/tabs.hpp"
#include "ui/screens/volunteer/widgets.hpp"

namespace bk::ui::volunteer {

// The next seven days' dates that take registrations (or have some), one button each.
void AttendeesTab::draw_dates(UiContext& ui) {
  const LocalDate today = ui.local_now.date;
  const auto items = ui.kiosk.agenda.between(today, add_days(today, 7));
  begin_touch_scroll(ui, "attendee_dates", ImGui::GetContentRegionAvail(), scroll);
  for (const auto& i : items) {
    if (!i.capacity && i.registered == 0) continue;
    const LocalDateTime s = ui.kiosk.zone.to_local(i.start);
    const std::string label = ui.text.long_date(s.date) + " " + ui.text.time_of_day(s) + " · " + i.title + " · " +
                              std::to_string(i.registered) + (i.waitlisted ? " +" + std::to_string(i.waitlisted) : "");
    ImGui::PushID(static_cast<int>(i.occurrence_id));
    if (big_button(ui, label, ImVec2(ImGui::GetContentRegionAvail().x, 0))) occurrence = i.occurrence_id;
    ImGui::PopID();
  }
  end_touch_scroll(ui, scroll);
}

// Wijzigen and Afgelasten on the row of Terug (a date still scheduled).
void AttendeesTab::draw_actions(UiContext& ui, const AgendaItem& item) {
  if (item.status != OccurrenceStatus::Scheduled) return;
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.edit"))) edit.start(ui, item);
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.cancel_date"), ImVec2(0, 0), ButtonStyle::Danger))
    edit.confirm = DateEditor::Confirm::CancelDate;
}

void AttendeesTab::draw_attendees(UiContext& ui, Role role, const AgendaItem& item,
                                  const std::vector<RegistrationView>& rows) {
  const float em = ui.em();
  heading(ui, item.title + " · " + ui.text.time_of_day(ui.kiosk.zone.to_local(item.start)));
  if (item.status == OccurrenceStatus::Cancelled) text_wrapped(ui, ui.tr("volunteer.cancelled_call"));
  begin_touch_scroll(ui, "attendees", ImGui::GetContentRegionAvail(), scroll);
  for (const auto& r : rows) {
    if (r.status == RegistrationStatus::Cancelled) continue;
    ImGui::PushID(r.code.c_str());
    if (big_button(ui, r.checked_in ? "✓" : " ", ImVec2(2.6f * em, 2.6f * em),
                   r.checked_in ? ButtonStyle::Selected : ButtonStyle::Secondary))
      ui.kiosk.registrations.set_checked_in(r.code, !r.checked_in, to_string(role));
    ImGui::SameLine();
    ImGui::TextWrapped("%s · %d · %s%s", r.name.c_str(), r.people, r.phone.empty() ? "-" : r.phone.c_str(),
                       r.status == RegistrationStatus::Waitlisted ? (" · " + ui.tr("volunteer.waiting")).c_str() : "");
    ImGui::PopID();
  }
  end_touch_scroll(ui, scroll);
}

void AttendeesTab::draw(UiContext& ui, Role role) {
  if (occurrence == 0) {
    draw_dates(ui);
    return;
  }
  const auto item = ui.kiosk.agenda.item(occurrence);
  if (big_button(ui, ui.tr("common.back"), ImVec2(10 * ui.em(), 0)) || !item) {
    if (edit.open()) {
      edit = {};
    } else {
      occurrence = 0;
    }
    return;
  }
  if (edit.open()) {
    // Scrolls: at A+ and A++ the pickers and the save buttons are taller than the screen.
    begin_touch_scroll(ui, "edit", ImGui::GetContentRegionAvail(), scroll);
    if (!edit.draw(ui, role, *item)) occurrence = 0;
    end_touch_scroll(ui, scroll);
    return;
  }
  draw_actions(ui, *item);
  const auto rows = ui.kiosk.registrations.for_occurrence(item->occurrence_id);
  if (ui.print_list) {
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.print_list")))
      ui.print_list(print::attendee_list(ui.text, ui.kiosk.config, ui.kiosk.zone, *item, rows),
                    std::to_string(item->occurrence_id));
  }
  if (!ui.print_status.empty()) text_wrapped(ui, ui.print_status);
  draw_attendees(ui, role, *item, rows);
}

}  // namespace bk::ui::volunteer
