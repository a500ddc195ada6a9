#pragma once
#include "domain/text_entry.hpp"
#include "services/help_service.hpp"
#include "ui/ui.hpp"

namespace bk::ui {

// Hulp vragen: what kind of help → when → a short description (optional) → name and phone, or
// "Ik kom zelf terug" → one consent sentence → Bevestigen → code + QR. Never on a public list.
class HelpScreen final : public Screen {
 public:
  static constexpr ScreenId kId = ScreenId::Help;
  void draw(UiContext& ui) override;
  void forget() override;
  bool is_form() const override { return true; }
  std::string spoken_text(UiContext& ui) override;

  enum class Step { Kind, When, Description, Name, Phone, Consent, Done };

 private:
  void next() { step_ = static_cast<Step>(static_cast<int>(step_) + 1); }
  void nav(UiContext& ui, bool can_go_on, const std::string& label);
  // One step each, in the order a resident meets them.
  void draw_kind(UiContext& ui);
  void draw_when(UiContext& ui);
  void draw_description(UiContext& ui);
  void draw_name(UiContext& ui);
  void draw_phone(UiContext& ui);
  void draw_consent(UiContext& ui);
  void draw_done(UiContext& ui);
  Step step_ = Step::Kind;
  std::string category_, timing_;
  TextEntry description_{200, TextEntry::Kind::Text};
  TextEntry name_{60, TextEntry::Kind::Text};
  TextEntry phone_{20, TextEntry::Kind::Phone};
  bool comes_back_ = false;
  bool shift_ = true;
  std::string problem_;
  HelpCreated result_;
  QrImage qr_;
  UiContext* ui_ = nullptr;
};

}  // namespace bk::ui
