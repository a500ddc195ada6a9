#pragma once
#include "domain/text_entry.hpp"
#include "services/registration_service.hpp"
#include "ui/ui.hpp"

namespace bk::ui {

// Aanmelden: how many people → name → phone (optional) → summary → Bevestigen → confirmation
// with the QR code and the reference code. A form: idle forgets everything.
class RegisterScreen final : public Screen {
 public:
  static constexpr ScreenId kId = ScreenId::Register;
  void start(OccurrenceId occurrence, bool waitlist);
  void draw(UiContext& ui) override;
  void forget() override;
  bool is_form() const override { return true; }
  std::string spoken_text(UiContext& ui) override;

  enum class Step { People, Name, Phone, Summary, FilledUp, Done };
  Step step() const { return step_; }

 private:
  void confirm(UiContext& ui);
  void draw_nav(UiContext& ui, bool can_go_on, const std::string& next_label);
  void draw_summary(UiContext& ui, const std::string& what);
  void draw_done(UiContext& ui, const AgendaItem& item, const std::string& what);

  Step step_ = Step::People;
  OccurrenceId occurrence_ = 0;
  bool waitlist_ = false;
  int people_ = 1;
  TextEntry name_{60, TextEntry::Kind::Text};
  TextEntry phone_{20, TextEntry::Kind::Phone};
  bool shift_ = true;
  std::string problem_;
  RegisterResult result_;
  QrImage qr_;
  UiContext* ui_ = nullptr;  // for freeing the QR texture in forget()
};

}  // namespace bk::ui
