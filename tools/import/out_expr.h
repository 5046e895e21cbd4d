// Expressions of the converted survey (docs/expressions.md) as a small tree
// the importer builds, simplifies and prints with as few brackets as the
// grammar allows.
//
//   using namespace sos::import::out;
//   auto e = all_of({binary("=", ref("q1"), string("yes")), postfix("notempty", ref("q2"))});
//   print(e);  // "{q1} = 'yes' and {q2} notempty"
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sos::import::out {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Node {
  enum class Kind { number, string, boolean, list, ref, binary, logical_not, negate, postfix, call };
  Kind kind = Kind::boolean;
  double number = 0;
  std::string text;  // string literal, ref id, operator, function or postfix name
  bool boolean = false;
  std::vector<NodePtr> children;
};

NodePtr number(double value);
NodePtr string(std::string value);
NodePtr boolean(bool value);
NodePtr list(std::vector<NodePtr> literals);
NodePtr ref(std::string id);
// op: or and = != < <= > >= contains notcontains in notin anyof allof + - * / %
NodePtr binary(std::string op, NodePtr left, NodePtr right);
NodePtr negate(NodePtr operand);
NodePtr postfix(std::string op, NodePtr operand);  // empty, notempty
NodePtr call(std::string name, std::vector<NodePtr> args);

// Builders that fold the literals true and false and turn `not` of a
// comparison into its opposite (`not (a = b)` is `a != b`). Their results are
// meant for conditions: `true and {n}` folds to `{n}`, equal in truthiness.
NodePtr all_of(std::vector<NodePtr> parts);
NodePtr any_of(std::vector<NodePtr> parts);
NodePtr logical_not(NodePtr operand);

bool is_literal(const NodePtr& node, bool value);

std::string print(const NodePtr& node);

}  // namespace sos::import::out
