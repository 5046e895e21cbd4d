// This file offers the expression lexer and the syntax-error helpers it shares with the parser.
#include "expr_lexer.h"

#include <array>
#include <optional>
#include <string>

#include "sos/detail/number.h"

namespace sos::detail {
namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxFragmentLength = 32;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_id_char(char c) { return is_lower(c) || is_digit(c) || c == '_'; }
bool is_word_start(char c) { return (c >= 'A' && c <= 'Z') || is_lower(c) || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The whole UTF-8 sequence that starts at `pos`, so messages never cut a
// character in half.
std::string_view char_at(std::string_view source, std::size_t pos) {
  std::size_t end = pos + 1;
  while (end < source.size() && is_continuation(source[end])) ++end;
  return source.substr(pos, end - pos);
}

// What an escape stands for: \' \" \\ \n \t; '\0' for any other.
char unescaped(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '\'':
    case '"':
    case '\\':
      return c;
    default:
      return '\0';
  }
}

bool equals_ignoring_case(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

struct Keyword {
  std::string_view word;
  TokenKind kind;
  Op op;
  bool boolean;
};

constexpr std::array<Keyword, 13> kKeywords = {{
    {"and", TokenKind::op, Op::logical_and, false},
    {"or", TokenKind::op, Op::logical_or, false},
    {"not", TokenKind::op, Op::logical_not, false},
    {"contains", TokenKind::op, Op::contains, false},
    {"notcontains", TokenKind::op, Op::notcontains, false},
    {"in", TokenKind::op, Op::in, false},
    {"notin", TokenKind::op, Op::notin, false},
    {"anyof", TokenKind::op, Op::anyof, false},
    {"allof", TokenKind::op, Op::allof, false},
    {"empty", TokenKind::op, Op::empty, false},
    {"notempty", TokenKind::op, Op::notempty, false},
    {"true", TokenKind::boolean, Op::literal, true},
    {"false", TokenKind::boolean, Op::literal, false},
}};

struct Symbol {
  std::string_view text;
  TokenKind kind;
  Op op;
};

// Longest spellings first, so "<=" wins over "<".
constexpr std::array<Symbol, 21> kSymbols = {{
    {"==", TokenKind::op, Op::eq},
    {"!=", TokenKind::op, Op::ne},
    {"<>", TokenKind::op, Op::ne},
    {"<=", TokenKind::op, Op::le},
    {">=", TokenKind::op, Op::ge},
    {"&&", TokenKind::op, Op::logical_and},
    {"||", TokenKind::op, Op::logical_or},
    {"=", TokenKind::op, Op::eq},
    {"<", TokenKind::op, Op::lt},
    {">", TokenKind::op, Op::gt},
    {"!", TokenKind::op, Op::logical_not},
    {"+", TokenKind::op, Op::add},
    {"-", TokenKind::op, Op::sub},
    {"*", TokenKind::op, Op::mul},
    {"/", TokenKind::op, Op::div},
    {"%", TokenKind::op, Op::mod},
    {"(", TokenKind::left_paren, Op::literal},
    {")", TokenKind::right_paren, Op::literal},
    {"[", TokenKind::left_bracket, Op::literal},
    {"]", TokenKind::right_bracket, Op::literal},
    {",", TokenKind::comma, Op::literal},
}};

}  // namespace

Error syntax_error(std::string_view what, std::size_t offset) {
  std::string message(what);
  message += " at offset ";
  message += std::to_string(offset);
  return Error{"expr.syntax", "", std::move(message)};
}

std::string quote(std::string_view fragment) {
  std::string_view shown = fragment;
  if (fragment.size() > kMaxFragmentLength) {
    std::size_t cut = kMaxFragmentLength;
    while (cut > 0 && is_continuation(fragment[cut])) --cut;
    shown = fragment.substr(0, cut);
  }
  char mark = shown.find('\'') == std::string_view::npos ? '\'' : '"';
  std::string out(1, mark);
  out += shown;
  if (shown.size() < fragment.size()) out += "...";
  out += mark;
  return out;
}

std::string describe(const Token& token) {
  if (token.kind == TokenKind::end) return "end of expression";
  return quote(token.text);
}

Token Lexer::make(TokenKind kind, std::size_t start, std::size_t end) const {
  Token token;
  token.kind = kind;
  token.offset = start;
  token.text = source_.substr(start, end - start);
  return token;
}

char Lexer::peek() const {
  std::size_t pos = pos_;
  while (pos < source_.size() && is_space(source_[pos])) ++pos;
  return pos < source_.size() ? source_[pos] : '\0';
}

Result<Token> Lexer::next() {
  while (pos_ < source_.size() && is_space(source_[pos_])) ++pos_;
  std::size_t start = pos_;
  if (start == source_.size()) return make(TokenKind::end, start, start);
  char c = source_[start];
  if (c == '\'' || c == '"') return lex_string(start);
  if (is_digit(c) || (c == '.' && start + 1 < source_.size() && is_digit(source_[start + 1]))) return lex_number(start);
  if (c == '{') return lex_reference(start);
  if (is_word_start(c)) return lex_word(start);
  return lex_symbol(start);
}

Result<Token> Lexer::lex_string(std::size_t start) {
  const char mark = source_[start];
  std::string text;
  std::size_t pos = start + 1;
  while (pos < source_.size()) {
    char c = source_[pos];
    if (c == mark) {
      pos_ = pos + 1;
      Token token = make(TokenKind::string, start, pos_);
      token.string = std::move(text);
      return token;
    }
    if (c != '\\') {
      text += c;
      ++pos;
      continue;
    }
    if (pos + 1 == source_.size()) break;
    char escaped = unescaped(source_[pos + 1]);
    if (escaped == '\0') {
      std::string_view escape = source_.substr(pos, 1 + char_at(source_, pos + 1).size());
      return syntax_error("unknown escape " + quote(escape), pos);
    }
    text += escaped;
    pos += 2;
  }
  return syntax_error("unterminated string", start);
}

Result<Token> Lexer::lex_number(std::size_t start) {
  std::size_t pos = start;
  while (pos < source_.size() && (is_digit(source_[pos]) || source_[pos] == '.')) ++pos;
  // An exponent only when digits follow, so "2e" stays a number and a word.
  if (pos < source_.size() && (source_[pos] == 'e' || source_[pos] == 'E')) {
    std::size_t digits = pos + 1;
    if (digits < source_.size() && (source_[digits] == '+' || source_[digits] == '-')) ++digits;
    if (digits < source_.size() && is_digit(source_[digits])) {
      pos = digits;
      while (pos < source_.size() && is_digit(source_[pos])) ++pos;
    }
  }
  Token token = make(TokenKind::number, start, pos);
  std::optional<double> value = parse_number(token.text);
  if (!value) return syntax_error("invalid number " + quote(token.text), start);
  token.number = *value;
  pos_ = pos;
  return token;
}

Result<Token> Lexer::lex_reference(std::size_t start) {
  // Reads an id at `pos`; returns its end, or `pos` when there is none.
  auto scan_id = [this](std::size_t pos) {
    if (pos >= source_.size() || !is_lower(source_[pos])) return pos;
    std::size_t end = pos + 1;
    while (end < source_.size() && is_id_char(source_[end])) ++end;
    return end;
  };
  TokenKind kind = TokenKind::answer;
  std::size_t id_start = start + 1;
  std::size_t id_end = scan_id(id_start);
  if (id_end == id_start) return syntax_error("expected an id after '{'", id_start);
  if (source_.substr(id_start, id_end - id_start) == "group" && id_end < source_.size() && source_[id_end] == '.') {
    kind = TokenKind::group;
    id_start = id_end + 1;
    id_end = scan_id(id_start);
    if (id_end == id_start) return syntax_error("expected an id after '{group.'", id_start);
  }
  if (id_end - id_start > kMaxIdLength) return syntax_error("reference id longer than 64 characters", id_start);
  if (id_end == source_.size() || source_[id_end] != '}') return syntax_error("expected '}' after reference", id_end);
  pos_ = id_end + 1;
  Token token = make(kind, start, pos_);
  token.id = source_.substr(id_start, id_end - id_start);
  return token;
}

Token Lexer::lex_word(std::size_t start) {
  std::size_t pos = start;
  while (pos < source_.size() && is_word_char(source_[pos])) ++pos;
  pos_ = pos;
  Token token = make(TokenKind::name, start, pos);
  for (const Keyword& keyword : kKeywords) {
    if (equals_ignoring_case(token.text, keyword.word)) {
      token.kind = keyword.kind;
      token.op = keyword.op;
      token.boolean = keyword.boolean;
      break;
    }
  }
  if (token.kind == TokenKind::name) token.id = token.text;
  return token;
}

Result<Token> Lexer::lex_symbol(std::size_t start) {
  std::string_view rest = source_.substr(start);
  for (const Symbol& symbol : kSymbols) {
    if (rest.substr(0, symbol.text.size()) != symbol.text) continue;
    pos_ = start + symbol.text.size();
    Token token = make(symbol.kind, start, pos_);
    token.op = symbol.op;
    return token;
  }
  return syntax_error("unexpected " + quote(char_at(source_, start)), start);
}

}  // namespace sos::detail
