// This file's external interface is just detail::parse_expression.
#include "expr_parser.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "expr_lexer.h"

namespace sos::detail {
namespace {

bool is_comparison(Op op) {
  switch (op) {
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::contains:
    case Op::notcontains:
    case Op::in:
    case Op::notin:
    case Op::anyof:
    case Op::allof:
      return true;
    default:
      return false;
  }
}

const FunctionInfo* find_function(std::string_view name) {
  for (const FunctionInfo& info : kFunctions)
    if (info.name == name) return &info;
  return nullptr;
}

std::string arguments(std::uint32_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); }

class Parser {
 public:
  Parser(std::string_view source, const ExpressionLimits& limits, Tree& tree)
      : lexer_(source), limits_(limits), tree_(tree) {}

  Status run() {
    std::optional<Parsed> root;
    if (advance()) root = parse_or();
    if (root && token_.kind != TokenKind::end) unexpected(token_);
    if (error_) return *error_;
    tree_.root = root->node;
    tree_.nodes.assign(scratch_.nodes.begin(), scratch_.nodes.end());
    tree_.operands.assign(scratch_.operands.begin(), scratch_.operands.end());
    return {};
  }

 private:
  // A parsed subexpression: its node and its nesting depth. Each operator
  // and call is a level; parentheses make no node, and count as a level
  // unless they are the one pair around an operator or call, so that a
  // canonical form, fully parenthesised, nests exactly as deep as its source.
  struct Parsed {
    std::uint32_t node;
    int height;
    bool parenthesised = false;
  };
  using Step = std::optional<Parsed>;
  using Rule = Step (Parser::*)();

  // Records the first error only: everything after it is a consequence.
  std::nullopt_t fail(Error error) {
    if (!error_) error_ = std::move(error);
    return std::nullopt;
  }

  std::nullopt_t unexpected(const Token& token, bool in_list = false) {
    std::string what = "unexpected " + describe(token);
    Error error = syntax_error(what, token.offset);
    if (in_list && token.kind != TokenKind::end && token.kind != TokenKind::right_bracket)
      error.message += " (list elements must be literals)";
    return fail(std::move(error));
  }

  std::nullopt_t too_deep(std::size_t offset) {
    return fail(Error{"expr.limit_exceeded", "",
                      "expression nests deeper than " + std::to_string(limits_.max_depth) + " levels at offset " +
                          std::to_string(offset)});
  }

  bool advance() {
    Result<Token> next = lexer_.next();
    if (!next.ok()) {
      fail(next.error());
      return false;
    }
    token_ = std::move(next).value();
    return true;
  }

  bool at_op(Op op) const { return token_.kind == TokenKind::op && token_.op == op; }

  // The parser recurses only where a construct opens (a prefix operator, a
  // parenthesis, a call). Those that lie open at once number at most twice
  // the final height (a free pair of parentheses and the node inside it), so
  // refusing beyond that bounds the recursion before the subtree that would
  // exceed the limit is ever built, and refuses nothing the height allows.
  bool enter(std::size_t offset) {
    if (++depth_ > 2 * static_cast<long long>(limits_.max_depth)) {
      too_deep(offset);
      return false;
    }
    return true;
  }
  void leave() { --depth_; }

  Step check_height(Parsed parsed, std::size_t offset) {
    if (parsed.height > limits_.max_depth) return too_deep(offset);
    return parsed;
  }

  Step add(Node node, std::span<const Parsed> operands, std::size_t offset) {
    int height = 0;
    node.first_operand = static_cast<std::uint32_t>(scratch_.operands.size());
    node.operand_count = static_cast<std::uint32_t>(operands.size());
    for (const Parsed& operand : operands) {
      scratch_.operands.push_back(operand.node);
      height = std::max(height, operand.height + 1);
    }
    scratch_.nodes.push_back(node);
    return check_height({static_cast<std::uint32_t>(scratch_.nodes.size() - 1), height}, offset);
  }

  Step add(Op op, std::initializer_list<Parsed> operands, std::size_t offset) {
    Node node;
    node.op = op;
    return add(node, std::span<const Parsed>(operands.begin(), operands.size()), offset);
  }

  Step add_literal(Value value, std::size_t offset) {
    Node node;
    node.value = value;
    return add(node, {}, offset);
  }

  Step add_reference(Op op, std::vector<std::string>& refs, std::string_view id, std::size_t offset) {
    Node node;
    node.op = op;
    auto found = std::find(refs.begin(), refs.end(), id);
    node.ref = static_cast<std::uint32_t>(found - refs.begin());
    if (found == refs.end()) refs.emplace_back(id);
    return add(node, {}, offset);
  }

  // left (op right)*, building a left-leaning tree: the chain's length is its
  // nesting depth, which keeps evaluation's recursion within the limit.
  Step parse_left_associative(Rule operand, std::initializer_list<Op> ops) {
    Step left = (this->*operand)();
    while (left && token_.kind == TokenKind::op && std::find(ops.begin(), ops.end(), token_.op) != ops.end()) {
      Op op = token_.op;
      std::size_t at = token_.offset;
      if (!advance()) return std::nullopt;
      Step right = (this->*operand)();
      if (!right) return right;
      left = add(op, {*left, *right}, at);
    }
    return left;
  }

  Step parse_or() { return parse_left_associative(&Parser::parse_and, {Op::logical_or}); }
  Step parse_and() { return parse_left_associative(&Parser::parse_not, {Op::logical_and}); }

  Step parse_prefix(Op op, Rule operand) {
    std::size_t at = token_.offset;
    if (!enter(at) || !advance()) return std::nullopt;
    Step parsed = (this->*operand)();
    leave();
    if (!parsed) return parsed;
    return add(op, {*parsed}, at);
  }

  Step parse_not() {
    if (at_op(Op::logical_not)) return parse_prefix(Op::logical_not, &Parser::parse_not);
    return parse_comparison();
  }

  // Comparisons do not chain: after one, a second comparison operator is
  // left for the caller, which reports it as unexpected.
  Step parse_comparison() {
    Step left = parse_additive();
    if (!left || token_.kind != TokenKind::op) return left;
    Op op = token_.op;
    std::size_t at = token_.offset;
    if (op == Op::empty || op == Op::notempty) {
      if (!advance()) return std::nullopt;
      return add(op, {*left}, at);
    }
    if (!is_comparison(op)) return left;
    if (!advance()) return std::nullopt;
    Step right = parse_additive();
    if (!right) return right;
    return add(op, {*left, *right}, at);
  }

  Step parse_additive() { return parse_left_associative(&Parser::parse_multiplicative, {Op::add, Op::sub}); }
  Step parse_multiplicative() { return parse_left_associative(&Parser::parse_unary, {Op::mul, Op::div, Op::mod}); }

  Step parse_unary() {
    if (at_op(Op::sub)) return parse_prefix(Op::negate, &Parser::parse_unary);
    return parse_primary();
  }

  Step parse_primary() {
    std::size_t at = token_.offset;
    Step parsed;
    switch (token_.kind) {
      case TokenKind::number:
        parsed = add_literal(Value::number(token_.number), at);
        break;
      case TokenKind::string:
        tree_.strings.push_front(std::move(token_.string));
        parsed = add_literal(Value::string(tree_.strings.front()), at);
        break;
      case TokenKind::boolean:
        parsed = add_literal(Value::boolean(token_.boolean), at);
        break;
      case TokenKind::answer:
        parsed = add_reference(Op::answer, tree_.answer_refs, token_.id, at);
        break;
      case TokenKind::group:
        parsed = add_reference(Op::group, tree_.group_refs, token_.id, at);
        break;
      case TokenKind::left_bracket:
        return parse_list();
      case TokenKind::left_paren:
        return parse_parenthesised();
      case TokenKind::name:
        return parse_call();
      default:
        return unexpected(token_);
    }
    if (!parsed || !advance()) return std::nullopt;
    return parsed;
  }

  Step parse_parenthesised() {
    std::size_t at = token_.offset;
    if (!enter(at) || !advance()) return std::nullopt;
    Step inner = parse_or();
    leave();
    if (!inner) return inner;
    if (token_.kind != TokenKind::right_paren) return unexpected(token_);
    if (!advance()) return std::nullopt;
    const Op op = scratch_.nodes[inner->node].op;
    bool leaf = op == Op::literal || op == Op::answer || op == Op::group;
    int height = inner->parenthesised || leaf ? inner->height + 1 : inner->height;
    return check_height({inner->node, height, true}, at);
  }

  // A list holds constants only, so it is one literal Value and evaluating it
  // allocates nothing.
  Step parse_list() {
    std::size_t at = token_.offset;
    if (!advance()) return std::nullopt;
    std::vector<Value> items;
    if (token_.kind == TokenKind::right_bracket) {
      if (!advance()) return std::nullopt;
    } else {
      while (true) {
        bool negative = at_op(Op::sub);
        if (negative && !advance()) return std::nullopt;
        if (token_.kind == TokenKind::number) {
          items.push_back(Value::number(negative ? -token_.number : token_.number));
        } else if (negative) {
          return unexpected(token_, true);
        } else if (token_.kind == TokenKind::string) {
          tree_.strings.push_front(std::move(token_.string));
          items.push_back(Value::string(tree_.strings.front()));
        } else if (token_.kind == TokenKind::boolean) {
          items.push_back(Value::boolean(token_.boolean));
        } else {
          return unexpected(token_, true);
        }
        if (!advance()) return std::nullopt;
        if (token_.kind == TokenKind::right_bracket) break;
        if (token_.kind != TokenKind::comma) return unexpected(token_);
        if (!advance()) return std::nullopt;
      }
      if (!advance()) return std::nullopt;
    }
    tree_.lists.push_front(std::move(items));
    return add_literal(Value::list(tree_.lists.front()), at);
  }

  // After '(' up to and including ')'.
  bool parse_arguments(std::vector<Parsed>& args) {
    if (!advance()) return false;
    if (token_.kind == TokenKind::right_paren) return advance();
    while (true) {
      Step arg = parse_or();
      if (!arg) return false;
      args.push_back(*arg);
      if (token_.kind == TokenKind::right_paren) return advance();
      if (token_.kind != TokenKind::comma) {
        unexpected(token_);
        return false;
      }
      if (!advance()) return false;
    }
  }

  Step parse_call() {
    // Peeking first keeps a stray word ("yes" for 'yes') the reported problem
    // even when the text after it would not lex.
    if (lexer_.peek() != '(') return unexpected(token_);
    Token name = token_;
    if (!advance()) return std::nullopt;
    const FunctionInfo* info = find_function(name.text);
    if (info == nullptr)
      return fail(Error{"expr.unknown_function", "",
                        "unknown function " + quote(name.text) + " at offset " + std::to_string(name.offset)});
    if (!enter(name.offset)) return std::nullopt;
    std::vector<Parsed> args;
    bool parsed = parse_arguments(args);
    leave();
    if (!parsed) return std::nullopt;
    auto count = static_cast<std::uint32_t>(args.size());
    if (count < info->min_args || count > info->max_args) {
      std::string takes = info->min_args == info->max_args ? "" : "at least ";
      return fail(Error{"expr.arity", "",
                        std::string(info->name) + "() at offset " + std::to_string(name.offset) + " takes " + takes +
                            arguments(info->min_args) + ", not " + std::to_string(count)});
    }
    Node node;
    node.op = Op::call;
    node.function = info->function;
    return add(node, args, name.offset);
  }

  // The nodes grow here and move to the tree in one exact allocation each:
  // a survey compiles hundreds of small conditions, and growing every
  // tree's vectors step by step cost more allocations than the rest of the
  // parse. Kept per thread, so capacity is reused from one condition to the
  // next; a huge expression's capacity is let go after it.
  struct Scratch {
    std::vector<Node> nodes;
    std::vector<std::uint32_t> operands;
  };
  static Scratch& scratch() {
    thread_local Scratch scratch;
    return scratch;
  }
  struct ScratchLease {
    Scratch& scratch;
    explicit ScratchLease(Scratch& s) : scratch(s) {
      scratch.nodes.clear();
      scratch.operands.clear();
    }
    ~ScratchLease() {
      constexpr std::size_t kKept = 1024;
      if (scratch.nodes.capacity() > kKept) std::vector<Node>().swap(scratch.nodes);
      if (scratch.operands.capacity() > kKept) std::vector<std::uint32_t>().swap(scratch.operands);
    }
  };

  Lexer lexer_;
  const ExpressionLimits& limits_;
  Tree& tree_;
  ScratchLease lease_{scratch()};
  Scratch& scratch_ = lease_.scratch;
  Token token_;
  long long depth_ = 0;
  std::optional<Error> error_;
};

}  // namespace

Status parse_expression(std::string_view source, const ExpressionLimits& limits, Tree& tree) {
  return Parser(source, limits, tree).run();
}

}  // namespace sos::detail
