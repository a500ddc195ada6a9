#include "ui/screens/volunteer_screen.hpp"

#include <filesystem>
#include <set>

#include "domain/log.hpp"
#include "store/audit.hpp"
#include "domain/text.hpp"
#include "print/print_queue.hpp"
#include "print/ticket_text.hpp"

namespace bk::ui {

namespace {

// The agenda's categories (their labels are the catalog's [category] keys).
constexpr const char* kCategories[] = {"bewegen", "ontmoeten", "leren", "eten", "cultuur"};

// A touch picker: − value +. No typing where a picker will do.
template <typename Minus, typename Plus>
void picker(UiContext& ui, const char* id, const std::string& value, Minus on_minus, Plus on_plus) {
  const float em = ui.em();
  ImGui::PushID(id);
  if (big_button(ui, "−", ImVec2(3 * em, 2.6f * em))) on_minus();
  ImGui::SameLine();
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 0.6f * em);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() - 0.6f * em);
  if (big_button(ui, "+", ImVec2(3 * em, 2.6f * em))) on_plus();
  ImGui::PopID();
}

void row_label(UiContext& ui, const std::string& label) {
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextUnformatted(label.c_str());
  ImGui::PopFont();
}

std::string hhmm(int minutes) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return b;
}

// The rooms the agenda uses, for picking instead of typing.
std::set<std::string> known_rooms(UiContext& ui) {
  std::set<std::string> rooms;
  for (const auto& i : ui.kiosk.agenda.between(ui.local_now.date, add_days(ui.local_now.date, 28)))
    if (!i.location.empty()) rooms.insert(i.location);
  return rooms;
}

void room_buttons(UiContext& ui, const std::set<std::string>& rooms, std::string& room) {
  const float em = ui.em();
  int n = 0;
  for (const auto& r : rooms) {
    if (n++ % 2) ImGui::SameLine();
    if (big_button(ui, r, ImVec2(12 * em, 2.4f * em), room == r ? ButtonStyle::Selected : ButtonStyle::Secondary))
      room = r;
  }
}

}  // namespace

void VolunteerScreen::on_show(UiContext&) { pin_.clear(); }

void VolunteerScreen::forget() {
  pin_.clear();
  role_.reset();
  pin_message_.clear();
  tab_ = Tab::Help;
  claim_code_.clear();
  claimer_.clear();
  note_code_.clear();
  note_.clear();
  help_message_.clear();
  attendee_occurrence_ = 0;
  editing_ = false;
  confirm_ = Confirm::None;
  edit_message_.clear();
  title_.clear();
  description_.clear();
  new_step_ = NewStep::Title;
  saved_message_.clear();
}

void VolunteerScreen::draw_pin(UiContext& ui) {
  const float em = ui.em();
  VolunteerAuth auth(ui.kiosk.store, *ui.kiosk.clock);
  const int locked = auth.locked_seconds_left();
  heading(ui, ui.tr("volunteer.pin_title"));
  if (locked > 0) {
    const int minutes = (locked + 59) / 60;
    text_wrapped(ui, ui.tr("volunteer.locked", {{"n", std::to_string(minutes)}}));
    ui.wake_in = std::min(ui.wake_in, 1.0);
  } else if (!pin_message_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
    text_wrapped(ui, pin_message_);
    ImGui::PopStyleColor();
  }
  // While locked the pad is disabled (greyed, taps and a hardware keyboard's digits and Enter do
  // nothing), and nothing typed reaches check_pin.
  if (locked > 0) {
    pin_.clear();
    ImGui::BeginDisabled();
  }
  // Dots, never the digits: someone may look over a shoulder.
  TextEntry dots(8);
  dots.type(std::string(pin_.length(), '*'));
  text_field(ui, dots, ui.tr("volunteer.pin_placeholder"), 14 * em);
  bool shift = false;
  const bool enter = on_screen_keyboard(ui, pin_, KeyboardLayout::Digits, shift);
  const bool open = big_button(ui, ui.tr("volunteer.open"), ImVec2(14 * em, 0), ButtonStyle::Primary);
  if (locked > 0) {
    ImGui::EndDisabled();
    pin_.clear();
    return;
  }
  if ((open || enter) && !pin_.text().empty()) {
    const PinResult r = auth.check_pin(pin_.text());
    pin_.clear();
    switch (r.check) {
      case PinCheck::Opened:
        role_ = r.role;
        pin_message_.clear();
        tab_ = Tab::Help;
        break;
      case PinCheck::Wrong:
        pin_message_ = ui.tr("volunteer.wrong", {{"n", std::to_string(r.attempts_left)}});
        break;
      case PinCheck::Locked: pin_message_.clear(); break;
      case PinCheck::NoPinSet: pin_message_ = ui.tr("volunteer.no_pin"); break;
    }
  }
}

// A refusal (another volunteer got there first, from the desk or another kiosk) is said on
// screen in plain words; the list below shows the request as it is now.
void VolunteerScreen::show_help_result(UiContext& ui, const HelpChangeResult& r) {
  switch (r.outcome) {
    case HelpChange::Changed:
    case HelpChange::Unchanged: help_message_.clear(); break;
    case HelpChange::NotFound:
    case HelpChange::NotAllowed: help_message_ = ui.tr("volunteer.help_changed"); break;
    case HelpChange::InvalidInput: help_message_ = ui.tr("volunteer.help_invalid"); break;
  }
}

// The claim form (who picks this up?) or the note form, each with the keyboard. False when
// neither is open.
bool VolunteerScreen::draw_help_form(UiContext& ui) {
  const float em = ui.em();
  const bool claiming = !claim_code_.empty();
  if (!claiming && note_code_.empty()) return false;
  TextEntry& entry = claiming ? claimer_ : note_;
  heading(ui, ui.tr(claiming ? "volunteer.claim_who" : "volunteer.note_title"));
  text_field(ui, entry, ui.tr(claiming ? "register.name_placeholder" : "volunteer.note_placeholder"),
             std::min(ImGui::GetContentRegionAvail().x, 40 * em));
  const bool ok = check_text(entry.text(), claiming ? kHelpNameMax : kHelpNoteMax, false).ok();
  const auto close = [&] {
    claim_code_.clear();
    note_code_.clear();
    entry.clear();
  };
  const auto save = [&] {
    const std::string role = to_string(*role_);
    show_help_result(ui, claiming ? ui.kiosk.help.claim(claim_code_, entry.text(), "", role)
                                  : ui.kiosk.help.add_note(note_code_, entry.text(), role));
    close();
  };
  if (!ok) ImGui::BeginDisabled();
  const bool tapped = big_button(ui, ui.tr(claiming ? "volunteer.claim" : "volunteer.save"), ImVec2(12 * em, 0),
                                 ButtonStyle::Primary);
  if (!ok) ImGui::EndDisabled();
  ImGui::SameLine();
  const bool stop = big_button(ui, ui.tr("common.stop"), ImVec2(10 * em, 0));
  const bool enter = on_screen_keyboard(ui, entry, KeyboardLayout::Letters, shift_);
  if ((tapped || enter) && ok) {
    save();
  } else if (stop) {
    close();
  }
  return true;
}

void VolunteerScreen::draw_help(UiContext& ui) {
  const float em = ui.em();
  if (draw_help_form(ui)) return;
  if (!help_message_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
    text_wrapped(ui, help_message_);
    ImGui::PopStyleColor();
  }
  begin_touch_scroll(ui, "help_queue", ImGui::GetContentRegionAvail(), scroll_);
  bool any = false;
  for (HelpStatus status : {HelpStatus::Open, HelpStatus::Claimed, HelpStatus::Done}) {
    const auto rows = ui.kiosk.help.list(status);
    if (status == HelpStatus::Done && rows.empty()) continue;
    heading(ui, ui.tr("volunteer.help_" + std::string(to_string(status))) + " (" + std::to_string(rows.size()) + ")");
    for (const auto& v : rows) {
      any = true;
      ImGui::PushID(v.code.c_str());
      const LocalDateTime at = ui.kiosk.zone.to_local(v.created);
      ImGui::PushFont(ui.fonts.bold[ui.text_size]);
      ImGui::TextWrapped("%s · %s · %s %s", ui.tr("help.category." + v.category).c_str(),
                         ui.tr("help.timing." + v.timing).c_str(), ui.text.long_date(at.date).c_str(),
                         ui.text.time_of_day(at).c_str());
      ImGui::PopFont();
      text_wrapped(ui, v.comes_back ? ui.tr("help.summary_come_back")
                                    : v.name + (v.phone.empty() ? "" : " · " + v.phone));
      if (!v.description.empty()) text_wrapped(ui, "“" + v.description + "”", true);
      if (!v.claimed_by.empty()) text_wrapped(ui, ui.tr("volunteer.claimed_by", {{"name", v.claimed_by}}), true);
      if (!v.note.empty()) text_wrapped(ui, ui.tr("volunteer.notes", {{"notes", v.note}}), true);
      if (v.status == HelpStatus::Open) {
        if (big_button(ui, ui.tr("volunteer.claim"), ImVec2(10 * em, 0), ButtonStyle::Primary)) {
          claim_code_ = v.code;
          claimer_.clear();
          shift_ = true;
        }
        ImGui::SameLine();
      }
      // Notes while the personal data is there (a purged request keeps only its counts).
      if (!v.purged) {
        if (big_button(ui, ui.tr("volunteer.add_note"), ImVec2(10 * em, 0))) {
          note_code_ = v.code;
          note_.clear();
          shift_ = true;
        }
        ImGui::SameLine();
      }
      if (v.status == HelpStatus::Open || v.status == HelpStatus::Claimed) {
        if (big_button(ui, ui.tr("volunteer.done"), ImVec2(10 * em, 0)))
          show_help_result(ui, ui.kiosk.help.done(v.code, to_string(*role_)));
      } else if (!v.purged) {
        ImGui::NewLine();  // ends the row after Notitie
      }
      ImGui::Separator();
      ImGui::PopID();
    }
  }
  if (!any) text_wrapped(ui, ui.tr("volunteer.no_help"), true);
  end_touch_scroll(ui, scroll_);
}

void VolunteerScreen::draw_attendees(UiContext& ui) {
  const float em = ui.em();
  const LocalDate today = ui.local_now.date;
  const auto items = ui.kiosk.agenda.between(today, add_days(today, 7));
  if (attendee_occurrence_ == 0) {
    begin_touch_scroll(ui, "attendee_dates", ImGui::GetContentRegionAvail(), scroll_);
    for (const auto& i : items) {
      if (!i.capacity && i.registered == 0) continue;
      const LocalDateTime s = ui.kiosk.zone.to_local(i.start);
      const std::string label = ui.text.long_date(s.date) + " " + ui.text.time_of_day(s) + " · " + i.title +
                                " · " + std::to_string(i.registered) + (i.waitlisted ? " +" + std::to_string(i.waitlisted) : "");
      ImGui::PushID(static_cast<int>(i.occurrence_id));
      if (big_button(ui, label, ImVec2(ImGui::GetContentRegionAvail().x, 0))) attendee_occurrence_ = i.occurrence_id;
      ImGui::PopID();
    }
    end_touch_scroll(ui, scroll_);
    return;
  }
  const auto item = ui.kiosk.agenda.item(attendee_occurrence_);
  if (big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0)) || !item) {
    if (editing_ || confirm_ != Confirm::None) {
      editing_ = false;
      confirm_ = Confirm::None;
    } else {
      attendee_occurrence_ = 0;
    }
    return;
  }
  if (editing_ || confirm_ != Confirm::None) {
    // Scrolls: at A+ and A++ the pickers and the save buttons are taller than the screen.
    begin_touch_scroll(ui, "edit", ImGui::GetContentRegionAvail(), scroll_);
    draw_edit(ui, *item);
    end_touch_scroll(ui, scroll_);
    return;
  }
  if (item->status == OccurrenceStatus::Scheduled) {
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.edit"))) {
      editing_ = true;
      rooms_ = known_rooms(ui);  // once, not every frame
      const LocalDateTime s = ui.kiosk.zone.to_local(item->start);
      edit_start_minutes_ = s.hour * 60 + s.minute;
      edit_room_ = item->location;
      edit_free_entry_ = !item->capacity;
      edit_capacity_ = item->capacity.value_or(12);
      edit_message_.clear();
      edit_source_ = ui.kiosk.agenda.origins({*item})[0].source;
    }
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.cancel_date"), ImVec2(0, 0), ButtonStyle::Danger)) confirm_ = Confirm::CancelDate;
  }
  const auto rows = ui.kiosk.registrations.for_occurrence(item->occurrence_id);
  if (ui.print_list) {
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.print_list")))
      ui.print_list(print::attendee_list(ui.text, ui.kiosk.config, ui.kiosk.zone, *item, rows),
                    std::to_string(item->occurrence_id));
  }
  if (!ui.print_status.empty()) text_wrapped(ui, ui.print_status);
  heading(ui, item->title + " · " + ui.text.time_of_day(ui.kiosk.zone.to_local(item->start)));
  if (item->status == OccurrenceStatus::Cancelled) text_wrapped(ui, ui.tr("volunteer.cancelled_call"));
  begin_touch_scroll(ui, "attendees", ImGui::GetContentRegionAvail(), scroll_);
  for (const auto& r : rows) {
    if (r.status == RegistrationStatus::Cancelled) continue;
    ImGui::PushID(r.code.c_str());
    if (big_button(ui, r.checked_in ? "✓" : " ", ImVec2(2.6f * em, 2.6f * em),
                   r.checked_in ? ButtonStyle::Selected : ButtonStyle::Secondary))
      ui.kiosk.registrations.set_checked_in(r.code, !r.checked_in, to_string(*role_));
    ImGui::SameLine();
    ImGui::TextWrapped("%s · %d · %s%s", r.name.c_str(), r.people, r.phone.empty() ? "-" : r.phone.c_str(),
                       r.status == RegistrationStatus::Waitlisted ? (" · " + ui.tr("volunteer.waiting")).c_str() : "");
    ImGui::PopID();
  }
  end_touch_scroll(ui, scroll_);
}

// Change one date or the whole series; cancel a date or delete the series after a second tap.
// Registrations stay with their date: a cancelled date lists its people so someone can call them.
void VolunteerScreen::draw_edit(UiContext& ui, const AgendaItem& item) {
  const float em = ui.em();
  const std::string role = to_string(*role_);
  const LocalDateTime start = ui.kiosk.zone.to_local(item.start);
  // An imported activity says so (what is changed here stays until the file or feed changes that
  // field); on the heading's line, so the panel is no taller.
  const std::string from = edit_source_ == "feed"     ? " · " + ui.tr("volunteer.from_feed")
                           : edit_source_ == "import" ? " · " + ui.tr("volunteer.from_file")
                                                      : "";
  heading(ui, item.title + " · " + ui.text.long_date(start.date) + " " + ui.text.time_of_day(start) + from);
  if (confirm_ != Confirm::None) {
    text_wrapped(ui, ui.tr(confirm_ == Confirm::CancelDate ? "volunteer.confirm_cancel" : "volunteer.confirm_delete",
                           {{"n", std::to_string(item.registered + item.waitlisted)}}));
    if (big_button(ui, ui.tr(confirm_ == Confirm::CancelDate ? "volunteer.yes_cancel" : "volunteer.yes_delete"),
                   ImVec2(0, 2.8f * em), ButtonStyle::Danger)) {
      if (confirm_ == Confirm::CancelDate) {
        ui.kiosk.agenda.cancel_occurrence(item.occurrence_id, role);
      } else {
        ui.kiosk.agenda.delete_activity(item.activity_id, role);
        // A date nobody registered for is gone with the series: back to the list.
        if (!ui.kiosk.agenda.item(item.occurrence_id)) attendee_occurrence_ = 0;
      }
      confirm_ = Confirm::None;
      editing_ = false;
    }
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.no_keep"), ImVec2(0, 2.8f * em))) confirm_ = Confirm::None;
    return;
  }
  row_label(ui, ui.tr("volunteer.edit_time"));
  const int length = static_cast<int>((item.end - item.start) / 60);
  picker(ui, "start", hhmm(edit_start_minutes_) + " → " + hhmm(edit_start_minutes_ + length),
         [&] { edit_start_minutes_ = std::max(6 * 60, edit_start_minutes_ - 15); },
         [&] { edit_start_minutes_ = std::min(23 * 60 - length % (23 * 60), edit_start_minutes_ + 15); });
  row_label(ui, ui.tr("volunteer.new_room"));
  room_buttons(ui, rooms_, edit_room_);
  row_label(ui, ui.tr("volunteer.edit_places"));
  if (big_button(ui, ui.tr("agenda.free_entry"), ImVec2(0, 2.6f * em), edit_free_entry_ ? ButtonStyle::Selected : ButtonStyle::Secondary))
    edit_free_entry_ = !edit_free_entry_;
  if (!edit_free_entry_) {
    ImGui::SameLine();
    picker(ui, "cap", std::to_string(edit_capacity_), [&] { edit_capacity_ = std::max(1, edit_capacity_ - 1); },
           [&] { edit_capacity_ = std::min(500, edit_capacity_ + 1); });
  }
  try {
    if (big_button(ui, ui.tr("volunteer.save_date"), ImVec2(0, 2.8f * em), ButtonStyle::Primary)) {
      OccurrenceEdit e;
      e.start = LocalDateTime{start.date, edit_start_minutes_ / 60, edit_start_minutes_ % 60, 0};
      if (edit_room_ != item.location) e.location = edit_room_;
      ui.kiosk.agenda.edit_occurrence(item.occurrence_id, e, role);
      edit_message_ = ui.tr("volunteer.saved_date");
    }
    ImGui::SameLine();
    if (big_button(ui, ui.tr("volunteer.save_series"), ImVec2(0, 2.8f * em), ButtonStyle::Primary)) {
      ActivityEdit e;
      e.location = edit_room_;
      e.capacity = edit_free_entry_ ? std::optional<int>() : std::optional<int>(edit_capacity_);
      ui.kiosk.agenda.edit_activity(item.activity_id, e, role);
      edit_message_ = ui.tr("volunteer.saved_series");
    }
  } catch (const InputError& e) {
    // Refused (e.g. fewer places than people registered): nothing was written.
    edit_message_ = ui.tr("volunteer.not_saved", {{"reason", e.what()}});
  }
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.delete_series"), ImVec2(0, 2.8f * em), ButtonStyle::Danger))
    confirm_ = Confirm::DeleteSeries;
  if (!edit_message_.empty()) text_wrapped(ui, edit_message_);
  if (big_button(ui, ui.tr("volunteer.edit_done"), ImVec2(0, 2.8f * em))) editing_ = false;
}

// New activity in three steps, so the keyboard has the screen to itself when there is typing:
// the title, an optional description, then everything else with pickers.
void VolunteerScreen::draw_new_activity(UiContext& ui) {
  const float em = ui.em();
  const float field_width = std::min(ImGui::GetContentRegionAvail().x, 40 * em);
  if (new_step_ == NewStep::Title || new_step_ == NewStep::Description) {
    const bool title = new_step_ == NewStep::Title;
    TextEntry& entry = title ? title_ : description_;
    if (title && !saved_message_.empty()) text_wrapped(ui, saved_message_);
    row_label(ui, ui.tr(title ? "volunteer.new_title" : "volunteer.new_description"));
    text_field(ui, entry, ui.tr(title ? "volunteer.new_title_placeholder" : "volunteer.new_description_placeholder"),
               field_width);
    const bool ok = title ? check_text(entry.text(), 200, false).ok() : check_text(entry.text(), 1000, true).ok();
    bool back = false;
    if (!title) {
      back = big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0));
      ImGui::SameLine();
    }
    if (!ok) ImGui::BeginDisabled();
    const std::string next_label = !title && entry.text().empty() ? ui.tr("register.skip") : ui.tr("common.next");
    const bool next = big_button(ui, next_label, ImVec2(14 * em, 0), ButtonStyle::Primary);
    if (!ok) ImGui::EndDisabled();
    const bool enter = on_screen_keyboard(ui, entry, KeyboardLayout::Letters, shift_);
    if ((next || enter) && ok) {
      new_step_ = title ? NewStep::Description : NewStep::Details;
      if (!title) rooms_ = known_rooms(ui);  // once, not every frame
      shift_ = description_.text().empty();  // a capital to start the description with
      saved_message_.clear();
    } else if (back) {
      new_step_ = NewStep::Title;
    }
    return;
  }

  // Details: pickers only. The title stays in view, with a way back to change it. The pickers
  // scroll (at A++ they are taller than the screen) above a fixed row with Terug and Opslaan;
  // the two columns become one when they do not fit side by side.
  const LocalDate day = add_days(ui.local_now.date, day_offset_);
  if (big_button(ui, ui.tr("volunteer.change_title"), ImVec2(0, 2.4f * em))) new_step_ = NewStep::Title;
  ImGui::SameLine(0, em);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 0.7f * em);
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextUnformatted(title_.text().c_str());
  ImGui::PopFont();
  const float bottom_row = 3.2f * em + 2 * ImGui::GetStyle().ItemSpacing.y;
  begin_touch_scroll(ui, "new_activity", ImVec2(0, std::max(4 * em, ImGui::GetContentRegionAvail().y - bottom_row)),
                     scroll_);
  const bool two_columns = ImGui::GetContentRegionAvail().x >= 56 * em;
  ImGui::BeginGroup();
  row_label(ui, ui.tr("volunteer.new_day"));
  picker(ui, "day", ui.text.long_date(day), [&] { day_offset_ = std::max(0, day_offset_ - 1); },
         [&] { day_offset_ = std::min(365, day_offset_ + 1); });
  row_label(ui, ui.tr("volunteer.new_time"));
  picker(ui, "start", hhmm(start_minutes_), [&] { start_minutes_ = std::max(6 * 60, start_minutes_ - 15); },
         [&] { start_minutes_ = std::min(22 * 60, start_minutes_ + 15); });
  ImGui::SameLine();
  picker(ui, "dur", "→ " + hhmm(std::min(start_minutes_ + duration_minutes_, 23 * 60 + 45)),
         [&] { duration_minutes_ = std::max(15, duration_minutes_ - 15); },
         [&] { duration_minutes_ = std::min(8 * 60, duration_minutes_ + 15); });
  row_label(ui, ui.tr("volunteer.new_weeks"));
  picker(ui, "weeks",
         weeks_ == 1 ? ui.tr("volunteer.once") : ui.tr("volunteer.weeks", {{"n", std::to_string(weeks_)}}),
         [&] { weeks_ = std::max(1, weeks_ - 1); }, [&] { weeks_ = std::min(52, weeks_ + 1); });
  if (weeks_ > 1)
    text_wrapped(ui, ui.tr("volunteer.last_date", {{"date", ui.text.long_date(add_days(day, 7 * (weeks_ - 1)))}}), true);
  ImGui::EndGroup();
  if (two_columns) ImGui::SameLine(0, 2 * em);
  ImGui::BeginGroup();
  row_label(ui, ui.tr("volunteer.new_room"));
  room_buttons(ui, rooms_, room_);
  row_label(ui, ui.tr("volunteer.new_category"));
  for (int i = 0; i < static_cast<int>(std::size(kCategories)); ++i) {
    if (i % 3) ImGui::SameLine();
    const std::string key = kCategories[i];
    if (big_button(ui, ui.tr("category." + key), ImVec2(8 * em, 2.4f * em),
                   category_ == key ? ButtonStyle::Selected : ButtonStyle::Secondary))
      category_ = category_ == key ? "" : key;
  }
  row_label(ui, ui.tr("volunteer.new_places"));
  if (big_button(ui, ui.tr("agenda.free_entry"), ImVec2(0, 2.6f * em), free_entry_ ? ButtonStyle::Selected : ButtonStyle::Secondary))
    free_entry_ = !free_entry_;
  if (!free_entry_) {
    ImGui::SameLine();
    picker(ui, "cap", std::to_string(capacity_), [&] { capacity_ = std::max(1, capacity_ - 1); },
           [&] { capacity_ = std::min(500, capacity_ + 1); });
  }
  ImGui::EndGroup();
  end_touch_scroll(ui, scroll_);
  ImGui::Dummy(ImVec2(0, 0.3f * em));
  if (big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0))) new_step_ = NewStep::Description;
  ImGui::SameLine();
  if (big_button(ui, ui.tr("volunteer.save"), ImVec2(14 * em, 0), ButtonStyle::Primary)) {
    NewActivity a;
    a.title = title_.text();
    a.description = description_.text();
    a.location = room_;
    a.category = category_;
    a.capacity = free_entry_ ? std::nullopt : std::optional<int>(capacity_);
    a.start = {day, start_minutes_ / 60, start_minutes_ % 60, 0};
    const int end_m = std::min(start_minutes_ + duration_minutes_, 23 * 60 + 45);
    a.end = {day, end_m / 60, end_m % 60, 0};
    if (weeks_ > 1) a.weekly_until = add_days(day, 7 * (weeks_ - 1));
    try {
      ui.kiosk.agenda.add_activity(a, to_string(*role_));
      saved_message_ = ui.tr("volunteer.saved", {{"title", a.title}});
      title_.clear();
      description_.clear();
      shift_ = true;
      new_step_ = NewStep::Title;
    } catch (const std::exception& e) {
      // Refused (an end before the start, a text the checks refuse): nothing was written.
      saved_message_ = ui.tr("volunteer.not_saved", {{"reason", e.what()}});
    }
  }
  if (new_step_ == NewStep::Details && !saved_message_.empty()) {
    ImGui::SameLine(0, em);
    text_wrapped(ui, saved_message_);
  }
}

void VolunteerScreen::draw_status(UiContext& ui) {
  const float em = ui.em();
  auto setting = [&](const char* key) -> std::string {
    auto st = ui.kiosk.store.engine().prepare("SELECT value FROM setting WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.text(0) : std::string();
  };
  std::error_code ec;
  const auto size = std::filesystem::file_size(ui.kiosk.store.path(), ec);
  text_wrapped(ui, ui.tr("volunteer.version", {{"v", BUURTKIOSK_VERSION}}));
  text_wrapped(ui, ui.tr("volunteer.db_size", {{"mb", ec ? "?" : std::to_string(size / 1024) + " kB"}}));
  std::string printer = ui.tr("volunteer.unknown");
  if (const auto st = print::load_status(ui.kiosk.store)) {
    const LocalDateTime at = ui.kiosk.zone.to_local(st->at);
    printer = (st->ok ? ui.tr("volunteer.print_ok") : ui.tr("volunteer.print_failed", {{"reason", st->reason}})) +
              " (" + ui.text.long_date(at.date) + " " + ui.text.time_of_day(at) + ")";
  }
  if (ui.kiosk.config.printer.kind == PrinterKind::None) printer = ui.tr("volunteer.no_printer");
  text_wrapped(ui, ui.tr("volunteer.printer", {{"status", printer}}));
  const std::string backup = setting("backup.last");
  text_wrapped(ui, ui.tr("volunteer.backup", {{"status", backup.empty() ? ui.tr("volunteer.unknown") : backup}}));
  const std::string feed = setting("import.last_status");
  if (!feed.empty()) text_wrapped(ui, ui.tr("volunteer.feed", {{"status", feed}}));
  const std::string alert = setting("alert.restored");
  if (!alert.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
    text_wrapped(ui, ui.tr("volunteer.restored", {{"detail", alert}}));
    ImGui::PopStyleColor();
    if (may(*role_, Permission::ChangeSettings) && big_button(ui, ui.tr("volunteer.clear_alert"))) {
      ui.kiosk.store.engine().exec("DELETE FROM setting WHERE key = 'alert.restored'");
      write_audit(ui.kiosk.store, ui.now, to_string(*role_), "alert.clear", "alert.restored");
    }
  }
  if (may(*role_, Permission::CloseProgram) && ui.quit) {
    ImGui::Dummy(ImVec2(0, em));
    if (big_button(ui, ui.tr("volunteer.quit"), ImVec2(0, 0), ButtonStyle::Danger)) ui.quit();
  }
}

void VolunteerScreen::draw(UiContext& ui) {
  if (!role_) {
    draw_pin(ui);
    return;
  }
  // Two minutes without a touch: log out and go back to the public screen.
  if (ui.idle_seconds >= ui.kiosk.config.kiosk.volunteer_logout_seconds) {
    log::info("volunteer", "logged out after inactivity");
    ui.home();
    return;
  }
  ui.wake_in = std::min(ui.wake_in, ui.kiosk.config.kiosk.volunteer_logout_seconds - ui.idle_seconds + 0.1);
  const float em = ui.em();
  const std::pair<Tab, const char*> tabs[] = {{Tab::Help, "volunteer.tab_help"},
                                              {Tab::Attendees, "volunteer.tab_attendees"},
                                              {Tab::NewActivity, "volunteer.tab_new"},
                                              {Tab::Status, "volunteer.tab_status"}};
  for (const auto& [t, key] : tabs) {
    if (big_button(ui, ui.tr(key), ImVec2(0, 2.8f * em), tab_ == t ? ButtonStyle::Selected : ButtonStyle::Secondary)) {
      tab_ = t;
      attendee_occurrence_ = 0;
      claim_code_.clear();
      note_code_.clear();
      help_message_.clear();
    }
    ImGui::SameLine();
  }
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, ImGui::GetContentRegionAvail().x -
                                                                  text_width(ui.fonts.bold[ui.text_size], ui.tr("volunteer.logout")) - 2 * em));
  if (big_button(ui, ui.tr("volunteer.logout"), ImVec2(0, 2.8f * em), ButtonStyle::Danger)) {
    log::info("volunteer", "logged out");
    ui.home();
    return;
  }
  switch (tab_) {
    case Tab::Help: draw_help(ui); break;
    case Tab::Attendees: draw_attendees(ui); break;
    case Tab::NewActivity: draw_new_activity(ui); break;
    case Tab::Status: draw_status(ui); break;
  }
}

}  // namespace bk::ui
