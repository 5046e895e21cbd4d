// This file offers sos::Value's truthiness, equality and canonical text.
#include "sos/value.h"

#include "sos/detail/number.h"

namespace sos {

bool Value::truthy() const {
  switch (kind_) {
    case ValueKind::empty: return false;
    case ValueKind::boolean: return bool_;
    case ValueKind::number: return number_ != 0;
    case ValueKind::string:
    case ValueKind::list: return size_ != 0;
  }
  return false;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case ValueKind::empty: return true;
    case ValueKind::boolean: return a.bool_ == b.bool_;
    case ValueKind::number: return a.number_ == b.number_;
    case ValueKind::string: return a.as_string() == b.as_string();
    case ValueKind::list: {
      auto x = a.as_list(), y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!(x[i] == y[i])) return false;
      return true;
    }
  }
  return false;
}

std::string Value::to_string() const {
  switch (kind_) {
    case ValueKind::empty: return "empty";
    case ValueKind::boolean: return bool_ ? "true" : "false";
    case ValueKind::number: return detail::format_number(number_);
    case ValueKind::string: {
      std::string out = "'";
      for (char c : as_string()) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
      }
      return out + "'";
    }
    case ValueKind::list: {
      std::string out = "[";
      bool first = true;
      for (const Value& item : as_list()) {
        if (!first) out += ", ";
        out += item.to_string();
        first = false;
      }
      return out + "]";
    }
  }
  return {};
}

}  // namespace sos
