#pragma once
// Volunteer mode's parts, each a struct with its own state and draw(): the PIN pad, then the tabs
// (help queue, attendee lists with editing, a new activity, the status panel). Starting over is
// `part = {}`: nothing of one session survives into the next.
#include <optional>
#include <set>
#include <string>

#include "domain/text_entry.hpp"
#include "services/help_service.hpp"
#include "services/registration_service.hpp"
#include "services/volunteer_auth.hpp"
#include "ui/ui.hpp"
#include "ui/widgets.hpp"

namespace bk::ui::volunteer {

// The PIN pad (locked after 5 wrong PINs, also across restarts). draw returns the role once a PIN
// opened volunteer mode.
struct PinPad {
  TextEntry pin{8, TextEntry::Kind::Phone};
  std::string message;  // why the last PIN did not open

  std::optional<Role> draw(UiContext& ui);
};

// The help queue: claim with a name, notes, done.
struct HelpTab {
  TouchScroll scroll;
  std::string claim_code;  // the request being claimed
  TextEntry claimer{60, TextEntry::Kind::Text};
  std::string note_code;  // the request a note is being typed for
  TextEntry note{kHelpNoteMax, TextEntry::Kind::Text};
  std::string message;  // why the last claim, note or done was refused
  bool shift = true;

  void draw(UiContext& ui, Role role);

 private:
  bool draw_form(UiContext& ui, Role role);
  void draw_request(UiContext& ui, Role role, const HelpRequestView& v);
  void show_result(UiContext& ui, const HelpChangeResult& r);
};

// Changing one date or its series, cancelling the date, deleting the series (after a second tap).
struct DateEditor {
  enum class Confirm { None, CancelDate, DeleteSeries };
  bool editing = false;
  Confirm confirm = Confirm::None;
  int start_minutes = 0, capacity = 12;
  bool free_entry = false;
  std::string room;
  std::string message;
  std::string source;           // local | import | feed, read when the edit opens
  std::set<std::string> rooms;  // the rooms the agenda uses, read when the edit opens

  bool open() const { return editing || confirm != Confirm::None; }
  void start(UiContext& ui, const AgendaItem& item);
  // False when the date is gone (a deleted series without registrations).
  bool draw(UiContext& ui, Role role, const AgendaItem& item);

 private:
  bool draw_confirm(UiContext& ui, Role role, const AgendaItem& item);
  void draw_save_buttons(UiContext& ui, Role role, const AgendaItem& item, const LocalDateTime& start);
};

// This week's dates; for one date its attendees with check-in ticks, printing, editing.
struct AttendeesTab {
  TouchScroll scroll;
  OccurrenceId occurrence = 0;  // 0: the list of dates
  DateEditor edit;

  void draw(UiContext& ui, Role role);

 private:
  void draw_dates(UiContext& ui);
  void draw_actions(UiContext& ui, const AgendaItem& item);
  void draw_attendees(UiContext& ui, Role role, const AgendaItem& item,
                      const std::vector<RegistrationView>& rows);
};

// A new activity in three steps, so the keyboard has the screen to itself when there is typing:
// the title, an optional description, then everything else with pickers.
struct NewActivityTab {
  enum class Step { Title, Description, Details };
  TouchScroll scroll;
  Step step = Step::Title;
  TextEntry title{80, TextEntry::Kind::Text};
  TextEntry description{300, TextEntry::Kind::Text};
  int day_offset = 1, start_minutes = 14 * 60, duration_minutes = 90, capacity = 12, weeks = 1;
  bool free_entry = false;
  std::string room;
  std::string category;
  std::string message;          // saved, or why not
  std::set<std::string> rooms;  // the rooms the agenda uses, read when the details open
  bool shift = true;

  void draw(UiContext& ui, Role role);

 private:
  void draw_text_step(UiContext& ui);
  void draw_details(UiContext& ui, Role role);
  void draw_when(UiContext& ui, LocalDate day);
  void draw_where(UiContext& ui);
  void save(UiContext& ui, Role role, LocalDate day);
};

// Version, database size, printer, backup, feed, the restored-from-backup alert, Afsluiten.
struct StatusTab {
  void draw(UiContext& ui, Role role);
};

}  // namespace bk::ui::volunteer
