// The second pass of loading: references, cycles and the dependency index.
#pragma once

#include <vector>

#include "json_adapter.h"
#include "sos/survey.h"

namespace sos::detail {

// Binds every condition, rejects unknown references and visibility cycles,
// fills Survey::dependents and Survey::evaluation_order, and adds warnings.
// `first_question` gives, per block, the index of the first question at or
// after it (to spot conditions that read later questions).
void resolve_survey(Survey& survey, Reader& reader, const std::vector<int>& first_question);

}  // namespace sos::detail
