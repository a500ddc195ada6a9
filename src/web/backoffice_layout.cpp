// The back office's page frame and form pieces (backoffice_layout.hpp), and the pages shown
// before a login (backoffice_internal.hpp). Words are Dutch, the team's language, and match the
// kiosk's volunteer mode (UX.md): Inloggen, Uitloggen, Hulpvragen, Agenda, Deelnemers, Cijfers, Status.
#include <httplib.h>

#include <array>

#include "domain/text.hpp"
#include "web/backoffice_internal.hpp"
#include "web/backoffice_layout.hpp"
#include "web/pages.hpp"

namespace bk::web {

namespace {

// Large text, high contrast; one column on a phone, two (.cols) from 60rem. Sizes in rem so the
// browser's own text size applies. Buttons at least 3rem high: easy to hit on a phone.
constexpr const char* kStyle =
    "html{-webkit-text-size-adjust:100%}*{box-sizing:border-box}"
    "body{margin:0;background:#fff;color:#111;font:1.25rem/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Noto Sans',sans-serif}"
    "header{background:#1a3a5f;color:#fff;padding:.5rem 1rem}"
    "header .top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}"
    "header .centre{font-weight:700;font-size:1.25rem}"
    "header form{display:inline;margin:0}header .who{font-size:1rem}"
    "nav{display:flex;flex-wrap:wrap;gap:.25rem .5rem;margin-top:.5rem}"
    "nav a{color:#fff;padding:.5rem .75rem;border-radius:.4rem;text-decoration:none;font-weight:600}"
    "nav a[aria-current]{background:#fff;color:#1a3a5f}"
    "main{max-width:80rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.4rem;margin:1rem 0 .5rem}"
    "a{color:#0b4f9c}"
    "button,.button{font:inherit;font-weight:600;min-height:3rem;padding:.5rem 1.25rem;border-radius:.5rem;"
    "border:2px solid #1a3a5f;background:#1a3a5f;color:#fff;cursor:pointer}"
    "button.quiet{background:#fff;color:#1a3a5f}header button{min-height:2.5rem;border-color:#fff}"
    "input,select,textarea{font:inherit;width:100%;max-width:30rem;padding:.5rem;border:2px solid #555;"
    "border-radius:.4rem;margin:.25rem 0 .75rem}textarea{min-height:5rem}"
    "label{display:block;font-weight:600}"
    ".notice{padding:.75rem 1rem;border-radius:.4rem;margin:0 0 1rem;font-weight:600}"
    ".notice.ok{background:#e3f4e6;border-left:.4rem solid #1e7b34}"
    ".notice.error{background:#fbe9e9;border-left:.4rem solid #b3261e}"
    ".card{border:2px solid #ccd;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .75rem}"
    ".card a{font-weight:700}.muted{color:#444}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}"
    ".cols>section{min-width:0}"
    // Tables (agenda, attendees, figures) scroll sideways on a phone instead of squeezing.
    ".table{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:0 0 1rem}"
    "th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #ccd;vertical-align:top}"
    "th.num,td.num{text-align:right}tr.cancelled td{color:#555;text-decoration:line-through}"
    "td form{margin:0}a.danger{color:#b3261e;font-weight:700}button.danger{background:#b3261e;border-color:#b3261e}"
    "button.on{background:#1e7b34;border-color:#1e7b34}figure.chart{margin:0 0 1rem}"
    "figure.chart svg{max-width:100%;height:auto}"
    "@media(min-width:60rem){.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}"
    ".cols.three{grid-template-columns:1fr 1fr 1fr}}";

struct Section {
  const char* id;
  const char* label;
  const char* path;
  BackofficeRight right;
};
constexpr std::array<Section, 5> kSections{{
    {"hulpvragen", "Hulpvragen", "/beheer/hulpvragen", BackofficeRight::HelpQueue},
    {"agenda", "Agenda", "/beheer/agenda", BackofficeRight::Agenda},
    {"deelnemers", "Deelnemers", "/beheer/deelnemers", BackofficeRight::Attendees},
    {"cijfers", "Cijfers", "/beheer/cijfers", BackofficeRight::Report},
    {"status", "Status", "/beheer/status", BackofficeRight::Status},
}};

std::string document(std::string_view title, const std::string& centre, const std::string& header_html,
                     const std::string& body_html) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<meta name=\"robots\" content=\"noindex\">";
  h += "<title>" + html_escape(title) + " — " + html_escape(centre) + "</title>";
  h += "<style>" + std::string(kStyle) + "</style></head><body>";
  h += header_html;
  h += "<main>" + body_html + "</main></body></html>\n";
  return h;
}

}  // namespace

std::string bo_page(const Visit& v, std::string_view title, std::string_view section,
                    const std::string& body_html) {
  const std::string& centre = v.settings.config.centre.name;
  std::string header = "<header><div class=\"top\"><span class=\"centre\">" + html_escape(centre) +
                       " · beheer</span><span class=\"who\">" + html_escape(v.account.name) + " ";
  header += bo_form_open(v, "/beheer/logout") + "<button type=\"submit\">Uitloggen</button></form></span></div>";
  header += "<nav aria-label=\"Onderdelen\">";
  for (const Section& s : kSections) {
    if (!may(v.account.role, s.right)) continue;
    header += "<a href=\"" + std::string(s.path) + "\"" + (section == s.id ? " aria-current=\"page\"" : "") +
              ">" + s.label + "</a>";
  }
  header += "</nav></header>";
  return document(title, centre, header, "<h1>" + html_escape(title) + "</h1>" + body_html);
}

std::string bo_plain_page(const std::string& centre_name, std::string_view title, const std::string& body_html) {
  const std::string header = "<header><div class=\"top\"><span class=\"centre\">" + html_escape(centre_name) +
                             " · beheer</span></div></header>";
  return document(title, centre_name, header, body_html);
}

std::string bo_login_page(const std::string& centre_name, const std::string& notice_html, const std::string& name,
                          const std::string& next) {
  std::string b = "<h1>Inloggen</h1>" + notice_html;
  b += "<form method=\"post\" action=\"/beheer/login\">";
  if (!next.empty()) b += "<input type=\"hidden\" name=\"naar\" value=\"" + html_escape(next) + "\">";
  b += "<label for=\"naam\">Naam</label><input id=\"naam\" name=\"naam\" autocomplete=\"username\" required "
       "maxlength=\"60\" value=\"" + html_escape(name) + "\">";
  b += "<label for=\"wachtwoord\">Wachtwoord</label><input id=\"wachtwoord\" name=\"wachtwoord\" "
       "type=\"password\" autocomplete=\"current-password\" required maxlength=\"200\">";
  b += "<p><button type=\"submit\">Inloggen</button></p></form>";
  return bo_plain_page(centre_name, "Inloggen", b);
}

std::string bo_form_open(const Visit& v, std::string_view action, bool multipart) {
  return "<form method=\"post\" action=\"" + html_escape(action) + "\"" +
         (multipart ? " enctype=\"multipart/form-data\"" : "") +
         "><input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(v.csrf) + "\">";
}

std::string bo_notice(std::string_view kind, std::string_view text) {
  const bool error = kind == "error";
  return std::string("<p class=\"notice ") + (error ? "error\" role=\"alert\">" : "ok\" role=\"status\">") +
         html_escape(text) + "</p>";
}

std::string bo_url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == '/') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

void bo_redirect(Visit& v, const std::string& path, std::string_view ok, std::string_view error) {
  std::string target = path;
  const char* sep = path.find('?') == std::string::npos ? "?" : "&";
  if (!ok.empty()) target += sep + std::string("ok=") + bo_url_encode(ok);
  else if (!error.empty()) target += sep + std::string("fout=") + bo_url_encode(error);
  v.res.status = 303;  // See Other: a reload shows the page, it does not post again
  v.res.set_header("Location", target);
}

std::string bo_notice_from_query(const Visit& v) {
  // Only short, valid text: the query is typed by whoever made the link, so it is shown escaped,
  // on one line, and never long enough to pass for a page of its own.
  for (const auto& [key, kind] : {std::pair{"ok", "ok"}, std::pair{"fout", "error"}}) {
    if (!v.req.has_param(key)) continue;
    const CheckedText t = check_text(v.req.get_param_value(key), 200, false);
    if (t.ok()) return bo_notice(kind, t.value);
  }
  return {};
}

std::string bo_field(const Visit& v, const std::string& name) {
  if (v.req.is_multipart_form_data()) return v.req.has_file(name) ? v.req.get_file_value(name).content : "";
  return v.req.get_param_value(name);
}

void bo_bad_input(Visit& v, std::string_view title, std::string_view problem) {
  // Back to the page the form was on: a POST goes to …/CODE/action, its page is …/CODE.
  std::string back = v.req.path;
  if (v.req.method == "POST" && back.rfind('/') > std::string("/beheer").size()) back.resize(back.rfind('/'));
  std::string body = bo_notice("error", problem);
  body += "<p>Er is niets opgeslagen. <a href=\"" + html_escape(bo_safe_next(back).empty() ? "/beheer/" : back) +
          "\">Terug</a></p>";
  v.res.status = 400;
  v.res.set_content(bo_page(v, title, "", body), "text/html; charset=utf-8");
}

void bo_not_found(Visit& v) {
  v.res.status = 404;
  v.res.set_content(bo_page(v, "Niet gevonden", "",
                            "<p>Deze pagina of hulpvraag bestaat niet, of is niet voor u.</p>"
                            "<p><a href=\"/beheer/hulpvragen\">Naar de hulpvragen</a></p>"),
                    "text/html; charset=utf-8");
}

std::string bo_safe_next(std::string_view path) {
  if (!path.starts_with("/beheer/") || path.size() > 200 || path.find("//") != std::string_view::npos ||
      path.find("/..") != std::string_view::npos)
    return {};
  for (char ch : path)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '/' && ch != '-' && ch != '_' && ch != '.') return {};
  return std::string(path);
}

}  // namespace bk::web
