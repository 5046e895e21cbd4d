// The expression language of conditions and validators (docs/expressions.md).
//
//   auto e = sos::Expression::compile("{q1} >= 4 and {group.selling} = 'complex'");
//   e->bind(resolve_answer, resolve_group);     // names -> slots, once
//   bool shown = e->evaluate(scope).truthy();   // allocates nothing
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"
#include "sos/value.h"

namespace sos {

namespace detail {
struct Node;
}

// Where a bound expression reads its inputs: answers and group attributes by
// the slot numbers given at bind time. Hidden or unanswered answers are empty.
struct Scope {
  std::span<const Value> answers;
  std::span<const Value> group;
};

struct ExpressionLimits {
  std::size_t max_length = 4000;  // characters of source
  int max_depth = 64;             // nesting of operators, calls, brackets
};

// An immutable compiled expression. Copying shares the compiled tree.
class Expression {
 public:
  // Parses `source`. Errors: "expr.syntax" (message names the offending
  // fragment and its 0-based offset: "unexpected ')' at offset 7"),
  // "expr.unknown_function", "expr.arity", "expr.limit_exceeded".
  static Result<Expression> compile(std::string_view source,
                                    const ExpressionLimits& limits = {});

  // Answer ids ({q1}) and group attribute ids ({group.x}) read, in order of
  // first appearance, without duplicates.
  const std::vector<std::string>& answer_refs() const;
  const std::vector<std::string>& group_refs() const;

  // Maps every reference to a slot in the Scope. A resolver returns nullopt
  // for an unknown name: "expr.unknown_reference" naming it.
  using Resolver = std::function<std::optional<int>(std::string_view)>;
  Status bind(const Resolver& answer_slot, const Resolver& group_slot);

  // Evaluates a bound expression. Never throws, never allocates. Before
  // bind(), every reference reads as empty.
  Value evaluate(const Scope& scope) const;

  // Fully parenthesised canonical form, for tests and `sos eval`:
  // "(({q1} >= 4) and ({group.selling} = 'complex'))".
  std::string canonical() const;
  const std::string& source() const;

 private:
  struct Program;
  std::shared_ptr<const Program> program_;
  // Slots per answer_refs() / group_refs() entry, empty until bound: they
  // belong to this copy, so binding one copy leaves the shared tree alone.
  std::vector<int> answer_slots_;
  std::vector<int> group_slots_;
};

}  // namespace sos
