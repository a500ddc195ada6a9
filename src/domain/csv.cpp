#include "domain/csv.hpp"

namespace bk {

std::string csv_field(std::string_view value) {
  std::string s;
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) s = "'";
  s += value;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(std::initializer_list<std::string_view> fields) {
  std::string out;
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    out += csv_field(f);
  }
  return out;
}

}  // namespace bk
