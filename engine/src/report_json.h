// Internal: the report model's JSON objects, shared by the *_to_json
// functions and the dashboard's view.
#pragma once

#include <vector>

#include "json_adapter.h"
#include "sos/report.h"

namespace sos::detail {

Json report_object(const GroupReport& report);
Json trend_object(const Trend& trend);
Json comparison_object(const Comparison& comparison);
Json gap_object(const PerceptionGap& gap);
Json response_rates_object(const std::vector<ResponseRate>& rates);

}  // namespace sos::detail
