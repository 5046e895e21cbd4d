// Tests of sos/detail/number.h: the engine's one number parser and formatter.
#include "sos/detail/number.h"

#include <gtest/gtest.h>

namespace sos::detail {
namespace {

TEST(NumberFormat, PlainDecimalsForSurveyNumbersAndExponentsBeyond) {
  struct Row {
    double value;
    const char* text;
  };
  const Row rows[] = {{10, "10"}, {1000, "1000"}, {100000, "100000"}, {-2.5, "-2.5"}, {0.1, "0.1"},
                      {12.25, "12.25"}, {1.0 / 3, "0.3333333333333333"}, {1e20, "1e+20"}, {1e-9, "1e-09"}, {0, "0"}};
  for (const Row& row : rows) {
    EXPECT_EQ(format_number(row.value), row.text);
    EXPECT_EQ(parse_number(format_number(row.value)), row.value);
  }
}

TEST(NumberParse, OnlyPlainDecimalLiterals) {
  EXPECT_EQ(parse_number("12"), 12);
  EXPECT_EQ(parse_number("-0.5"), -0.5);
  EXPECT_EQ(parse_number("1e3"), 1000);
  for (const char* bad : {"", " 1", "0x10", "inf", "nan", "1e", "1.2.3", "--1", "1e999"})
    EXPECT_FALSE(parse_number(bad)) << bad;
}

}  // namespace
}  // namespace sos::detail
