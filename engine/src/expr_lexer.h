// Splits expression source into tokens, one at a time, so that the first
// problem reported is the first one in the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "expr_node.h"
#include "sos/result.h"

namespace sos::detail {

enum class TokenKind {
  end,
  number,   // Token::number
  string,   // Token::string (escapes decoded)
  boolean,  // Token::boolean
  answer,   // {id}: Token::id
  group,    // {group.id}: Token::id
  name,     // a word that is not a keyword: a function name
  op,       // an operator word or symbol: Token::op ('-' is Op::sub)
  left_paren,
  right_paren,
  left_bracket,
  right_bracket,
  comma,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view text;  // as written, for messages
  std::size_t offset = 0;
  Op op = Op::literal;
  double number = 0;
  bool boolean = false;
  std::string_view id;
  std::string string;
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  // The next token; Token::kind is end at the end of the source, forever.
  Result<Token> next();

  // The next character that is not white space, or '\0' at the end.
  char peek() const;

 private:
  Result<Token> lex_string(std::size_t start);
  Result<Token> lex_number(std::size_t start);
  Result<Token> lex_reference(std::size_t start);
  Token lex_word(std::size_t start);
  Result<Token> lex_symbol(std::size_t start);
  Token make(TokenKind kind, std::size_t start, std::size_t end) const;

  std::string_view source_;
  std::size_t pos_ = 0;
};

// "expr.syntax" with "<what> at offset <offset>".
Error syntax_error(std::string_view what, std::size_t offset);

// A fragment of source for a message: 'x', or "x" when it holds a single
// quote; long fragments are shortened.
std::string quote(std::string_view fragment);

// The fragment a token came from, or "end of expression".
std::string describe(const Token& token);

}  // namespace sos::detail
