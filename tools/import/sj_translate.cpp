// This file offers translate_condition: a SurveyJS syntax tree to the
// expression language, with SurveyJS's meaning. The rule it follows: an
// answer with a known set of values (a choice, a boolean, a checkbox) is
// compared by asking SurveyJS's own operator (sj_value.h) about each value
// and writing down which ones pass; numbers keep their operators, with
// SurveyJS's handling of empty values spelled out; anything else is refused
// with a reason rather than translated into something that decides
// differently.
#include "import/sj_translate.h"

#include <algorithm>
#include <cmath>

namespace sos::import {
namespace {

using sj::Node;
using sj::Value;

// survey-core reads an unanswered question as undefined.
const Value kUnanswered{};

struct Untranslatable {
  std::string reason;
};

[[noreturn]] void refuse(std::string reason) { throw Untranslatable{std::move(reason)}; }

struct Term {
  enum class Kind { boolean, number, choice, multi, text, matrix, constant };
  Kind kind = Kind::constant;
  out::NodePtr node;
  const RefInfo* ref = nullptr;
  Value value;  // constant (lists too)
  bool as_is = false;
  bool may_be_empty = false;  // number
  bool integral = false;      // number
};

Term constant(Value v) {
  Term t;
  t.kind = Term::Kind::constant;
  t.value = std::move(v);
  return t;
}

Term boolean_term(out::NodePtr node) {
  Term t;
  t.kind = Term::Kind::boolean;
  t.node = std::move(node);
  return t;
}

bool is_comparison(const std::string& op) {
  static const char* kOps[] = {"equal", "notequal", "less", "greater", "lessorequal", "greaterorequal",
                               "contains", "notcontains", "anyof", "allof", "noneof"};
  return std::find(std::begin(kOps), std::end(kOps), op) != std::end(kOps);
}

// How SurveyJS writes an operator, for reasons given to authors.
std::string spelled(const std::string& op) {
  static const std::pair<const char*, const char*> kSpelling[] = {
      {"equal", "="}, {"notequal", "!="}, {"less", "<"}, {"greater", ">"}, {"lessorequal", "<="},
      {"greaterorequal", ">="}, {"plus", "+"}, {"minus", "-"}, {"mul", "*"}, {"div", "/"}, {"mod", "%"},
      {"power", "^"}};
  for (const auto& [name, text] : kSpelling)
    if (op == name) return text;
  return op;
}

std::string kind_name(Term::Kind kind) {
  switch (kind) {
    case Term::Kind::boolean: return "a condition";
    case Term::Kind::number: return "a number";
    case Term::Kind::choice: return "a choice";
    case Term::Kind::multi: return "a list of choices";
    case Term::Kind::text: return "a text answer";
    case Term::Kind::matrix: return "a whole matrix";
    case Term::Kind::constant: return "a constant";
  }
  return "";
}

out::NodePtr number_literal(double d) { return out::number(d); }

out::NodePtr string_list(const std::vector<std::string>& values) {
  std::vector<out::NodePtr> items;
  for (const std::string& v : values) items.push_back(out::string(v));
  return out::list(std::move(items));
}

bool is_whole(double d) { return std::isfinite(d) && d == std::floor(d); }

class Translator {
 public:
  Translator(const RefResolver& refs, Holds holds) : refs_(refs), strict_(holds == Holds::strictly_true) {}

  std::vector<std::string> differences;

  // The condition holds when SurveyJS's value === true (or == true).
  out::NodePtr holds(const Node& n) {
    if (n.kind == Node::Kind::binary && n.name == "and") {
      no_lists_in_logic(n);
      return out::all_of({truthy(*n.children[0], true), holds(*n.children[1])});
    }
    if (n.kind == Node::Kind::binary && n.name == "or") {
      no_lists_in_logic(n);
      out::NodePtr left_holds = holds(*n.children[0]);
      out::NodePtr left_truthy = truthy(*n.children[0], true);
      out::NodePtr right = holds(*n.children[1]);
      // `a || b` is a when a is truthy: b decides only when a is falsy.
      if (out::print(left_holds) == out::print(left_truthy)) return out::any_of({left_holds, right});
      return out::any_of({left_holds, out::all_of({out::logical_not(left_truthy), right})});
    }
    if (n.kind == Node::Kind::negate) return out::logical_not(truthy(*n.children[0]));
    Term t = value(n);
    bool strict = strict_;
    auto is_true = [strict](const Value& v) {
      return strict ? v.kind == Value::Kind::boolean && v.boolean : sj::js_loose_equals(v, Value::of_bool(true));
    };
    switch (t.kind) {
      case Term::Kind::boolean: return t.node;
      case Term::Kind::constant: return out::boolean(is_true(t.value));
      // a number is never === true; it is == true when it is 1
      case Term::Kind::number: return strict ? out::boolean(false) : out::binary("=", t.node, number_literal(1));
      case Term::Kind::choice: return choice_set(t, is_true, false);
      case Term::Kind::multi:
      case Term::Kind::matrix:
        if (strict) return out::boolean(false);  // a list or an object is never === true
        [[fallthrough]];
      default:
        refuse(kind_name(t.kind) + " used as a whole condition: SurveyJS requires it to be true");
    }
  }

  // JavaScript truthiness of SurveyJS's value. An operand of `and`/`or`
  // (`logic_operand`) is first turned into 0 when it is empty, so an
  // unticked checkbox ([]) is false there, while `!` finds [] true.
  out::NodePtr truthy(const Node& n, bool logic_operand = false) {
    if (n.kind == Node::Kind::binary && (n.name == "and" || n.name == "or")) {
      no_lists_in_logic(n);
      out::NodePtr l = truthy(*n.children[0], true), r = truthy(*n.children[1], true);
      return n.name == "and" ? out::all_of({l, r}) : out::any_of({l, r});
    }
    if (n.kind == Node::Kind::negate) return out::logical_not(truthy(*n.children[0]));
    Term t = value(n);
    switch (t.kind) {
      case Term::Kind::boolean:
      case Term::Kind::number: return t.node;  // a number is true when not 0, as in JavaScript
      case Term::Kind::constant: return out::boolean(sj::js_truthy(t.value));
      case Term::Kind::choice: return choice_set(t, [](const Value& v) { return sj::js_truthy(v); }, false);
      case Term::Kind::multi: return logic_operand ? out::postfix("notempty", t.node) : out::boolean(true);
      case Term::Kind::text:
        note("SurveyJS reads the text answers '0' and 'false' as false; the converted condition reads every "
             "non-empty text as true");
        return out::postfix("notempty", t.node);
      case Term::Kind::matrix: refuse("a whole matrix used as a condition");
    }
    refuse("unexpected value");
  }

 private:
  void note(std::string difference) {
    if (std::find(differences.begin(), differences.end(), difference) == differences.end())
      differences.push_back(std::move(difference));
  }

  // survey-core turns an empty operand of `and`/`or` into [] (which is
  // true) when the other one is a list: too odd to carry, so refused.
  void no_lists_in_logic(const Node& n) {
    auto listish = [&](const Node& child) {
      if (child.kind == Node::Kind::list) return true;
      if (child.kind != Node::Kind::variable) return false;
      const RefInfo* ref = refs_.find(child.name);
      return ref && (ref->kind == RefInfo::Kind::multi || ref->kind == RefInfo::Kind::matrix);
    };
    if (listish(*n.children[0]) && listish(*n.children[1]))
      refuse("two lists used directly as the operands of '" + n.name + "' (write '" +
             sj::to_surveyjs_string(*n.children[0]) + " notempty')");
  }

  Term value(const Node& n) {
    switch (n.kind) {
      case Node::Kind::constant: return constant(n.value);
      case Node::Kind::null: return constant(Value::null_value());  // the literals null, undefined
      case Node::Kind::list: {
        std::vector<Value> items;
        for (const auto& child : n.children) {
          Term item = value(*child);
          if (item.kind != Term::Kind::constant) refuse("a list whose items are not constants");
          items.push_back(item.value);
        }
        return constant(Value::of_list(std::move(items)));
      }
      case Node::Kind::variable: return variable(n);
      case Node::Kind::binary:
        if (n.name == "and" || n.name == "or") return logic_value(n);
        if (is_comparison(n.name)) return compare(n.name, *n.children[0], *n.children[1]);
        return arithmetic(n.name, *n.children[0], *n.children[1]);
      case Node::Kind::negate: {
        const Node& operand = *n.children[0];
        if (operand.kind == Node::Kind::constant || operand.kind == Node::Kind::null)
          return constant(Value::of_bool(!sj::js_truthy(value(operand).value)));
        return boolean_term(out::logical_not(truthy(operand)));
      }
      case Node::Kind::empty:
      case Node::Kind::notempty: return emptiness(n);
      case Node::Kind::call: return function(n);
    }
    refuse("unexpected expression");
  }

  Term variable(const Node& n) {
    const RefInfo* ref = refs_.find(n.name);
    if (!ref) refuse("reads {" + n.name + "}, which is not a question of the converted survey");
    if (ref->kind == RefInfo::Kind::unanswered) return constant(Value());
    Term t;
    t.ref = ref;
    t.as_is = n.as_is;
    t.node = ref->kind == RefInfo::Kind::matrix ? nullptr : out::ref(ref->id);
    switch (ref->kind) {
      case RefInfo::Kind::number:
        t.kind = Term::Kind::number;
        t.may_be_empty = true;
        t.integral = ref->integral;
        break;
      case RefInfo::Kind::choice: t.kind = Term::Kind::choice; break;
      case RefInfo::Kind::multi: t.kind = Term::Kind::multi; break;
      case RefInfo::Kind::text: t.kind = Term::Kind::text; break;
      case RefInfo::Kind::matrix: t.kind = Term::Kind::matrix; break;
      case RefInfo::Kind::unanswered: break;
    }
    return t;
  }

  Term logic_value(const Node& n) {
    Term l = value(*n.children[0]), r = value(*n.children[1]);
    auto as_bool = [](const Term& t) -> out::NodePtr {
      if (t.kind == Term::Kind::boolean) return t.node;
      if (t.kind == Term::Kind::constant && t.value.kind == Value::Kind::boolean) return out::boolean(t.value.boolean);
      return nullptr;
    };
    out::NodePtr a = as_bool(l), b = as_bool(r);
    if (!a || !b) refuse("'" + n.name + "' of values that are not conditions, used as a value");
    return boolean_term(n.name == "and" ? out::all_of({a, b}) : out::any_of({a, b}));
  }

  // The value SurveyJS reads for an option: numeric text becomes a number.
  static Value read(const Term& t, const RefInfo::Option& option) {
    return t.as_is ? option.raw : sj::correct_value(option.raw);
  }

  template <typename Predicate>
  out::NodePtr choice_set(const Term& t, Predicate pass, bool empty_passes) {
    std::vector<std::string> selected, rest;
    for (const RefInfo::Option& option : t.ref->options) (pass(read(t, option)) ? selected : rest).push_back(option.value);
    return membership(t.node, selected, rest, empty_passes);
  }

  // The condition "the answer is one of `selected`" (or empty, when
  // `empty_passes`), in its shorter form.
  static out::NodePtr membership(const out::NodePtr& x, const std::vector<std::string>& selected,
                                 const std::vector<std::string>& rest, bool empty_passes) {
    if (rest.empty()) return empty_passes ? out::boolean(true) : out::postfix("notempty", x);
    if (selected.empty()) return empty_passes ? out::postfix("empty", x) : out::boolean(false);
    out::NodePtr positive = selected.size() == 1 ? out::binary("=", x, out::string(selected[0]))
                                                 : out::binary("in", x, string_list(selected));
    out::NodePtr negative = rest.size() == 1 ? out::binary("!=", x, out::string(rest[0]))
                                             : out::binary("notin", x, string_list(rest));
    std::size_t positive_cost = selected.size() + (empty_passes ? 1 : 0);
    std::size_t negative_cost = rest.size() + (empty_passes ? 0 : 1);
    if (positive_cost <= negative_cost)
      return empty_passes ? out::any_of({out::postfix("empty", x), positive}) : positive;
    return empty_passes ? negative : out::all_of({out::postfix("notempty", x), negative});
  }

  static bool is_iif(const Node& n) { return n.kind == Node::Kind::call && n.name == "iif" && n.children.size() == 3; }

  Term compare(const std::string& op, const Node& l, const Node& r) {
    // iif(c, x, y) compared with a constant is iif(c, x op k, y op k): each
    // branch is then compared on its own terms.
    if (is_iif(l) || is_iif(r)) {
      bool left = is_iif(l);
      const Node& call = left ? l : r;
      const Node& other = left ? r : l;
      if (value(other).kind == Term::Kind::constant) {
        Term x = left ? compare(op, *call.children[1], other) : compare(op, other, *call.children[1]);
        Term y = left ? compare(op, *call.children[2], other) : compare(op, other, *call.children[2]);
        out::NodePtr xn = as_condition(x), yn = as_condition(y);
        if (out::print(xn) == out::print(yn)) return boolean_term(xn);
        return boolean_term(out::call("iif", {truthy(*call.children[0]), xn, yn}));
      }
    }
    return compare_terms(op, value(l), value(r));
  }

  static out::NodePtr as_condition(const Term& t) {
    if (t.kind == Term::Kind::constant) return out::boolean(sj::js_truthy(t.value));
    return t.node;
  }

  Term compare_terms(const std::string& op, const Term& a, const Term& b) {
    if (a.kind == Term::Kind::constant && b.kind == Term::Kind::constant)
      return constant(Value::of_bool(sj::apply(op, a.value, b.value)));
    bool reversed = a.kind == Term::Kind::constant;
    const Term& subject = reversed ? b : a;
    const Term& other = reversed ? a : b;
    if (other.kind == Term::Kind::constant) {
      const Value& c = other.value;
      auto passes = [&](const Value& v) { return reversed ? sj::apply(op, c, v) : sj::apply(op, v, c); };
      switch (subject.kind) {
        case Term::Kind::choice:
          return boolean_term(choice_set(subject, passes, passes(kUnanswered)));
        case Term::Kind::boolean: {
          bool t = passes(Value::of_bool(true)), f = passes(Value::of_bool(false));
          if (t && f) return constant(Value::of_bool(true));
          if (!t && !f) return constant(Value::of_bool(false));
          return boolean_term(t ? subject.node : out::logical_not(subject.node));
        }
        case Term::Kind::number: return boolean_term(number_with_constant(op, subject, c, reversed));
        case Term::Kind::multi:
          if (reversed) break;
          return boolean_term(list_with_constant(op, subject, c));
        case Term::Kind::text:
          if (reversed) break;
          return boolean_term(text_with_constant(op, subject, c));
        default: break;
      }
      refuse(kind_name(subject.kind) + " compared with '" + spelled(op) + "' to the constant " + c.describe());
    }
    return boolean_term(two_answers(op, a, b));
  }

  // number OP constant (or constant OP number), for every number and for
  // the empty answer.
  out::NodePtr number_with_constant(std::string op, const Term& x, const Value& c, bool reversed) {
    if (reversed) {
      static const std::pair<const char*, const char*> kMirror[] = {
          {"equal", "equal"},      {"notequal", "notequal"},         {"less", "greater"},
          {"greater", "less"},     {"lessorequal", "greaterorequal"}, {"greaterorequal", "lessorequal"}};
      bool mirrored = false;
      for (const auto& [from, to] : kMirror)
        if (op == from) {
          op = to;
          mirrored = true;
          break;
        }
      if (!mirrored) refuse("'" + op + "' with a number on its right");
    }
    if (op == "equal") return number_equal(x, c);
    if (op == "notequal") return out::logical_not(number_equal(x, c));
    if (op == "less" || op == "greater") return number_order(op, x, c);
    if (op == "lessorequal" || op == "greaterorequal") {
      out::NodePtr equal = number_equal(x, c);
      out::NodePtr strict = number_order(op == "lessorequal" ? "less" : "greater", x, c);
      const out::Node& e = *equal;
      const out::Node& s = *strict;
      bool same_bound = e.kind == out::Node::Kind::binary && e.text == "=" && s.kind == out::Node::Kind::binary &&
                        e.children[1]->kind == out::Node::Kind::number &&
                        s.children[1]->kind == out::Node::Kind::number &&
                        e.children[1]->number == s.children[1]->number;
      if (same_bound) return out::binary(op == "lessorequal" ? "<=" : ">=", x.node, strict->children[1]);
      return out::any_of({equal, strict});
    }
    if (op == "anyof" || op == "noneof") {
      if (!c.is_list()) refuse("'" + op + "' of a number and a single value");
      if (c.items.empty()) return out::boolean(op == "anyof");
      std::vector<double> numbers;
      for (const Value& item : c.items)
        for (double n : {sj::js_to_number(item), sj::get_number(item)})
          if (std::isfinite(n) && sj::apply("anyof", Value::of_number(n), c) &&
              std::find(numbers.begin(), numbers.end(), n) == numbers.end())
            numbers.push_back(n);
      std::vector<out::NodePtr> items;
      for (double n : numbers) items.push_back(number_literal(n));
      out::NodePtr any = items.empty() ? out::boolean(false) : out::binary("in", x.node, out::list(std::move(items)));
      return op == "anyof" ? any : out::logical_not(any);
    }
    refuse("'" + op + "' on a number");
  }

  // SurveyJS's equality of a number answer and a constant: the numbers that
  // are equal to it (1 for true, 3 for '3'), and the empty answer when the
  // constant is empty ('' or null).
  static out::NodePtr number_equal(const Term& x, const Value& c) {
    std::vector<double> candidates;
    if (c.kind == Value::Kind::number) candidates.push_back(c.number);
    else if (!c.is_list())
      for (double n : {sj::js_to_number(c), sj::get_number(c)})
        if (std::isfinite(n)) candidates.push_back(n);
    std::vector<out::NodePtr> parts;
    if (sj::apply("equal", kUnanswered, c)) parts.push_back(out::postfix("empty", x.node));
    std::vector<double> seen;
    for (double n : candidates) {
      if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
      seen.push_back(n);
      if (sj::apply("equal", Value::of_number(n), c)) parts.push_back(out::binary("=", x.node, number_literal(n)));
    }
    return out::any_of(std::move(parts));
  }

  // JavaScript's < and > between a number and a constant: the constant as a
  // number; never true for an empty answer.
  static out::NodePtr number_order(const std::string& op, const Term& x, const Value& c) {
    if (c.is_nullish()) return out::boolean(false);
    double n = sj::js_to_number(c);
    if (std::isnan(n)) return out::boolean(false);
    return out::binary(op == "less" ? "<" : ">", x.node, number_literal(n));
  }

  // A checkbox answer (a list of option values) and a constant.
  out::NodePtr list_with_constant(const std::string& op, const Term& x, const Value& c) {
    auto matches = [&](const Value& item) {
      std::vector<std::string> out;
      for (const RefInfo::Option& option : x.ref->options)
        if (sj::values_equal(option.raw, item)) out.push_back(option.value);
      return out;
    };
    // "the list holds an option equal to item"
    auto holds_item = [&](const Value& item) -> out::NodePtr {
      std::vector<std::string> m = matches(item);
      if (m.empty()) return out::boolean(false);
      if (m.size() == 1) return out::binary("contains", x.node, out::string(m[0]));
      return out::binary("anyof", x.node, string_list(m));
    };
    // "the list holds an option equal to each item"
    auto holds_all = [&](const std::vector<Value>& items) -> out::NodePtr {
      if (items.empty()) return out::postfix("notempty", x.node);
      std::vector<std::string> singles;
      std::vector<out::NodePtr> parts;
      bool all_single = true;
      for (const Value& item : items) {
        std::vector<std::string> m = matches(item);
        if (m.empty()) return out::boolean(false);
        all_single = all_single && m.size() == 1;
        if (m.size() == 1) singles.push_back(m[0]);
        parts.push_back(holds_item(item));
      }
      if (all_single) return out::binary("allof", x.node, string_list(singles));
      return out::all_of(std::move(parts));
    };
    auto holds_any = [&](const Value& right) -> out::NodePtr {
      if (sj::is_empty(right)) return out::boolean(true);
      if (!right.is_list()) return holds_item(right);
      std::vector<std::string> all;
      for (const Value& item : right.items)
        for (const std::string& m : matches(item))
          if (std::find(all.begin(), all.end(), m) == all.end()) all.push_back(m);
      if (all.empty()) return out::boolean(false);
      return out::binary("anyof", x.node, string_list(all));
    };
    // survey-core reads an unanswered checkbox as [], not undefined
    const Value unticked = Value::of_list({});
    bool empty_passes = sj::apply(op, unticked, c);
    if (op == "contains") return c.is_list() ? holds_all(c.items) : holds_item(c);
    if (op == "notcontains") {
      out::NodePtr missing = out::logical_not(c.is_list() ? holds_all(c.items) : holds_item(c));
      return empty_passes ? missing : out::all_of({out::postfix("notempty", x.node), missing});
    }
    if (op == "anyof") return holds_any(c);
    if (op == "noneof") return out::logical_not(holds_any(c));
    if (op == "allof") {
      if (c.is_list()) return c.items.empty() ? out::boolean(true) : holds_all(c.items);
      return holds_item(c);
    }
    if (op == "equal" || op == "notequal") {
      out::NodePtr equal;
      if (c.is_list() && !c.items.empty()) {
        std::vector<std::string> singles;
        for (const Value& item : c.items) {
          // survey-core sorts both lists by their text before comparing item
          // by item: only items written exactly as an option compare safely.
          std::vector<std::string> m;
          for (const RefInfo::Option& option : x.ref->options)
            if (option.raw.kind == item.kind && sj::js_to_string(option.raw) == sj::js_to_string(item))
              m.push_back(option.value);
          if (m.size() != 1 || matches(item).size() != 1 ||
              std::find(singles.begin(), singles.end(), m[0]) != singles.end())
            refuse("a list of choices compared with " + c.describe() +
                   ", whose items SurveyJS matches to options ambiguously");
          singles.push_back(m[0]);
        }
        equal = out::all_of({out::binary("allof", x.node, string_list(singles)),
                             out::binary("=", out::call("count", {x.node}),
                                         number_literal(static_cast<double>(singles.size())))});
      } else {
        // A list never equals a single value or [] in survey-core; only the
        // empty answer can equal an empty constant.
        equal = out::boolean(false);
      }
      bool empty_equal = sj::apply("equal", unticked, c);
      if (empty_equal) equal = out::any_of({out::postfix("empty", x.node), equal});
      return op == "equal" ? equal : out::logical_not(equal);
    }
    refuse("'" + spelled(op) + "' on a list of choices");
  }

  out::NodePtr text_with_constant(const std::string& op, const Term& x, const Value& c) {
    bool empty_constant = c.is_nullish() || (c.kind == Value::Kind::string && c.string.empty());
    if ((op == "equal" || op == "notequal") && empty_constant)
      return out::postfix(op == "equal" ? "empty" : "notempty", x.node);
    bool plain = (c.kind == Value::Kind::string && !c.string.empty()) || c.kind == Value::Kind::number;
    if (plain && (op == "equal" || op == "notequal" || op == "contains" || op == "notcontains")) {
      note("SurveyJS compares text answers ignoring letter case and surrounding spaces, and reads numeric text as a "
           "number; the converted condition compares the text exactly");
      static const std::pair<const char*, const char*> kOps[] = {
          {"equal", "="}, {"notequal", "!="}, {"contains", "contains"}, {"notcontains", "notcontains"}};
      std::string ours;
      for (const auto& [from, to] : kOps)
        if (op == from) ours = to;
      return out::binary(ours, x.node, out::string(sj::js_to_string(c)));
    }
    refuse("'" + spelled(op) + "' between a text answer and " + c.describe());
  }

  // Two answers (or computed values) compared with each other.
  out::NodePtr two_answers(const std::string& op, const Term& a, const Term& b) {
    using K = Term::Kind;
    static const std::pair<const char*, const char*> kOps[] = {
        {"equal", "="}, {"notequal", "!="}, {"less", "<"}, {"greater", ">"}, {"lessorequal", "<="},
        {"greaterorequal", ">="}};
    std::string ours;
    for (const auto& [from, to] : kOps)
      if (op == from) ours = to;
    if (a.kind == K::number && b.kind == K::number && !ours.empty()) {
      out::NodePtr direct = out::binary(ours, a.node, b.node);
      // survey-core's <= and >= are "equal or less": two empty answers are equal.
      if ((op == "lessorequal" || op == "greaterorequal") && a.may_be_empty && b.may_be_empty)
        return out::any_of({direct, out::all_of({out::postfix("empty", a.node), out::postfix("empty", b.node)})});
      return direct;
    }
    if (a.kind == K::boolean && b.kind == K::boolean && (op == "equal" || op == "notequal"))
      return out::binary(ours, a.node, b.node);
    if (a.kind == K::choice && b.kind == K::choice && (op == "equal" || op == "notequal")) {
      for (const RefInfo::Option& x : a.ref->options)
        for (const RefInfo::Option& y : b.ref->options)
          if (sj::values_equal(read(a, x), read(b, y)) != (x.value == y.value))
            refuse("compares two choices whose options SurveyJS matches differently (" + x.raw.describe() + " and " +
                   y.raw.describe() + ")");
      return out::binary(ours, a.node, b.node);
    }
    refuse("'" + spelled(op) + "' between " + kind_name(a.kind) + " and " + kind_name(b.kind));
  }

  Term emptiness(const Node& n) {
    bool want_empty = n.kind == Node::Kind::empty;
    Term x = value(*n.children[0]);
    if (x.kind == Term::Kind::constant) return constant(Value::of_bool(sj::is_empty(x.value) == want_empty));
    if (x.kind == Term::Kind::matrix) {
      std::vector<out::NodePtr> rows;
      for (const RefInfo* row : x.ref->rows) rows.push_back(out::postfix(want_empty ? "empty" : "notempty", out::ref(row->id)));
      return boolean_term(want_empty ? out::all_of(std::move(rows)) : out::any_of(std::move(rows)));
    }
    if (x.kind == Term::Kind::boolean) return constant(Value::of_bool(!want_empty));
    return boolean_term(out::postfix(want_empty ? "empty" : "notempty", x.node));
  }

  // An operand of arithmetic: a number, where survey-core reads empty as 0.
  Term numeric(const Term& t, const std::string& op) {
    if (t.kind == Term::Kind::number) return t;
    if (t.kind == Term::Kind::constant) {
      if (t.value.kind == Value::Kind::number) {
        Term n;
        n.kind = Term::Kind::number;
        n.node = number_literal(t.value.number);
        n.integral = is_whole(t.value.number);
        return n;
      }
      if (t.value.is_nullish()) return numeric(constant(Value::of_number(0)), op);
    }
    refuse("'" + spelled(op) + "' applied to " + (t.kind == Term::Kind::constant ? t.value.describe() : kind_name(t.kind)) +
           ": only numbers are carried in arithmetic");
  }

  static out::NodePtr as_number(const Term& t) {
    return t.may_be_empty ? out::call("sum", {t.node}) : t.node;
  }

  Term arithmetic(const std::string& op, const Node& l, const Node& r) {
    Term a = numeric(value(l), op), b = numeric(value(r), op);
    Term result;
    result.kind = Term::Kind::number;
    if (op == "plus") {
      // survey-core adds an empty answer as 0, as sum() does.
      if (a.may_be_empty && b.may_be_empty) {
        std::vector<out::NodePtr> args;
        for (const Term* t : {&a, &b}) {
          if (t->node->kind == out::Node::Kind::call && t->node->text == "sum")
            args.insert(args.end(), t->node->children.begin(), t->node->children.end());
          else
            args.push_back(t->node);
        }
        result.node = out::call("sum", std::move(args));
      } else {
        result.node = out::binary("+", as_number(a), as_number(b));
      }
    } else if (op == "minus" || op == "mul") {
      result.node = out::binary(op == "minus" ? "-" : "*", as_number(a), as_number(b));
    } else if (op == "div" || op == "mod") {
      result.node = out::binary(op == "div" ? "/" : "%", as_number(a), as_number(b));
      result.may_be_empty = true;  // x / 0 is empty in both languages
      result.integral = op == "mod" && a.integral && b.integral;
      return result;
    } else if (op == "power") {
      Term exponent = value(r);
      if (exponent.kind != Term::Kind::constant || exponent.value.kind != Value::Kind::number ||
          !is_whole(exponent.value.number) || exponent.value.number < 0 || exponent.value.number > 3)
        refuse("'^' with an exponent other than 0, 1, 2 or 3");
      int times = static_cast<int>(exponent.value.number);
      result.node = times == 0 ? number_literal(1) : as_number(a);
      for (int i = 1; i < times; ++i) result.node = out::binary("*", result.node, as_number(a));
      result.integral = a.integral;
      return result;
    } else {
      refuse("the operator '" + op + "'");
    }
    result.integral = a.integral && b.integral;
    if (!result.integral)
      note("SurveyJS rounds the results of + - * to the decimals of their operands (0.1 + 0.2 is 0.3); the converted "
           "condition computes in binary fractions (0.30000000000000004)");
    return result;
  }

  // The arguments of sum, avg, min and max: numbers only, as survey-core
  // would turn numeric text into numbers and the expression language does not.
  std::vector<Term> number_args(const Node& call) {
    std::vector<Term> out;
    for (const auto& arg : call.children) {
      Term t = value(*arg);
      if (t.kind == Term::Kind::constant && t.value.is_nullish()) continue;  // skipped by both
      if (t.kind == Term::Kind::constant && t.value.is_list()) {
        std::vector<out::NodePtr> items;
        bool whole = true;
        for (const Value& item : t.value.items) {
          if (item.is_nullish()) continue;
          if (item.kind != Value::Kind::number) refuse(call.name + "() of a list with items that are not numbers");
          items.push_back(number_literal(item.number));
          whole = whole && is_whole(item.number);
        }
        Term list;
        list.kind = Term::Kind::number;
        list.node = out::list(std::move(items));
        list.integral = whole;
        out.push_back(list);
        continue;
      }
      Term n = numeric(t, call.name + "()");
      out.push_back(n);
    }
    return out;
  }

  Term function(const Node& call) {
    const std::string& name = call.name;
    Term result;
    result.kind = Term::Kind::number;
    if (name == "iif") {
      if (call.children.size() != 3)
        refuse("iif() with " + std::to_string(call.children.size()) + " arguments (the converted survey needs 3)");
      out::NodePtr condition = truthy(*call.children[0]);
      Term x = value(*call.children[1]), y = value(*call.children[2]);
      auto is_bool = [](const Term& t) {
        return t.kind == Term::Kind::boolean || (t.kind == Term::Kind::constant && t.value.kind == Value::Kind::boolean);
      };
      auto is_num = [](const Term& t) {
        return t.kind == Term::Kind::number || (t.kind == Term::Kind::constant && t.value.kind == Value::Kind::number);
      };
      if (is_bool(x) && is_bool(y))
        return boolean_term(out::call("iif", {condition, as_condition(x), as_condition(y)}));
      if (is_num(x) && is_num(y)) {
        Term a = numeric(x, "iif()"), b = numeric(y, "iif()");
        result.node = out::call("iif", {condition, a.node, b.node});
        result.may_be_empty = a.may_be_empty || b.may_be_empty;
        result.integral = a.integral && b.integral;
        return result;
      }
      refuse("iif() whose results are " + kind_name(x.kind) + " and " + kind_name(y.kind) +
             " (compare its result with a constant instead)");
    }
    if (name == "sum" || name == "avg" || name == "min" || name == "max") {
      std::vector<Term> args = number_args(call);
      if (args.empty()) {
        if (name == "sum" || name == "avg") return numeric(constant(Value::of_number(0)), name);
        return constant(Value());
      }
      std::vector<out::NodePtr> nodes;
      bool all_may_be_empty = true, integral = true;
      for (const Term& t : args) {
        nodes.push_back(t.node);
        all_may_be_empty = all_may_be_empty && t.may_be_empty;
        integral = integral && t.integral;
      }
      result.node = out::call(name, std::move(nodes));
      if (name == "sum") {
        result.integral = integral;
      } else if (name == "avg") {
        // survey-core's avg of nothing is 0, the expression language's empty.
        if (all_may_be_empty) result.node = out::call("sum", {result.node});
      } else {
        result.may_be_empty = all_may_be_empty;
        result.integral = integral;
      }
      return result;
    }
    if (name == "count") {
      std::vector<out::NodePtr> nodes;
      for (const auto& arg : call.children) {
        Term t = value(*arg);
        if (t.kind == Term::Kind::constant) {
          if (t.value.is_nullish()) continue;
          if (t.value.kind == Value::Kind::string && t.value.string.empty())
            refuse("count('') : SurveyJS counts an empty text, the converted survey does not");
          if (t.value.is_list()) {
            std::vector<out::NodePtr> items;
            for (const Value& item : t.value.items) {
              if (item.is_nullish()) continue;
              if (item.kind == Value::Kind::string) items.push_back(out::string(item.string));
              else if (item.kind == Value::Kind::number) items.push_back(number_literal(item.number));
              else if (item.kind == Value::Kind::boolean) items.push_back(out::boolean(item.boolean));
              else refuse("count() of nested lists");
              if (item.kind == Value::Kind::string && item.string.empty()) refuse("count() of a list holding ''");
            }
            nodes.push_back(out::list(std::move(items)));
          } else if (t.value.kind == Value::Kind::string) {
            nodes.push_back(out::string(t.value.string));
          } else if (t.value.kind == Value::Kind::number) {
            nodes.push_back(number_literal(t.value.number));
          } else {
            nodes.push_back(out::boolean(t.value.boolean));
          }
          continue;
        }
        if (t.kind == Term::Kind::matrix) refuse("count() of a whole matrix");
        nodes.push_back(t.node);
      }
      if (nodes.empty()) return numeric(constant(Value::of_number(0)), name);
      result.node = out::call("count", std::move(nodes));
      result.integral = true;
      return result;
    }
    if (name == "round") {
      if (call.children.size() != 1) refuse("round() with a precision");
      Term x = numeric(value(*call.children[0]), "round()");
      note("SurveyJS rounds halves of negative numbers up (-2.5 to -2); the converted condition rounds them away "
           "from zero (-3)");
      result.node = out::call("round", {x.node});
      result.may_be_empty = x.may_be_empty;
      result.integral = true;
      return result;
    }
    static const char* kNoEquivalent[] = {
        "age",         "today",       "currentDate", "currentYear", "year",       "month",       "day",
        "weekday",     "getDate",     "dateDiff",    "dateAdd",     "dateDiffMonths", "trunc", "isContainerReady",
        "isDisplayMode", "displayValue", "propertyValue", "sumInArray", "maxInArray", "minInArray", "avgInArray",
        "countInArray", "getInArray"};
    if (std::find(std::begin(kNoEquivalent), std::end(kNoEquivalent), name) != std::end(kNoEquivalent))
      refuse("the SurveyJS function " + name + "() has no equivalent in the converted survey");
    refuse(name + "() is not a SurveyJS function the converter knows (a custom function?)");
  }

  const RefResolver& refs_;
  bool strict_;
};

}  // namespace

Result<Translation> translate_condition(const sj::Node& root, const RefResolver& refs, Holds holds) {
  Translator translator(refs, holds);
  try {
    out::NodePtr condition = translator.holds(root);
    return Translation{condition, translator.differences};
  } catch (const Untranslatable& e) {
    return Error{"import.untranslatable", "", e.reason};
  }
}

}  // namespace sos::import
