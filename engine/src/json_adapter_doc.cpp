// This file offers the Reader's field accessors over a JsonDoc, with the
// same diagnostics as its accessors over nlohmann values.
#include <cmath>

#include "json_adapter.h"
#include "json_doc.h"

namespace sos::detail {

void Reader::check_fields(JsonRef object, const std::string& pointer,
                          std::initializer_list<std::string_view> known) {
  for (std::size_t i = 0; i < object.size(); ++i) {
    std::string_view key = object.key_at(i);
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) error("unknown_field", pointer_join(pointer, key), "unknown field \"" + std::string(key) + "\"");
  }
}

bool Reader::expect_object(JsonRef value, const std::string& pointer) {
  if (value.is_object()) return true;
  error("type_error", pointer, "must be an object, but is " + std::string(value.type_name()));
  return false;
}

bool Reader::expect_array(JsonRef value, const std::string& pointer) {
  if (value.is_array()) return true;
  error("type_error", pointer, "must be an array, but is " + std::string(value.type_name()));
  return false;
}

std::string Reader::get_string(JsonRef object, const std::string& pointer, std::string_view key, bool required,
                               std::string fallback) {
  JsonRef value = object.find(key);
  if (!value) {
    if (required) error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
    return fallback;
  }
  if (!value.is_string()) {
    error("type_error", pointer_join(pointer, key), "must be a string, but is " + std::string(value.type_name()));
    return fallback;
  }
  return std::string(value.string());
}

bool Reader::get_bool(JsonRef object, const std::string& pointer, std::string_view key, bool fallback) {
  JsonRef value = object.find(key);
  if (!value) return fallback;
  if (!value.is_boolean()) {
    error("type_error", pointer_join(pointer, key), "must be a boolean, but is " + std::string(value.type_name()));
    return fallback;
  }
  return value.boolean();
}

long long Reader::get_int(JsonRef object, const std::string& pointer, std::string_view key, long long fallback,
                          long long min, long long max) {
  JsonRef value = object.find(key);
  if (!value) return fallback;
  std::string where = pointer_join(pointer, key);
  if (!value.is_number() || std::floor(value.number()) != value.number()) {
    error("type_error", where, "must be an integer, but is " + std::string(value.type_name()));
    return fallback;
  }
  double number = value.number();
  if (number < static_cast<double>(min) || number > static_cast<double>(max)) {
    error("bad_value", where,
          "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", but is " + value.dump());
    return fallback;
  }
  return static_cast<long long>(number);
}

double Reader::get_number(JsonRef object, const std::string& pointer, std::string_view key, bool required,
                          double fallback) {
  JsonRef value = object.find(key);
  if (!value) {
    if (required) error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
    return fallback;
  }
  if (!value.is_number()) {
    error("type_error", pointer_join(pointer, key), "must be a number, but is " + std::string(value.type_name()));
    return fallback;
  }
  return value.number();
}

}  // namespace sos::detail
