// Internal: one respondent's closed answers and the cells they give, shared
// by the device that builds a contribution and the endpoint that checks it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sos/aggregate.h"
#include "sos/survey.h"

namespace sos::detail {

// A closed answer as the statistics see it. `options` holds option indexes
// in the question's order (choice, multichoice) or the likert point 1-5, with
// 0 for "na"; numbers keep their value times kNumberScale.
struct ClosedAnswer {
  bool has = false;
  std::vector<int> options;
  std::int64_t number_e2 = 0;
};

// Calls emit(key, statistic) once per cell one respondent with these answers
// gives, in no particular order. The key is only valid during the call: one
// buffer serves every key, so checking a contribution allocates no key.
void for_each_cell(const Survey& s, const std::vector<char>& applies, const std::vector<ClosedAnswer>& answers,
                   const std::function<void(std::string_view key, const Statistic& cell)>& emit);

// The cells as an aggregate of one respondent of `role`.
Aggregate cells_for(const Survey& s, int role, const std::vector<char>& applies,
                    const std::vector<ClosedAnswer>& answers);

}  // namespace sos::detail
