#pragma once
#include "domain/text_entry.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "ui/ui.hpp"

namespace bk::ui {

// Mijn aanmelding: type the reference code → the registration (and cancel it) or the status of a
// help request in plain words, never a volunteer's details.
class LookupScreen final : public Screen {
 public:
  static constexpr ScreenId kId = ScreenId::Lookup;
  void draw(UiContext& ui) override;
  void forget() override;
  bool is_form() const override { return true; }
  std::string spoken_text(UiContext& ui) override;

 private:
  void find(UiContext& ui);
  TextEntry code_{6, TextEntry::Kind::Code};
  bool shift_ = true;
  bool searched_ = false;
  bool confirm_cancel_ = false;
  bool cancelled_now_ = false;
  std::optional<RegistrationView> registration_;
  std::optional<HelpRequestView> help_;
  // The database server out of reach (#20): a help request kept on this kiosk, or nothing to say.
  bool kept_here_ = false;
  bool unavailable_ = false;
};

}  // namespace bk::ui
