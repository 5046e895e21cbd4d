// This file offers sos::Expression: compiling, binding and evaluating conditions.
#include "sos/expr.h"

#include <utility>

#include "expr_eval.h"
#include "expr_node.h"
#include "expr_parser.h"

namespace sos {
namespace {

// Limits count characters (code points), as survey texts do; offsets in
// messages are bytes.
std::size_t count_characters(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

const std::vector<std::string>& no_refs() {
  static const std::vector<std::string> none;
  return none;
}

}  // namespace

struct Expression::Program {
  std::string source;
  detail::Tree tree;
};

Result<Expression> Expression::compile(std::string_view source, const ExpressionLimits& limits) {
  std::size_t length = count_characters(source);
  if (length > limits.max_length)
    return Error{"expr.limit_exceeded", "",
                 "expression is " + std::to_string(length) + " characters long; the limit is " +
                     std::to_string(limits.max_length)};
  // Built in place: the tree's literals point into its own storage.
  auto program = std::make_shared<Program>();
  program->source = std::string(source);
  Status parsed = detail::parse_expression(program->source, limits, program->tree);
  if (!parsed.ok()) return parsed.error();
  Expression expression;
  expression.program_ = std::move(program);
  return expression;
}

const std::vector<std::string>& Expression::answer_refs() const {
  return program_ ? program_->tree.answer_refs : no_refs();
}

const std::vector<std::string>& Expression::group_refs() const {
  return program_ ? program_->tree.group_refs : no_refs();
}

Status Expression::bind(const Resolver& answer_slot, const Resolver& group_slot) {
  // Resolve everything before touching the slots, so a failed bind leaves
  // the previous binding intact.
  std::vector<int> answers, group;
  for (const std::string& id : answer_refs()) {
    std::optional<int> slot = answer_slot(id);
    if (!slot) return Error{"expr.unknown_reference", "", "unknown question '" + id + "'"};
    answers.push_back(*slot);
  }
  for (const std::string& id : group_refs()) {
    std::optional<int> slot = group_slot(id);
    if (!slot) return Error{"expr.unknown_reference", "", "unknown group attribute '" + id + "'"};
    group.push_back(*slot);
  }
  answer_slots_ = std::move(answers);
  group_slots_ = std::move(group);
  return {};
}

Value Expression::evaluate(const Scope& scope) const {
  if (!program_) return {};
  return detail::evaluate(program_->tree, answer_slots_, group_slots_, scope);
}

std::string Expression::canonical() const { return program_ ? detail::canonical(program_->tree) : std::string(); }

const std::string& Expression::source() const {
  static const std::string none;
  return program_ ? program_->source : none;
}

}  // namespace sos
