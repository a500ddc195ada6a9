#include "ui/screens/lookup_screen.hpp"

#include "domain/codes.hpp"
#include "ui/outage_banner.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

void LookupScreen::forget() {
  code_.clear();
  searched_ = confirm_cancel_ = cancelled_now_ = kept_here_ = unavailable_ = false;
  registration_.reset();
  help_.reset();
}

void LookupScreen::find(UiContext& ui) {
  searched_ = true;
  kept_here_ = unavailable_ = false;
  const bool found = !in_outage(ui) && unless_unavailable(ui.kiosk.connection, [&] {
    registration_ = ui.kiosk.registrations.lookup_code(code_.text());
    help_ = registration_ ? std::nullopt : ui.kiosk.help.lookup_code(code_.text());
  });
  if (found) return;
  const auto code = normalise_reference_code(code_.text());
  kept_here_ = code && ui.kiosk.offline_help.is_kept(*code);
  unavailable_ = !kept_here_;
}

void LookupScreen::draw(UiContext& ui) {
  const float em = ui.em();
  if (registration_) {
    const auto& r = *registration_;
    const LocalDateTime s = ui.kiosk.zone.to_local(r.occurrence.start);
    heading(ui, r.occurrence.title);
    text_wrapped(ui, ui.text.long_date(s.date) + " · " + ui.text.time_of_day(s) +
                         (r.occurrence.location.empty() ? "" : " · " + r.occurrence.location));
    text_wrapped(ui, ui.tr("register.summary_people", {{"n", std::to_string(r.people)}}));
    std::string status = r.status == RegistrationStatus::Registered   ? ui.tr("lookup.registered")
                         : r.status == RegistrationStatus::Waitlisted ? ui.tr("lookup.waitlisted", {{"n", std::to_string(r.waitlist_position)}})
                                                                      : ui.tr("lookup.cancelled");
    if (r.occurrence.status == OccurrenceStatus::Cancelled) status = ui.tr("activity.cancelled");
    ImGui::PushFont(ui.fonts.heading[ui.text_size]);
    ImGui::TextWrapped("%s", status.c_str());
    ImGui::PopFont();
    if (cancelled_now_) text_wrapped(ui, ui.tr("lookup.cancel_done"));
    ImGui::Dummy(ImVec2(0, 0.5f * em));
    if (r.status != RegistrationStatus::Cancelled && r.occurrence.start > ui.now) {
      if (!confirm_cancel_) {
        if (big_button(ui, ui.tr("lookup.cancel"), ImVec2(14 * em, 0), ButtonStyle::Danger)) confirm_cancel_ = true;
      } else {
        text_wrapped(ui, ui.tr("lookup.cancel_sure"));
        if (big_button(ui, ui.tr("lookup.cancel_yes"), ImVec2(14 * em, 0), ButtonStyle::Danger)) {
          confirm_cancel_ = false;
          cancelled_now_ = unless_unavailable(ui.kiosk.connection, [&] {
            ui.kiosk.registrations.cancel_code(r.code, "resident");
            registration_ = ui.kiosk.registrations.lookup_code(r.code);
          });
          if (!cancelled_now_) {  // the server went: nothing was cancelled, and the screen says so
            registration_.reset();
            unavailable_ = true;
            return;
          }
        }
        ImGui::SameLine();
        if (big_button(ui, ui.tr("lookup.cancel_no"), ImVec2(14 * em, 0))) confirm_cancel_ = false;
      }
    }
    ImGui::Dummy(ImVec2(0, 0.5f * em));
    if (big_button(ui, ui.tr("confirm.done"), ImVec2(12 * em, 0), ButtonStyle::Primary)) ui.home();
    return;
  }
  if (help_) {
    heading(ui, ui.tr("lookup.help_title", {{"kind", ui.tr("help.category." + help_->category)}}));
    const std::string status = ui.tr("help.status." + std::string(to_string(help_->status)));
    ImGui::PushFont(ui.fonts.heading[ui.text_size]);
    ImGui::TextWrapped("%s", status.c_str());
    ImGui::PopFont();
    if (big_button(ui, ui.tr("confirm.done"), ImVec2(12 * em, 0), ButtonStyle::Primary)) ui.home();
    return;
  }
  if (kept_here_ || unavailable_) {
    if (kept_here_) text_wrapped(ui, ui.tr("outage.lookup_kept"));
    else outage_banner(ui, ui.tr("outage.lookup"));
    if (big_button(ui, ui.tr("confirm.done"), ImVec2(12 * em, 0), ButtonStyle::Primary)) ui.home();
    return;
  }
  heading(ui, ui.tr("lookup.title"));
  text_wrapped(ui, ui.tr("lookup.hint"), true);
  text_field(ui, code_, "K7M3QX", 16 * em);
  if (searched_) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
    text_wrapped(ui, ui.tr("lookup.not_found"));
    ImGui::PopStyleColor();
  }
  const bool complete = code_.length() == 6;
  if (!complete) ImGui::BeginDisabled();
  if (big_button(ui, ui.tr("lookup.show"), ImVec2(14 * em, 0), ButtonStyle::Primary) && complete) find(ui);
  if (!complete) ImGui::EndDisabled();
  if (on_screen_keyboard(ui, code_, KeyboardLayout::Code, shift_) && complete) find(ui);
  if (code_.length() < 6) searched_ = searched_ && code_.length() == 6;
}

std::string LookupScreen::spoken_text(UiContext& ui) { return ui.tr("lookup.title") + ". " + ui.tr("lookup.hint"); }

}  // namespace bk::ui
