// Additive integer statistics: the one shape of a contribution's figures and
// of every aggregate merged from them (docs/contribution-format.md).
//
//   auto a = sos::parse_aggregate(text_a), b = sos::parse_aggregate(text_b);
//   auto sum = sos::merge(*a, *b);   // exact, associative, commutative
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sos/result.h"

namespace sos {

inline constexpr std::string_view kAggregateFormat = "sos-aggregate/1";

// One cell: a count, a sum and a sum of squares, all integers. Scores are in
// 1/10,000ths (kScoreScale), number answers in 1/100ths (kNumberScale).
struct Statistic {
  std::int64_t n = 0;
  std::int64_t sum = 0;
  std::int64_t sumsq = 0;
  friend bool operator==(const Statistic&, const Statistic&) = default;
};

inline constexpr std::int64_t kNumberScale = 100;

// The one description of a Statistic's fields: it drives the JSON form, the
// merge and the database columns, so a new field is added here only.
struct StatisticField {
  std::string_view name;
  std::int64_t Statistic::*member;
};
inline constexpr std::array<StatisticField, 3> kStatisticFields = {{
    {"n", &Statistic::n},
    {"sum", &Statistic::sum},
    {"sumsq", &Statistic::sumsq},
}};

// Cell keys:
//   "respondents"          n: respondents
//   "dimension/D"          n: respondents scored; sum, sumsq: their scores
//   "question/Q"           n: respondents who answered Q; for number
//                          questions sum and sumsq of the answers
//   "option/Q/V"           n: respondents who chose V (likert: 1-5 and na)
struct Aggregate {
  std::string survey;
  std::string version;
  std::string role;  // empty when the aggregate mixes roles
  std::map<std::string, Statistic, std::less<>> cells;

  std::int64_t respondents() const;
  friend bool operator==(const Aggregate&, const Aggregate&) = default;
};

// Adds b into a. Errors: "aggregate.mismatch" (another survey or version),
// "aggregate.overflow" (a sum would leave the 64-bit range; `a` unchanged).
Status merge_into(Aggregate& a, const Aggregate& b);
Result<Aggregate> merge(const Aggregate& a, const Aggregate& b);

// Canonical JSON text (keys sorted, zero fields left out).
std::string aggregate_to_json(const Aggregate& aggregate);
// Errors: "aggregate.bad_format" with the pointer of the problem.
Result<Aggregate> parse_aggregate(std::string_view json_text);

}  // namespace sos
