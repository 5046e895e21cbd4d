// Plausible random respondents run through the real engine: demo data and
// load tests. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sos/contribution.h"
#include "sos/survey.h"

namespace sos::cli {

// xoshiro256** seeded through splitmix64: small, fast and the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed);
  std::uint64_t next();
  std::uint64_t below(std::uint64_t n);  // uniform in [0, n)
  double uniform();                      // [0, 1)
  double normal(double mean, double sd);
  std::string bytes(std::size_t n);

 private:
  std::uint64_t s_[4];
};

struct SimulationOptions {
  int respondents = 10;
  std::uint64_t seed = 1;
  std::string group_json = "{}";
  // Relative weights of roles; empty: every role equally.
  std::vector<std::pair<std::string, int>> role_mix;
  std::string language;       // empty: the survey's fallback
  double comment_rate = 0.3;  // share of open comments answered
};

struct SimulationResult {
  std::vector<Submission> submissions;
  int abandoned = 0;  // respondents whose random answers a validator kept refusing
};

Result<SimulationResult> simulate(std::shared_ptr<const Survey> survey, const SimulationOptions& options);

}  // namespace sos::cli
