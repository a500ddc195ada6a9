#pragma once
// The back office's page frame and small HTML pieces, shared by every section's file. Pure
// functions: text in, HTML out; every argument that is text (not HTML) is escaped here.
#include <string>
#include <string_view>
#include <vector>

#include "web/backoffice.hpp"

namespace bk::web {

// A whole document: header with the centre's name, the navigation (only the sections the
// account may open, `section` marked current), the account's name and a logout button, then
// `title` as the page's <h1> and `body_html`. Inline CSS only, readable on a 360 px phone and a laptop; no scripts.
// section: "hulpvragen" | "agenda" | "deelnemers" | "cijfers" | "status".
std::string bo_page(const Visit& v, std::string_view title, std::string_view section,
                    const std::string& body_html);

// <form method=post action=…> with the CSRF field; close with "</form>".
std::string bo_form_open(const Visit& v, std::string_view action, bool multipart = false);

// A notice above the content: kind "ok" (green) or "error" (red, role=alert). Text is escaped.
std::string bo_notice(std::string_view kind, std::string_view text);

// Sets a 303 redirect to `path` with an optional one-line notice carried in the query
// (?ok=… / ?fout=…), shown by the next page with bo_notice_from_query.
void bo_redirect(Visit& v, const std::string& path, std::string_view ok = {}, std::string_view error = {});
std::string bo_notice_from_query(const Visit& v);

// A form field's value from a POST (application/x-www-form-urlencoded or multipart); "" when absent.
std::string bo_field(const Visit& v, const std::string& name);

// Replies 400 with one page naming what is wrong (escaped); nothing was written.
void bo_bad_input(Visit& v, std::string_view title, std::string_view problem);

}  // namespace bk::web
