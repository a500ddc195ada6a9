#include <algorithm>

#include "domain/text.hpp"
#include "ui/screens/volunteer/tabs.hpp"
#include "ui/screens/volunteer/widgets.hpp"

namespace bk::ui::volunteer {

// A refusal (another volunteer got there first, from the desk or another kiosk) is said on
// screen in plain words; the list below shows the request as it is now.
void HelpTab::show_result(UiContext& ui, const HelpChangeResult& r) {
  switch (r.outcome) {
    case HelpChange::Changed:
    case HelpChange::Unchanged: message.clear(); break;
    case HelpChange::NotFound:
    case HelpChange::NotAllowed: message = ui.tr("volunteer.help_changed"); break;
    case HelpChange::InvalidInput: message = ui.tr("volunteer.help_invalid"); break;
  }
}

// The claim form (who picks this up?) or the note form, each with the keyboard. False when
// neither is open.
bool HelpTab::draw_form(UiContext& ui, Role role) {
  const float em = ui.em();
  const bool claiming = !claim_code.empty();
  if (!claiming && note_code.empty()) return false;
  TextEntry& entry = claiming ? claimer : note;
  heading(ui, ui.tr(claiming ? "volunteer.claim_who" : "volunteer.note_title"));
  text_field(ui, entry, ui.tr(claiming ? "register.name_placeholder" : "volunteer.note_placeholder"),
             std::min(ImGui::GetContentRegionAvail().x, 40 * em));
  const bool ok = check_text(entry.text(), claiming ? kHelpNameMax : kHelpNoteMax, false).ok();
  const auto close = [&] {
    claim_code.clear();
    note_code.clear();
    entry.clear();
  };
  if (!ok) ImGui::BeginDisabled();
  const bool tapped = big_button(ui, ui.tr(claiming ? "volunteer.claim" : "volunteer.save"), ImVec2(12 * em, 0),
                                 ButtonStyle::Primary);
  if (!ok) ImGui::EndDisabled();
  ImGui::SameLine();
  const bool stop = big_button(ui, ui.tr("common.stop"), ImVec2(10 * em, 0));
  const bool enter = on_screen_keyboard(ui, entry, KeyboardLayout::Letters, shift);
  if ((tapped || enter) && ok) {
    show_result(ui, claiming ? ui.kiosk.help.claim(claim_code, entry.text(), "", to_string(role))
                             : ui.kiosk.help.add_note(note_code, entry.text(), to_string(role)));
    close();
  } else if (stop) {
    close();
  }
  return true;
}

// One request: what, when, who; Oppakken, Notitie and Klaar where they apply.
void HelpTab::draw_request(UiContext& ui, Role role, const HelpRequestView& v) {
  const float em = ui.em();
  ImGui::PushID(v.code.c_str());
  const LocalDateTime at = ui.kiosk.zone.to_local(v.created);
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextWrapped("%s · %s · %s %s", ui.tr("help.category." + v.category).c_str(),
                     ui.tr("help.timing." + v.timing).c_str(), ui.text.long_date(at.date).c_str(),
                     ui.text.time_of_day(at).c_str());
  ImGui::PopFont();
  text_wrapped(ui, v.comes_back ? ui.tr("help.summary_come_back") : v.name + (v.phone.empty() ? "" : " · " + v.phone));
  if (!v.description.empty()) text_wrapped(ui, "“" + v.description + "”", true);
  if (!v.claimed_by.empty()) text_wrapped(ui, ui.tr("volunteer.claimed_by", {{"name", v.claimed_by}}), true);
  if (!v.note.empty()) text_wrapped(ui, ui.tr("volunteer.notes", {{"notes", v.note}}), true);
  if (v.status == HelpStatus::Open) {
    if (big_button(ui, ui.tr("volunteer.claim"), ImVec2(10 * em, 0), ButtonStyle::Primary)) {
      claim_code = v.code;
      claimer.clear();
      shift = true;
    }
    ImGui::SameLine();
  }
  // Notes while the personal data is there (a purged request keeps only its counts).
  if (!v.purged) {
    if (big_button(ui, ui.tr("volunteer.add_note"), ImVec2(10 * em, 0))) {
      note_code = v.code;
      note.clear();
      shift = true;
    }
    ImGui::SameLine();
  }
  if (v.status == HelpStatus::Open || v.status == HelpStatus::Claimed) {
    if (big_button(ui, ui.tr("volunteer.done"), ImVec2(10 * em, 0)))
      show_result(ui, ui.kiosk.help.done(v.code, to_string(role)));
  } else if (!v.purged) {
    ImGui::NewLine();  // ends the row after Notitie
  }
  ImGui::Separator();
  ImGui::PopID();
}

void HelpTab::draw(UiContext& ui, Role role) {
  if (draw_form(ui, role)) return;
  if (!message.empty()) error_text(ui, message);
  begin_touch_scroll(ui, "help_queue", ImGui::GetContentRegionAvail(), scroll);
  bool any = false;
  for (HelpStatus status : {HelpStatus::Open, HelpStatus::Claimed, HelpStatus::Done}) {
    const auto rows = ui.kiosk.help.list(status);
    if (status == HelpStatus::Done && rows.empty()) continue;
    heading(ui, ui.tr("volunteer.help_" + std::string(to_string(status))) + " (" + std::to_string(rows.size()) + ")");
    for (const auto& v : rows) {
      any = true;
      draw_request(ui, role, v);
    }
  }
  if (!any) text_wrapped(ui, ui.tr("volunteer.no_help"), true);
  end_touch_scroll(ui, scroll);
}

}  // namespace bk::ui::volunteer
