// This file offers SurveyJS's value semantics (sj_value.h): JavaScript's
// conversions and survey-core's comparison operators, followed line by line.
#include "import/sj_value.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sos/detail/number.h"

namespace sos::import::sj {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// toLowerCase for ASCII and the Latin-1 and Latin Extended-A letters that
// survey texts use (Å, Ä, Ö, Ø, Æ, É, ...), in UTF-8.
std::string lower(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    } else if ((c == 0xC4 || c == 0xC5) && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      // Latin Extended-A pairs capital/small on even/odd code points, with
      // a shift in U+0139-U+0148 and U+0179-U+017E.
      int code = ((c & 0x1F) << 6) | (d & 0x3F);
      bool odd_capitals = (code >= 0x139 && code <= 0x148) || (code >= 0x179 && code <= 0x17E);
      bool capital = odd_capitals ? (code % 2 == 1) : (code % 2 == 0);
      if (capital && code != 0x130 && code != 0x138 && code != 0x149 && code < 0x17F) {
        ++code;
        out[i] = static_cast<char>(0xC0 | (code >> 6));
        out[i + 1] = static_cast<char>(0x80 | (code & 0x3F));
      }
      ++i;
    }
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// StringToNumber: a whole decimal, hex, octal or binary literal, or Infinity.
double string_to_number(std::string_view text) {
  std::string s = trim(text);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'O' || s[1] == 'b' ||
                                      s[1] == 'B')) {
    int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
    double value = 0;
    for (std::size_t i = 2; i < s.size(); ++i) {
      char c = s[i];
      int digit = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
      if (digit >= base) return kNaN;
      value = value * base + digit;
    }
    return value;
  }
  std::string_view body = s;
  double sign = 1;
  if (body[0] == '+' || body[0] == '-') {
    sign = body[0] == '-' ? -1 : 1;
    body.remove_prefix(1);
  }
  if (body == "Infinity") return sign * std::numeric_limits<double>::infinity();
  std::size_t i = 0;
  bool digits = false;
  while (i < body.size() && is_digit(body[i])) { ++i; digits = true; }
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && is_digit(body[i])) { ++i; digits = true; }
  }
  if (!digits) return kNaN;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    bool exp_digits = false;
    while (i < body.size() && is_digit(body[i])) { ++i; exp_digits = true; }
    if (!exp_digits) return kNaN;
  }
  if (i != body.size()) return kNaN;
  return sign * std::strtod(std::string(body).c_str(), nullptr);
}

// parseFloat: the longest decimal prefix after leading white space.
double parse_float(const Value& v) {
  std::string s = js_to_string(v);
  std::size_t b = 0;
  while (b < s.size() && is_space(s[b])) ++b;
  std::string_view rest = std::string_view(s).substr(b);
  std::size_t i = 0;
  if (i < rest.size() && (rest[i] == '+' || rest[i] == '-')) ++i;
  if (rest.substr(i, 8) == "Infinity") return rest[0] == '-' ? -std::numeric_limits<double>::infinity()
                                                              : std::numeric_limits<double>::infinity();
  bool digits = false;
  while (i < rest.size() && is_digit(rest[i])) { ++i; digits = true; }
  if (i < rest.size() && rest[i] == '.') {
    std::size_t dot = i++;
    bool fraction = false;
    while (i < rest.size() && is_digit(rest[i])) { ++i; fraction = true; }
    if (!fraction && !digits) i = dot;
    digits = digits || fraction;
  }
  if (!digits) return kNaN;
  std::size_t end = i;
  if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < rest.size() && (rest[j] == '+' || rest[j] == '-')) ++j;
    if (j < rest.size() && is_digit(rest[j])) {
      while (j < rest.size() && is_digit(rest[j])) ++j;
      end = j;
    }
  }
  return std::strtod(std::string(rest.substr(0, end)).c_str(), nullptr);
}

// parseInt without a radix: decimal digits, or hex after "0x".
double parse_int(const Value& v) {
  std::string s = js_to_string(v);
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  double sign = 1;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  int base = 10;
  if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  double value = 0;
  bool digits = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    int digit = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
    if (digit >= base) break;
    value = value * base + digit;
    digits = true;
  }
  return digits ? sign * value : kNaN;
}

bool is_convertible_to_number(const Value& v) {
  if (v.is_nullish() || v.is_list()) return false;
  return !std::isnan(js_to_number(v));
}

bool same_number(double a, double b) { return !std::isnan(a) && !std::isnan(b) && a == b; }

// Abstract relational comparison a < b.
bool js_less(const Value& a, const Value& b) {
  Value pa = a.is_list() ? Value::of_string(js_to_string(a)) : a;
  Value pb = b.is_list() ? Value::of_string(js_to_string(b)) : b;
  if (pa.kind == Value::Kind::string && pb.kind == Value::Kind::string) return pa.string < pb.string;
  double x = js_to_number(pa), y = js_to_number(pb);
  return !std::isnan(x) && !std::isnan(y) && x < y;
}

bool strictly_same(const Value& x, const Value& y) {
  if (x.kind != y.kind) return false;
  switch (x.kind) {
    case Value::Kind::undefined:
    case Value::Kind::null: return true;
    case Value::Kind::boolean: return x.boolean == y.boolean;
    case Value::Kind::number: return x.number == y.number;
    case Value::Kind::string: return x.string == y.string;
    case Value::Kind::list: return false;  // distinct objects
  }
  return false;
}

bool check_equal(const Value& x, const Value& y, bool ignore_order);

// Array.prototype.sort without a comparator: by text, undefined last.
std::vector<Value> js_sorted(std::vector<Value> items) {
  std::stable_sort(items.begin(), items.end(), [](const Value& a, const Value& b) {
    bool ua = a.kind == Value::Kind::undefined, ub = b.kind == Value::Kind::undefined;
    if (ua || ub) return !ua && ub;
    return js_to_string(a) < js_to_string(b);
  });
  return items;
}

bool arrays_equal(const Value& x, const Value& y, bool ignore_order) {
  if (x.items.size() != y.items.size()) return false;
  std::vector<Value> a = ignore_order ? js_sorted(x.items) : x.items;
  std::vector<Value> b = ignore_order ? js_sorted(y.items) : y.items;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!check_equal(a[i], b[i], ignore_order)) return false;
  return true;
}

// Helpers.checkIfValuesEqual with the default comparator settings.
bool check_equal(const Value& x, const Value& y, bool ignore_order) {
  using K = Value::Kind;
  if (strictly_same(x, y)) return true;
  if (x.is_list() && x.items.empty() && y.kind == K::undefined) return true;
  if (y.is_list() && y.items.empty() && x.kind == K::undefined) return true;
  if (x.is_nullish() && y.kind == K::string && y.string.empty()) return true;
  if (y.is_nullish() && x.kind == K::string && x.string.empty()) return true;
  if (x.kind == K::string && y.kind == K::string) return lower(trim(x.string)) == lower(trim(y.string));
  if (is_convertible_to_number(x) && is_convertible_to_number(y) && same_number(parse_int(x), parse_int(y)) &&
      same_number(parse_float(x), parse_float(y)))
    return true;
  if (is_empty(x) != is_empty(y)) return false;
  if (x.kind == K::boolean && y.kind == K::string) return (x.boolean ? "true" : "false") == lower(y.string);
  if (y.kind == K::boolean && x.kind == K::string) return (y.boolean ? "true" : "false") == lower(x.string);
  if (!x.is_list() && !y.is_list()) return js_loose_equals(x, y);
  if (!x.is_list() || !y.is_list()) return false;
  return arrays_equal(x, y, ignore_order);
}

// OperandMaker.isTwoValueEquals: the text "undefined" is undefined.
bool operand_equal(const Value& x, const Value& y) {
  auto fix = [](const Value& v) {
    return v.kind == Value::Kind::string && v.string == "undefined" ? Value() : v;
  };
  return check_equal(fix(x), fix(y), true);
}

bool contains_core(const Value& left_in, const Value& right_in, bool is_contains) {
  if (left_in.is_list() && left_in.items.empty()) return !is_contains;
  bool zero_or_false = (left_in.kind == Value::Kind::number && left_in.number == 0) ||
                       (left_in.kind == Value::Kind::boolean && !left_in.boolean);
  if (!js_truthy(left_in) && !zero_or_false) return false;
  Value left = left_in;
  if (!left.is_list() && left.kind != Value::Kind::string) left = Value::of_string(js_to_string(left));
  if (left.kind == Value::Kind::string) {
    if (!js_truthy(right_in)) return false;
    bool found = lower(left.string).find(lower(js_to_string(right_in))) != std::string::npos;
    return is_contains ? found : !found;
  }
  std::vector<Value> rights = right_in.is_list() ? right_in.items : std::vector<Value>{right_in};
  for (const Value& r : rights) {
    bool found = false;
    for (const Value& item : left.items)
      if (operand_equal(item, r)) {
        found = true;
        break;
      }
    if (!found) return !is_contains;
  }
  return is_contains;
}

bool op_contains(const Value& l, const Value& r) { return contains_core(l, r, true); }

bool op_anyof(const Value& left, const Value& right) {
  if (is_empty(left) && is_empty(right)) return true;
  if (is_empty(left)) return false;
  if (is_empty(right)) return true;
  if (!left.is_list()) return op_contains(right, left);
  if (!right.is_list()) return op_contains(left, right);
  for (const Value& r : right.items)
    if (op_contains(left, r)) return true;
  return false;
}

bool op_allof(const Value& left, const Value& right) {
  if (!js_truthy(left) && !is_empty(right)) return false;
  if (!right.is_list()) return op_contains(left, right);
  for (const Value& r : right.items)
    if (!op_contains(left, r)) return false;
  return true;
}

}  // namespace

Value Value::null_value() {
  Value v;
  v.kind = Kind::null;
  return v;
}
Value Value::of_bool(bool b) {
  Value v;
  v.kind = Kind::boolean;
  v.boolean = b;
  return v;
}
Value Value::of_number(double d) {
  Value v;
  v.kind = Kind::number;
  v.number = d;
  return v;
}
Value Value::of_string(std::string s) {
  Value v;
  v.kind = Kind::string;
  v.string = std::move(s);
  return v;
}
Value Value::of_list(std::vector<Value> items) {
  Value v;
  v.kind = Kind::list;
  v.items = std::move(items);
  return v;
}

Value Value::from_json(const nlohmann::ordered_json& j) {
  if (j.is_null()) return null_value();
  if (j.is_boolean()) return of_bool(j.get<bool>());
  if (j.is_number()) return of_number(j.get<double>());
  if (j.is_string()) return of_string(j.get<std::string>());
  if (j.is_array()) {
    std::vector<Value> items;
    for (const auto& item : j) items.push_back(from_json(item));
    return of_list(std::move(items));
  }
  return Value();
}

nlohmann::ordered_json Value::to_json() const {
  switch (kind) {
    case Kind::undefined:
    case Kind::null: return nullptr;
    case Kind::boolean: return boolean;
    case Kind::number:
      if (number == std::floor(number) && std::fabs(number) < 9e15) return static_cast<long long>(number);
      return number;
    case Kind::string: return string;
    case Kind::list: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const Value& item : items) out.push_back(item.to_json());
      return out;
    }
  }
  return nullptr;
}

std::string Value::describe() const {
  switch (kind) {
    case Kind::undefined: return "undefined";
    case Kind::null: return "null";
    case Kind::boolean: return boolean ? "true" : "false";
    case Kind::number: return js_to_string(*this);
    case Kind::string: return "'" + string + "'";
    case Kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i].describe();
      return out + "]";
    }
  }
  return "";
}

bool js_truthy(const Value& v) {
  switch (v.kind) {
    case Value::Kind::undefined:
    case Value::Kind::null: return false;
    case Value::Kind::boolean: return v.boolean;
    case Value::Kind::number: return v.number != 0 && !std::isnan(v.number);
    case Value::Kind::string: return !v.string.empty();
    case Value::Kind::list: return true;
  }
  return false;
}

double js_to_number(const Value& v) {
  switch (v.kind) {
    case Value::Kind::undefined: return kNaN;
    case Value::Kind::null: return 0;
    case Value::Kind::boolean: return v.boolean ? 1 : 0;
    case Value::Kind::number: return v.number;
    case Value::Kind::string: return string_to_number(v.string);
    case Value::Kind::list: return string_to_number(js_to_string(v));
  }
  return kNaN;
}

std::string js_to_string(const Value& v) {
  switch (v.kind) {
    case Value::Kind::undefined: return "undefined";
    case Value::Kind::null: return "null";
    case Value::Kind::boolean: return v.boolean ? "true" : "false";
    case Value::Kind::number:
      if (std::isnan(v.number)) return "NaN";
      if (std::isinf(v.number)) return v.number > 0 ? "Infinity" : "-Infinity";
      return detail::format_number(v.number);
    case Value::Kind::string: return v.string;
    case Value::Kind::list: {
      std::string out;
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ",";
        if (!v.items[i].is_nullish()) out += js_to_string(v.items[i]);
      }
      return out;
    }
  }
  return "";
}

bool js_loose_equals(const Value& a, const Value& b) {
  using K = Value::Kind;
  if (a.is_nullish() || b.is_nullish()) return a.is_nullish() && b.is_nullish();
  if (a.kind == b.kind) {
    if (a.kind == K::number) return a.number == b.number;
    return strictly_same(a, b);
  }
  if (a.kind == K::boolean) return js_loose_equals(Value::of_number(a.boolean ? 1 : 0), b);
  if (b.kind == K::boolean) return js_loose_equals(a, Value::of_number(b.boolean ? 1 : 0));
  if (a.is_list()) return js_loose_equals(Value::of_string(js_to_string(a)), b);
  if (b.is_list()) return js_loose_equals(a, Value::of_string(js_to_string(b)));
  // number and string
  return js_to_number(a) == js_to_number(b);
}

bool is_empty(const Value& v) {
  if (v.is_list()) return v.items.empty();
  if (v.kind == Value::Kind::number) return std::isnan(v.number);
  if (v.kind == Value::Kind::boolean) return false;
  return !js_truthy(v);
}

double get_number(const Value& v) {
  Value value = v;
  if (v.kind == Value::Kind::string) {
    std::string s = trim(v.string);
    if (s.empty()) return kNaN;
    if (s.rfind("0x", 0) == 0) return s.size() > 32 ? kNaN : parse_int(Value::of_string(s));
    if (s.size() > 15 && std::all_of(s.begin(), s.end(), is_digit)) return kNaN;
    bool minus_inside = s.rfind('-') != std::string::npos && s.rfind('-') > 0;
    bool plus_inside = s.rfind('+') != std::string::npos && s.rfind('+') > 0;
    if (!minus_inside && !plus_inside && s.find_first_of("*^/%") != std::string::npos) return kNaN;
    std::size_t comma = s.find(',');
    if (comma != std::string::npos && s.find(',', comma + 1) == std::string::npos) s[comma] = '.';
    value = Value::of_string(s);
  }
  double result = parse_float(value);
  if (std::isnan(result) || !std::isfinite(js_to_number(value))) return kNaN;
  return result;
}

bool is_number(const Value& v) { return !std::isnan(get_number(v)); }

Value correct_value(const Value& v) {
  if (v.kind != Value::Kind::string || v.string.empty()) return v;
  const std::string& s = v.string;
  std::string low = lower(s);
  if (low == "true" || low == "false") return Value::of_bool(low == "true");
  auto quote = [](char c) { return c == '\'' || c == '"'; };
  if (s.size() > 1 && quote(s.front()) && quote(s.back())) return Value::of_string(s.substr(1, s.size() - 2));
  if (is_number(v)) {
    if (s[0] == '0' && s.rfind("0x", 0) != 0) {
      std::size_t len = s.size();
      bool has_point = len > 1 && (s[1] == '.' || s[1] == ',');
      if ((!has_point && len > 1) || (has_point && len < 2)) return v;
    }
    return Value::of_number(get_number(v));
  }
  return v;
}

bool values_equal(const Value& x, const Value& y) { return operand_equal(x, y); }

bool apply(std::string_view op, const Value& left, const Value& right) {
  if (op == "equal") return operand_equal(left, right);
  if (op == "notequal") return !operand_equal(left, right);
  if (op == "less") return !left.is_nullish() && !right.is_nullish() && js_less(left, right);
  if (op == "greater") return !left.is_nullish() && !right.is_nullish() && js_less(right, left);
  if (op == "lessorequal") return operand_equal(left, right) || apply("less", left, right);
  if (op == "greaterorequal") return operand_equal(left, right) || apply("greater", left, right);
  if (op == "contains") return op_contains(left, right);
  if (op == "notcontains") {
    if (!js_truthy(left) && !is_empty(right)) return true;
    return contains_core(left, right, false);
  }
  if (op == "anyof") return op_anyof(left, right);
  if (op == "allof") return op_allof(left, right);
  if (op == "noneof") return !op_anyof(left, right);
  return false;
}

}  // namespace sos::import::sj
