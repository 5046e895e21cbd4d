// This file offers JsonWriter, the engine's JSON writer (json_write.h).
#include "json_write.h"

#include <algorithm>
#include <cmath>

#include "decimal.h"

namespace sos::detail {

std::string valid_utf8(std::string_view in) {
  std::string out;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  for (std::size_t i = 0, n = in.size(); i < n;) {
    const unsigned char c = s[i];
    const std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    // A broken sequence is replaced up to the byte that broke it, which is
    // then read again on its own.
    std::size_t good = len == 0 ? 0 : 1;
    for (; good > 0 && good < len && i + good < n; ++good) {
      unsigned char lo = 0x80, hi = 0xBF;
      if (good == 1 && c == 0xE0) lo = 0xA0;
      if (good == 1 && c == 0xED) hi = 0x9F;
      if (good == 1 && c == 0xF0) lo = 0x90;
      if (good == 1 && c == 0xF4) hi = 0x8F;
      if (s[i + good] < lo || s[i + good] > hi) break;
    }
    if (len > 0 && good == len) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      i += good == 0 ? 1 : good;
    }
  }
  return out;
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  ShortestDigits d = shortest_digits(value);
  const std::string& digits = d.digits;
  const int k = static_cast<int>(digits.size()), n = d.point;
  std::string out = value < 0 ? "-" : "";
  if (k <= n && n <= 15) return out + digits + std::string(n - k, '0') + ".0";
  if (0 < n && n <= 15) return out + digits.substr(0, n) + "." + digits.substr(n);
  if (-4 < n && n <= 0) return out + "0." + std::string(-n, '0') + digits;
  out += digits[0];
  if (k > 1) out += "." + digits.substr(1);
  const int e = n - 1;
  out += e < 0 ? "e-" : "e+";
  const int magnitude = e < 0 ? -e : e;
  if (magnitude < 10) out += '0';
  return out + std::to_string(magnitude);
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (comma_) out_ += ',';
  comma_ = true;
}

JsonWriter& JsonWriter::open(char bracket) {
  separate();
  out_ += bracket;
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_ += bracket;
  comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  string(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  separate();
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (c < 0x20) {
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 15];
        } else if (c < 0x80) {
          out_ += static_cast<char>(c);
        } else {
          // Invalid UTF-8 never reaches here through the readers; replace
          // rather than fail if it ever did.
          std::size_t end = i + 1;
          while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80) ++end;
          out_ += valid_utf8(text.substr(i, end - i));
          i = end - 1;
        }
    }
  }
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  separate();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  separate();
  out_ += json_number(value);
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& items) {
  begin_array();
  for (const std::string& item : items) string(item);
  return end_array();
}

namespace {

// An integer literal as the integer it names, when one of 64 bits holds it
// (nlohmann kept those apart from doubles): "-0" is 0.
bool integer_text(std::string_view token, std::string& out) {
  const bool negative = !token.empty() && token[0] == '-';
  std::string_view digits = token.substr(negative);
  if (digits.empty() || digits.size() > 20) return false;
  std::uint64_t value = 0;
  for (char d : digits) {
    const auto digit = static_cast<std::uint64_t>(d - '0');
    if (value > UINT64_MAX / 10 || (value == UINT64_MAX / 10 && digit > UINT64_MAX % 10)) return false;
    value = value * 10 + digit;
  }
  if (negative && value > std::uint64_t{1} << 63) return false;
  out = negative && value != 0 ? "-" + std::to_string(value) : std::to_string(value);
  return true;
}

}  // namespace

JsonWriter& JsonWriter::value(JsonRef value) {
  if (value.is_object()) {
    begin_object();
    for (std::size_t i = 0; i < value.size(); ++i) {
      key(value.key_at(i));
      this->value(value.value_at(i));
    }
    return end_object();
  }
  if (value.is_array()) {
    begin_array();
    for (std::size_t i = 0; i < value.size(); ++i) this->value(value[i]);
    return end_array();
  }
  if (value.is_string()) return string(value.string());
  if (value.is_boolean()) return boolean(value.boolean());
  if (value.is_null()) return null();
  std::string text;
  if (value.is_number_integer() && integer_text(value.token(), text)) return raw(text);
  return number(value.number());
}

std::string json_string(std::string_view text) { return JsonWriter().string(text).take(); }

std::string json_reread(std::string_view json) {
  Result<JsonDoc> doc = JsonDoc::parse(json);
  return doc.ok() ? JsonWriter().value(doc.value().root()).take() : "null";
}

JsonObject& JsonObject::raw(std::string_view key, std::string json) {
  for (auto& member : members_) {
    if (member.first == key) {
      member.second = std::move(json);
      return *this;
    }
  }
  members_.emplace_back(std::string(key), std::move(json));
  return *this;
}

JsonObject& JsonObject::string(std::string_view key, std::string_view text) { return raw(key, json_string(text)); }
JsonObject& JsonObject::boolean(std::string_view key, bool value) { return raw(key, value ? "true" : "false"); }
JsonObject& JsonObject::integer(std::string_view key, std::int64_t value) { return raw(key, std::to_string(value)); }
JsonObject& JsonObject::number(std::string_view key, double value) { return raw(key, json_number(value)); }
JsonObject& JsonObject::strings(std::string_view key, const std::vector<std::string>& items) {
  return raw(key, JsonWriter().strings(items).take());
}

std::string JsonObject::str() const {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  for (const auto& member : members_) sorted.push_back(&member);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  JsonWriter out;
  out.begin_object();
  for (const auto* member : sorted) out.key(member->first).raw(member->second);
  return out.end_object().take();
}

}  // namespace sos::detail
