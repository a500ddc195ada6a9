#include "ui/screens/help_screen.hpp"

#include "domain/text.hpp"
#include "print/ticket_text.hpp"
#include "ui/outage_banner.hpp"
#include "ui/screens/confirmation.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

void HelpScreen::forget() {
  step_ = Step::Kind;
  category_.clear();
  timing_.clear();
  description_.clear();
  name_.clear();
  phone_.clear();
  comes_back_ = false;
  shift_ = true;
  problem_.clear();
  result_ = HelpCreated{};
  if (ui_ && qr_.texture) ui_->free_qr_image(qr_);
  qr_ = QrImage{};
}

void HelpScreen::nav(UiContext& ui, bool can_go_on, const std::string& label) {
  const float em = ui.em();
  ImGui::Dummy(ImVec2(0, 0.3f * em));
  if (big_button(ui, ui.tr("common.back"), ImVec2(10 * em, 0))) {
    if (step_ == Step::Kind) {
      ui.back();
      return;
    }
    step_ = static_cast<Step>(static_cast<int>(step_) - 1);
    if (step_ == Step::Phone && comes_back_) step_ = Step::Name;
    return;
  }
  ImGui::SameLine();
  if (!can_go_on) ImGui::BeginDisabled();
  const bool go = big_button(ui, label, ImVec2(14 * em, 0), ButtonStyle::Primary);
  if (!can_go_on) ImGui::EndDisabled();
  if (go && can_go_on) {
    if (step_ == Step::Consent) {
      HelpRequestInput in{category_, timing_, description_.text(), comes_back_, name_.text(), phone_.text()};
      // Kept on this kiosk when the server is out of reach (OfflineHelp); it throws only when the
      // kiosk has no file of its own to keep it in.
      if (!unless_unavailable(ui.kiosk.connection, [&] { result_ = ui.kiosk.offline_help.create(in); })) {
        problem_ = ui.tr("outage.help_failed");
      } else if (result_.outcome == HelpOutcome::Created) {
        qr_ = ui.make_qr_image(make_qr(result_.followup_url));
        step_ = Step::Done;
      } else {
        problem_ = ui.tr("register.invalid");
      }
    } else {
      next();
    }
  }
}

void HelpScreen::draw_kind(UiContext& ui) {
  const float em = ui.em();
  const float width = ImGui::GetContentRegionAvail().x;
  heading(ui, ui.tr("help.what"));
  const auto& cats = help_categories();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const int per_row = width > 50 * em ? 4 : 3;
  const float w = (width - (per_row - 1) * gap) / per_row;
  for (size_t i = 0; i < cats.size(); ++i) {
    if (i % per_row) ImGui::SameLine();
    if (big_button(ui, ui.tr("help.category." + cats[i]), ImVec2(w, 4.5f * em),
                   category_ == cats[i] ? ButtonStyle::Selected : ButtonStyle::Secondary)) {
      category_ = cats[i];
      next();
    }
  }
  nav(ui, !category_.empty(), ui.tr("common.next"));
}

void HelpScreen::draw_when(UiContext& ui) {
  const float em = ui.em();
  const float width = ImGui::GetContentRegionAvail().x;
  heading(ui, ui.tr("help.when"));
  for (const auto& t : help_timings()) {
    if (big_button(ui, ui.tr("help.timing." + t), ImVec2(std::min(width, 24 * em), 0),
                   timing_ == t ? ButtonStyle::Selected : ButtonStyle::Secondary)) {
      timing_ = t;
      next();
    }
  }
  nav(ui, !timing_.empty(), ui.tr("common.next"));
}

void HelpScreen::draw_description(UiContext& ui) {
  const float em = ui.em();
  const float width = ImGui::GetContentRegionAvail().x;
  heading(ui, ui.tr("help.describe"));
  text_wrapped(ui, ui.tr("help.describe_hint"), true);
  text_field(ui, description_, ui.tr("help.describe_placeholder"), std::min(width, 50 * em));
  nav(ui, true, description_.text().empty() ? ui.tr("register.skip") : ui.tr("common.next"));
  if (on_screen_keyboard(ui, description_, KeyboardLayout::Letters, shift_)) next();
}

void HelpScreen::draw_name(UiContext& ui) {
  const float em = ui.em();
  const float width = ImGui::GetContentRegionAvail().x;
  heading(ui, ui.tr("help.contact"));
  text_wrapped(ui, ui.tr("help.contact_hint"), true);
  if (big_button(ui, ui.tr("help.come_back"), ImVec2(std::min(width, 24 * em), 0))) {
    comes_back_ = true;
    name_.clear();
    phone_.clear();
    step_ = Step::Consent;
    return;
  }
  text_field(ui, name_, ui.tr("register.name_placeholder"), std::min(width, 40 * em));
  const bool ok = check_text(name_.text(), 60, false).ok();
  nav(ui, ok, ui.tr("common.next"));
  if (step_ == Step::Phone) comes_back_ = false;
  if (on_screen_keyboard(ui, name_, KeyboardLayout::Letters, shift_) && ok) {
    comes_back_ = false;
    step_ = Step::Phone;
  }
}

void HelpScreen::draw_phone(UiContext& ui) {
  const float em = ui.em();
  const float width = ImGui::GetContentRegionAvail().x;
  heading(ui, ui.tr("register.phone"));
  text_field(ui, phone_, ui.tr("register.phone_placeholder"), std::min(width, 24 * em));
  const bool ok = check_phone(phone_.text()).ok();
  nav(ui, ok, phone_.text().empty() ? ui.tr("register.skip") : ui.tr("common.next"));
  if (on_screen_keyboard(ui, phone_, KeyboardLayout::Digits, shift_) && ok) next();
}

void HelpScreen::draw_consent(UiContext& ui) {
  const float em = ui.em();
  heading(ui, ui.tr("register.check"));
  text_wrapped(ui, ui.tr("help.summary_kind", {{"kind", ui.tr("help.category." + category_)}}));
  text_wrapped(ui, ui.tr("help.timing." + timing_));
  if (!description_.text().empty()) text_wrapped(ui, "“" + description_.text() + "”");
  text_wrapped(ui, comes_back_ ? ui.tr("help.summary_come_back")
                               : ui.tr("register.summary_name", {{"name", name_.text()}}));
  if (!comes_back_ && !phone_.text().empty())
    text_wrapped(ui, ui.tr("register.summary_phone", {{"phone", phone_.text()}}));
  ImGui::Dummy(ImVec2(0, 0.3f * em));
  text_wrapped(ui, ui.tr("help.consent", {{"days", std::to_string(ui.kiosk.config.privacy.retention_days)}}));
  nav(ui, true, ui.tr("common.confirm"));
}

void HelpScreen::draw_done(UiContext& ui) {
  Confirmation c;
  c.title = ui.tr("help.done_title");
  c.what = ui.tr("help.category." + category_) + " · " + ui.tr("help.timing." + timing_);
  c.code = result_.code;
  c.followup_url = result_.followup_url;
  if (result_.kept_on_kiosk) c.note = ui.tr("outage.help_kept");
  c.ticket_line = ui.tr("help.category." + category_);
  c.ticket_when = ui.tr("help.timing." + timing_);
  if (ui.print_ticket)
    c.ticket = print::help_ticket(ui.text, ui.kiosk.config, category_, result_.code, result_.followup_url);
  draw_confirmation(ui, c, qr_);
}

void HelpScreen::draw(UiContext& ui) {
  ui_ = &ui;
  if (!problem_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->danger));
    text_wrapped(ui, problem_);
    ImGui::PopStyleColor();
  }
  switch (step_) {
    case Step::Kind: draw_kind(ui); break;
    case Step::When: draw_when(ui); break;
    case Step::Description: draw_description(ui); break;
    case Step::Name: draw_name(ui); break;
    case Step::Phone: draw_phone(ui); break;
    case Step::Consent: draw_consent(ui); break;
    case Step::Done: draw_done(ui); break;
  }
}

std::string HelpScreen::spoken_text(UiContext& ui) {
  switch (step_) {
    case Step::Kind: return ui.tr("help.what");
    case Step::When: return ui.tr("help.when");
    case Step::Description: return ui.tr("help.describe");
    case Step::Name: return ui.tr("help.contact");
    case Step::Phone: return ui.tr("register.phone");
    case Step::Consent: return ui.tr("help.consent", {{"days", std::to_string(ui.kiosk.config.privacy.retention_days)}});
    case Step::Done: return ui.tr("help.done_title") + ". " + ui.tr("confirm.code_is") + " " + result_.code;
  }
  return {};
}

}  // namespace bk::ui
