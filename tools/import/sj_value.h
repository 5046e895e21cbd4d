// SurveyJS's values and the meaning its expression operators give them
// (survey-core's Helpers and OperandMaker), for the importer to decide, value
// by value, what a SurveyJS condition means. Only the parts conditions on
// plain answers can reach: no dates, no objects other than lists.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sos::import::sj {

// A JavaScript value as SurveyJS expressions see it. An unanswered question
// reads as undefined.
struct Value {
  enum class Kind { undefined, null, boolean, number, string, list };
  Kind kind = Kind::undefined;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> items;

  static Value null_value();
  static Value of_bool(bool b);
  static Value of_number(double d);
  static Value of_string(std::string s);
  static Value of_list(std::vector<Value> items);
  // Objects are not values a condition compares: they read as undefined.
  static Value from_json(const nlohmann::ordered_json& j);
  nlohmann::ordered_json to_json() const;

  bool is_nullish() const { return kind == Kind::undefined || kind == Kind::null; }
  bool is_list() const { return kind == Kind::list; }
  // For messages: 3, 'yes', true, [1, 'a'], null.
  std::string describe() const;
};

// JavaScript's own conversions.
bool js_truthy(const Value& v);
double js_to_number(const Value& v);  // NaN when not a number
std::string js_to_string(const Value& v);
bool js_loose_equals(const Value& a, const Value& b);  // a == b

// Helpers.isValueEmpty: undefined, null, '' and [] (and NaN).
bool is_empty(const Value& v);
// Helpers.isNumber / getNumber: numeric text, with a decimal comma.
bool is_number(const Value& v);
double get_number(const Value& v);
// What a variable reads: numeric text becomes a number ("3" -> 3, but "03"
// stays text), "true"/"false" become booleans.
Value correct_value(const Value& v);

// Helpers.isTwoValueEquals as expressions use it: case-insensitive, trimmed
// strings, numbers equal to their text, lists equal in any order.
bool values_equal(const Value& x, const Value& y);

// A binary operator by its SurveyJS name: "equal", "notequal", "less",
// "greater", "lessorequal", "greaterorequal", "contains", "notcontains",
// "anyof", "allof", "noneof". Unknown names give false.
bool apply(std::string_view op, const Value& left, const Value& right);

}  // namespace sos::import::sj
