#include "services/status_panel.hpp"
#include "ui/screens/volunteer/tabs.hpp"
#include "ui/screens/volunteer/widgets.hpp"

namespace bk::ui::volunteer {

void StatusTab::draw(UiContext& ui, Role role) {
  const float em = ui.em();
  const StatusPanel s = read_status(ui.kiosk.store);
  text_wrapped(ui, ui.tr("volunteer.version", {{"v", BUURTKIOSK_VERSION}}));
  text_wrapped(ui, ui.tr("volunteer.db_size", {{"mb", s.db_bytes ? std::to_string(*s.db_bytes / 1024) + " kB" : "?"}}));
  std::string printer = ui.tr("volunteer.unknown");
  if (s.printer) {
    const LocalDateTime at = ui.kiosk.zone.to_local(s.printer->at);
    printer = (s.printer->ok ? ui.tr("volunteer.print_ok")
                             : ui.tr("volunteer.print_failed", {{"reason", s.printer->reason}})) +
              " (" + ui.text.long_date(at.date) + " " + ui.text.time_of_day(at) + ")";
  }
  if (ui.kiosk.config.printer.kind == PrinterKind::None) printer = ui.tr("volunteer.no_printer");
  text_wrapped(ui, ui.tr("volunteer.printer", {{"status", printer}}));
  text_wrapped(ui, ui.tr("volunteer.backup",
                         {{"status", s.backup_last.empty() ? ui.tr("volunteer.unknown") : s.backup_last}}));
  if (!s.feed_status.empty()) text_wrapped(ui, ui.tr("volunteer.feed", {{"status", s.feed_status}}));
  if (!s.restored_alert.empty()) {
    error_text(ui, ui.tr("volunteer.restored", {{"detail", s.restored_alert}}));
    if (may(role, Permission::ChangeSettings) && big_button(ui, ui.tr("volunteer.clear_alert")))
      clear_restored_alert(ui.kiosk.store, role, ui.now);
  }
  if (may(role, Permission::CloseProgram) && ui.quit) {
    ImGui::Dummy(ImVec2(0, em));
    if (big_button(ui, ui.tr("volunteer.quit"), ImVec2(0, 0), ButtonStyle::Danger)) ui.quit();
  }
}

}  // namespace bk::ui::volunteer
