// Internal: the engine's JSON writer. Writes members in the order they are
// given; the engine's JSON texts list them sorted by key (as they always
// have), so callers write them in that order. Strings are escaped, numbers
// written and invalid UTF-8 replaced exactly as the earlier nlohmann-based
// writer did, so saved sessions, views and contributions keep every byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_doc.h"

namespace sos::detail {

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& integer(std::int64_t value);
  // A double as a JSON number that reads back as the same double, always
  // with a fraction or an exponent ("4.0", "0.25", "1e-07"); null when not finite.
  JsonWriter& number(double value);
  // A value of a read document, written as it reads: objects with their keys
  // sorted and the last of duplicates, integers as integers.
  JsonWriter& value(JsonRef value);
  // JSON text the engine wrote itself, inserted as one value.
  JsonWriter& raw(std::string_view json);
  JsonWriter& strings(const std::vector<std::string>& items);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void separate();

  std::string out_;
  bool comma_ = false;      // a value was written in the open container
  bool after_key_ = false;  // a key waits for its value
};

// An object whose members are written sorted by key (the order the engine's
// JSON texts have always had), whatever order they are set in. A key set
// again replaces its value.
class JsonObject {
 public:
  JsonObject& raw(std::string_view key, std::string json);  // a value as JSON text
  JsonObject& string(std::string_view key, std::string_view text);
  JsonObject& boolean(std::string_view key, bool value);
  JsonObject& integer(std::string_view key, std::int64_t value);
  JsonObject& number(std::string_view key, double value);
  JsonObject& null(std::string_view key) { return raw(key, "null"); }
  JsonObject& strings(std::string_view key, const std::vector<std::string>& items);
  std::string str() const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;
};

// Values as JSON text.
std::string json_string(std::string_view text);
// JSON text the engine wrote, written again as it reads (JsonWriter::value);
// null if it does not read.
std::string json_reread(std::string_view json);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD (RFC 3629 ranges).
std::string valid_utf8(std::string_view text);

// `value` as a JSON number (JsonWriter::number).
std::string json_number(double value);

}  // namespace sos::detail
