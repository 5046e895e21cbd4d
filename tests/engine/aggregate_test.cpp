// Tests of sos/aggregate.h: the merge laws, overflow, JSON form.
#include "sos/aggregate.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace sos {
namespace {

Aggregate random_aggregate(std::mt19937_64& random, const std::string& role) {
  static const char* keys[] = {"respondents", "dimension/goals", "question/q1", "option/q1/4", "option/q1/na"};
  Aggregate a{"s", "1", role, {}};
  std::uniform_int_distribution<std::int64_t> value(-1000000, 1000000);
  for (const char* key : keys)
    if (random() % 3) a.cells[key] = {value(random), value(random), value(random)};
  return a;
}

TEST(AggregateMerge, IsAssociativeAndCommutative) {
  std::mt19937_64 random(42);
  const char* roles[] = {"seller", "manager"};
  for (int i = 0; i < 500; ++i) {
    Aggregate a = random_aggregate(random, roles[random() % 2]);
    Aggregate b = random_aggregate(random, roles[random() % 2]);
    Aggregate c = random_aggregate(random, roles[random() % 2]);
    EXPECT_EQ(merge(a, b).value(), merge(b, a).value());
    EXPECT_EQ(merge(merge(a, b).value(), c).value(), merge(a, merge(b, c).value()).value());
  }
}

TEST(AggregateMerge, AddsEveryFieldAndMixesRoles) {
  Aggregate a{"s", "1", "seller", {{"dimension/goals", {1, 30000, 900000000}}}};
  Aggregate b{"s", "1", "seller", {{"dimension/goals", {1, 40000, 1600000000}}, {"respondents", {1, 0, 0}}}};
  Aggregate sum = merge(a, b).value();
  EXPECT_EQ(sum.cells["dimension/goals"], (Statistic{2, 70000, 2500000000}));
  EXPECT_EQ(sum.respondents(), 1);
  EXPECT_EQ(sum.role, "seller");
  b.role = "manager";
  EXPECT_EQ(merge(a, b).value().role, "");
}

TEST(AggregateMerge, RefusesOverflowAndLeavesTheTargetUnchanged) {
  Aggregate a{"s", "1", "", {{"question/n", {1, std::numeric_limits<std::int64_t>::max() - 1, 0}}, {"respondents", {1, 0, 0}}}};
  Aggregate before = a;
  Aggregate b{"s", "1", "", {{"respondents", {1, 0, 0}}, {"question/n", {1, 5, 0}}}};
  Status status = merge_into(a, b);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "aggregate.overflow");
  EXPECT_EQ(status.error().pointer, "/cells/question/n/sum");
  EXPECT_EQ(a, before);
}

TEST(AggregateMerge, RefusesAnotherSurveyOrVersion) {
  Aggregate a{"s", "1", "", {}};
  Aggregate b{"s", "2", "", {}};
  EXPECT_EQ(merge(a, b).error().code, "aggregate.mismatch");
}

TEST(AggregateJson, RoundTripsAndLeavesOutZeroFields) {
  Aggregate a{"s", "1", "seller", {{"option/q1/4", {3, 0, 0}}, {"dimension/goals", {2, 70000, 2500000000}}}};
  std::string text = aggregate_to_json(a);
  EXPECT_EQ(text,
            R"({"cells":{"dimension/goals":{"n":2,"sum":70000,"sumsq":2500000000},"option/q1/4":{"n":3}},)"
            R"("format":"sos-aggregate/1","role":"seller","survey":"s","version":"1"})");
  EXPECT_EQ(parse_aggregate(text).value(), a);
}

TEST(AggregateJson, ParseErrorsSayWhere) {
  struct Row {
    const char* text;
    const char* pointer;
  };
  const Row rows[] = {
      {"[]", ""},
      {R"({"format":"sos-aggregate/2","survey":"s","version":"1","role":"","cells":{}})", "/format"},
      {R"({"format":"sos-aggregate/1","survey":"s","version":"1","role":"","cells":{"x":{"n":1.5}}})", "/cells/x/n"},
      {R"({"format":"sos-aggregate/1","survey":"s","version":"1","role":"","cells":{"x":{"m":1}}})", "/cells/x/m"},
      {R"({"format":"sos-aggregate/1","survey":"s","version":"1","role":"","cells":{"x":[]}})", "/cells/x"},
      {R"({"format":"sos-aggregate/1","survey":"s","version":"1","role":"","cells":{},"extra":1})", "/extra"},
      {R"({"format":"sos-aggregate/1","version":"1","role":"","cells":{}})", "/survey"},
  };
  for (const Row& row : rows) {
    auto parsed = parse_aggregate(row.text);
    ASSERT_FALSE(parsed.ok()) << row.text;
    EXPECT_EQ(parsed.error().code, "aggregate.bad_format");
    EXPECT_EQ(parsed.error().pointer, row.pointer) << row.text;
  }
}

}  // namespace
}  // namespace sos
