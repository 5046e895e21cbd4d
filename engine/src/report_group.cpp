// This file offers report_group: one group's dimension figures with colours,
// bands and tips, their ranking into strengths and improvement areas, and the
// answer distribution of each question.
#include <algorithm>
#include <cmath>

#include "messages.h"
#include "report_math.h"
#include "report_text.h"
#include "sos/report.h"

namespace sos {
namespace {

using detail::Wide;

bool role_allowed(const std::vector<int>& roles, int role) {
  return role < 0 || roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end();
}

// A question is asked of a role when it and every enclosing block allow it.
bool asked_of(const Survey& survey, const Question& q, int role) {
  if (!role_allowed(q.roles, role)) return false;
  for (int b = q.block; b >= 0; b = survey.blocks[b].parent)
    if (!role_allowed(survey.blocks[b].roles, role)) return false;
  return true;
}

// The first band whose max the displayed value does not exceed.
const ScoreBand* band_of(const Survey& survey, int tenths) {
  for (const ScoreBand& band : survey.score_bands)
    if (!band.max || static_cast<std::int64_t>(tenths) * 1000 <= std::llround(*band.max * 10000.0)) return &band;
  return nullptr;
}

std::optional<int> percent_of(std::int64_t count, std::int64_t answered) {
  if (answered <= 0) return std::nullopt;
  return static_cast<int>(divide_half_up(count * 100, answered));
}

class GroupBuilder {
 public:
  GroupBuilder(const Survey& survey, const ReleasedFigures& figures, const ReportOptions& options)
      : s_(survey), f_(figures), o_(options) {}

  Result<GroupReport> build() {
    if (!f_.survey.empty() && f_.survey != s_.id)
      return Error{"report.survey_mismatch", "/survey",
                   "the figures are of survey \"" + f_.survey + "\", not \"" + s_.id + "\""};
    role_ = f_.role.empty() ? -1 : s_.role_index(f_.role);
    if (!f_.role.empty() && role_ < 0)
      return Error{"report.unknown_role", "/role", "the survey has no role \"" + f_.role + "\""};
    if (o_.green_above_tenths < 10 || o_.green_above_tenths > 50)
      return Error{"report.bad_options", "/greenAbove", "the green threshold must be 1.0-5.0 in tenths (10-50)"};
    if (o_.max_strengths < 0 || o_.max_improvements < 0)
      return Error{"report.bad_options", "/maxStrengths",
                   "the number of strengths and improvement areas cannot be negative"};
    r_.survey = s_.id;
    r_.group = f_.group;
    r_.role = f_.role;
    r_.language = detail::report_language(s_, o_.language);
    r_.green_above_tenths = o_.green_above_tenths;
    if (Status st = read_benchmark(); !st.ok()) return st.error();
    read_respondents();
    for (const Dimension& d : s_.dimensions)
      if (Status st = add_dimension(d); !st.ok()) return st.error();
    rank();
    if (o_.questions)
      for (const Question& q : s_.questions)
        if (q.type != QuestionType::comment && asked_of(s_, q, role_)) add_question(q);
    add_texts();
    return std::move(r_);
  }

 private:
  std::string_view tr(const Text& text) const { return text.in(r_.language, s_.fallback_language); }
  std::string threshold() const { return detail::format_tenths(o_.green_above_tenths, r_.language); }

  Status read_benchmark() {
    if (!o_.benchmark) return {};
    r_.benchmark_source = o_.benchmark->source;
    r_.benchmark_date = o_.benchmark->date;
    for (std::size_t i = 0; i < o_.benchmark->dimensions.size(); ++i) {
      const BenchmarkDimension& d = o_.benchmark->dimensions[i];
      if (!d.mean) continue;
      std::optional<std::int64_t> e4 = benchmark_e4(*d.mean);
      if (!e4)
        return Error{"report.bad_benchmark", "/dimensions/" + std::to_string(i) + "/mean",
                     "a benchmark mean must be within 1-5"};
      benchmark_[d.dimension] = *e4;
    }
    return {};
  }

  void read_respondents() {
    if (f_.withheld.count("respondents")) return;
    auto it = f_.cells.find("respondents");
    r_.respondents = it == f_.cells.end() ? 0 : it->second.n;
  }

  Status add_dimension(const Dimension& d) {
    DimensionFigure out;
    out.dimension = d.id;
    out.title = std::string(tr(d.title));
    out.strength = std::string(tr(d.strength));
    std::string key = "dimension/" + d.id;
    if (auto b = benchmark_.find(d.id); b != benchmark_.end()) {
      out.benchmark_e4 = b->second;
      out.benchmark_tenths = tenths_of_e4(b->second);
    }
    auto cell = f_.cells.find(key);
    bool released = !f_.withheld.count(key);
    bool scored = released && cell != f_.cells.end() && cell->second.n != 0;
    // Respondents answered but none was scored: the dimension does not apply
    // to the group (notApplicableIf), unless the caller says so directly.
    bool none_scored = released && !scored && r_.respondents.value_or(0) > 0;
    if (!scored && (f_.not_applicable.count(d.id) || none_scored)) {
      out.state = FigureState::not_applicable;
      out.state_label = detail::report_text("not_applicable", r_.language);
    } else if (!scored) {
      out.state = FigureState::withheld;
      out.state_label = detail::report_text("withheld", r_.language);
    } else {
      Result<ScoreFigure> score = score_figure(cell->second, "/cells/" + key);
      if (!score.ok()) return score.error();
      out.state = FigureState::shown;
      out.score = score.value();
      out.colour = colour_for(score->tenths, out.benchmark_tenths, o_.green_above_tenths);
      out.colour_label = detail::report_text(colour_name(out.colour), r_.language, threshold());
      if (const ScoreBand* band = band_of(s_, score->tenths)) {
        out.band = band->id;
        if (auto tips = d.tips.find(band->id); tips != d.tips.end())
          for (const Text& tip : tips->second) out.tips.emplace_back(tr(tip));
      }
    }
    r_.dimensions.push_back(std::move(out));
    return {};
  }

  // Highest exact mean first (sum_a / n_a against sum_b / n_b, cross
  // multiplied), ties in survey order.
  void rank() {
    std::vector<DimensionFigure*> shown;
    for (DimensionFigure& d : r_.dimensions)
      if (d.score) shown.push_back(&d);
    std::stable_sort(shown.begin(), shown.end(), [](const DimensionFigure* a, const DimensionFigure* b) {
      return static_cast<Wide>(a->score->sum) * b->score->n > static_cast<Wide>(b->score->sum) * a->score->n;
    });
    for (std::size_t i = 0; i < shown.size(); ++i) {
      shown[i]->rank = static_cast<int>(i) + 1;
      r_.ranking.push_back(shown[i]->dimension);
    }
    for (const DimensionFigure* d : shown)
      if (d->colour == Colour::green && static_cast<int>(r_.strengths.size()) < o_.max_strengths)
        r_.strengths.push_back(d->dimension);
    for (auto it = shown.rbegin(); it != shown.rend(); ++it)
      if ((*it)->colour != Colour::green && static_cast<int>(r_.improvements.size()) < o_.max_improvements)
        r_.improvements.push_back((*it)->dimension);
  }

  // The released count of a cell; nullopt when withheld.
  std::optional<std::int64_t> count(const std::string& key) const {
    if (f_.withheld.count(key)) return std::nullopt;
    auto it = f_.cells.find(key);
    return it == f_.cells.end() ? 0 : it->second.n;
  }

  void add_question(const Question& q) {
    QuestionFigure out;
    out.question = q.id;
    out.type = q.type;
    out.text = std::string(tr(role_ >= 0 ? q.text_for(role_) : q.text));
    if (q.score) {
      out.dimension = s_.dimensions[q.score->dimension].id;
      out.reverse = q.score->reverse;
    }
    std::string key = "question/" + q.id;
    std::optional<std::int64_t> answered = count(key);
    out.answered_withheld = !answered;
    out.answered = answered.value_or(0);
    auto option = [&](std::string value, std::string label) {
      OptionFigure o;
      o.value = std::move(value);
      o.label = std::move(label);
      std::optional<std::int64_t> n = count("option/" + q.id + "/" + o.value);
      o.withheld = !n;
      o.count = n.value_or(0);
      if (n && answered) o.percent = percent_of(*n, *answered);
      out.options.push_back(std::move(o));
    };
    switch (q.type) {
      case QuestionType::likert:
        out.min_label =
            q.min_label.empty() ? detail::message(s_, "scale_min", r_.language) : std::string(tr(q.min_label));
        out.max_label =
            q.max_label.empty() ? detail::message(s_, "scale_max", r_.language) : std::string(tr(q.max_label));
        for (char point = '1'; point <= '5'; ++point) option(std::string(1, point), std::string(1, point));
        if (q.not_applicable) option("na", detail::message(s_, "not_applicable", r_.language));
        break;
      case QuestionType::choice:
      case QuestionType::multichoice:
        for (const Option& o : q.options) option(o.value, std::string(tr(o.text)));
        break;
      case QuestionType::number:
        if (answered && *answered > 0) {
          auto it = f_.cells.find(key);
          out.mean_e2 = divide_half_up(it->second.sum, it->second.n);
        }
        break;
      case QuestionType::comment:
        break;
    }
    r_.questions.push_back(std::move(out));
  }

  void add_texts() {
    r_.colour_rule = detail::report_text("colour_rule", r_.language, threshold());
    bool any_benchmark = false;
    for (const DimensionFigure& d : r_.dimensions) any_benchmark = any_benchmark || d.benchmark_tenths.has_value();
    if (!any_benchmark) r_.notes.push_back(detail::report_text("no_benchmark", r_.language, threshold()));
    if (!f_.left_out_role.empty()) {
      r_.left_out_role = f_.left_out_role;
      int role = s_.role_index(f_.left_out_role);
      std::string title = role < 0 ? f_.left_out_role : std::string(tr(s_.roles[role].title));
      r_.notes.push_back(detail::report_text("role_left_out", r_.language, title));
    }
  }

  const Survey& s_;
  const ReleasedFigures& f_;
  const ReportOptions& o_;
  int role_ = -1;
  std::map<std::string, std::int64_t, std::less<>> benchmark_;
  GroupReport r_;
};

}  // namespace

const DimensionFigure* GroupReport::find(std::string_view dimension) const {
  for (const DimensionFigure& d : dimensions)
    if (d.dimension == dimension) return &d;
  return nullptr;
}

Result<GroupReport> report_group(const Survey& survey, const ReleasedFigures& figures, const ReportOptions& options) {
  return GroupBuilder(survey, figures, options).build();
}

}  // namespace sos
