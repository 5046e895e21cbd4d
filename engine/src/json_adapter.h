// The engine's one adapter to nlohmann/json: parses without letting an
// exception escape, and reads fields while collecting diagnostics.
#pragma once

#include <nlohmann/json.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "json_doc.h"
#include "sos/result.h"

namespace sos::detail {

using Json = nlohmann::json;

// Parses `text`; on failure returns "json.parse_error" with line and column.
Result<Json> parse_json(std::string_view text);

// The JSON type name used in messages: "string", "number", "object", ...
std::string json_type_name(const Json& value);

// Appends one reference token to a JSON Pointer, escaping '~' and '/'.
std::string pointer_join(std::string_view pointer, std::string_view token);
std::string pointer_join(std::string_view pointer, std::size_t index);

// Collects diagnostics while reading a document, over nlohmann values or a
// JsonDoc (json_doc.h) alike: one implementation, the same diagnostics.
class Reader {
 public:
  explicit Reader(std::string_view code_prefix) : prefix_(code_prefix) {}

  void error(std::string_view kind, std::string pointer, std::string message);
  void warning(std::string_view kind, std::string pointer, std::string message);
  bool has_errors() const { return errors_ > 0; }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

  // Reports fields of `object` outside `known` as "<prefix>.unknown_field".
  void check_fields(const Json& object, const std::string& pointer,
                    std::initializer_list<std::string_view> known);
  void check_fields(JsonRef object, const std::string& pointer,
                    std::initializer_list<std::string_view> known);
  // True when `value` is an object; reports a type error otherwise.
  bool expect_object(const Json& value, const std::string& pointer) { return expect(value, pointer, true); }
  bool expect_object(JsonRef value, const std::string& pointer) { return expect(value, pointer, true); }
  bool expect_array(const Json& value, const std::string& pointer) { return expect(value, pointer, false); }
  bool expect_array(JsonRef value, const std::string& pointer) { return expect(value, pointer, false); }

  // Optional typed fields: absent -> fallback; wrong type -> error + fallback.
  std::string get_string(const Json& object, const std::string& pointer, std::string_view key, bool required,
                         std::string fallback = {}) {
    return string_field(object, pointer, key, required, std::move(fallback));
  }
  std::string get_string(JsonRef object, const std::string& pointer, std::string_view key, bool required,
                         std::string fallback = {}) {
    return string_field(object, pointer, key, required, std::move(fallback));
  }
  bool get_bool(const Json& object, const std::string& pointer, std::string_view key, bool fallback) {
    return bool_field(object, pointer, key, fallback);
  }
  bool get_bool(JsonRef object, const std::string& pointer, std::string_view key, bool fallback) {
    return bool_field(object, pointer, key, fallback);
  }
  // Integers within [min, max]; out of range is "<prefix>.bad_value".
  long long get_int(const Json& object, const std::string& pointer, std::string_view key, long long fallback,
                    long long min, long long max) {
    return int_field(object, pointer, key, fallback, min, max);
  }
  long long get_int(JsonRef object, const std::string& pointer, std::string_view key, long long fallback,
                    long long min, long long max) {
    return int_field(object, pointer, key, fallback, min, max);
  }
  double get_number(const Json& object, const std::string& pointer, std::string_view key, bool required,
                    double fallback) {
    return number_field(object, pointer, key, required, fallback);
  }
  double get_number(JsonRef object, const std::string& pointer, std::string_view key, bool required,
                    double fallback) {
    return number_field(object, pointer, key, required, fallback);
  }

 private:
  template <typename V>
  bool expect(const V& value, const std::string& pointer, bool object);
  template <typename V>
  std::string string_field(const V& object, const std::string& pointer, std::string_view key, bool required,
                           std::string fallback);
  template <typename V>
  bool bool_field(const V& object, const std::string& pointer, std::string_view key, bool fallback);
  template <typename V>
  long long int_field(const V& object, const std::string& pointer, std::string_view key, long long fallback,
                      long long min, long long max);
  template <typename V>
  double number_field(const V& object, const std::string& pointer, std::string_view key, bool required,
                      double fallback);

  std::string prefix_;
  std::vector<Diagnostic> diagnostics_;
  int errors_ = 0;
};

}  // namespace sos::detail
