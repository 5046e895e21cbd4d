// This file offers detail::canonical, the printer of compiled expressions.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "expr_eval.h"

namespace sos::detail {
namespace {

std::string_view spelling(Op op) {
  switch (op) {
    case Op::empty:
      return "empty";
    case Op::notempty:
      return "notempty";
    case Op::logical_or:
      return "or";
    case Op::logical_and:
      return "and";
    case Op::eq:
      return "=";
    case Op::ne:
      return "!=";
    case Op::lt:
      return "<";
    case Op::le:
      return "<=";
    case Op::gt:
      return ">";
    case Op::ge:
      return ">=";
    case Op::contains:
      return "contains";
    case Op::notcontains:
      return "notcontains";
    case Op::in:
      return "in";
    case Op::notin:
      return "notin";
    case Op::anyof:
      return "anyof";
    case Op::allof:
      return "allof";
    case Op::add:
      return "+";
    case Op::sub:
      return "-";
    case Op::mul:
      return "*";
    case Op::div:
      return "/";
    case Op::mod:
      return "%";
    default:
      return "";
  }
}

// Recursion as deep as the tree, which the parser bounds.
void print(const Tree& tree, std::uint32_t index, std::string& out) {
  const Node& node = tree.nodes[index];
  std::span<const std::uint32_t> operands = tree.operands_of(node);
  switch (node.op) {
    case Op::literal:
      out += node.value.to_string();
      return;
    case Op::answer:
      out += '{';
      out += tree.answer_refs[node.ref];
      out += '}';
      return;
    case Op::group:
      out += "{group.";
      out += tree.group_refs[node.ref];
      out += '}';
      return;
    case Op::call:
      out += function_name(node.function);
      out += '(';
      for (std::size_t i = 0; i < operands.size(); ++i) {
        if (i > 0) out += ", ";
        print(tree, operands[i], out);
      }
      out += ')';
      return;
    case Op::negate:
      out += "(-";
      print(tree, operands[0], out);
      out += ')';
      return;
    case Op::logical_not:
      out += "(not ";
      print(tree, operands[0], out);
      out += ')';
      return;
    case Op::empty:
    case Op::notempty:
      out += '(';
      print(tree, operands[0], out);
      out += ' ';
      out += spelling(node.op);
      out += ')';
      return;
    default:
      out += '(';
      print(tree, operands[0], out);
      out += ' ';
      out += spelling(node.op);
      out += ' ';
      print(tree, operands[1], out);
      out += ')';
      return;
  }
}

}  // namespace

std::string canonical(const Tree& tree) {
  std::string out;
  if (!tree.nodes.empty()) print(tree, tree.root, out);
  return out;
}

}  // namespace sos::detail
