// This file offers an open wave's progress: response counts and rates per
// group, nothing else.
#include "sos/report.h"

namespace sos {

ResponseRate response_rate(std::string group, std::string parent, std::optional<std::int64_t> respondents,
                           std::int64_t headcount) {
  ResponseRate p;
  p.group = std::move(group);
  p.parent = std::move(parent);
  p.respondents = respondents;
  p.headcount = headcount;
  if (respondents && headcount > 0) p.rate_percent = static_cast<int>(divide_half_up(*respondents * 100, headcount));
  return p;
}

std::vector<ResponseRate> response_rates_from_release(const Release& release) {
  std::vector<ResponseRate> out;
  for (const GroupFigures& g : release.groups)
    out.push_back(response_rate(g.group, g.parent, g.respondents, g.headcount));
  return out;
}

}  // namespace sos
