// The compiled form of an expression: a flat, immutable syntax tree that the
// parser builds once and the evaluator and the canonical printer walk.
#pragma once

#include <array>
#include <cstdint>
#include <forward_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sos/value.h"

namespace sos::detail {

enum class Op : std::uint8_t {
  // Leaves.
  literal,  // Node::value: a number, string, boolean or constant list
  answer,   // {id}: Node::ref indexes Tree::answer_refs
  group,    // {group.id}: Node::ref indexes Tree::group_refs
  // One operand.
  negate,
  logical_not,
  empty,
  notempty,
  // Two operands.
  logical_or,
  logical_and,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  contains,
  notcontains,
  in,
  notin,
  anyof,
  allof,
  add,
  sub,
  mul,
  div,
  mod,
  // Node::function applied to its operands.
  call,
};

enum class Function : std::uint8_t { count, answered, sum, avg, min, max, iif, abs, round };

struct FunctionInfo {
  std::string_view name;
  Function function;
  std::uint32_t min_args;
  std::uint32_t max_args;
};

inline constexpr std::uint32_t kAnyNumberOfArgs = 0xffffffff;

inline constexpr std::array<FunctionInfo, 9> kFunctions = {{
    {"count", Function::count, 1, kAnyNumberOfArgs},
    {"answered", Function::answered, 1, kAnyNumberOfArgs},
    {"sum", Function::sum, 1, kAnyNumberOfArgs},
    {"avg", Function::avg, 1, kAnyNumberOfArgs},
    {"min", Function::min, 1, kAnyNumberOfArgs},
    {"max", Function::max, 1, kAnyNumberOfArgs},
    {"iif", Function::iif, 3, 3},
    {"abs", Function::abs, 1, 1},
    {"round", Function::round, 1, 1},
}};

// function_name() indexes the table by the enum.
static_assert([] {
  for (std::size_t i = 0; i < kFunctions.size(); ++i)
    if (static_cast<std::size_t>(kFunctions[i].function) != i) return false;
  return true;
}());

inline std::string_view function_name(Function function) { return kFunctions[static_cast<std::size_t>(function)].name; }

struct Node {
  Op op = Op::literal;
  Function function = Function::count;
  std::uint32_t first_operand = 0;  // into Tree::operands
  std::uint32_t operand_count = 0;
  std::uint32_t ref = 0;
  Value value;
};

// Nodes refer to their operands by index, so evaluation and printing walk the
// tree without pointers and destruction never recurses. Literal Values point
// into `strings` and `lists`, whose lists never move their elements; that is
// why a Tree is built in place and never copied. (Forward lists, not deques:
// an empty deque already allocates, and most conditions hold no string.)
struct Tree {
  Tree() = default;
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  std::span<const std::uint32_t> operands_of(const Node& node) const {
    return std::span<const std::uint32_t>(operands).subspan(node.first_operand, node.operand_count);
  }

  std::vector<Node> nodes;
  std::vector<std::uint32_t> operands;
  std::uint32_t root = 0;
  std::forward_list<std::string> strings;
  std::forward_list<std::vector<Value>> lists;
  std::vector<std::string> answer_refs;  // in order of first appearance
  std::vector<std::string> group_refs;
};

}  // namespace sos::detail
