// This file offers compute_benchmark: per standard dimension, the mean of
// other organisations' means, given only when enough organisations count.
#include "release_benchmark.h"

#include "json_adapter.h"
#include "sos/release.h"
#include "sos/score.h"

namespace sos {

namespace detail {

bool is_calendar_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  int part = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) {
      ++part;
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return false;
    parts[part] = parts[part] * 10 + (text[i] - '0');
  }
  const int year = parts[0], month = parts[1], day = parts[2];
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month != 2 || day <= 28 || leap;
}

Status check_benchmark_header(const std::string& code, int k, int min_organisations, const std::string& source,
                              const std::string& date) {
  if (k < kMinimumK)
    return Error{code, "/k", "k must be at least " + std::to_string(kMinimumK) + ", but is " + std::to_string(k)};
  if (min_organisations < kBenchmarkMinOrganisations)
    return Error{code, "/minOrganisations",
                 "at least " + std::to_string(kBenchmarkMinOrganisations) + " organisations must count, not " +
                     std::to_string(min_organisations)};
  if (source.empty()) return Error{code, "/source", "a benchmark names its source"};
  if (!is_calendar_date(date)) return Error{code, "/date", "must be a date as YYYY-MM-DD, but is \"" + date + "\""};
  return {};
}

}  // namespace detail

Result<Benchmark> compute_benchmark(const Survey& standard,
                                    const std::map<std::string, Aggregate, std::less<>>& organisations,
                                    std::string_view viewer_organisation, const BenchmarkOptions& options) {
  if (Status st = detail::check_benchmark_header("benchmark.bad_options", options.k, options.min_organisations,
                                                 options.source, options.date);
      !st.ok())
    return st.error();
  Benchmark out;
  out.survey = standard.id;
  out.source = options.source;
  out.date = options.date;
  out.k = options.k;
  out.min_organisations = options.min_organisations;
  std::vector<double> sums(standard.dimensions.size(), 0.0);
  out.dimensions.resize(standard.dimensions.size());
  for (std::size_t d = 0; d < standard.dimensions.size(); ++d) out.dimensions[d].dimension = standard.dimensions[d].id;
  // Map order (by organisation id) keeps the floating-point sum deterministic.
  for (const auto& [organisation, aggregate] : organisations) {
    if (organisation == viewer_organisation || aggregate.survey != standard.id) continue;
    if (aggregate.respondents() < options.k) continue;
    for (std::size_t d = 0; d < standard.dimensions.size(); ++d) {
      const std::string key = "dimension/" + standard.dimensions[d].id;
      auto it = aggregate.cells.find(key);
      if (it == aggregate.cells.end()) continue;
      const Statistic& cell = it->second;
      if (cell.n < 0 || cell.n > aggregate.respondents())
        return Error{"benchmark.bad_cell",
                     detail::pointer_join(
                         detail::pointer_join(detail::pointer_join("/organisations", organisation), "cells"), key),
                     "the count must lie in 0..respondents"};
      if (cell.n < options.k) continue;
      sums[d] += static_cast<double>(cell.sum) / static_cast<double>(cell.n) / static_cast<double>(kScoreScale);
      ++out.dimensions[d].organisations;
    }
  }
  for (std::size_t d = 0; d < out.dimensions.size(); ++d)
    if (out.dimensions[d].organisations >= options.min_organisations)
      out.dimensions[d].mean = sums[d] / out.dimensions[d].organisations;
  return out;
}

}  // namespace sos
