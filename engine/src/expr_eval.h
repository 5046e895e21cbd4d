// Evaluation and printing of a compiled expression tree.
#pragma once

#include <span>
#include <string>

#include "expr_node.h"
#include "sos/expr.h"
#include "sos/value.h"

namespace sos::detail {

// The value of `tree` in `scope`. Reference i reads slot answer_slots[i]
// (group_slots[i]); a reference without a slot, or whose slot lies outside
// the scope, reads as empty. Allocates nothing; recursion is as deep as the
// tree, which the parser bounds.
Value evaluate(const Tree& tree, std::span<const int> answer_slots, std::span<const int> group_slots,
               const Scope& scope);

// The fully parenthesised canonical form (docs/expressions.md).
std::string canonical(const Tree& tree);

}  // namespace sos::detail
