#include "domain/json.hpp"

#include <cmath>
#include <cstdio>

namespace bk::json {

std::string escape(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

void Object::key(std::string_view k) {
  if (body_.size() > 1) body_ += ", ";
  body_ += escape(k);
  body_ += ": ";
}

Object& Object::add(std::string_view k, std::string_view v) {
  key(k);
  body_ += escape(v);
  return *this;
}
Object& Object::add(std::string_view k, std::int64_t v) {
  key(k);
  body_ += std::to_string(v);
  return *this;
}
Object& Object::add(std::string_view k, double v) {
  key(k);
  if (!std::isfinite(v)) {
    body_ += "null";
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    body_ += buf;
  }
  return *this;
}
Object& Object::add(std::string_view k, bool v) {
  key(k);
  body_ += v ? "true" : "false";
  return *this;
}
Object& Object::add_null(std::string_view k) {
  key(k);
  body_ += "null";
  return *this;
}
Object& Object::add_raw(std::string_view k, std::string_view json) {
  key(k);
  body_ += json;
  return *this;
}

}  // namespace bk::json
