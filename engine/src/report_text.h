// The report's own texts (labels and the colour rule) in the languages the
// product ships, and the choice of the viewer's language.
#pragma once

#include <string>
#include <string_view>

#include "sos/survey.h"

namespace sos::detail {

// Codes: withheld, not_applicable, green, yellow, red, neutral, colour_rule,
// no_benchmark, role_left_out. "{t}" is replaced by `value`.
std::string report_text(std::string_view code, std::string_view language, std::string_view value = {});

// The language of a report's survey texts: `requested` when the survey offers
// it, else the survey's fallback.
std::string report_language(const Survey& survey, std::string_view requested);

// A displayed value in tenths as the viewer reads it: "3.7" (en), "3,7" (sv,
// nb), "-0.3".
std::string format_tenths(int tenths, std::string_view language);

}  // namespace sos::detail
