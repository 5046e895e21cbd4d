// This file offers detail::evaluate, the semantics of the expression language.
#include "expr_eval.h"

#include <cmath>
#include <cstdint>

namespace sos::detail {
namespace {

// Unanswered, '' and [] all count as "empty" for `empty`, count and answered.
bool is_blank(const Value& v) {
  switch (v.kind()) {
    case ValueKind::empty:
      return true;
    case ValueKind::string:
      return v.as_string().empty();
    case ValueKind::list:
      return v.as_list().empty();
    default:
      return false;
  }
}

bool both_numbers(const Value& a, const Value& b) {
  return a.kind() == ValueKind::number && b.kind() == ValueKind::number;
}

// Overflow (1e308 * 10) would otherwise leak inf and nan into comparisons
// and reports; an arithmetic result that is not finite is empty.
Value finite(double d) { return std::isfinite(d) ? Value::number(d) : Value(); }

Value arithmetic(Op op, const Value& a, const Value& b) {
  if (!both_numbers(a, b)) return {};
  double x = a.as_number(), y = b.as_number();
  switch (op) {
    case Op::add:
      return finite(x + y);
    case Op::sub:
      return finite(x - y);
    case Op::mul:
      return finite(x * y);
    case Op::div:
      return y == 0 ? Value() : finite(x / y);
    case Op::mod:
      return y == 0 ? Value() : finite(std::fmod(x, y));
    default:
      return {};
  }
}

bool ordered(Op op, const Value& a, const Value& b) {
  int order;
  if (both_numbers(a, b)) {
    double x = a.as_number(), y = b.as_number();
    order = x < y ? -1 : (x > y ? 1 : 0);
  } else if (a.kind() == ValueKind::string && b.kind() == ValueKind::string) {
    // char_traits<char> compares as unsigned char: bytewise, like memcmp.
    order = a.as_string().compare(b.as_string());
  } else {
    return false;
  }
  switch (op) {
    case Op::lt:
      return order < 0;
    case Op::le:
      return order <= 0;
    case Op::gt:
      return order > 0;
    case Op::ge:
      return order >= 0;
    default:
      return false;
  }
}

bool list_has(std::span<const Value> list, const Value& item) {
  for (const Value& element : list)
    if (element == item) return true;
  return false;
}

bool contains(const Value& a, const Value& b) {
  if (a.kind() == ValueKind::list) return list_has(a.as_list(), b);
  if (a.kind() == ValueKind::string && b.kind() == ValueKind::string)
    return a.as_string().find(b.as_string()) != std::string_view::npos;
  return false;
}

// A single answer (a choice) stands for the list of that one answer, so
// `{choice} anyof ['a', 'b']` reads like `{multichoice} anyof [...]`.
bool as_elements(const Value& a, std::span<const Value>& out) {
  if (a.kind() == ValueKind::list) {
    out = a.as_list();
    return true;
  }
  if (a.is_empty()) return false;
  out = std::span<const Value>(&a, 1);
  return true;
}

bool anyof(const Value& a, const Value& b) {
  std::span<const Value> elements;
  if (!as_elements(a, elements) || b.kind() != ValueKind::list) return false;
  for (const Value& element : elements)
    if (list_has(b.as_list(), element)) return true;
  return false;
}

bool allof(const Value& a, const Value& b) {
  std::span<const Value> elements;
  if (!as_elements(a, elements) || b.kind() != ValueKind::list) return false;
  for (const Value& wanted : b.as_list())
    if (!list_has(elements, wanted)) return false;
  return true;
}

// The numbers among a function's arguments and inside its list arguments.
struct Numbers {
  void add(const Value& v) {
    if (v.kind() == ValueKind::number) take(v.as_number());
    if (v.kind() == ValueKind::list)
      for (const Value& element : v.as_list())
        if (element.kind() == ValueKind::number) take(element.as_number());
  }
  void take(double d) {
    sum += d;
    min = count == 0 || d < min ? d : min;
    max = count == 0 || d > max ? d : max;
    ++count;
  }

  double sum = 0;
  double min = 0;
  double max = 0;
  std::uint32_t count = 0;
};

class Evaluator {
 public:
  Evaluator(const Tree& tree, std::span<const int> answer_slots, std::span<const int> group_slots, const Scope& scope)
      : tree_(tree), answer_slots_(answer_slots), group_slots_(group_slots), scope_(scope) {}

  Value eval(std::uint32_t index) const {
    const Node& node = tree_.nodes[index];
    std::span<const std::uint32_t> operands = tree_.operands_of(node);
    switch (node.op) {
      case Op::literal:
        return node.value;
      case Op::answer:
        return read(scope_.answers, answer_slots_, node.ref);
      case Op::group:
        return read(scope_.group, group_slots_, node.ref);
      case Op::call:
        return call(node.function, operands);
      case Op::logical_and:
        return Value::boolean(eval(operands[0]).truthy() && eval(operands[1]).truthy());
      case Op::logical_or:
        return Value::boolean(eval(operands[0]).truthy() || eval(operands[1]).truthy());
      default:
        break;
    }
    Value a = eval(operands[0]);
    switch (node.op) {
      case Op::negate:
        return a.kind() == ValueKind::number ? finite(-a.as_number()) : Value();
      case Op::logical_not:
        return Value::boolean(!a.truthy());
      case Op::empty:
        return Value::boolean(is_blank(a));
      case Op::notempty:
        return Value::boolean(!is_blank(a));
      default:
        break;
    }
    Value b = eval(operands[1]);
    switch (node.op) {
      case Op::eq:
        return Value::boolean(a == b);
      case Op::ne:
        return Value::boolean(!(a == b));
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
        return Value::boolean(ordered(node.op, a, b));
      case Op::contains:
        return Value::boolean(contains(a, b));
      case Op::notcontains:
        return Value::boolean(!contains(a, b));
      case Op::in:
        return Value::boolean(contains(b, a));
      case Op::notin:
        return Value::boolean(!contains(b, a));
      case Op::anyof:
        return Value::boolean(anyof(a, b));
      case Op::allof:
        return Value::boolean(allof(a, b));
      default:
        return arithmetic(node.op, a, b);
    }
  }

 private:
  static Value read(std::span<const Value> values, std::span<const int> slots, std::uint32_t ref) {
    if (ref >= slots.size()) return {};
    int slot = slots[ref];
    if (slot < 0 || static_cast<std::size_t>(slot) >= values.size()) return {};
    return values[static_cast<std::size_t>(slot)];
  }

  Value call(Function function, std::span<const std::uint32_t> args) const {
    switch (function) {
      case Function::iif:
        return eval(args[0]).truthy() ? eval(args[1]) : eval(args[2]);
      case Function::abs: {
        Value x = eval(args[0]);
        return x.kind() == ValueKind::number ? Value::number(std::fabs(x.as_number())) : Value();
      }
      case Function::round: {
        Value x = eval(args[0]);
        // std::round rounds halves away from zero, as survey authors expect.
        return x.kind() == ValueKind::number ? Value::number(std::round(x.as_number())) : Value();
      }
      case Function::count: {
        double n = 0;
        for (std::uint32_t arg : args) {
          Value v = eval(arg);
          n += v.kind() == ValueKind::list ? static_cast<double>(v.as_list().size()) : (is_blank(v) ? 0 : 1);
        }
        return Value::number(n);
      }
      case Function::answered: {
        double n = 0;
        for (std::uint32_t arg : args) n += is_blank(eval(arg)) ? 0 : 1;
        return Value::number(n);
      }
      default:
        break;
    }
    Numbers numbers;
    for (std::uint32_t arg : args) numbers.add(eval(arg));
    if (function == Function::sum) return finite(numbers.sum);
    if (numbers.count == 0) return {};
    switch (function) {
      case Function::avg:
        return finite(numbers.sum / numbers.count);
      case Function::min:
        return Value::number(numbers.min);
      case Function::max:
        return Value::number(numbers.max);
      default:
        return {};
    }
  }

  const Tree& tree_;
  std::span<const int> answer_slots_;
  std::span<const int> group_slots_;
  const Scope& scope_;
};

}  // namespace

Value evaluate(const Tree& tree, std::span<const int> answer_slots, std::span<const int> group_slots,
               const Scope& scope) {
  if (tree.nodes.empty()) return {};
  return Evaluator(tree, answer_slots, group_slots, scope).eval(tree.root);
}

}  // namespace sos::detail
