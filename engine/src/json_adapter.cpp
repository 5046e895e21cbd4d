// This file offers parse_json and the diagnostic-collecting Reader.
#include "json_adapter.h"

#include <cmath>

namespace sos::detail {

namespace {

// nlohmann's reason quotes the bytes it read last, which may be invalid
// UTF-8; every caller puts the message into JSON again, whose writer throws
// on such bytes. Invalid sequences become U+FFFD (RFC 3629 ranges).
std::string valid_utf8(std::string_view in) {
  std::string out;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  for (std::size_t i = 0, n = in.size(); i < n;) {
    unsigned char c = s[i];
    std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      unsigned char lo = 0x80, hi = 0xBF;
      if (k == 1 && c == 0xE0) lo = 0xA0;
      if (k == 1 && c == 0xED) hi = 0x9F;
      if (k == 1 && c == 0xF0) lo = 0x90;
      if (k == 1 && c == 0xF4) hi = 0x8F;
      ok = s[i + k] >= lo && s[i + k] <= hi;
    }
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

Result<Json> parse_json(std::string_view text) {
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

void Reader::check_fields(const Json& object, const std::string& pointer,
                          std::initializer_list<std::string_view> known) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool found = false;
    for (std::string_view k : known) found = found || k == it.key();
    if (!found) error("unknown_field", pointer_join(pointer, it.key()), "unknown field \"" + it.key() + "\"");
  }
}

bool Reader::expect_object(const Json& value, const std::string& pointer) {
  if (value.is_object()) return true;
  error("type_error", pointer, "must be an object, but is " + json_type_name(value));
  return false;
}

bool Reader::expect_array(const Json& value, const std::string& pointer) {
  if (value.is_array()) return true;
  error("type_error", pointer, "must be an array, but is " + json_type_name(value));
  return false;
}

std::string Reader::get_string(const Json& object, const std::string& pointer, std::string_view key,
                               bool required, std::string fallback) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
    return fallback;
  }
  if (!it->is_string()) {
    error("type_error", pointer_join(pointer, key), "must be a string, but is " + json_type_name(*it));
    return fallback;
  }
  return it->get<std::string>();
}

bool Reader::get_bool(const Json& object, const std::string& pointer, std::string_view key, bool fallback) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_boolean()) {
    error("type_error", pointer_join(pointer, key), "must be a boolean, but is " + json_type_name(*it));
    return fallback;
  }
  return it->get<bool>();
}

long long Reader::get_int(const Json& object, const std::string& pointer, std::string_view key,
                          long long fallback, long long min, long long max) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  std::string where = pointer_join(pointer, key);
  if (!it->is_number_integer() && !(it->is_number_float() && std::floor(it->get<double>()) == it->get<double>())) {
    error("type_error", where, "must be an integer, but is " + json_type_name(*it));
    return fallback;
  }
  double value = it->get<double>();
  if (value < static_cast<double>(min) || value > static_cast<double>(max)) {
    error("bad_value", where,
          "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", but is " + it->dump());
    return fallback;
  }
  return static_cast<long long>(value);
}

double Reader::get_number(const Json& object, const std::string& pointer, std::string_view key, bool required,
                          double fallback) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
    return fallback;
  }
  if (!it->is_number()) {
    error("type_error", pointer_join(pointer, key), "must be a number, but is " + json_type_name(*it));
    return fallback;
  }
  return it->get<double>();
}

}  // namespace sos::detail
