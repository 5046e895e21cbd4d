// Turns expression source into a Tree: a recursive-descent parser whose
// recursion, like the tree it builds, is bounded by ExpressionLimits.
#pragma once

#include <string_view>

#include "expr_node.h"
#include "sos/expr.h"
#include "sos/result.h"

namespace sos::detail {

// Parses `source` into the empty `tree`. Errors: "expr.syntax",
// "expr.unknown_function", "expr.arity", "expr.limit_exceeded" (nesting only;
// the caller checks the length).
Status parse_expression(std::string_view source, const ExpressionLimits& limits, Tree& tree);

}  // namespace sos::detail
