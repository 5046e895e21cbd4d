// This file offers parse_expression: survey-core's expression grammar
// (src/expressions/grammar.pegjs of survey-core 3) as a backtracking
// recursive descent, rule for rule, so that the importer understands a
// condition exactly as SurveyJS does.
#include "import/sj_expr.h"

#include <cmath>
#include <cstdlib>

namespace sos::import::sj {
namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// ConditionsParser.patchExpression: plain text replacements, even inside
// strings and names, exactly as survey-core does them.
std::string patch(std::string_view source) {
  std::string text(source);
  text = replace_all(text, "=>", ">=");
  text = replace_all(text, "=<", "<=");
  text = replace_all(text, "<>", "!=");
  text = replace_all(text, "equals", "equal ");
  text = replace_all(text, "notequals", "notequal ");
  return text;
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

NodePtr make(Node node) { return std::make_shared<const Node>(std::move(node)); }

class Parser {
 public:
  explicit Parser(std::string text) : s_(std::move(text)) {}

  Result<NodePtr> run() {
    NodePtr root = expression();
    if (root && pos_ == s_.size()) return root;
    std::size_t at = std::max(fail_, pos_);
    std::string found = at < s_.size() ? "'" + s_.substr(at, 12) + (s_.size() - at > 12 ? "...'" : "'")
                                       : std::string("end of expression");
    return Error{"import.expression_syntax", "",
                 "SurveyJS cannot parse it either: unexpected " + found + " at offset " + std::to_string(at)};
  }

 private:
  // Peggy reports the farthest position where a rule failed.
  void fail() { fail_ = std::max(fail_, pos_); }

  bool lit(std::string_view text) {
    if (s_.compare(pos_, text.size(), text) == 0) {
      pos_ += text.size();
      return true;
    }
    fail();
    return false;
  }
  bool ilit(std::string_view text) {
    if (pos_ + text.size() <= s_.size() && ieq(std::string_view(s_).substr(pos_, text.size()), text)) {
      pos_ += text.size();
      return true;
    }
    fail();
    return false;
  }
  void ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  static NodePtr binary(std::string op, NodePtr left, NodePtr right, std::size_t offset) {
    Node n;
    n.kind = Node::Kind::binary;
    n.name = std::move(op);
    n.children = {std::move(left), right ? std::move(right) : null_node(offset)};
    n.offset = offset;
    return make(std::move(n));
  }
  static NodePtr null_node(std::size_t offset) {
    Node n;
    n.kind = Node::Kind::null;
    n.offset = offset;
    return make(std::move(n));
  }

  // head (_ sign _ operand)*, left-associative; each repetition is atomic.
  template <typename Sign, typename Operand>
  NodePtr chain(Operand operand, Sign sign, bool optional_right = false) {
    NodePtr head = (this->*operand)();
    if (!head) return nullptr;
    for (;;) {
      std::size_t save = pos_;
      ws();
      std::size_t at = pos_;
      std::string op = (this->*sign)();
      if (op.empty()) {
        pos_ = save;
        break;
      }
      ws();
      NodePtr right = (this->*operand)();
      if (!right && !optional_right) {
        pos_ = save;
        break;
      }
      head = binary(op, head, right, at);
    }
    return head;
  }

  NodePtr expression() {
    ws();
    NodePtr head = chain(&Parser::logic_or, &Parser::or_sign);
    if (!head) return nullptr;
    ws();
    return head;
  }
  std::string or_sign() { return lit("||") || ilit("or") ? "or" : ""; }
  NodePtr logic_or() { return chain(&Parser::logic_and, &Parser::and_sign); }
  std::string and_sign() { return lit("&&") || ilit("and") ? "and" : ""; }
  NodePtr logic_and() { return chain(&Parser::comp_ops, &Parser::comparable); }
  std::string comparable() {
    if (lit("<=") || ilit("lessorequal")) return "lessorequal";
    if (lit(">=") || ilit("greaterorequal")) return "greaterorequal";
    if (lit("==") || ilit("equal")) return "equal";
    if (lit("=") || ilit("equal")) return "equal";
    if (lit("!=") || ilit("notequal")) return "notequal";
    if (lit("<") || ilit("less")) return "less";
    if (lit(">") || ilit("greater")) return "greater";
    return "";
  }
  NodePtr comp_ops() { return chain(&Parser::plus_minus_ops, &Parser::plus_minus); }
  std::string plus_minus() {
    if (lit("+")) return "plus";
    if (lit("-")) return "minus";
    return "";
  }
  NodePtr plus_minus_ops() { return chain(&Parser::mul_div_ops, &Parser::mul_div); }
  std::string mul_div() {
    if (lit("*")) return "mul";
    if (lit("/")) return "div";
    if (lit("%")) return "mod";
    return "";
  }
  NodePtr mul_div_ops() { return chain(&Parser::binary_func_op, &Parser::power); }
  std::string power() { return lit("^") || ilit("power") ? "power" : ""; }
  NodePtr binary_func_op() { return chain(&Parser::factor, &Parser::bin_function, true); }
  std::string bin_function() {
    if (lit("*=") || ilit("contains") || ilit("contain")) return "contains";
    if (ilit("notcontains") || ilit("notcontain")) return "notcontains";
    if (ilit("anyof")) return "anyof";
    if (ilit("allof")) return "allof";
    if (ilit("noneof")) return "noneof";
    return "";
  }

  NodePtr factor() {
    std::size_t start = pos_;
    if (lit("(")) {
      ws();
      NodePtr inner = expression();
      if (inner) {
        ws();
        lit(")");  // optional in survey-core's grammar
        return inner;
      }
      pos_ = start;
    }
    if (NodePtr n = function_op()) return n;
    if (NodePtr n = unary_function_op()) return n;
    if (NodePtr n = atom()) return n;
    return array_op();
  }

  NodePtr function_op() {
    std::size_t start = pos_;
    std::string name = letters_and_digits();
    if (name.empty() || !lit("(")) {
      pos_ = start;
      return nullptr;
    }
    std::vector<NodePtr> args = sequence();
    lit(")");  // optional
    Node n;
    n.kind = Node::Kind::call;
    n.name = name;
    n.children = std::move(args);
    n.offset = start;
    return make(std::move(n));
  }

  NodePtr unary_function_op() {
    std::size_t start = pos_;
    if (lit("!") || ilit("negate")) {
      ws();
      if (NodePtr operand = factor()) {
        Node n;
        n.kind = Node::Kind::negate;
        n.children = {operand};
        n.offset = start;
        return make(std::move(n));
      }
    }
    pos_ = start;
    if (NodePtr operand = atom()) {
      ws();
      Node n;
      n.offset = start;
      n.children = {operand};
      if (ilit("empty")) {
        n.kind = Node::Kind::empty;
        return make(std::move(n));
      }
      if (ilit("notempty")) {
        n.kind = Node::Kind::notempty;
        return make(std::move(n));
      }
    }
    pos_ = start;
    return nullptr;
  }

  NodePtr atom() {
    std::size_t start = pos_;
    ws();
    std::size_t at = pos_;
    if (lit("undefined") || lit("null")) return null_node(at);
    if (NodePtr c = const_value()) return c;
    if (lit("{")) {
      std::size_t begin = pos_;
      while (pos_ < s_.size() && s_[pos_] != '{' && s_[pos_] != '}') ++pos_;
      if (pos_ > begin && lit("}")) {
        Node n;
        n.kind = Node::Kind::variable;
        n.name = s_.substr(begin, pos_ - 1 - begin);
        if (n.name.size() > 1 && n.name[0] == '#') {
          n.name.erase(0, 1);
          n.as_is = true;
        }
        n.offset = at;
        return make(std::move(n));
      }
      fail();
    }
    pos_ = start;
    return nullptr;
  }

  static NodePtr constant(Value value, std::string text, std::size_t offset) {
    Node n;
    n.kind = Node::Kind::constant;
    n.value = std::move(value);
    n.text = std::move(text);
    n.offset = offset;
    return make(std::move(n));
  }

  NodePtr const_value() {
    std::size_t start = pos_;
    if (ilit("true")) return constant(Value::of_bool(true), "true", start);
    if (ilit("false")) return constant(Value::of_bool(false), "false", start);
    if (auto number = arithmetic_value()) return constant(Value::of_number(*number), s_.substr(start, pos_ - start), start);
    std::string word = letters_and_digits();
    if (!word.empty()) {
      // Const.getCorrectValue: a bare word is text (true/false were taken above)
      return constant(Value::of_string(word), word, start);
    }
    if (lit("''") || lit("\"\"")) return constant(Value::of_string(""), "", start);
    for (char quote : {'\'', '"'}) {
      pos_ = start;
      if (!lit(std::string(1, quote))) continue;
      std::string value;
      bool any = false;
      for (;;) {
        if (lit("\\'")) value += '\'';
        else if (lit("\\\"")) value += '"';
        else if (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\'') value += s_[pos_++];
        else break;
        any = true;
      }
      if (any && lit(std::string(1, quote)))
        return constant(Value::of_string(value), std::string(1, '\'') + value + "'", start);
    }
    pos_ = start;
    return nullptr;
  }

  std::optional<double> arithmetic_value() {
    std::size_t start = pos_;
    if (lit("0x")) {
      std::size_t digits = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ > digits) return static_cast<double>(std::strtoll(s_.substr(start + 2, pos_ - start - 2).c_str(), nullptr, 16));
      fail();
      pos_ = start;  // the next alternative reads the "0" alone
    }
    bool negative = false;
    if (pos_ < s_.size() && s_[pos_] == '-') {
      negative = true;
      ++pos_;
    }
    auto digits = [&] {
      std::size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > b;
    };
    std::size_t number_start = pos_;
    // Digits "." Digits / NonZeroDigits Digits? / "0"
    if (digits() && pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits()) {
        double v = std::strtod(s_.substr(number_start, pos_ - number_start).c_str(), nullptr);
        return negative ? -v : v;
      }
    }
    pos_ = number_start;
    if (pos_ < s_.size() && s_[pos_] >= '1' && s_[pos_] <= '9') {
      digits();
      double v = std::strtod(s_.substr(number_start, pos_ - number_start).c_str(), nullptr);
      return negative ? -v : v;
    }
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
      return negative ? -0.0 : 0.0;
    }
    fail();
    pos_ = start;
    return std::nullopt;
  }

  // Letters (Digits Letters*)*, Letters = [a-zA-Z_]+
  std::string letters_and_digits() {
    std::size_t start = pos_;
    auto letters = [&] {
      std::size_t b = pos_;
      while (pos_ < s_.size() && ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z') ||
                                  s_[pos_] == '_'))
        ++pos_;
      return pos_ > b;
    };
    if (!letters()) {
      fail();
      return "";
    }
    for (;;) {
      std::size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == b) break;
      letters();
    }
    return s_.substr(start, pos_ - start);
  }

  NodePtr array_op() {
    std::size_t start = pos_;
    if (!lit("[")) return nullptr;
    std::vector<NodePtr> items = sequence();
    if (!lit("]")) {
      pos_ = start;
      return nullptr;
    }
    Node n;
    n.kind = Node::Kind::list;
    n.children = std::move(items);
    n.offset = start;
    return make(std::move(n));
  }

  // Expression? (_ "," _ Expression)*; nothing at all when the first is absent.
  std::vector<NodePtr> sequence() {
    std::vector<NodePtr> out;
    NodePtr first = expression();
    if (first) out.push_back(first);
    for (;;) {
      std::size_t save = pos_;
      ws();
      if (!lit(",")) {
        pos_ = save;
        break;
      }
      ws();
      NodePtr next = expression();
      if (!next) {
        pos_ = save;
        break;
      }
      if (first) out.push_back(next);
    }
    return out;
  }

  std::string s_;
  std::size_t pos_ = 0;
  std::size_t fail_ = 0;
};

std::string js_number_text(double d) { return js_to_string(Value::of_number(d)); }

}  // namespace

Result<NodePtr> parse_expression(std::string_view source) { return Parser(patch(source)).run(); }

std::string to_surveyjs_string(const Node& node) {
  static const std::pair<const char*, const char*> kSigns[] = {
      {"less", "<"},  {"lessorequal", "<="}, {"greater", ">"}, {"greaterorequal", ">="}, {"equal", "=="},
      {"notequal", "!="}, {"plus", "+"},    {"minus", "-"},   {"mul", "*"},             {"div", "/"},
      {"and", "and"}, {"or", "or"},          {"power", "^"},   {"mod", "%"}};
  switch (node.kind) {
    case Node::Kind::constant:
      if (node.text.empty()) return "''";
      if (node.value.kind == Value::Kind::number) return js_number_text(node.value.number);
      return node.text;
    case Node::Kind::variable: return "{" + std::string(node.as_is ? "#" : "") + node.name + "}";
    case Node::Kind::null: return "";
    case Node::Kind::list:
    case Node::Kind::call: {
      std::string out = node.kind == Node::Kind::call ? node.name + "(" : "[";
      for (std::size_t i = 0; i < node.children.size(); ++i)
        out += (i ? ", " : "") + to_surveyjs_string(*node.children[i]);
      return out + (node.kind == Node::Kind::call ? ")" : "]");
    }
    case Node::Kind::binary: {
      std::string sign = node.name;
      for (const auto& [name, text] : kSigns)
        if (node.name == name) sign = text;
      return "(" + to_surveyjs_string(*node.children[0]) + " " + sign + " " + to_surveyjs_string(*node.children[1]) +
             ")";
    }
    case Node::Kind::negate: return "! " + to_surveyjs_string(*node.children[0]);
    case Node::Kind::empty: return to_surveyjs_string(*node.children[0]) + " empty";
    case Node::Kind::notempty: return to_surveyjs_string(*node.children[0]) + " notempty";
  }
  return "";
}

}  // namespace sos::import::sj
