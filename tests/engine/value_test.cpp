// Tests for sos::Value (value.h): truthiness, equality and canonical text.
#include "sos/value.h"

#include <gtest/gtest.h>

namespace sos {
namespace {

constexpr Value kOneAndA[] = {Value::number(1), Value::string("a")};
constexpr Value kOneAndB[] = {Value::number(1), Value::string("b")};
constexpr Value kOne[] = {Value::number(1)};
constexpr Value kQuotes[] = {Value::string("it's"), Value::string("a\\b"), Value::boolean(true)};

TEST(ValueTest, Truthy) {
  struct Row {
    Value value;
    bool truthy;
  };
  // clang-format off
  const Row rows[] = {
      {Value(), false},
      {Value::boolean(true), true},
      {Value::boolean(false), false},
      {Value::number(0), false},
      {Value::number(-0.0), false},
      {Value::number(2.5), true},
      {Value::number(-1), true},
      {Value::string(""), false},
      {Value::string("0"), true},
      {Value::list({}), false},
      {Value::list(kOne), true},
  };
  // clang-format on
  for (const Row& row : rows) {
    SCOPED_TRACE(row.value.to_string());
    EXPECT_EQ(row.value.truthy(), row.truthy);
  }
}

TEST(ValueTest, Equality) {
  struct Row {
    Value a;
    Value b;
    bool equal;
  };
  const Row rows[] = {
      {Value(), Value(), true},
      {Value(), Value::number(0), false},
      {Value(), Value::string(""), false},
      {Value::boolean(true), Value::boolean(true), true},
      {Value::boolean(true), Value::number(1), false},
      {Value::number(1), Value::number(1.0), true},
      {Value::number(0), Value::number(-0.0), true},
      {Value::number(1), Value::string("1"), false},
      {Value::string("a"), Value::string("a"), true},
      {Value::string("a"), Value::string("A"), false},
      {Value::list(kOneAndA), Value::list(kOneAndA), true},
      {Value::list(kOneAndA), Value::list(kOneAndB), false},
      {Value::list(kOneAndA), Value::list(kOne), false},
      {Value::list({}), Value::list({}), true},
      {Value::list(kOne), Value::number(1), false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.a.to_string() + " = " + row.b.to_string());
    EXPECT_EQ(row.a == row.b, row.equal);
    EXPECT_EQ(row.b == row.a, row.equal);
  }
}

TEST(ValueTest, ToString) {
  struct Row {
    Value value;
    std::string text;
  };
  const Row rows[] = {
      {Value(), "empty"},
      {Value::boolean(true), "true"},
      {Value::boolean(false), "false"},
      {Value::number(4), "4"},
      {Value::number(-2.5), "-2.5"},
      {Value::number(0.1), "0.1"},
      {Value::string("yes"), "'yes'"},
      {Value::string(""), "''"},
      {Value::list({}), "[]"},
      {Value::list(kOneAndA), "[1, 'a']"},
      {Value::list(kQuotes), "['it\\'s', 'a\\\\b', true]"},
  };
  for (const Row& row : rows) EXPECT_EQ(row.value.to_string(), row.text);
}

}  // namespace
}  // namespace sos
