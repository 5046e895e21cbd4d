// Tests for the expression language (expr.h, docs/expressions.md): parsing as
// canonical forms, compile errors, evaluation, references and binding.
#include "sos/expr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

// Counts every allocation of the test binary, so that a test can prove that
// evaluation allocates nothing.
namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
// The array and nothrow forms too (std::stable_sort uses nothrow new): the
// defaults would pair the sanitizer's allocator with the free() above, which
// AddressSanitizer reports as a mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace sos {

// Readable failures for EXPECT_EQ on errors.
void PrintTo(const Error& error, std::ostream* out) { *out << error.to_string(); }

namespace {

using Answers = std::vector<std::pair<std::string, Value>>;

std::string repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// "(((1)))" with `depth` pairs of parentheses.
std::string parenthesised(int depth) { return repeat("(", depth) + "1" + repeat(")", depth); }

// "1 + 1 + ... + 1" with `operators` additions: a left-leaning chain.
std::string chain(std::string_view op, int operators) {
  return "1" + repeat(std::string(" ") + std::string(op) + " 1", operators);
}

// "abs(abs(...(1)...))" with `depth` calls.
std::string nested_calls(int depth) { return repeat("abs(", depth) + "1" + repeat(")", depth); }

Expression::Resolver slots_of(const Answers& values) {
  return [values](std::string_view id) -> std::optional<int> {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (values[i].first == id) return static_cast<int>(i);
    return std::nullopt;
  };
}

std::vector<Value> values_of(const Answers& answers) {
  std::vector<Value> values;
  for (const auto& [id, value] : answers) values.push_back(value);
  return values;
}

// ---------------------------------------------------------------------------
// Parsing: {source, canonical form}. Every canonical form must parse back to
// itself.

struct CanonicalRow {
  std::string source;
  std::string canonical;
};

const CanonicalRow kCanonicalRows[] = {
    // Literals.
    {"1", "1"},
    {"2.5", "2.5"},
    {"2.5e1", "25"},
    {"1E-2", "0.01"},
    {"1.5e+1", "15"},
    {".5", "0.5"},
    {"1.", "1"},
    {"0.1", "0.1"},
    {"1e21", "1e+21"},
    {"'a'", "'a'"},
    {"\"a\"", "'a'"},
    {"''", "''"},
    {"'it\\'s'", "'it\\'s'"},
    {"\"it's\"", "'it\\'s'"},
    {"\"say \\\"hi\\\"\"", "'say \"hi\"'"},
    {"'say \"hi\"'", "'say \"hi\"'"},
    {"'a\\\\b'", "'a\\\\b'"},
    {"'a\\nb'", "'a\nb'"},
    {"'a\\tb'", "'a\tb'"},
    {"'{q1} and'", "'{q1} and'"},
    {"'åäö'", "'åäö'"},
    {"true", "true"},
    {"false", "false"},
    {"TRUE", "true"},
    {"False", "false"},
    // Lists.
    {"[]", "[]"},
    {"[ ]", "[]"},
    {"[1, 'a', true]", "[1, 'a', true]"},
    {"[1,2,3]", "[1, 2, 3]"},
    {"[-1, -2.5, - 3]", "[-1, -2.5, -3]"},
    {"[\"x\", FALSE]", "['x', false]"},
    // References.
    {"{q1}", "{q1}"},
    {"{a_b_9}", "{a_b_9}"},
    {"{group.selling}", "{group.selling}"},
    {"{group}", "{group}"},
    {"{groups}", "{groups}"},
    {"{" + repeat("a", 64) + "}", "{" + repeat("a", 64) + "}"},
    // Unary minus is an operator, also in front of a number.
    {"-2", "(-2)"},
    {"--2", "(-(-2))"},
    {"- {q}", "(-{q})"},
    {"-(1 + 2)", "(-(1 + 2))"},
    {"1 - -1", "(1 - (-1))"},
    {"-{q} * 2", "((-{q}) * 2)"},
    // Arithmetic: * / % above + -, both left-associative.
    {"1 + 2 * 3", "(1 + (2 * 3))"},
    {"1 * 2 + 3", "((1 * 2) + 3)"},
    {"(1 + 2) * 3", "((1 + 2) * 3)"},
    {"1 - 2 - 3", "((1 - 2) - 3)"},
    {"1 - (2 - 3)", "(1 - (2 - 3))"},
    {"1 + 2 - 3 + 4", "(((1 + 2) - 3) + 4)"},
    {"8 / 4 / 2", "((8 / 4) / 2)"},
    {"7 % 4 * 2", "((7 % 4) * 2)"},
    {"2 * 3 / 4 % 5", "(((2 * 3) / 4) % 5)"},
    {"((1))", "1"},
    {"((1 + 2))", "(1 + 2)"},
    // Comparisons, every spelling.
    {"{a} = 1", "({a} = 1)"},
    {"{a} == 1", "({a} = 1)"},
    {"{a} != 1", "({a} != 1)"},
    {"{a} <> 1", "({a} != 1)"},
    {"{a} < 1", "({a} < 1)"},
    {"{a} <= 1", "({a} <= 1)"},
    {"{a} > 1", "({a} > 1)"},
    {"{a} >= 1", "({a} >= 1)"},
    {"{a} contains 'x'", "({a} contains 'x')"},
    {"{a} CONTAINS 'x'", "({a} contains 'x')"},
    {"{a} notcontains 'x'", "({a} notcontains 'x')"},
    {"{a} NotContains 'x'", "({a} notcontains 'x')"},
    {"'x' in {a}", "('x' in {a})"},
    {"'x' IN {a}", "('x' in {a})"},
    {"'x' notin {a}", "('x' notin {a})"},
    {"'x' NotIn {a}", "('x' notin {a})"},
    {"{a} anyof ['x', 'y']", "({a} anyof ['x', 'y'])"},
    {"{a} AnyOf ['x']", "({a} anyof ['x'])"},
    {"{a} allof ['x', 'y']", "({a} allof ['x', 'y'])"},
    {"{a} ALLOF ['x']", "({a} allof ['x'])"},
    {"{a} + 1 = {b} * 2", "(({a} + 1) = ({b} * 2))"},
    {"-{a} < -1", "((-{a}) < (-1))"},
    {"({a} = 1) = true", "(({a} = 1) = true)"},
    // Postfix empty / notempty.
    {"{q} empty", "({q} empty)"},
    {"{q} Empty", "({q} empty)"},
    {"{q} notempty", "({q} notempty)"},
    {"{q} NotEmpty", "({q} notempty)"},
    {"{a} + 1 empty", "(({a} + 1) empty)"},
    {"-{a} empty", "((-{a}) empty)"},
    {"not {q} empty", "(not ({q} empty))"},
    {"({q} empty) = false", "(({q} empty) = false)"},
    // not, and, or: not above and above or; and/or left-associative.
    {"not {a}", "(not {a})"},
    {"NOT {a}", "(not {a})"},
    {"!{a}", "(not {a})"},
    {"not not {a}", "(not (not {a}))"},
    {"!!{a}", "(not (not {a}))"},
    {"not {a} = 1", "(not ({a} = 1))"},
    {"!{a} = 1", "(not ({a} = 1))"},
    {"not {a} and {b}", "((not {a}) and {b})"},
    {"{a} and {b}", "({a} and {b})"},
    {"{a} AND {b}", "({a} and {b})"},
    {"{a} && {b}", "({a} and {b})"},
    {"{a} or {b}", "({a} or {b})"},
    {"{a} Or {b}", "({a} or {b})"},
    {"{a} || {b}", "({a} or {b})"},
    {"{a} or {b} or {c}", "(({a} or {b}) or {c})"},
    {"{a} and {b} and {c}", "(({a} and {b}) and {c})"},
    {"{a} or {b} and {c}", "({a} or ({b} and {c}))"},
    {"{a} || {b} && {c}", "({a} or ({b} and {c}))"},
    {"{a} and {b} or {c}", "(({a} and {b}) or {c})"},
    {"({a} or {b}) and {c}", "(({a} or {b}) and {c})"},
    {"{a} and not {b}", "({a} and (not {b}))"},
    {"{q1} >= 4 and {group.selling} = 'complex'", "(({q1} >= 4) and ({group.selling} = 'complex'))"},
    {"{a} = 1 or {b} empty and not {c} contains 'x'", "(({a} = 1) or (({b} empty) and (not ({c} contains 'x'))))"},
    // Calls.
    {"sum({a}, 2)", "sum({a}, 2)"},
    {"sum( {a} ,2 )", "sum({a}, 2)"},
    {"count([1, 2])", "count([1, 2])"},
    {"answered({a}, {b})", "answered({a}, {b})"},
    {"avg(1)", "avg(1)"},
    {"min(1, 2)", "min(1, 2)"},
    {"max(1, 2)", "max(1, 2)"},
    {"abs(-1)", "abs((-1))"},
    {"round(2.5)", "round(2.5)"},
    {"iif({a} > 1, 'x', 'y')", "iif(({a} > 1), 'x', 'y')"},
    {"sum(1) + 1", "(sum(1) + 1)"},
    {"-sum(1)", "(-sum(1))"},
    {"max(sum(1, 2), abs({a} - 3))", "max(sum(1, 2), abs(({a} - 3)))"},
    // The examples of docs/expressions.md.
    {"{a} || {b} && !{c}", "({a} or ({b} and (not {c})))"},
    {"{a} == 1 or {a} <> 2", "(({a} = 1) or ({a} != 2))"},
    {"-{n} * 2", "((-{n}) * 2)"},
    {"[1,-2, \"x\" ,TRUE]", "[1, -2, 'x', true]"},
    {"{channels} anyof ['phone', 'video'] or {group.field_visits} = false",
     "(({channels} anyof ['phone', 'video']) or ({group.field_visits} = false))"},
    {"answered({goals_clear}, {goals_fair}, {goals_known}) >= 2",
     "(answered({goals_clear}, {goals_fair}, {goals_known}) >= 2)"},
    {"iif({team_size} > 12, {span_ok}, true)", "iif(({team_size} > 12), {span_ok}, true)"},
    // White space anywhere between tokens, or none.
    {" \t\n1\r\n+ 2 ", "(1 + 2)"},
    {"1+2*3", "(1 + (2 * 3))"},
    {"{a}and{b}", "({a} and {b})"},
    {"{a}>=1", "({a} >= 1)"},
    {"{a}<>1", "({a} != 1)"},
    {"1or 2", "(1 or 2)"},
};

TEST(ExpressionParseTest, CanonicalForms) {
  for (const CanonicalRow& row : kCanonicalRows) {
    SCOPED_TRACE(row.source);
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_TRUE(compiled.ok()) << compiled.error().to_string();
    EXPECT_EQ(compiled->canonical(), row.canonical);
    EXPECT_EQ(compiled->source(), row.source);
    Result<Expression> again = Expression::compile(row.canonical);
    ASSERT_TRUE(again.ok()) << again.error().to_string();
    EXPECT_EQ(again->canonical(), row.canonical);
  }
}

// ---------------------------------------------------------------------------
// Compile errors: {source, code, message}.

struct ErrorRow {
  std::string source;
  std::string code;
  std::string message;
};

const ErrorRow kErrorRows[] = {
    // Nothing to parse.
    {"", "expr.syntax", "unexpected end of expression at offset 0"},
    {"   ", "expr.syntax", "unexpected end of expression at offset 3"},
    {"1 +", "expr.syntax", "unexpected end of expression at offset 3"},
    {"{a} = 1 and {b} <= ", "expr.syntax", "unexpected end of expression at offset 19"},
    {"(1", "expr.syntax", "unexpected end of expression at offset 2"},
    {"not", "expr.syntax", "unexpected end of expression at offset 3"},
    // Stray tokens.
    {"(1 + 2))", "expr.syntax", "unexpected ')' at offset 7"},
    {"()", "expr.syntax", "unexpected ')' at offset 1"},
    {"1 2", "expr.syntax", "unexpected '2' at offset 2"},
    {"1 +* 2", "expr.syntax", "unexpected '*' at offset 3"},
    {"{a} = not {b}", "expr.syntax", "unexpected 'not' at offset 6"},
    {"{a} = = 1", "expr.syntax", "unexpected '=' at offset 6"},
    {"and {a}", "expr.syntax", "unexpected 'and' at offset 0"},
    {"empty", "expr.syntax", "unexpected 'empty' at offset 0"},
    {"1, 2", "expr.syntax", "unexpected ',' at offset 1"},
    {"yes", "expr.syntax", "unexpected 'yes' at offset 0"},
    {"{a} = yes 'x", "expr.syntax", "unexpected 'yes' at offset 6"},
    {"sum", "expr.syntax", "unexpected 'sum' at offset 0"},
    {"{a} = 'x' 'y'", "expr.syntax", "unexpected \"'y'\" at offset 10"},
    {"1 = '" + repeat("x", 40) + "' 2", "expr.syntax", "unexpected '2' at offset 47"},
    {"1 '" + repeat("x", 40) + "'", "expr.syntax", "unexpected \"'" + repeat("x", 31) + "...\" at offset 2"},
    // Characters that start no token.
    {"#", "expr.syntax", "unexpected '#' at offset 0"},
    {"{a} & {b}", "expr.syntax", "unexpected '&' at offset 4"},
    {"{a} | {b}", "expr.syntax", "unexpected '|' at offset 4"},
    {"1 ; 2", "expr.syntax", "unexpected ';' at offset 2"},
    {"{a} = é", "expr.syntax", "unexpected 'é' at offset 6"},
    {"1 . 2", "expr.syntax", "unexpected '.' at offset 2"},
    // Comparisons do not chain.
    {"1 = 2 = 3", "expr.syntax", "unexpected '=' at offset 6"},
    {"1 < 2 < 3", "expr.syntax", "unexpected '<' at offset 6"},
    {"{a} in [1] = true", "expr.syntax", "unexpected '=' at offset 11"},
    {"({a} = 1 != 2)", "expr.syntax", "unexpected '!=' at offset 9"},
    {"{q} empty empty", "expr.syntax", "unexpected 'empty' at offset 10"},
    {"{q} empty = true", "expr.syntax", "unexpected '=' at offset 10"},
    {"{q} = 1 notempty", "expr.syntax", "unexpected 'notempty' at offset 8"},
    // Strings.
    {"'abc", "expr.syntax", "unterminated string at offset 0"},
    {"{a}'x", "expr.syntax", "unterminated string at offset 3"},
    {"\"abc'", "expr.syntax", "unterminated string at offset 0"},
    {"'a\\'", "expr.syntax", "unterminated string at offset 0"},
    {"'a\\", "expr.syntax", "unterminated string at offset 0"},
    {"'a\\x'", "expr.syntax", "unknown escape '\\x' at offset 2"},
    {"'\\u0041'", "expr.syntax", "unknown escape '\\u' at offset 1"},
    {"'\\é'", "expr.syntax", "unknown escape '\\é' at offset 1"},
    // Numbers.
    {"1.2.3", "expr.syntax", "invalid number '1.2.3' at offset 0"},
    {"1 + 1e999", "expr.syntax", "invalid number '1e999' at offset 4"},
    {"2abc", "expr.syntax", "unexpected 'abc' at offset 1"},
    {"1e", "expr.syntax", "unexpected 'e' at offset 1"},
    // References.
    {"{q1 }", "expr.syntax", "expected '}' after reference at offset 3"},
    {"{q1", "expr.syntax", "expected '}' after reference at offset 3"},
    {"{abcd x}", "expr.syntax", "expected '}' after reference at offset 5"},
    {"{q1.x}", "expr.syntax", "expected '}' after reference at offset 3"},
    {"{q-1}", "expr.syntax", "expected '}' after reference at offset 2"},
    {"{qA}", "expr.syntax", "expected '}' after reference at offset 2"},
    {"{group.x.y}", "expr.syntax", "expected '}' after reference at offset 8"},
    {"{ q1}", "expr.syntax", "expected an id after '{' at offset 1"},
    {"{}", "expr.syntax", "expected an id after '{' at offset 1"},
    {"{Q1}", "expr.syntax", "expected an id after '{' at offset 1"},
    {"{1q}", "expr.syntax", "expected an id after '{' at offset 1"},
    {"{_q}", "expr.syntax", "expected an id after '{' at offset 1"},
    {"{", "expr.syntax", "expected an id after '{' at offset 1"},
    {"{group.}", "expr.syntax", "expected an id after '{group.' at offset 7"},
    {"{group. x}", "expr.syntax", "expected an id after '{group.' at offset 7"},
    {"{" + repeat("a", 65) + "}", "expr.syntax", "reference id longer than 64 characters at offset 1"},
    {"{group." + repeat("a", 65) + "}", "expr.syntax", "reference id longer than 64 characters at offset 7"},
    {"1 }", "expr.syntax", "unexpected '}' at offset 2"},
    // Lists hold literals only.
    {"[{q}]", "expr.syntax", "unexpected '{q}' at offset 1 (list elements must be literals)"},
    {"[1, [2]]", "expr.syntax", "unexpected '[' at offset 4 (list elements must be literals)"},
    {"[-'a']", "expr.syntax", "unexpected \"'a'\" at offset 2 (list elements must be literals)"},
    {"[--1]", "expr.syntax", "unexpected '-' at offset 2 (list elements must be literals)"},
    {"[sum(1)]", "expr.syntax", "unexpected 'sum' at offset 1 (list elements must be literals)"},
    {"[1 + 2]", "expr.syntax", "unexpected '+' at offset 3"},
    {"[1 2]", "expr.syntax", "unexpected '2' at offset 3"},
    {"[1,]", "expr.syntax", "unexpected ']' at offset 3"},
    {"[,]", "expr.syntax", "unexpected ',' at offset 1 (list elements must be literals)"},
    {"[1", "expr.syntax", "unexpected end of expression at offset 2"},
    {"[1,", "expr.syntax", "unexpected end of expression at offset 3"},
    {"]", "expr.syntax", "unexpected ']' at offset 0"},
    // Calls.
    {"sum(1", "expr.syntax", "unexpected end of expression at offset 5"},
    {"sum(1,)", "expr.syntax", "unexpected ')' at offset 6"},
    {"sum(1 2)", "expr.syntax", "unexpected '2' at offset 6"},
    {"sum(,1)", "expr.syntax", "unexpected ',' at offset 4"},
    {"foo(1)", "expr.unknown_function", "unknown function 'foo' at offset 0"},
    {"1 + Sum(1)", "expr.unknown_function", "unknown function 'Sum' at offset 4"},
    {"COUNT({a})", "expr.unknown_function", "unknown function 'COUNT' at offset 0"},
    {"iff(1, 2, 3)", "expr.unknown_function", "unknown function 'iff' at offset 0"},
    {"count()", "expr.arity", "count() at offset 0 takes at least 1 argument, not 0"},
    {"answered()", "expr.arity", "answered() at offset 0 takes at least 1 argument, not 0"},
    {"sum()", "expr.arity", "sum() at offset 0 takes at least 1 argument, not 0"},
    {"avg( )", "expr.arity", "avg() at offset 0 takes at least 1 argument, not 0"},
    {"min()", "expr.arity", "min() at offset 0 takes at least 1 argument, not 0"},
    {"1 + max()", "expr.arity", "max() at offset 4 takes at least 1 argument, not 0"},
    {"iif(1, 2)", "expr.arity", "iif() at offset 0 takes 3 arguments, not 2"},
    {"iif(1, 2, 3, 4)", "expr.arity", "iif() at offset 0 takes 3 arguments, not 4"},
    {"abs()", "expr.arity", "abs() at offset 0 takes 1 argument, not 0"},
    {"abs(1, 2)", "expr.arity", "abs() at offset 0 takes 1 argument, not 2"},
    {"round(1, 2)", "expr.arity", "round() at offset 0 takes 1 argument, not 2"},
    {"sum(abs(1, 2)", "expr.arity", "abs() at offset 4 takes 1 argument, not 2"},
    // Nesting: 64 levels are allowed (see the accepting rows below).
    // The offset is where the parser noticed: at the construct that is the
    // 65th level counted from the inside, or at the one that opens too many
    // levels at once for the parser's own recursion (twice the limit).
    {parenthesised(65), "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 0"},
    {parenthesised(200), "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 128"},
    {repeat("-", 65) + "1", "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 0"},
    {repeat("not ", 65) + "true", "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 0"},
    {"1 and " + repeat("not ", 66) + "true", "expr.limit_exceeded",
     "expression nests deeper than 64 levels at offset 10"},
    {repeat("!", 200) + "true", "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 128"},
    {nested_calls(65), "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 0"},
    {repeat("(-", 65) + "1" + repeat(")", 65), "expr.limit_exceeded",
     "expression nests deeper than 64 levels at offset 128"},
    {chain("+", 65), "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 258"},
    {chain("or", 200), "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 322"},
    {"((" + chain("*", 64) + "))", "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 0"},
    {"-" + chain("-", 64), "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 255"},
    {parenthesised(64) + " = 1", "expr.limit_exceeded", "expression nests deeper than 64 levels at offset 130"},
    // Length.
    {repeat("1", 4001), "expr.limit_exceeded", "expression is 4001 characters long; the limit is 4000"},
    {"'" + repeat("é", 4000) + "'", "expr.limit_exceeded", "expression is 4002 characters long; the limit is 4000"},
};

TEST(ExpressionCompileTest, Errors) {
  for (const ErrorRow& row : kErrorRows) {
    SCOPED_TRACE(row.source.substr(0, 80));
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_FALSE(compiled.ok()) << compiled->canonical();
    EXPECT_EQ(compiled.error(), (Error{row.code, "", row.message}));
  }
}

TEST(ExpressionCompileTest, AcceptsLimits) {
  const std::string sources[] = {
      parenthesised(64),
      repeat("-", 64) + "1",
      repeat("not ", 64) + "true",
      nested_calls(64),
      chain("+", 64),
      chain("and", 64),
      "(" + chain("*", 64) + ")",
      "((" + chain("*", 63) + "))",
      repeat("(-", 64) + "1" + repeat(")", 64),
      repeat("(not ", 64) + "1" + repeat(")", 64),
      parenthesised(63) + " + " + parenthesised(63),
      parenthesised(63) + " = 1",
      "'" + repeat("x", 3998) + "'",
      "'" + repeat("é", 3998) + "'",
  };
  for (const std::string& source : sources) {
    SCOPED_TRACE(source.substr(0, 80));
    Result<Expression> compiled = Expression::compile(source);
    EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
  }
}

TEST(ExpressionCompileTest, HonoursGivenLimits) {
  struct Row {
    std::string source;
    ExpressionLimits limits;
    std::string message;  // empty: compiles
  };
  const Row rows[] = {
      {"1 + 2", {5, 64}, ""},
      {"1 + 23", {5, 64}, "expression is 6 characters long; the limit is 5"},
      {"1", {4000, 0}, ""},
      {"-1", {4000, 0}, "expression nests deeper than 0 levels at offset 0"},
      {"1 + 2 + 3", {4000, 2}, ""},
      {"1 + 2 + 3 + 4", {4000, 2}, "expression nests deeper than 2 levels at offset 10"},
      {"(1 + 2) + 3", {4000, 2}, ""},
      {"((1 + 2)) + 3", {4000, 2}, "expression nests deeper than 2 levels at offset 10"},
      {"sum(1, (2))", {4000, 2}, ""},
      {"sum(1, ((2)))", {4000, 2}, "expression nests deeper than 2 levels at offset 0"},
      {"(((((1)))))", {4000, 2}, "expression nests deeper than 2 levels at offset 4"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.source);
    Result<Expression> compiled = Expression::compile(row.source, row.limits);
    if (row.message.empty()) {
      EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
    } else {
      ASSERT_FALSE(compiled.ok());
      EXPECT_EQ(compiled.error(), (Error{"expr.limit_exceeded", "", row.message}));
    }
  }
}

TEST(ExpressionCompileTest, ErrorsPrintLikeDiagnostics) {
  Result<Expression> compiled = Expression::compile("(1 + 2))");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().to_string(), "[expr.syntax] unexpected ')' at offset 7");
  Error placed = compiled.error();
  placed.pointer = "/pages/0/visibleIf";
  EXPECT_EQ(placed.to_string(), "[expr.syntax] (/pages/0/visibleIf) unexpected ')' at offset 7");
  EXPECT_EQ((Diagnostic{Severity::error, placed}).to_string(),
            "error: [expr.syntax] (/pages/0/visibleIf) unexpected ')' at offset 7");
  EXPECT_EQ((Diagnostic{Severity::warning, Error{"survey.few_items", "", "two items"}}).to_string(),
            "warning: [survey.few_items] two items");
}

// ---------------------------------------------------------------------------
// Evaluation: {source, answers, group attributes, expected value as text}.

constexpr Value kAB[] = {Value::string("a"), Value::string("b")};
constexpr Value kOneTwo[] = {Value::number(1), Value::number(2)};
constexpr Value kMixed[] = {Value::number(3), Value::string("x"), Value::number(-4), Value::boolean(true)};

const Answers kAnswers = {
    {"n", Value::number(4)},
    {"m", Value::number(-2.5)},
    {"zero", Value::number(0)},
    {"s", Value::string("text")},
    {"blank", Value::string("")},
    {"choice", Value::string("a")},
    {"multi", Value::list(kAB)},
    {"nums", Value::list(kOneTwo)},
    {"mixed", Value::list(kMixed)},
    {"none", Value::list({})},
    {"yes", Value::boolean(true)},
    {"e", Value()},
    {"e2", Value()},
};

const Answers kGroup = {
    {"selling", Value::string("complex")},
    {"performance_pay", Value::boolean(true)},
    {"field_visits", Value::boolean(false)},
    {"size", Value::number(12)},
    {"unset", Value()},
};

struct EvalRow {
  std::string source;
  std::string expected;
};

const EvalRow kEvalRows[] = {
    // Literals and references.
    {"4", "4"},
    {"'it\\'s'", "'it\\'s'"},
    {"true", "true"},
    {"[1, 'a']", "[1, 'a']"},
    {"[]", "[]"},
    {"{n}", "4"},
    {"{s}", "'text'"},
    {"{multi}", "['a', 'b']"},
    {"{e}", "empty"},
    {"{group.selling}", "'complex'"},
    {"{group.performance_pay}", "true"},
    {"{group.unset}", "empty"},
    // Arithmetic needs two numbers.
    {"1 + 2", "3"},
    {"5 - 7", "-2"},
    {"2 * 3.5", "7"},
    {"7 / 2", "3.5"},
    {"7 % 3", "1"},
    {"-7 % 3", "-1"},
    {"7.5 % 2", "1.5"},
    {"0.1 + 0.2", "0.30000000000000004"},
    {"{m} * 2", "-5"},
    {"{group.size} / {n}", "3"},
    {"1 + 2 * 3", "7"},
    {"10 - 4 - 3", "3"},
    {"1 + '2'", "empty"},
    {"'a' + 'b'", "empty"},
    {"{e} + 1", "empty"},
    {"1 - {e}", "empty"},
    {"true + 1", "empty"},
    {"[1] * 2", "empty"},
    {"{nums} + 1", "empty"},
    {"1 / 0", "empty"},
    {"1 / {zero}", "empty"},
    {"0 / 0", "empty"},
    {"5 % 0", "empty"},
    {"1e308 * 10", "empty"},
    {"-1e308 - 1e308", "empty"},
    {"-{n}", "-4"},
    {"-{m}", "2.5"},
    {"--3", "3"},
    {"-'a'", "empty"},
    {"-{e}", "empty"},
    {"-true", "empty"},
    {"-[1]", "empty"},
    // = and != compare kind and content; no coercion.
    {"1 = 1", "true"},
    {"1 == 1.0", "true"},
    {"1 = 2", "false"},
    {"1 = '1'", "false"},
    {"'a' = 'a'", "true"},
    {"'a' == \"a\"", "true"},
    {"'a' = 'A'", "false"},
    {"true = 1", "false"},
    {"true = true", "true"},
    {"{e} = {e2}", "true"},
    {"{e} = {group.unset}", "true"},
    {"{e} = 0", "false"},
    {"{e} = ''", "false"},
    {"{e} = false", "false"},
    {"{zero} = false", "false"},
    {"[1, 'a'] = [1, 'a']", "true"},
    {"[1] = [1, 2]", "false"},
    {"{nums} = [1, 2]", "true"},
    {"{nums} = [2, 1]", "false"},
    {"{none} = []", "true"},
    {"{choice} = ['a']", "false"},
    {"{group.selling} = 'complex'", "true"},
    {"1 != 2", "true"},
    {"1 <> 1", "false"},
    {"1 != '1'", "true"},
    {"{e} != 1", "true"},
    {"{e} <> {e2}", "false"},
    // < <= > >=: numbers numerically, strings bytewise, anything else false.
    {"1 < 2", "true"},
    {"2 < 1", "false"},
    {"2 <= 2", "true"},
    {"3 <= 2", "false"},
    {"3 > 2", "true"},
    {"2 > 2", "false"},
    {"2 >= 2", "true"},
    {"2 >= 3", "false"},
    {"-1 < 0", "true"},
    {"{n} >= 4", "true"},
    {"'a' < 'b'", "true"},
    {"'b' <= 'b'", "true"},
    {"'B' < 'a'", "true"},
    {"'a' < 'ab'", "true"},
    {"'é' > 'z'", "true"},
    {"'10' < '9'", "true"},
    {"1 < '2'", "false"},
    {"'1' >= 0", "false"},
    {"{e} < 1", "false"},
    {"{e} >= 1", "false"},
    {"{e} <= {e2}", "false"},
    {"{e} >= {e2}", "false"},
    {"true > false", "false"},
    {"false < true", "false"},
    {"[1] < [2]", "false"},
    {"{nums} >= {nums}", "false"},
    // contains / notcontains: list element or substring.
    {"[1, 2] contains 2", "true"},
    {"[1, 2] contains 3", "false"},
    {"[1, 2] contains '2'", "false"},
    {"{multi} contains 'a'", "true"},
    {"{multi} contains {choice}", "true"},
    {"{nums} contains [1]", "false"},
    {"{none} contains {e}", "false"},
    {"'hello' contains 'ell'", "true"},
    {"'hello' contains 'hello'", "true"},
    {"'hello' contains ''", "true"},
    {"'hello' contains 'x'", "false"},
    {"'hello' contains 'Ell'", "false"},
    {"'a1' contains 1", "false"},
    {"12 contains 1", "false"},
    {"{e} contains 1", "false"},
    {"{e} contains {e2}", "false"},
    {"true contains true", "false"},
    {"[1, 2] notcontains 3", "true"},
    {"[1, 2] notcontains 1", "false"},
    {"'hello' notcontains 'ell'", "false"},
    {"'hello' notcontains 'x'", "true"},
    {"{e} notcontains 1", "true"},
    {"12 notcontains 1", "true"},
    // in / notin: the other way round.
    {"2 in [1, 2]", "true"},
    {"3 in [1, 2]", "false"},
    {"{choice} in ['a', 'c']", "true"},
    {"'ell' in 'hello'", "true"},
    {"'x' in 'hello'", "false"},
    {"{e} in [1]", "false"},
    {"1 in {e}", "false"},
    {"1 in 1", "false"},
    {"3 notin [1, 2]", "true"},
    {"2 notin [1, 2]", "false"},
    {"'x' notin 'hello'", "true"},
    {"{e} notin [1]", "true"},
    // anyof: a (a list, or one value) shares an element with list b.
    {"{multi} anyof ['a', 'x']", "true"},
    {"{multi} anyof ['b']", "true"},
    {"{multi} anyof ['x', 'y']", "false"},
    {"{multi} anyof []", "false"},
    {"{choice} anyof ['a', 'b']", "true"},
    {"{choice} anyof ['b']", "false"},
    {"{n} anyof [4, 5]", "true"},
    {"{n} anyof ['4']", "false"},
    {"{e} anyof ['a']", "false"},
    {"{none} anyof ['a']", "false"},
    {"{multi} anyof 'a'", "false"},
    {"{multi} anyof {e}", "false"},
    {"{multi} anyof {multi}", "true"},
    // allof: every element of list b is in a.
    {"{multi} allof ['a', 'b']", "true"},
    {"{multi} allof ['b']", "true"},
    {"{multi} allof ['a', 'c']", "false"},
    {"{multi} allof []", "true"},
    {"{choice} allof ['a']", "true"},
    {"{choice} allof ['a', 'b']", "false"},
    {"{choice} allof []", "true"},
    {"{e} allof ['a']", "false"},
    {"{e} allof []", "false"},
    {"{none} allof []", "true"},
    {"{none} allof ['a']", "false"},
    {"{multi} allof 'a'", "false"},
    {"{nums} allof [2, 1, 2]", "true"},
    // empty / notempty: unanswered, '' or [].
    {"{e} empty", "true"},
    {"{group.unset} empty", "true"},
    {"'' empty", "true"},
    {"{blank} empty", "true"},
    {"[] empty", "true"},
    {"{none} empty", "true"},
    {"0 empty", "false"},
    {"{zero} empty", "false"},
    {"false empty", "false"},
    {"'x' empty", "false"},
    {"{multi} empty", "false"},
    {"{e} notempty", "false"},
    {"{blank} notempty", "false"},
    {"{none} notempty", "false"},
    {"0 notempty", "true"},
    {"{s} notempty", "true"},
    {"{n} + 1 empty", "false"},
    {"{e} + 1 empty", "true"},
    {"1 / 0 empty", "true"},
    // and / or / not: truthiness in, a boolean out.
    {"true and true", "true"},
    {"true and false", "false"},
    {"false or true", "true"},
    {"false or false", "false"},
    {"1 and 'x'", "true"},
    {"'a' or 0", "true"},
    {"2 and [1]", "true"},
    {"0 or ''", "false"},
    {"[] or {e}", "false"},
    {"[0] and 1", "true"},
    {"{e} and true", "false"},
    {"{e} or {yes}", "true"},
    {"{blank} || {none}", "false"},
    {"{n} && {s}", "true"},
    {"not 0", "true"},
    {"not 1", "false"},
    {"not 'x'", "false"},
    {"not ''", "true"},
    {"not []", "true"},
    {"!{e}", "true"},
    {"!{multi}", "false"},
    {"not not 5", "true"},
    {"not {group.field_visits}", "true"},
    {"true or false and false", "true"},
    {"(true or false) and false", "false"},
    {"not true = false", "true"},
    // Short circuits (the right side would be empty, never an error).
    {"false and 1 / 0", "false"},
    {"true or 1 / 0", "true"},
    {"{e} and {e} + 1 > 0", "false"},
    {"{n} or {e} + 'x' = 1", "true"},
    // count: non-empty values, list elements each.
    {"count(1)", "1"},
    {"count(1, {e}, 'a')", "2"},
    {"count([1, 2], 3)", "3"},
    {"count({multi})", "2"},
    {"count({multi}, {choice}, {e})", "3"},
    {"count({e})", "0"},
    {"count('', [])", "0"},
    {"count({none}, {blank}, {zero}, false)", "2"},
    // answered: arguments that are not empty.
    {"answered({n}, {e}, {multi})", "2"},
    {"answered([], '', 0)", "1"},
    {"answered([1, 2])", "1"},
    {"answered({e}, {e2})", "0"},
    {"answered({none}, {blank}, {yes})", "1"},
    // sum / avg / min / max over the numbers, inside lists too.
    {"sum(1, 2, 3)", "6"},
    {"sum({n}, {nums}, 'x', {e})", "7"},
    {"sum({mixed})", "-1"},
    {"sum('x')", "0"},
    {"sum([])", "0"},
    {"sum({e})", "0"},
    {"sum(true)", "0"},
    {"sum(1e308, 1e308)", "empty"},
    {"avg(1, 2)", "1.5"},
    {"avg([1, 2, 3])", "2"},
    {"avg({nums}, {e}, 'x', 6)", "3"},
    {"avg({mixed})", "-0.5"},
    {"avg('x')", "empty"},
    {"avg({e})", "empty"},
    {"avg([])", "empty"},
    {"min(3, [1, 2], 'a')", "1"},
    {"min({mixed})", "-4"},
    {"min(-1, -2)", "-2"},
    {"min({e})", "empty"},
    {"min('a', [])", "empty"},
    {"max(3, [1, 5])", "5"},
    {"max(-1, -2)", "-1"},
    {"max({mixed}, {m})", "3"},
    {"max('a')", "empty"},
    {"max({none})", "empty"},
    // iif: lazy choice by truthiness.
    {"iif({n} > 1, 'big', 'small')", "'big'"},
    {"iif({n} > 10, 'big', 'small')", "'small'"},
    {"iif({e}, 1, 2)", "2"},
    {"iif('x', {multi}, 2)", "['a', 'b']"},
    {"iif(true, 1, 1 / 0)", "1"},
    {"iif(false, {e}, {s})", "'text'"},
    {"iif(true, {e}, 1)", "empty"},
    // abs / round: numbers only.
    {"abs(-2.5)", "2.5"},
    {"abs(3)", "3"},
    {"abs({m})", "2.5"},
    {"abs('x')", "empty"},
    {"abs({e})", "empty"},
    {"round(2.5)", "3"},
    {"round(-2.5)", "-3"},
    {"round(2.4)", "2"},
    {"round(0.5)", "1"},
    {"round(-0.4)", "0"},
    {"round({m})", "-3"},
    {"round('2')", "empty"},
    {"round({e})", "empty"},
    {"round(avg(1, 2))", "2"},
    // Conditions as surveys write them.
    {"{n} >= 4 and {group.selling} = 'complex'", "true"},
    {"{group.field_visits} = false", "true"},
    {"{group.performance_pay}", "true"},
    {"{choice} = 'a' or {multi} contains 'c'", "true"},
    {"{e} notempty and {e} > 3", "false"},
    {"answered({n}, {m}, {e}) >= 2 and sum({n}, {m}) > 1", "true"},
    // Nesting at the limit evaluates.
    {parenthesised(64), "1"},
    {repeat("-", 64) + "1", "1"},
    {repeat("-", 63) + "1", "-1"},
    {repeat("not ", 64) + "1", "true"},
    {nested_calls(64), "1"},
    {chain("+", 64), "65"},
    {chain("and", 64), "true"},
};

TEST(ExpressionEvaluateTest, Semantics) {
  const std::vector<Value> answers = values_of(kAnswers);
  const std::vector<Value> group = values_of(kGroup);
  const Scope scope{answers, group};
  for (const EvalRow& row : kEvalRows) {
    SCOPED_TRACE(row.source.substr(0, 80));
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_TRUE(compiled.ok()) << compiled.error().to_string();
    Expression expression = std::move(compiled).value();
    Status bound = expression.bind(slots_of(kAnswers), slots_of(kGroup));
    ASSERT_TRUE(bound.ok()) << bound.error().to_string();
    EXPECT_EQ(expression.evaluate(scope).to_string(), row.expected);
    // The canonical form means the same.
    Result<Expression> canonical = Expression::compile(expression.canonical());
    ASSERT_TRUE(canonical.ok()) << canonical.error().to_string();
    ASSERT_TRUE(canonical->bind(slots_of(kAnswers), slots_of(kGroup)).ok());
    EXPECT_EQ(canonical->evaluate(scope).to_string(), row.expected);
  }
}

TEST(ExpressionEvaluateTest, AllocatesNothing) {
  const std::vector<Value> answers = values_of(kAnswers);
  const std::vector<Value> group = values_of(kGroup);
  const Scope scope{answers, group};
  std::vector<Expression> expressions;
  for (const EvalRow& row : kEvalRows) {
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_TRUE(compiled.ok());
    ASSERT_TRUE(compiled->bind(slots_of(kAnswers), slots_of(kGroup)).ok());
    expressions.push_back(std::move(compiled).value());
  }
  long before = allocations.load();
  int truthy = 0;
  for (const Expression& expression : expressions) truthy += expression.evaluate(scope).truthy();
  EXPECT_EQ(allocations.load(), before);
  EXPECT_GT(truthy, 0);
}

// Answers are read where the session keeps them, not copied.
TEST(ExpressionEvaluateTest, ResultsPointIntoScopeAndProgram) {
  std::vector<Value> answers = {Value::string("text"), Value::list(kAB)};
  Result<Expression> compiled = Expression::compile("iif({s}, {s}, 'other')");
  ASSERT_TRUE(compiled.ok());
  ASSERT_TRUE(compiled->bind([](std::string_view) { return 0; }, [](std::string_view) { return std::nullopt; }).ok());
  Value read = compiled->evaluate(Scope{answers, {}});
  EXPECT_EQ(read.as_string().data(), answers[0].as_string().data());

  Result<Expression> literal = Expression::compile("'constant'");
  ASSERT_TRUE(literal.ok());
  Value first = literal->evaluate({});
  EXPECT_EQ(first.as_string().data(), literal->evaluate({}).as_string().data());
  Expression copy = literal.value();
  EXPECT_EQ(copy.evaluate({}).as_string().data(), first.as_string().data());
}

TEST(ExpressionEvaluateTest, UnboundReferencesReadAsEmpty) {
  const std::vector<Value> answers = {Value::number(5)};
  // Slot 0 holds 5, but {a} has no slot yet.
  // clang-format off
  const EvalRow rows[] = {
      {"{a}", "empty"},
      {"{a} empty", "true"},
      {"{a} = 5", "false"},
      {"{group.x} notempty", "false"},
      {"count({a}, 1)", "1"},
      {"iif({a}, 1, 2)", "2"},
  };
  // clang-format on
  for (const EvalRow& row : rows) {
    SCOPED_TRACE(row.source);
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_TRUE(compiled.ok());
    EXPECT_EQ(compiled->evaluate(Scope{answers, answers}).to_string(), row.expected);
  }
}

TEST(ExpressionEvaluateTest, DefaultConstructedIsEmpty) {
  Expression expression;
  EXPECT_EQ(expression.evaluate({}).to_string(), "empty");
  EXPECT_EQ(expression.canonical(), "");
  EXPECT_EQ(expression.source(), "");
  EXPECT_TRUE(expression.answer_refs().empty());
  EXPECT_TRUE(expression.group_refs().empty());
  EXPECT_TRUE(expression.bind(slots_of({}), slots_of({})).ok());
}

// ---------------------------------------------------------------------------
// References and binding.

TEST(ExpressionRefsTest, InOrderOfFirstAppearanceWithoutDuplicates) {
  struct Row {
    std::string source;
    std::vector<std::string> answers;
    std::vector<std::string> group;
  };
  const Row rows[] = {
      {"1", {}, {}},
      {"'{q1}'", {}, {}},
      {"{q1}", {"q1"}, {}},
      {"{b} + {a} + {b} = {group.y} + {group.x} + {group.y}", {"b", "a"}, {"y", "x"}},
      {"iif({c}, {a}, {c}) or {group.z} empty or sum({a}, {b}) > 1", {"c", "a", "b"}, {"z"}},
      {"{group} = {group.group}", {"group"}, {"group"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.source);
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_TRUE(compiled.ok());
    EXPECT_EQ(compiled->answer_refs(), row.answers);
    EXPECT_EQ(compiled->group_refs(), row.group);
  }
}

TEST(ExpressionBindTest, ReportsUnknownReferences) {
  const Answers answers = {{"q1", Value()}, {"q2", Value()}};
  const Answers group = {{"selling", Value()}};
  struct Row {
    std::string source;
    std::string message;  // empty: binds
  };
  const Row rows[] = {
      {"{q1} = {q2}", ""},
      {"{q1} = {group.selling}", ""},
      {"{q1} = {q9}", "unknown question 'q9'"},
      {"{q9} = {q8}", "unknown question 'q9'"},
      {"{group.x} = {q1}", "unknown group attribute 'x'"},
      {"{group.x} = {q7}", "unknown question 'q7'"},
      {"{selling} = 1", "unknown question 'selling'"},
      {"{group.q1} = 1", "unknown group attribute 'q1'"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.source);
    Result<Expression> compiled = Expression::compile(row.source);
    ASSERT_TRUE(compiled.ok());
    Status bound = compiled->bind(slots_of(answers), slots_of(group));
    if (row.message.empty()) {
      EXPECT_TRUE(bound.ok()) << bound.error().to_string();
    } else {
      ASSERT_FALSE(bound.ok());
      EXPECT_EQ(bound.error(), (Error{"expr.unknown_reference", "", row.message}));
    }
  }
}

TEST(ExpressionBindTest, SlotsComeFromTheResolvers) {
  const std::vector<Value> answers = {Value::number(1), Value::number(2), Value::number(3)};
  const std::vector<Value> group = {Value::string("x"), Value::string("y")};
  Result<Expression> compiled = Expression::compile("iif({group.g}, {b}, {a}) * 10 + {a}");
  ASSERT_TRUE(compiled.ok());
  Expression expression = compiled.value();
  auto answer_slot = [](std::string_view id) -> std::optional<int> { return id == "a" ? 2 : 0; };
  auto group_slot = [](std::string_view) -> std::optional<int> { return 1; };
  ASSERT_TRUE(expression.bind(answer_slot, group_slot).ok());
  EXPECT_EQ(expression.evaluate(Scope{answers, group}).to_string(), "13");

  // A failed bind keeps the binding it had.
  Status failed = expression.bind([](std::string_view) { return std::nullopt; }, group_slot);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(expression.evaluate(Scope{answers, group}).to_string(), "13");

  // Slots outside the scope, or negative, read as empty.
  ASSERT_TRUE(expression.bind([](std::string_view) { return -1; }, group_slot).ok());
  EXPECT_EQ(expression.evaluate(Scope{answers, group}).to_string(), "empty");
  ASSERT_TRUE(expression.bind(answer_slot, group_slot).ok());
  EXPECT_EQ(expression.evaluate(Scope{answers, {}}).to_string(), "33");  // {group.g} empty
}

TEST(ExpressionBindTest, CopiesShareTheTreeButBindOnTheirOwn) {
  const std::vector<Value> answers = {Value::number(1), Value::number(2)};
  Result<Expression> compiled = Expression::compile("{a}");
  ASSERT_TRUE(compiled.ok());
  Expression first = compiled.value();
  Expression second = first;
  ASSERT_TRUE(first.bind([](std::string_view) { return 0; }, slots_of({})).ok());
  ASSERT_TRUE(second.bind([](std::string_view) { return 1; }, slots_of({})).ok());
  EXPECT_EQ(first.evaluate(Scope{answers, {}}).to_string(), "1");
  EXPECT_EQ(second.evaluate(Scope{answers, {}}).to_string(), "2");
  EXPECT_EQ(&first.source(), &second.source());
  EXPECT_EQ(compiled->evaluate(Scope{answers, {}}).to_string(), "empty");
}

}  // namespace
}  // namespace sos
