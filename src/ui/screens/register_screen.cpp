#include "ui/screens/register_screen.hpp"

#include "domain/text.hpp"
#include "print/ticket_text.hpp"
#include "ui/outage_banner.hpp"
#include "ui/screens/confirmation.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

void RegisterScreen::start(OccurrenceId occurrence, bool waitlist) {
  forget();
  occurrence_ = occurrence;
  waitlist_ = waitlist;
}

void RegisterScreen::forget() {
  step_ = Step::People;
  people_ = 1;
  name_.clear();
  phone_.clear();
  shift_ = true;
  problem_.clear();
  result_ = RegisterResult{};
  if (ui_ && qr_.texture) ui_->free_qr_image(qr_);
  qr_ = QrImage{};
}

void RegisterScreen::draw_nav(UiContext& ui, bool can_go_on, const std::string& next_label) {
  const float em = ui.em();
  ImGui::Dummy(ImVec2(0, 0.4f * em));
  if (big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0))) {
    problem_.clear();
    if (step_ == Step::People) {
      ui.back();
      return;
    }
    step_ = static_cast<Step>(static_cast<int>(step_) - 1);
    return;
  }
  ImGui::SameLine();
  if (!can_go_on) ImGui::BeginDisabled();
  const bool next = big_button(ui, next_label, ImVec2(14 * em, 0), ButtonStyle::Primary);
  if (!can_go_on) ImGui::EndDisabled();
  if (next && can_go_on) {
    if (step_ == Step::Summary) {
      confirm(ui);
    } else {
      step_ = static_cast<Step>(static_cast<int>(step_) + 1);
    }
  }
}

void RegisterScreen::confirm(UiContext& ui) {
  RegistrationRequest r;
  r.occurrence_id = occurrence_;
  r.name = name_.text();
  r.phone = phone_.text();
  r.people = people_;
  r.channel = "kiosk";
  r.role = "resident";
  // The resident chose a place; if the date filled up meanwhile, ask before waitlisting.
  r.waitlist_if_full = waitlist_;
  // The server gone at Bevestigen: nothing was written; the screen shows the outage sentence, and
  // the form comes back as it was when the server does (unless the idle reset forgets it first).
  if (!unless_unavailable(ui.kiosk.connection, [&] { result_ = ui.kiosk.registrations.register_for(r); })) return;
  switch (result_.outcome) {
    case RegisterOutcome::Registered:
    case RegisterOutcome::Waitlisted:
      // Acknowledged only now: register_for returns after the commit is on disk.
      qr_ = ui.make_qr_image(make_qr(result_.followup_url));
      step_ = Step::Done;
      break;
    case RegisterOutcome::Full: step_ = Step::FilledUp; break;
    case RegisterOutcome::InvalidInput: problem_ = ui.tr("register.invalid"); step_ = Step::Name; break;
    case RegisterOutcome::NotFound:
    case RegisterOutcome::Closed: problem_ = ui.tr("register.closed"); break;
  }
}

// The last look before Bevestigen: what, how many, who, and the privacy line.
void RegisterScreen::draw_summary(UiContext& ui, const std::string& what) {
  heading(ui, ui.tr("register.check"));
  text_wrapped(ui, what);
  text_wrapped(ui, ui.tr("register.summary_people", {{"n", std::to_string(people_)}}));
  text_wrapped(ui, ui.tr("register.summary_name", {{"name", name_.text()}}));
  if (!phone_.text().empty()) text_wrapped(ui, ui.tr("register.summary_phone", {{"phone", phone_.text()}}));
  if (waitlist_) text_wrapped(ui, ui.tr("register.waitlist_explained"));
  text_wrapped(ui, ui.tr("register.privacy", {{"days", std::to_string(ui.kiosk.config.privacy.retention_days)}}), true);
  draw_nav(ui, true, ui.tr("common.confirm"));
}

void RegisterScreen::draw_done(UiContext& ui, const AgendaItem& item, const std::string& what) {
  const LocalDateTime s = ui.kiosk.zone.to_local(item.start);
  Confirmation c;
  c.title = result_.outcome == RegisterOutcome::Waitlisted ? ui.tr("confirm.waitlisted")
                                                          : ui.tr("confirm.registered");
  c.what = what;
  c.code = result_.code;
  c.followup_url = result_.followup_url;
  c.ticket_line = item.title;
  c.ticket_when = ui.text.long_date(s.date) + " " + ui.text.time_of_day(s);
  if (ui.print_ticket)
    c.ticket = print::registration_ticket(ui.text, ui.kiosk.config, ui.kiosk.zone, item, result_.code,
                                          result_.followup_url, result_.outcome == RegisterOutcome::Waitlisted);
  draw_confirmation(ui, c, qr_);
}

void RegisterScreen::draw(UiContext& ui) {
  ui_ = &ui;
  const auto item = ui.kiosk.agenda_copy.item(occurrence_);
  if (!item) {
    text_wrapped(ui, ui.tr("activity.gone"));
    return;
  }
  const float em = ui.em();
  const float width = ImGui::GetContentRegionAvail().x;
  const LocalDateTime s = ui.kiosk.zone.to_local(item->start);
  const std::string what = item->title + " · " + ui.text.long_date(s.date) + " · " + ui.text.time_of_day(s);
  if (step_ != Step::Done) {
    text_wrapped(ui, (waitlist_ ? ui.tr("register.title_waitlist") : ui.tr("register.title")) + ": " + what, true);
    if (in_outage(ui)) {
      registration_outage_banner(ui, width);
      return;
    }
  }
  if (!problem_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
    ImGui::PushFont(ui.fonts.bold[ui.text_size]);
    ImGui::TextWrapped("%s", problem_.c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
  }
  switch (step_) {
    case Step::People: {
      heading(ui, ui.tr("register.how_many"));
      stepper(ui, people_, 1, 6);
      draw_nav(ui, true, ui.tr("common.next"));
      break;
    }
    case Step::Name: {
      heading(ui, ui.tr("register.name"));
      text_wrapped(ui, ui.tr("register.name_hint"), true);
      text_field(ui, name_, ui.tr("register.name_placeholder"), std::min(width, 40 * em));
      const bool ok = check_text(name_.text(), 60, false).ok();
      draw_nav(ui, ok, ui.tr("common.next"));
      if (on_screen_keyboard(ui, name_, KeyboardLayout::Letters, shift_) && ok) step_ = Step::Phone;
      break;
    }
    case Step::Phone: {
      heading(ui, ui.tr("register.phone"));
      text_wrapped(ui, ui.tr("register.phone_hint"), true);
      text_field(ui, phone_, ui.tr("register.phone_placeholder"), std::min(width, 24 * em));
      const bool ok = check_phone(phone_.text()).ok();
      draw_nav(ui, ok, phone_.text().empty() ? ui.tr("register.skip") : ui.tr("common.next"));
      if (on_screen_keyboard(ui, phone_, KeyboardLayout::Digits, shift_) && ok) step_ = Step::Summary;
      break;
    }
    case Step::Summary: draw_summary(ui, what); break;
    case Step::FilledUp: {
      heading(ui, ui.tr("register.filled_up"));
      text_wrapped(ui, ui.tr("register.filled_up_explained"));
      if (big_button(ui, ui.tr("activity.waitlist"), ImVec2(16 * em, 0), ButtonStyle::Primary)) {
        waitlist_ = true;
        confirm(ui);
      }
      ImGui::SameLine();
      if (big_button(ui, ui.tr("common.stop"), ImVec2(10 * em, 0))) ui.home();
      break;
    }
    case Step::Done: draw_done(ui, *item, what); break;
  }
}

std::string RegisterScreen::spoken_text(UiContext& ui) {
  switch (step_) {
    case Step::People: return ui.tr("register.how_many");
    case Step::Name: return ui.tr("register.name");
    case Step::Phone: return ui.tr("register.phone");
    case Step::Summary: return ui.tr("register.check");
    case Step::FilledUp: return ui.tr("register.filled_up_explained");
    case Step::Done: {
      // The code letter by letter ("K 7 M 3 Q X"), so the voice spells it rather than reading a word.
      std::string spelled;
      for (char ch : result_.code) spelled += std::string(spelled.empty() ? "" : " ") + ch;
      return ui.tr("confirm.registered") + ". " + ui.tr("confirm.code_is") + " " + spelled;
    }
  }
  return {};
}

}  // namespace bk::ui
