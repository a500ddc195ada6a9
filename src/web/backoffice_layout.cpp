// TEMPORARY (branch bopages): a minimal page frame so the agenda, attendee, report and status
// pages can be built and tested before branch bocore's layout lands. Drop this file for bocore's
// backoffice_layout.cpp at merge.
#include "web/backoffice_layout.hpp"

#include <httplib.h>

#include "web/pages.hpp"

namespace bk::web {
namespace {

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string bo_page(const Visit& v, std::string_view title, std::string_view section, const std::string& body_html) {
  std::string nav;
  const std::pair<const char*, BackofficeRight> tabs[] = {
      {"hulpvragen", BackofficeRight::HelpQueue}, {"agenda", BackofficeRight::Agenda},
      {"deelnemers", BackofficeRight::Attendees}, {"cijfers", BackofficeRight::Report},
      {"status", BackofficeRight::Status}};
  for (const auto& [name, right] : tabs)
    if (may(v.account.role, right))
      nav += std::string("<a href=\"/beheer/") + name + "\"" + (section == name ? " aria-current=page" : "") + ">" +
             name + "</a> ";
  return "<!doctype html><html lang=nl><head><meta charset=utf-8>"
         "<meta name=viewport content=\"width=device-width,initial-scale=1\"><title>" +
         html_escape(title) + "</title></head><body><nav>" + nav + "<span>" + html_escape(v.account.name) +
         "</span></nav><main><h1>" + html_escape(title) + "</h1>" + body_html + "</main></body></html>";
}

std::string bo_form_open(const Visit& v, std::string_view action, bool multipart) {
  return "<form method=post action=\"" + html_escape(action) + "\"" +
         (multipart ? " enctype=\"multipart/form-data\"" : "") + "><input type=hidden name=csrf value=\"" +
         html_escape(v.csrf) + "\">";
}

std::string bo_notice(std::string_view kind, std::string_view text) {
  const bool error = kind == "error";
  return std::string("<p class=\"notice ") + (error ? "error\" role=alert>" : "ok\">") + html_escape(text) + "</p>";
}

void bo_redirect(Visit& v, const std::string& path, std::string_view ok, std::string_view error) {
  std::string to = path;
  const char* sep = path.find('?') == std::string::npos ? "?" : "&";
  if (!ok.empty()) to += sep + std::string("ok=") + url_encode(ok);
  else if (!error.empty()) to += sep + std::string("fout=") + url_encode(error);
  v.res.status = 303;
  v.res.set_header("Location", to);
}

std::string bo_notice_from_query(const Visit& v) {
  if (v.req.has_param("fout")) return bo_notice("error", v.req.get_param_value("fout"));
  if (v.req.has_param("ok")) return bo_notice("ok", v.req.get_param_value("ok"));
  return {};
}

std::string bo_field(const Visit& v, const std::string& name) {
  if (v.req.has_param(name)) return v.req.get_param_value(name);
  if (v.req.has_file(name)) return v.req.get_file_value(name).content;
  return {};
}

void bo_bad_input(Visit& v, std::string_view title, std::string_view problem) {
  v.res.status = 400;
  v.res.set_content(bo_page(v, title, "", bo_notice("error", problem)), "text/html; charset=utf-8");
}

}  // namespace bk::web
