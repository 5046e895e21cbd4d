// A JSON document read in one pass into one flat array of values over the
// source text: what the survey loader and the session read instead of a tree
// of nlohmann values (one allocation per value, a std::map per object).
// Accepts exactly what nlohmann's parser accepts (tests/engine/json_doc_test
// compares them) and refuses the rest with json.parse_error, whose message
// says the line, column and why.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"

namespace sos::detail {

class JsonDoc;

// One value of a JsonDoc, cheap to copy; valid while its JsonDoc and the
// source text live. A default JsonRef means "absent" and converts to false.
// Objects list their members sorted by key, the last of duplicate keys
// winning, as nlohmann's std::map-based objects do, so diagnostics come in
// the same order.
class JsonRef {
 public:
  JsonRef() = default;
  explicit operator bool() const { return doc_ != nullptr; }

  bool is_null() const;
  bool is_object() const;
  bool is_array() const;
  bool is_string() const;
  bool is_boolean() const;
  bool is_number() const;
  bool is_number_integer() const;  // written without fraction or exponent
  // "null", "object", "array", "string", "boolean" or "number".
  std::string_view type_name() const;

  std::size_t size() const;  // members of an object, elements of an array, else 0
  bool empty() const { return size() == 0; }
  JsonRef operator[](std::size_t index) const;  // an array's element
  JsonRef find(std::string_view key) const;     // an object's member, or absent
  bool contains(std::string_view key) const { return static_cast<bool>(find(key)); }
  std::string_view key_at(std::size_t index) const;  // an object's index-th member
  JsonRef value_at(std::size_t index) const;

  std::string_view string() const;  // unescaped
  double number() const;
  bool boolean() const;
  // The value as the engine writes it (JsonWriter::value), for messages that quote it.
  std::string dump() const;
  std::string_view token() const;  // the value's text in the source

 private:
  friend class JsonDoc;
  JsonRef(const JsonDoc* doc, std::uint32_t index) : doc_(doc), index_(index) {}
  const JsonDoc* doc_ = nullptr;
  std::uint32_t index_ = 0;
};

class JsonDoc {
 public:
  // Reads `text`, which must outlive the document.
  static Result<JsonDoc> parse(std::string_view text);

  JsonRef root() const { return JsonRef(this, 0); }

  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
  struct Node {
    Kind kind = Kind::null;
    bool integer = false;  // a number without fraction or exponent
    bool truth = false;
    std::uint32_t first = 0;  // containers: first entry in members_/elements_
    std::uint32_t count = 0;
    std::uint32_t begin = 0, end = 0;  // the value's bytes in the source
    double number = 0;
    std::string_view text;  // a string's unescaped value
  };
  struct Member {
    std::string_view key;
    std::uint32_t value;
  };
  const Node& node(std::uint32_t index) const { return nodes_[index]; }

 private:
  friend class JsonRef;
  friend class JsonDocParser;
  std::string_view source_;
  std::vector<Node> nodes_;
  std::vector<Member> members_;
  std::vector<std::uint32_t> elements_;
  std::deque<std::string> unescaped_;  // strings with escapes; a deque keeps views valid
};

}  // namespace sos::detail
