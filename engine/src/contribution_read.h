// Internal: the endpoint's quick read of a contribution body that has exactly
// the expected shape, straight into its cells without a JSON tree.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sos/aggregate.h"

namespace sos::detail {

struct ContributionBody {
  std::string format, survey, version, role, submission;
  std::map<std::string, Statistic, std::less<>> cells;
};

// The body when it is one JSON object with each of format, survey, version,
// role and submission as a string, and cells as an object of objects whose
// fields are known statistic fields with integer values, no key twice;
// nothing otherwise. Anything else (including invalid JSON) is left to the
// full reader, which names the problem: this one only makes the common case
// fast and never decides an error.
std::optional<ContributionBody> read_contribution_body(std::string_view json_text);

}  // namespace sos::detail
