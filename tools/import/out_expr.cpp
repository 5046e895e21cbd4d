// This file offers the converted survey's expression tree: builders that
// simplify, and a printer that brackets only where the grammar's precedence
// needs it (docs/expressions.md, "Precedence").
#include "import/out_expr.h"

#include <cmath>

#include "sos/detail/number.h"

namespace sos::import::out {
namespace {

NodePtr make(Node n) { return std::make_shared<const Node>(std::move(n)); }

// Levels of docs/expressions.md: or 1, and 2, not 3, comparison 4, + - 5,
// * / % 6, unary minus 7, primary 8.
int level(const Node& n) {
  switch (n.kind) {
    case Node::Kind::number: return n.number < 0 ? 7 : 8;
    case Node::Kind::string:
    case Node::Kind::boolean:
    case Node::Kind::list:
    case Node::Kind::ref:
    case Node::Kind::call: return 8;
    case Node::Kind::logical_not: return 3;
    case Node::Kind::negate: return 7;
    case Node::Kind::postfix: return 4;
    case Node::Kind::binary:
      if (n.text == "or") return 1;
      if (n.text == "and") return 2;
      if (n.text == "+" || n.text == "-") return 5;
      if (n.text == "*" || n.text == "/" || n.text == "%") return 6;
      return 4;
  }
  return 8;
}

std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string literal(const Node& n) {
  switch (n.kind) {
    case Node::Kind::number: return detail::format_number(n.number == 0 ? 0.0 : n.number);
    case Node::Kind::string: return quote(n.text);
    case Node::Kind::boolean: return n.boolean ? "true" : "false";
    default: return "";
  }
}

std::string print_at(const NodePtr& node, int min_level);

std::string print_node(const Node& n) {
  switch (n.kind) {
    case Node::Kind::number:
    case Node::Kind::string:
    case Node::Kind::boolean: return literal(n);
    case Node::Kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < n.children.size(); ++i) out += (i ? ", " : "") + literal(*n.children[i]);
      return out + "]";
    }
    case Node::Kind::ref: return "{" + n.text + "}";
    case Node::Kind::call: {
      std::string out = n.text + "(";
      for (std::size_t i = 0; i < n.children.size(); ++i) out += (i ? ", " : "") + print_at(n.children[i], 1);
      return out + ")";
    }
    case Node::Kind::logical_not: return "not " + print_at(n.children[0], 3);
    case Node::Kind::negate: return "-" + print_at(n.children[0], 7);
    case Node::Kind::postfix: return print_at(n.children[0], 5) + " " + n.text;
    case Node::Kind::binary: {
      int own = level(n);
      // Left-associative chains keep their left side; comparisons do not chain.
      int left = own == 4 ? 5 : own;
      return print_at(n.children[0], left) + " " + n.text + " " + print_at(n.children[1], own + 1);
    }
  }
  return "";
}

std::string print_at(const NodePtr& node, int min_level) {
  std::string text = print_node(*node);
  return level(*node) < min_level ? "(" + text + ")" : text;
}

const char* opposite(const std::string& op) {
  if (op == "=") return "!=";
  if (op == "!=") return "=";
  if (op == "in") return "notin";
  if (op == "notin") return "in";
  if (op == "contains") return "notcontains";
  if (op == "notcontains") return "contains";
  return nullptr;
}

}  // namespace

NodePtr number(double value) {
  Node n;
  n.kind = Node::Kind::number;
  n.number = value;
  return make(std::move(n));
}
NodePtr string(std::string value) {
  Node n;
  n.kind = Node::Kind::string;
  n.text = std::move(value);
  return make(std::move(n));
}
NodePtr boolean(bool value) {
  Node n;
  n.kind = Node::Kind::boolean;
  n.boolean = value;
  return make(std::move(n));
}
NodePtr list(std::vector<NodePtr> literals) {
  Node n;
  n.kind = Node::Kind::list;
  n.children = std::move(literals);
  return make(std::move(n));
}
NodePtr ref(std::string id) {
  Node n;
  n.kind = Node::Kind::ref;
  n.text = std::move(id);
  return make(std::move(n));
}
NodePtr binary(std::string op, NodePtr left, NodePtr right) {
  Node n;
  n.kind = Node::Kind::binary;
  n.text = std::move(op);
  n.children = {std::move(left), std::move(right)};
  return make(std::move(n));
}
NodePtr negate(NodePtr operand) {
  Node n;
  n.kind = Node::Kind::negate;
  n.children = {std::move(operand)};
  return make(std::move(n));
}
NodePtr postfix(std::string op, NodePtr operand) {
  Node n;
  n.kind = Node::Kind::postfix;
  n.text = std::move(op);
  n.children = {std::move(operand)};
  return make(std::move(n));
}
NodePtr call(std::string name, std::vector<NodePtr> args) {
  Node n;
  n.kind = Node::Kind::call;
  n.text = std::move(name);
  n.children = std::move(args);
  return make(std::move(n));
}

bool is_literal(const NodePtr& node, bool value) {
  return node->kind == Node::Kind::boolean && node->boolean == value;
}

NodePtr all_of(std::vector<NodePtr> parts) {
  NodePtr out;
  for (NodePtr& part : parts) {
    if (is_literal(part, false)) return boolean(false);
    if (is_literal(part, true)) continue;
    out = out ? binary("and", out, part) : part;
  }
  return out ? out : boolean(true);
}

NodePtr any_of(std::vector<NodePtr> parts) {
  NodePtr out;
  for (NodePtr& part : parts) {
    if (is_literal(part, true)) return boolean(true);
    if (is_literal(part, false)) continue;
    out = out ? binary("or", out, part) : part;
  }
  return out ? out : boolean(false);
}

NodePtr logical_not(NodePtr operand) {
  const Node& n = *operand;
  if (n.kind == Node::Kind::boolean) return boolean(!n.boolean);
  if (n.kind == Node::Kind::postfix) return postfix(n.text == "empty" ? "notempty" : "empty", n.children[0]);
  if (n.kind == Node::Kind::binary)
    if (const char* op = opposite(n.text)) return binary(op, n.children[0], n.children[1]);
  if (n.kind == Node::Kind::binary && (n.text == "and" || n.text == "or")) {
    // De Morgan, when both sides have an opposite of their own:
    // not ({a} notempty and {a} != '0') is {a} empty or {a} = '0'.
    NodePtr left = logical_not(n.children[0]), right = logical_not(n.children[1]);
    if (left->kind != Node::Kind::logical_not && right->kind != Node::Kind::logical_not)
      return n.text == "and" ? any_of({left, right}) : all_of({left, right});
  }
  Node out;
  out.kind = Node::Kind::logical_not;
  out.children = {std::move(operand)};
  return make(std::move(out));
}

std::string print(const NodePtr& node) { return print_at(node, 1); }

}  // namespace sos::import::out
