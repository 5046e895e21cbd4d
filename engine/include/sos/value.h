// Values that answers, group attributes and expressions hold.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace sos {

enum class ValueKind { empty, boolean, number, string, list };

// A small, non-owning value: strings and lists point into storage owned by
// the session or the compiled expression, so evaluating a condition never
// allocates. "empty" is an unanswered (or hidden) question.
class Value {
 public:
  constexpr Value() = default;
  static constexpr Value boolean(bool b) { Value v; v.kind_ = ValueKind::boolean; v.bool_ = b; return v; }
  static constexpr Value number(double d) { Value v; v.kind_ = ValueKind::number; v.number_ = d; return v; }
  static constexpr Value string(std::string_view s) {
    Value v; v.kind_ = ValueKind::string; v.data_ = s.data(); v.size_ = s.size(); return v;
  }
  static constexpr Value list(std::span<const Value> items) {
    Value v; v.kind_ = ValueKind::list; v.data_ = items.data(); v.size_ = items.size(); return v;
  }

  constexpr ValueKind kind() const { return kind_; }
  constexpr bool is_empty() const { return kind_ == ValueKind::empty; }
  constexpr bool as_bool() const { return bool_; }
  constexpr double as_number() const { return number_; }
  std::string_view as_string() const { return {static_cast<const char*>(data_), size_}; }
  std::span<const Value> as_list() const { return {static_cast<const Value*>(data_), size_}; }

  // true, a non-zero number, a non-empty string or list.
  bool truthy() const;
  // Canonical text: 4, 2.5, 'yes', true, [1, 'a'], empty.
  std::string to_string() const;

  // Same kind and same content (lists element by element).
  friend bool operator==(const Value& a, const Value& b);

 private:
  ValueKind kind_ = ValueKind::empty;
  bool bool_ = false;
  double number_ = 0;
  const void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace sos
