#include "web/pages.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace bk::web {

std::string first_name(std::string_view full_name) {
  const auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  std::size_t b = 0;
  while (b < full_name.size() && is_space(full_name[b])) ++b;
  std::size_t e = b;
  while (e < full_name.size() && !is_space(full_name[e])) ++e;
  return std::string(full_name.substr(b, e - b));
}

std::string pick_language(std::string_view header, const std::vector<std::string>& supported) {
  std::string best = supported.empty() ? "nl" : supported.front();
  double best_q = 0.0;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    std::size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    pos = comma + 1;
    double q = 1.0;
    std::string_view tag = item;
    if (auto semi = item.find(';'); semi != std::string_view::npos) {
      tag = item.substr(0, semi);
      std::string_view params = item.substr(semi + 1);
      if (auto qp = params.find("q="); qp != std::string_view::npos) {
        const std::string qs(params.substr(qp + 2, 5));
        q = std::strtod(qs.c_str(), nullptr);
      }
    }
    std::string lang;
    for (char ch : tag) {
      if (ch == ' ' || ch == '\t') continue;
      if (ch == '-' || ch == '_') break;
      lang += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    // Ties keep the earlier entry: the header's own order decides among equal q-values.
    if (q > best_q && std::find(supported.begin(), supported.end(), lang) != supported.end()) {
      best = lang;
      best_q = q;
    }
    if (comma == header.size()) break;
  }
  return best;
}

namespace {

// Large text, high contrast, one column; sized in rem so the phone's own text size applies.
constexpr const char* kStyle =
    "html{-webkit-text-size-adjust:100%}"
    "body{margin:0;background:#fff;color:#111;font:1.375rem/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Noto Sans',sans-serif}"
    "main{max-width:36rem;margin:0 auto;padding:1.25rem}"
    "h1{font-size:2rem;line-height:1.2;margin:.5rem 0 1rem}"
    "h2{font-size:1.625rem;margin:1rem 0 .5rem}"
    "p{margin:.5rem 0}"
    ".status{font-weight:700;border-left:.4rem solid #1a5fb4;padding:.5rem .75rem;background:#eef4fb}"
    ".status.off{border-color:#a51d2d;background:#fbeeee}"
    ".centre{color:#333;font-size:1.125rem;margin-top:2rem}"
    ".button{display:block;box-sizing:border-box;width:100%;min-height:3.5rem;margin:1rem 0;"
    "padding:.75rem 1rem;border:0;border-radius:.5rem;font:inherit;font-weight:700;"
    "text-align:center;text-decoration:none;cursor:pointer}"
    ".danger{background:#a51d2d;color:#fff}"
    ".quiet{background:#e6e6e6;color:#111}"
    "a{color:#1a5fb4}"
    ":focus{outline:.2rem solid #111;outline-offset:.15rem}";

std::string document(const Catalog& c, std::string_view title, const std::string& body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"" + html_escape(c.language()) + "\">\n<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
      "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n"
      "<body>\n<main>\n<h1>" + html_escape(title) + "</h1>\n";
  out += body;
  out += "</main>\n</body>\n</html>\n";
  return out;
}

std::string para(const std::string& text, const char* cls = nullptr) {
  return std::string("<p") + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" +
         html_escape(text) + "</p>\n";
}

// "Vragen? Bel …: 072 000 00 00." with the number as a tel: link (one tap to call) that does not
// break across lines.
std::string contact_line(const Catalog& c, const Centre& centre) {
  if (centre.phone.empty()) return "<p class=\"centre\">" + html_escape(centre.name) + "</p>\n";
  const std::string marker = "\x01";  // cannot occur in a catalog string or the centre's name
  std::string line = html_escape(c.tr("web.contact", {{"centre", centre.name}, {"phone", marker}}));
  std::string dial, shown;
  for (char ch : centre.phone) {
    if ((ch >= '0' && ch <= '9') || (ch == '+' && dial.empty())) dial += ch;
    shown += ch == ' ' ? std::string("\u00a0") : std::string(1, ch);
  }
  const std::string link = "<a href=\"tel:" + dial + "\">" + html_escape(shown) + "</a>";
  if (auto at = line.find(marker); at != std::string::npos) line.replace(at, marker.size(), link);
  return "<p class=\"centre\">" + line + "</p>\n";
}

// The activity, its date and room: what both the status page and the confirm page show.
std::string occurrence_lines(const Catalog& c, const TimeZone& zone, const RegistrationView& v) {
  const AgendaItem& o = v.occurrence;
  std::string out = "<h2>" + html_escape(o.title) + "</h2>\n";
  const LocalDateTime start = zone.to_local(o.start);
  const std::string date = c.long_date(start.date);
  if (o.all_day) {
    out += para(c.tr("web.when_all_day", {{"date", date}}));
  } else {
    out += para(c.tr("web.when", {{"date", date},
                                  {"start", c.time_of_day(start)},
                                  {"end", c.time_of_day(zone.to_local(o.end))}}));
  }
  if (!o.location.empty()) out += para(c.tr("web.where", {{"room", o.location}}));
  out += para(c.tr("web.people", {{"n", std::to_string(v.people)}}));
  return out;
}

std::string token_path(const std::string& token, std::string_view rest) {
  return "/r/" + html_escape(token) + std::string(rest);
}

}  // namespace

std::string registration_page(const Catalog& c, const TimeZone& zone, const Centre& centre,
                              const RegistrationPage& p) {
  const RegistrationView& v = p.view;
  std::string body;
  if (const std::string name = first_name(v.name); !name.empty())
    body += para(c.tr("web.hello", {{"name", name}}));
  switch (v.status) {
    case RegistrationStatus::Registered: body += para(c.tr("web.registered"), "status"); break;
    case RegistrationStatus::Waitlisted:
      body += para(c.tr("web.waitlisted", {{"n", std::to_string(v.waitlist_position)}}), "status");
      break;
    case RegistrationStatus::Cancelled: body += para(c.tr("web.cancelled"), "status off"); break;
  }
  body += occurrence_lines(c, zone, v);
  // The date as an .ics file for the phone's own calendar (web/ics_routes.cpp), while it is on.
  if (v.status != RegistrationStatus::Cancelled && v.occurrence.status == OccurrenceStatus::Scheduled)
    body += "<a class=\"button quiet\" href=\"" + token_path(p.token, "/agenda.ics") + "\">" +
            html_escape(c.tr("web.add_to_calendar")) + "</a>\n";
  if (v.occurrence.status == OccurrenceStatus::Cancelled) {
    body += para(c.tr("web.activity_cancelled"), "status off");
  } else if (p.can_cancel) {
    body += "<a class=\"button danger\" href=\"" + token_path(p.token, "/afmelden") + "\">" +
            html_escape(c.tr("web.cancel")) + "</a>\n";
  } else if (v.status != RegistrationStatus::Cancelled) {
    body += para(c.tr("web.activity_started"));
  }
  body += contact_line(c, centre);
  return document(c, c.tr("web.registration_title"), body);
}

std::string cancel_confirm_page(const Catalog& c, const TimeZone& zone, const Centre& centre,
                                const RegistrationPage& p) {
  if (!p.can_cancel) return registration_page(c, zone, centre, p);
  std::string body = occurrence_lines(c, zone, p.view);
  body += para(c.tr("web.cancel_sure"), "status off");
  body += "<form method=\"post\" action=\"" + token_path(p.token, "/cancel") + "\">\n"
          "<button class=\"button danger\" type=\"submit\">" + html_escape(c.tr("web.cancel_yes")) +
          "</button>\n</form>\n";
  body += "<a class=\"button quiet\" href=\"" + token_path(p.token, "") + "\">" +
          html_escape(c.tr("web.cancel_no")) + "</a>\n";
  body += contact_line(c, centre);
  return document(c, c.tr("web.cancel_title"), body);
}

std::string help_page(const Catalog& c, const TimeZone& zone, const Centre& centre,
                      const HelpPublicView& v) {
  std::string body;
  const bool finished = v.status == HelpStatus::Done || v.status == HelpStatus::Cancelled;
  body += para(c.tr("web.help_status", {{"status", c.tr(v.status_key())}}),
               v.status == HelpStatus::Cancelled ? "status off" : "status");
  body += para(c.tr("web.help_kind", {{"kind", c.tr("help.category." + v.category)}}));
  body += para(c.tr("web.help_when", {{"timing", c.tr("help.timing." + v.timing)}}));
  body += para(c.tr("web.help_asked", {{"date", c.long_date(zone.local_date(v.created))}}));
  if (!finished) body += para(c.tr("web.help_explained"));
  body += contact_line(c, centre);
  return document(c, c.tr("web.help_title"), body);
}

std::string not_found_page(const Catalog& c, const Centre& centre) {
  return document(c, c.tr("web.not_found_title"), para(c.tr("web.not_found")) + contact_line(c, centre));
}

std::string message_page(const Catalog& c, std::string_view message_key) {
  return document(c, c.tr("web.error_title"), para(c.tr(message_key)));
}

}  // namespace bk::web
