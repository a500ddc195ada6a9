#include "ui/screens/agenda_screen.hpp"

#include <algorithm>

#include "ui/outage_banner.hpp"

namespace bk::ui {

void AgendaScreen::on_show(UiContext& ui) {
  reload(ui);
  scroll_to_top_ = true;
}

void AgendaScreen::reload(UiContext& ui) {
  const LocalDate today = ui.local_now.date;
  const LocalDate until = add_days(today, ui.kiosk.config.kiosk.agenda_days);
  // In an outage: the last good copy (AgendaCopy), without asking the server.
  const auto all = ui.kiosk.agenda_copy.between(today, until);
  complete_ = ui.kiosk.agenda_copy.covers(today, until);
  items_.clear();
  starts_.clear();
  ends_.clear();
  std::set<std::string> cats;
  for (const auto& i : all) {
    if (i.end <= ui.now && !(i.all_day && ui.kiosk.zone.local_date(i.start) == today)) continue;
    if (!i.category.empty()) cats.insert(i.category);
    items_.push_back(i);
    starts_.push_back(ui.kiosk.zone.to_local(i.start));
    ends_.push_back(ui.kiosk.zone.to_local(i.end));
  }
  categories_.assign(cats.begin(), cats.end());
  if (!category_.empty() && !cats.count(category_)) category_.clear();
  if (ui.kiosk.config.kiosk.show_figures && !in_outage(ui))  // in an outage: last month's figures stay
    unless_unavailable(ui.kiosk.connection, [&] { figures_ = month_totals(ui.kiosk.store, ui.kiosk.zone, today); });
  loaded_day_ = today;
  loaded_minute_ = ui.now / 60;
  loaded_in_outage_ = in_outage(ui);
  ui.data_changed = false;
}

namespace {

std::size_t category_index(const std::string& c) {
  // The same category always gets the same colour, without a table to keep up to date.
  std::size_t h = 0;
  for (char ch : c) h = h * 31 + static_cast<unsigned char>(ch);
  return c.empty() ? 5 : h % 5;
}

}  // namespace

void AgendaScreen::draw_card(UiContext& ui, const AgendaItem& item, const LocalDateTime& s,
                            const LocalDateTime& e, float width) {
  const Theme& t = *ui.theme;
  const float em = ui.em();
  const float h = 4.6f * em;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  if (!ImGui::IsRectVisible(p, ImVec2(p.x + width, p.y + h))) {
    ImGui::Dummy(ImVec2(width, h));  // scrolled out of sight: only its place in the list
    return;
  }
  ImGui::PushID(static_cast<int>(item.occurrence_id));
  if (ImGui::InvisibleButton("card", ImVec2(width, h))) {
    ui.selected_occurrence = item.occurrence_id;
    ui.go(ScreenId::Activity);
  }
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), colour(t.surface, held ? 0.7f : 1.f), 0.3f * em);
  dl->AddRectFilled(p, ImVec2(p.x + 0.5f * em, p.y + h), colour(t.category[category_index(item.category)]),
                    0.3f * em, ImDrawFlags_RoundCornersLeft);
  const std::string when = item.all_day ? ui.tr("agenda.all_day")
                                        : ui.text.time_of_day(s) + " – " + ui.text.time_of_day(e);
  ImFont* bold = ui.fonts.bold[ui.text_size];
  ImFont* body = ui.fonts.body[ui.text_size];
  ImFont* head = ui.fonts.heading[ui.text_size];
  const float x = p.x + 1.2f * em;
  // Badge on the right: places, full, free entry, or cancelled.
  std::string badge;
  Rgb badge_bg = t.free, badge_fg = t.free_text;
  if (item.status == OccurrenceStatus::Cancelled) {
    badge = ui.tr("agenda.cancelled");
    badge_bg = t.danger, badge_fg = t.danger_text;
  } else if (!item.capacity) {
    badge = ui.tr("agenda.free_entry");
  } else if (item.places_left() == 0) {
    badge = ui.tr("agenda.full");
    badge_bg = t.full, badge_fg = t.full_text;
  } else {
    badge = *item.places_left() == 1 ? ui.tr("agenda.one_place_left")
                                     : ui.tr("agenda.places_left", {{"n", std::to_string(*item.places_left())}});
  }
  const float bw = text_width(bold, badge) + 1.2f * em;
  const ImVec2 b0(p.x + width - bw - 0.8f * em, p.y + (h - 1.8f * em) / 2);
  dl->AddRectFilled(b0, ImVec2(b0.x + bw, b0.y + 1.8f * em), colour(badge_bg), 0.9f * em);
  dl->AddText(bold, bold->FontSize, ImVec2(b0.x + 0.6f * em, b0.y + (1.8f * em - bold->FontSize) / 2),
              colour(badge_fg), badge.c_str());
  const float text_right = b0.x - 0.6f * em;
  dl->PushClipRect(p, ImVec2(text_right, p.y + h), true);
  dl->AddText(bold, bold->FontSize, ImVec2(x, p.y + 0.35f * em), colour(t.surface_text), when.c_str());
  dl->AddText(head, head->FontSize, ImVec2(x, p.y + 0.35f * em + bold->FontSize * 1.1f),
              colour(t.surface_text), item.title.c_str());
  if (!item.location.empty())
    dl->AddText(body, body->FontSize,
                ImVec2(x + text_width(bold, when) + 1.0f * em, p.y + 0.35f * em),
                colour(t.muted_text), item.location.c_str());
  dl->PopClipRect();
}

void AgendaScreen::draw(UiContext& ui) {
  if (ui.data_changed || loaded_day_ != ui.local_now.date || loaded_minute_ != ui.now / 60 ||
      loaded_in_outage_ != in_outage(ui))
    reload(ui);
  const float em = ui.em();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side_w = std::max(12 * em, avail.x * 0.28f);
  draw_list(ui, avail.x - side_w - em);
  // The side: help, my registration, languages, and the volunteer's door.
  ImGui::SameLine(0, em);
  draw_side(ui, side_w, avail.y);
}

// The heading, the category filter and the scrolling list of dates, grouped by day.
void AgendaScreen::draw_list(UiContext& ui, float list_w) {
  const float em = ui.em();
  ImGui::BeginGroup();
  heading(ui, ui.tr("agenda.title"));
  registration_outage_banner(ui, list_w);
  // Category filter: only the categories that are on.
  if (categories_.size() > 1) {
    if (big_button(ui, ui.tr("agenda.all"), ImVec2(0, 2.4f * em),
                   category_.empty() ? ButtonStyle::Selected : ButtonStyle::Secondary))
      category_.clear(), scroll_to_top_ = true;
    for (const auto& c : categories_) {
      ImGui::SameLine();
      const std::string label = ui.text.has(ui.text.language(), "category." + c) ? ui.tr("category." + c) : c;
      if (ImGui::GetContentRegionAvail().x < text_width(ui.fonts.bold[ui.text_size], label) + 2 * em) ImGui::NewLine();
      if (big_button(ui, label, ImVec2(0, 2.4f * em), category_ == c ? ButtonStyle::Selected : ButtonStyle::Secondary))
        category_ = c, scroll_to_top_ = true;
    }
  }
  const float list_h = ImGui::GetContentRegionAvail().y;
  begin_touch_scroll(ui, "agenda_list", ImVec2(list_w, list_h), scroll_);
  if (scroll_to_top_) {
    ImGui::SetScrollY(0);
    scroll_to_top_ = false;
  }
  LocalDate day{};
  bool any = false;
  for (std::size_t n = 0; n < items_.size(); ++n) {
    const AgendaItem& item = items_[n];
    if (!category_.empty() && item.category != category_) continue;
    const LocalDate d = starts_[n].date;
    if (!any || d != day) {
      day = d;
      const LocalDate today = ui.local_now.date;
      const std::string label = d == today ? ui.tr("agenda.today")
                                : d == add_days(today, 1) ? ui.tr("agenda.tomorrow")
                                                          : ui.text.long_date(d);
      if (any) ImGui::Dummy(ImVec2(0, 0.3f * em));
      ImGui::PushFont(ui.fonts.heading[ui.text_size]);
      ImGui::TextUnformatted(label.c_str());
      ImGui::PopFont();
    }
    any = true;
    draw_card(ui, item, starts_[n], ends_[n], list_w - 0.2f * em);
  }
  // Dates the kiosk never loaded before the server went: nothing to show, and the reason.
  if (in_outage(ui) && !complete_) text_wrapped(ui, ui.tr("outage.agenda_missing"), true);
  else if (!any) text_wrapped(ui, ui.tr("agenda.empty"), true);
  ImGui::Dummy(ImVec2(0, 2.5f * em));  // room for the "meer" hint under the last card
  end_touch_scroll(ui, scroll_);
  ImGui::EndGroup();
}

void AgendaScreen::draw_side(UiContext& ui, float side_w, float avail_h) {
  const float em = ui.em();
  ImGui::BeginGroup();
  const float tile_h = std::min(8.f * em, (avail_h - 12 * em) / 2);
  if (big_button(ui, ui.tr("home.help"), ImVec2(side_w, tile_h), ButtonStyle::Primary)) ui.go(ScreenId::Help);
  if (big_button(ui, ui.tr("home.lookup"), ImVec2(side_w, tile_h), ButtonStyle::Primary)) ui.go(ScreenId::Lookup);
  ImGui::Dummy(ImVec2(0, 0.5f * em));
  const float lang_w = (side_w - ImGui::GetStyle().ItemSpacing.x) / 2;
  int n = 0;
  for (const Language& l : supported_languages()) {
    if (n++ % 2) ImGui::SameLine();
    if (big_button(ui, l.own_name, ImVec2(lang_w, 2.6f * em),
                   ui.text.language() == l.code ? ButtonStyle::Selected : ButtonStyle::Secondary))
      ui.text.set_language(l.code);
  }
  // Small, bottom corner: not for residents, but findable by volunteers.
  const float small_h = 2.2f * em;
  const float y = ImGui::GetWindowHeight() - small_h - ImGui::GetStyle().WindowPadding.y;
  // "Wat we samen deden": the neighbourhood at work this month, when there is room for it.
  if (figures_ && ImGui::GetCursorPosY() + 5.5f * em < y) draw_figures(ui, side_w);
  if (ImGui::GetCursorPosY() < y) ImGui::SetCursorPosY(y);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + side_w - text_width(ui.fonts.bold[ui.text_size], ui.tr("home.volunteer")) - 1.5f * em);
  ImGui::PushFont(ui.fonts.body[ui.text_size]);
  if (big_button(ui, ui.tr("home.volunteer"), ImVec2(0, small_h))) ui.go(ScreenId::Volunteer);
  ImGui::PopFont();
  ImGui::EndGroup();
}

// This month's figures in a small panel, already anonymous (month_totals).
void AgendaScreen::draw_figures(UiContext& ui, float side_w) {
  const float em = ui.em();
  ImGui::Dummy(ImVec2(0, 0.3f * em));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + side_w, p.y + 4.8f * em), colour(ui.theme->surface), 0.3f * em);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 0.6f * em, p.y + 0.4f * em));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side_w - 1.2f * em);
  ImGui::PushStyleColor(ImGuiCol_Text, colour4(ui.theme->surface_text));
  ImGui::PushFont(ui.fonts.bold[ui.text_size]);
  ImGui::TextUnformatted(ui.tr("figures.title").c_str());
  ImGui::PopFont();
  const std::string line = ui.tr("figures.line", {{"dates", std::to_string(figures_->dates_held)},
                                                  {"people", figures_->people.text()},
                                                  {"help", figures_->help_requests.text()}});
  ImGui::SetCursorScreenPos(ImVec2(p.x + 0.6f * em, ImGui::GetCursorScreenPos().y));
  ImGui::TextWrapped("%s", line.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
}

std::string AgendaScreen::spoken_text(UiContext& ui) {
  std::string s = ui.tr("agenda.title") + ". ";
  for (std::size_t n = 0; n < items_.size() && n < 5; ++n)
    s += ui.text.time_of_day(starts_[n]) + ", " + items_[n].title + ". ";
  return s;
}

}  // namespace bk::ui
