// This file offers parse_json and the diagnostic-collecting Reader, whose
// field checks are written once over both kinds of JSON value.
#include "json_adapter.h"

#include <cmath>

#include "json_write.h"

namespace sos::detail {

Result<Json> parse_json(std::string_view text) {
#if !__cpp_exceptions
  // A build without exceptions (the respondent's WebAssembly module, which
  // reads all its JSON with the one-pass reader) gets nlohmann's own check
  // without the place of the fault.
  Json value = Json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) return Error{"json.parse_error", "", "not valid JSON"};
  return value;
#else
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    std::size_t offset = e.byte == 0 ? 0 : e.byte - 1;
    if (offset > text.size()) offset = text.size();
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string reason = valid_utf8(e.what());
    // Keep nlohmann's reason but drop its own "[json.exception...] parse error at ...:" prefix.
    if (auto colon = reason.find(": "); colon != std::string::npos) reason = reason.substr(colon + 2);
    return Error{"json.parse_error", "",
                 "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + reason};
  } catch (const std::exception& e) {
    return Error{"json.parse_error", "", valid_utf8(e.what())};
  }
#endif
}

std::string json_type_name(const Json& value) {
  if (value.is_number()) return "number";
  return value.type_name();
}

std::string pointer_join(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string pointer_join(std::string_view pointer, std::size_t index) {
  return std::string(pointer) + '/' + std::to_string(index);
}

void Reader::error(std::string_view kind, std::string pointer, std::string message) {
  ++errors_;
  diagnostics_.push_back({Severity::error, {prefix_ + "." + std::string(kind), std::move(pointer), std::move(message)}});
}

void Reader::warning(std::string_view kind, std::string pointer, std::string message) {
  diagnostics_.push_back({Severity::warning, {prefix_ + "." + std::string(kind), std::move(pointer), std::move(message)}});
}

namespace {

// The few things the Reader asks of a value, for both kinds.
const Json* member(const Json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}
JsonRef member(JsonRef object, std::string_view key) { return object.find(key); }
const Json& deref(const Json* value) { return *value; }
JsonRef deref(JsonRef value) { return value; }
std::string type_of(const Json& value) { return json_type_name(value); }
std::string type_of(JsonRef value) { return std::string(value.type_name()); }
std::string string_of(const Json& value) { return value.get<std::string>(); }
std::string string_of(JsonRef value) { return std::string(value.string()); }
bool bool_of(const Json& value) { return value.get<bool>(); }
bool bool_of(JsonRef value) { return value.boolean(); }
double number_of(const Json& value) { return value.get<double>(); }
double number_of(JsonRef value) { return value.number(); }

template <typename F>
void each_key(const Json& object, F&& f) {
  for (auto it = object.begin(); it != object.end(); ++it) f(std::string_view(it.key()));
}
template <typename F>
void each_key(JsonRef object, F&& f) {
  for (std::size_t i = 0; i < object.size(); ++i) f(object.key_at(i));
}

template <typename V>
void check_known(Reader& r, const V& object, const std::string& pointer,
                 std::initializer_list<std::string_view> known) {
  each_key(object, [&](std::string_view key) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) r.error("unknown_field", pointer_join(pointer, key), "unknown field \"" + std::string(key) + "\"");
  });
}

}  // namespace

void Reader::check_fields(const Json& object, const std::string& pointer,
                          std::initializer_list<std::string_view> known) {
  check_known(*this, object, pointer, known);
}

void Reader::check_fields(JsonRef object, const std::string& pointer,
                          std::initializer_list<std::string_view> known) {
  check_known(*this, object, pointer, known);
}

template <typename V>
bool Reader::expect(const V& value, const std::string& pointer, bool object) {
  if (object ? value.is_object() : value.is_array()) return true;
  error("type_error", pointer, std::string("must be ") + (object ? "an object" : "an array") + ", but is " + type_of(value));
  return false;
}

template <typename V>
std::string Reader::string_field(const V& object, const std::string& pointer, std::string_view key, bool required,
                                 std::string fallback) {
  auto found = member(object, key);
  if (!found) {
    if (required) error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
    return fallback;
  }
  const auto& value = deref(found);
  if (!value.is_string()) {
    error("type_error", pointer_join(pointer, key), "must be a string, but is " + type_of(value));
    return fallback;
  }
  return string_of(value);
}

template <typename V>
bool Reader::bool_field(const V& object, const std::string& pointer, std::string_view key, bool fallback) {
  auto found = member(object, key);
  if (!found) return fallback;
  const auto& value = deref(found);
  if (!value.is_boolean()) {
    error("type_error", pointer_join(pointer, key), "must be a boolean, but is " + type_of(value));
    return fallback;
  }
  return bool_of(value);
}

template <typename V>
long long Reader::int_field(const V& object, const std::string& pointer, std::string_view key, long long fallback,
                            long long min, long long max) {
  auto found = member(object, key);
  if (!found) return fallback;
  const auto& value = deref(found);
  std::string where = pointer_join(pointer, key);
  if (!value.is_number() || std::floor(number_of(value)) != number_of(value)) {
    error("type_error", where, "must be an integer, but is " + type_of(value));
    return fallback;
  }
  double number = number_of(value);
  if (number < static_cast<double>(min) || number > static_cast<double>(max)) {
    error("bad_value", where,
          "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", but is " + value.dump());
    return fallback;
  }
  return static_cast<long long>(number);
}

template <typename V>
double Reader::number_field(const V& object, const std::string& pointer, std::string_view key, bool required,
                            double fallback) {
  auto found = member(object, key);
  if (!found) {
    if (required) error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
    return fallback;
  }
  const auto& value = deref(found);
  if (!value.is_number()) {
    error("type_error", pointer_join(pointer, key), "must be a number, but is " + type_of(value));
    return fallback;
  }
  return number_of(value);
}

template bool Reader::expect(const Json&, const std::string&, bool);
template bool Reader::expect(const JsonRef&, const std::string&, bool);
template std::string Reader::string_field(const Json&, const std::string&, std::string_view, bool, std::string);
template std::string Reader::string_field(const JsonRef&, const std::string&, std::string_view, bool, std::string);
template bool Reader::bool_field(const Json&, const std::string&, std::string_view, bool);
template bool Reader::bool_field(const JsonRef&, const std::string&, std::string_view, bool);
template long long Reader::int_field(const Json&, const std::string&, std::string_view, long long, long long,
                                     long long);
template long long Reader::int_field(const JsonRef&, const std::string&, std::string_view, long long, long long,
                                     long long);
template double Reader::number_field(const Json&, const std::string&, std::string_view, bool, double);
template double Reader::number_field(const JsonRef&, const std::string&, std::string_view, bool, double);

}  // namespace sos::detail
