// This file offers compare_groups (a group against its parent and the
// company) and perception_gap (one role against another in one group).
#include <algorithm>

#include "report_math.h"
#include "sos/report.h"

namespace sos {
namespace {

ComparedValue compared(const GroupReport& report, const DimensionFigure& d) {
  ComparedValue v;
  v.group = report.group;
  v.state = d.state;
  if (d.score) v.tenths = d.score->tenths;
  v.colour = d.colour;
  v.colour_label = d.colour_label;
  v.state_label = d.state_label;
  return v;
}

}  // namespace

Result<Comparison> compare_groups(const GroupReport& subject, const std::vector<GroupReport>& references) {
  for (std::size_t i = 0; i < references.size(); ++i) {
    const GroupReport& r = references[i];
    std::string at = "/references/" + std::to_string(i);
    if (r.role != subject.role)
      return Error{"report.role_mismatch", at,
                   "group \"" + r.group + "\" has figures of role \"" + r.role + "\", not \"" + subject.role + "\""};
    if (r.survey != subject.survey || r.dimensions.size() != subject.dimensions.size())
      return Error{"report.survey_mismatch", at, "group \"" + r.group + "\" has figures of another survey"};
  }
  Comparison c;
  c.role = subject.role;
  c.language = subject.language;
  c.subject = subject.group;
  for (const GroupReport& r : references) c.references.push_back(r.group);
  for (std::size_t d = 0; d < subject.dimensions.size(); ++d) {
    const DimensionFigure& mine = subject.dimensions[d];
    DimensionComparison out;
    out.dimension = mine.dimension;
    out.title = mine.title;
    out.subject = compared(subject, mine);
    for (const GroupReport& r : references) {
      ComparedValue v = compared(r, r.dimensions[d]);
      if (out.subject.tenths && v.tenths) v.difference_tenths = *out.subject.tenths - *v.tenths;
      out.references.push_back(std::move(v));
    }
    c.dimensions.push_back(std::move(out));
  }
  return c;
}

Result<PerceptionGap> perception_gap(const GroupReport& a, const GroupReport& b) {
  if (a.group != b.group)
    return Error{"report.group_mismatch", "/b",
                 "the gap compares roles of one group, not \"" + a.group + "\" with \"" + b.group + "\""};
  if (a.role == b.role)
    return Error{"report.role_mismatch", "/b", "the gap compares two different roles, not \"" + a.role + "\" twice"};
  if (a.survey != b.survey || a.dimensions.size() != b.dimensions.size())
    return Error{"report.survey_mismatch", "/b", "the two roles' figures are of different surveys"};
  PerceptionGap g;
  g.group = a.group;
  g.role_a = a.role;
  g.role_b = b.role;
  g.language = a.language;
  for (std::size_t d = 0; d < a.dimensions.size(); ++d) {
    const DimensionFigure& x = a.dimensions[d];
    const DimensionFigure& y = b.dimensions[d];
    if (!x.score || !y.score) {
      g.missing.push_back(x.dimension);
      continue;
    }
    DimensionGap gap;
    gap.dimension = x.dimension;
    gap.title = x.title;
    gap.a = *x.score;
    gap.b = *y.score;
    gap.tenths = x.score->tenths - y.score->tenths;
    detail::MeanDifference diff = detail::mean_difference(*y.score, *x.score);  // a - b
    gap.difference_e4 = static_cast<std::int64_t>(detail::divide_half_up_wide(diff.numerator, diff.denominator));
    g.ranked.push_back(std::move(gap));
  }
  // Largest |mean_a - mean_b| first, compared as exact fractions.
  auto size_of = [](const DimensionGap& gap) {
    detail::MeanDifference d = detail::mean_difference(gap.b, gap.a);
    return detail::MeanDifference{d.numerator < 0 ? -d.numerator : d.numerator, d.denominator};
  };
  std::stable_sort(g.ranked.begin(), g.ranked.end(), [&](const DimensionGap& x, const DimensionGap& y) {
    detail::MeanDifference p = size_of(x), q = size_of(y);
    return p.numerator * q.denominator > q.numerator * p.denominator;
  });
  return g;
}

}  // namespace sos
