// Generated surveys for benchmarks: many questions and many conditions.
#pragma once

#include <string>

namespace sos::bench {

// A survey of `questions` questions (likert, choice, multichoice, number),
// ten per page, where about half carry a visibleIf or requiredIf reading
// earlier answers or group attributes, and all likert items score one of
// nine dimensions. Deterministic.
std::string generated_survey_json(int questions);

}  // namespace sos::bench
