#pragma once
#include <set>

#include "domain/text_entry.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "services/volunteer_auth.hpp"
#include "ui/ui.hpp"
#include "ui/widgets.hpp"

namespace bk::ui {

// Vrijwilliger: a PIN pad (locked after 5 wrong PINs, also across restarts), then the help
// queue (claim with a name, notes, done), attendee lists with check-in ticks, a new activity,
// and the status panel. `Uitloggen` is always visible; the session ends after
// volunteer_logout_seconds without a touch.
class VolunteerScreen final : public Screen {
 public:
  void draw(UiContext& ui) override;
  void on_show(UiContext& ui) override;
  void forget() override;

  enum class Tab { Help, Attendees, NewActivity, Status };

 private:
  void draw_pin(UiContext& ui);
  void draw_help(UiContext& ui);
  bool draw_help_form(UiContext& ui);
  void show_help_result(UiContext& ui, const HelpChangeResult& r);
  void draw_attendees(UiContext& ui);
  void draw_edit(UiContext& ui, const AgendaItem& item);
  void draw_new_activity(UiContext& ui);
  void draw_status(UiContext& ui);

  TextEntry pin_{8, TextEntry::Kind::Phone};
  std::optional<Role> role_;
  std::string pin_message_;
  Tab tab_ = Tab::Help;
  TouchScroll scroll_;
  // Help queue
  std::string claim_code_;
  TextEntry claimer_{60, TextEntry::Kind::Text};
  std::string note_code_;  // the request a note is being typed for
  TextEntry note_{kHelpNoteMax, TextEntry::Kind::Text};
  std::string help_message_;  // why the last claim, note or done was refused
  bool shift_ = true;
  // Attendees, and editing the chosen date or its series
  OccurrenceId attendee_occurrence_ = 0;
  bool editing_ = false;
  enum class Confirm { None, CancelDate, DeleteSeries } confirm_ = Confirm::None;
  int edit_start_minutes_ = 0, edit_capacity_ = 12;
  bool edit_free_entry_ = false;
  std::string edit_room_;
  std::string edit_message_;
  std::string edit_source_;  // local | import | feed, read when the edit opens
  // New activity: the title, an optional description, then pickers for the rest.
  enum class NewStep { Title, Description, Details } new_step_ = NewStep::Title;
  TextEntry title_{80, TextEntry::Kind::Text};
  TextEntry description_{300, TextEntry::Kind::Text};
  int day_offset_ = 1, start_minutes_ = 14 * 60, duration_minutes_ = 90, capacity_ = 12, weeks_ = 1;
  bool free_entry_ = false;
  std::string room_;
  std::string category_;
  std::string saved_message_;
  std::set<std::string> rooms_;  // the rooms the agenda uses, read when a room picker opens
};

}  // namespace bk::ui
