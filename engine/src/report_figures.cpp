// This file offers the report's exact arithmetic (half-up rounding, means,
// standard deviations), the colour rule and the released figures it reads.
#include <cmath>
#include <limits>

#include "report_math.h"
#include "sos/report.h"

namespace sos {
namespace {

using detail::kMaxReportRespondents;
using detail::Wide;

// floor(sqrt(v / d) + 1/2) for v >= 0, d > 0: the largest s with
// (2s - 1)^2 * d <= 4v, found by bisection in exact integers.
std::int64_t sqrt_half_up(Wide v, Wide d) {
  std::int64_t lo = 0, hi = 400'000;  // a standard deviation of 1-5 scores is below 40
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo + 1) / 2;
    Wide odd = 2 * static_cast<Wide>(mid) - 1;
    if (odd * odd * d <= 4 * v)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

}  // namespace

std::int64_t divide_half_up(std::int64_t x, std::int64_t d) {
  std::int64_t q = x / d, r = x % d;
  if (r < 0) {
    q -= 1;
    r += d;
  }
  // r / d >= 1/2 without computing 2r, which could overflow.
  return r >= d - r ? q + 1 : q;
}

int tenths_of_e4(std::int64_t value_e4) { return static_cast<int>(divide_half_up(value_e4, 1000)); }

std::optional<std::int64_t> benchmark_e4(double mean) {
  if (!(mean >= 1.0 && mean <= 5.0)) return std::nullopt;
  return std::llround(mean * 10000.0);
}

Result<ScoreFigure> score_figure(const Statistic& cell, std::string_view pointer) {
  auto bad = [&](const std::string& why) { return Error{"report.bad_cell", std::string(pointer), why}; };
  if (cell.n < 1) return bad("a score cell needs n of at least 1, but n is " + std::to_string(cell.n));
  if (cell.n > kMaxReportRespondents) return bad("n is more than " + std::to_string(kMaxReportRespondents));
  if (cell.sum < 10000 * cell.n || cell.sum > 50000 * cell.n)
    return bad("the mean sum / n is outside 1-5 (sum " + std::to_string(cell.sum) + ", n " + std::to_string(cell.n) +
               ")");
  // Each score s has 1e8 <= s^2 <= 25e8, and n * sumsq >= sum^2 (Cauchy-Schwarz).
  Wide spread = static_cast<Wide>(cell.n) * cell.sumsq - static_cast<Wide>(cell.sum) * cell.sum;
  if (cell.sumsq < 100'000'000 * cell.n || cell.sumsq > 2'500'000'000 * cell.n || spread < 0)
    return bad("the sum of squares " + std::to_string(cell.sumsq) + " does not fit the sum and n");
  ScoreFigure f;
  f.n = cell.n;
  f.sum = cell.sum;
  f.sumsq = cell.sumsq;
  f.mean_e4 = divide_half_up(cell.sum, cell.n);
  // Rounded once from the exact fraction, not from mean_e4 (no double rounding).
  f.tenths = static_cast<int>(divide_half_up(cell.sum, cell.n * 1000));
  // Sample variance in 1/10^8ths: spread / (n (n - 1)).
  if (cell.n >= 2) f.sd_e4 = sqrt_half_up(spread, static_cast<Wide>(cell.n) * (cell.n - 1));
  return f;
}

std::string_view state_name(FigureState state) {
  switch (state) {
    case FigureState::shown:
      return "shown";
    case FigureState::withheld:
      return "withheld";
    case FigureState::not_applicable:
      return "not_applicable";
  }
  return "";
}

std::string_view colour_name(Colour colour) {
  switch (colour) {
    case Colour::none:
      return "none";
    case Colour::green:
      return "green";
    case Colour::yellow:
      return "yellow";
    case Colour::red:
      return "red";
    case Colour::neutral:
      return "neutral";
  }
  return "";
}

Colour colour_for(int tenths, std::optional<int> benchmark_tenths, int green_above_tenths) {
  if (tenths > green_above_tenths) return Colour::green;
  if (!benchmark_tenths) return Colour::neutral;
  return tenths < *benchmark_tenths ? Colour::red : Colour::yellow;
}

ReleasedFigures figures_from_aggregate(std::string group, const Aggregate& aggregate,
                                       std::set<std::string, std::less<>> withheld) {
  ReleasedFigures f;
  f.survey = aggregate.survey;
  f.group = std::move(group);
  f.role = aggregate.role;
  for (const auto& [key, cell] : aggregate.cells)
    if (!withheld.count(key)) f.cells.emplace(key, cell);
  f.withheld = std::move(withheld);
  return f;
}

Result<ReleasedFigures> figures_from_release(const Release& release, std::string_view group, std::string_view role) {
  if (release.state == WaveState::open)
    return Error{"report.open_wave", "/state", "an open wave has response counts only, no figures"};
  for (std::size_t g = 0; g < release.groups.size(); ++g)
    if (release.groups[g].group == group) return figures_from_release(release, g, role);
  return Error{"report.unknown_group", "/groups", "the release has no group \"" + std::string(group) + "\""};
}

Result<ReleasedFigures> figures_from_release(const Release& release, std::size_t group, std::string_view role) {
  if (release.state == WaveState::open)
    return Error{"report.open_wave", "/state", "an open wave has response counts only, no figures"};
  if (group >= release.groups.size())
    return Error{"report.unknown_group", "/groups", "the release has no group " + std::to_string(group)};
  const GroupFigures& figures = release.groups[group];
  for (const RoleFigures& r : figures.roles) {
    if (r.role != role) continue;
    ReleasedFigures out;
    out.survey = release.survey;
    out.group = figures.group;
    out.role = r.role;
    for (std::size_t i = 0; i < release.keys.size() && i < r.cells.size(); ++i) {
      if (r.cells[i])
        out.cells.emplace(release.keys[i], *r.cells[i]);
      else
        out.withheld.insert(release.keys[i]);
    }
    if (role == kAllRoles && !figures.managers_included) out.left_out_role = release.manager_role;
    return out;
  }
  return Error{"report.unknown_role", "/groups/" + std::to_string(group) + "/roles",
               "group \"" + figures.group + "\" has no figures for role \"" + std::string(role) + "\""};
}

}  // namespace sos
