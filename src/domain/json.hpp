#pragma once
// A small JSON writer for the CLI's --json output: enough for flat objects and arrays, with correct
// string escaping (quotes, backslash, control characters; UTF-8 passes through).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bk::json {

std::string escape(std::string_view s);  // with the surrounding quotes

// Builds one object: json::Object().add("a", 1).add("b", "x").str() == {"a": 1, "b": "x"}
class Object {
 public:
  Object& add(std::string_view key, std::string_view v);
  Object& add(std::string_view key, const char* v) { return add(key, std::string_view(v)); }
  Object& add(std::string_view key, const std::string& v) { return add(key, std::string_view(v)); }
  Object& add(std::string_view key, std::int64_t v);
  Object& add(std::string_view key, int v) { return add(key, static_cast<std::int64_t>(v)); }
  Object& add(std::string_view key, double v);
  Object& add(std::string_view key, bool v);
  Object& add_null(std::string_view key);
  template <typename T>
  Object& add(std::string_view key, const std::optional<T>& v) {
    return v ? add(key, *v) : add_null(key);
  }
  Object& add_raw(std::string_view key, std::string_view json);  // an already-built value
  std::string str() const { return body_ + "}"; }

 private:
  void key(std::string_view k);
  std::string body_ = "{";
};

// Joins already-built values into an array, one per line when pretty.
template <typename Range>
std::string array(const Range& items) {
  std::string out = "[";
  bool first = true;
  for (const auto& item : items) {
    out += first ? "\n  " : ",\n  ";
    out += item;
    first = false;
  }
  out += first ? "]" : "\n]";
  return out;
}

}  // namespace bk::json
