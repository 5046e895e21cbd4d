// This file offers report_trend and change_between: each dimension's change
// since the previous wave and over all waves, with a marker for changes that
// chance alone could give.
#include <cmath>

#include "report_math.h"
#include "sos/report.h"

namespace sos {

Change change_between(std::string from_wave, const ScoreFigure& from, std::string to_wave, const ScoreFigure& to) {
  Change c;
  c.from_wave = std::move(from_wave);
  c.to_wave = std::move(to_wave);
  c.tenths = to.tenths - from.tenths;
  detail::MeanDifference d = detail::mean_difference(from, to);
  c.difference_e4 = static_cast<std::int64_t>(detail::divide_half_up_wide(d.numerator, d.denominator));
  if (from.n < 2 || to.n < 2) return c;
  // Welch's approximation: the two waves are treated as independent samples
  // (anonymous answers cannot be paired), each with its sample variance
  // s^2 = (n sumsq - sum^2) / (n (n - 1)), in 1/10^8ths.
  auto variance_of_mean = [](const ScoreFigure& f) {
    double spread =
        static_cast<double>(static_cast<detail::Wide>(f.n) * f.sumsq - static_cast<detail::Wide>(f.sum) * f.sum);
    double n = static_cast<double>(f.n);
    return spread / (n * (n - 1) * n);
  };
  double margin = 1.96 * std::sqrt(variance_of_mean(from) + variance_of_mean(to));
  double difference = static_cast<double>(d.numerator) / static_cast<double>(d.denominator);
  c.margin_e4 = std::llround(margin);
  c.within_chance = std::fabs(difference) <= margin;
  return c;
}

Result<Trend> report_trend(const std::vector<WaveReport>& waves) {
  if (waves.empty()) return Error{"report.no_waves", "/waves", "a trend needs at least one wave"};
  const GroupReport& latest = waves.back().report;
  for (std::size_t w = 0; w < waves.size(); ++w) {
    const GroupReport& r = waves[w].report;
    std::string at = "/waves/" + std::to_string(w);
    if (r.group != latest.group)
      return Error{"report.group_mismatch", at,
                   "wave \"" + waves[w].wave + "\" is of group \"" + r.group + "\", not \"" + latest.group + "\""};
    if (r.role != latest.role)
      return Error{"report.role_mismatch", at,
                   "wave \"" + waves[w].wave + "\" is of role \"" + r.role + "\", not \"" + latest.role + "\""};
    if (r.survey != latest.survey || r.dimensions.size() != latest.dimensions.size())
      return Error{"report.survey_mismatch", at, "wave \"" + waves[w].wave + "\" is of another survey"};
  }
  Trend t;
  t.group = latest.group;
  t.role = latest.role;
  t.language = latest.language;
  for (const WaveReport& w : waves) t.waves.push_back(w.wave);
  for (std::size_t d = 0; d < latest.dimensions.size(); ++d) {
    DimensionTrend out;
    out.dimension = latest.dimensions[d].dimension;
    out.title = latest.dimensions[d].title;
    for (const WaveReport& w : waves) {
      // Dimensions are matched by id: survey versions keep an id's meaning.
      const DimensionFigure* f = w.report.find(out.dimension);
      TrendPoint p;
      p.wave = w.wave;
      if (f) {
        p.state = f->state;
        p.score = f->score;
      }
      out.points.push_back(std::move(p));
    }
    const TrendPoint& last = out.points.back();
    if (last.score) {
      if (out.points.size() >= 2 && out.points[out.points.size() - 2].score) {
        const TrendPoint& previous = out.points[out.points.size() - 2];
        out.since_previous = change_between(previous.wave, *previous.score, last.wave, *last.score);
      }
      for (std::size_t i = 0; i + 1 < out.points.size(); ++i) {
        if (!out.points[i].score) continue;
        out.over_all = change_between(out.points[i].wave, *out.points[i].score, last.wave, *last.score);
        break;
      }
    }
    t.dimensions.push_back(std::move(out));
  }
  return t;
}

}  // namespace sos
