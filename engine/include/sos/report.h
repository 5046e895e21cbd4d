// The report model: what the dashboard shows for released figures (scores,
// colours, bands and tips, trends, comparisons, the perception gap, an open
// wave's progress), computed exactly from the integer statistics and never
// by merging groups (docs/report.md). Pure computation: no I/O.
//
//   sos::ReleasedFigures f = sos::figures_from_aggregate("north", aggregate, {"dimension/coaching"});
//   sos::ReportOptions options;
//   options.language = "sv";
//   options.benchmark = benchmark;  // optional, from "sos-benchmark/1"
//   sos::Result<sos::GroupReport> r = sos::report_group(survey, f, options);
//   if (!r.ok()) return r.error();
//   std::string body = sos::report_to_json(*r);   // "sos-report/1"
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sos/aggregate.h"
#include "sos/release.h"
#include "sos/result.h"
#include "sos/survey.h"

namespace sos {

inline constexpr std::string_view kReportFormat = "sos-report/1";
// Green when the displayed score is above 3.7 (in tenths: 37).
inline constexpr int kDefaultGreenAboveTenths = 37;

// ---- Inputs ------------------------------------------------------------------

// The released figures of one group for one wave and one role (kAllRoles for
// all roles), as the endpoint returns them. Cells have the meaning of an
// aggregate's: a key that is neither in `cells` nor in `withheld` is a
// released zero (nobody chose that option).
struct ReleasedFigures {
  std::string survey;
  std::string group;
  std::string role;                                     // kAllRoles ("") or a survey role id
  std::map<std::string, Statistic, std::less<>> cells;  // released
  std::set<std::string, std::less<>> withheld;          // keys withheld
  // Dimension ids that do not apply to the group (their notApplicableIf holds
  // for its attributes). A release withholds their zero counts like any count
  // under k; this says why they are empty. A dimension with released
  // respondents and a released count of zero is not applicable too.
  std::set<std::string, std::less<>> not_applicable;
  // All-roles figures only: the role whose answers are left out of them
  // (too few managers answered in the group); empty when none is.
  std::string left_out_role;
};

// Figures from an aggregate and the keys withheld from it (the withheld keys
// are removed from the cells).
ReleasedFigures figures_from_aggregate(std::string group, const Aggregate& aggregate,
                                       std::set<std::string, std::less<>> withheld = {});

// One group's figures for one role from a closed wave's release. Errors:
// "report.open_wave" (an open wave has counts only), "report.unknown_group",
// "report.unknown_role" (pointer "/groups/I/roles" when the group has no
// figures for that role).
Result<ReleasedFigures> figures_from_release(const Release& release, std::string_view group, std::string_view role);
// The same for the group at `group` in release.groups (a view that indexed the
// release once looks groups up without a search per call).
Result<ReleasedFigures> figures_from_release(const Release& release, std::size_t group, std::string_view role);

struct ReportOptions {
  // The viewer's language; empty or not offered: the survey's fallback for
  // survey texts, English for the report's own.
  std::string language;
  int green_above_tenths = kDefaultGreenAboveTenths;  // 10..50
  std::optional<Benchmark> benchmark;                 // none: no red/yellow
  int max_strengths = 3;
  int max_improvements = 3;
  bool questions = true;  // false: leave out the question distributions
};

// ---- Figures -----------------------------------------------------------------

// A released score cell read exactly. All rounding is half up on the exact
// fraction sum / n, in integers.
struct ScoreFigure {
  std::int64_t n = 0;
  std::int64_t sum = 0;      // 1/10,000ths
  std::int64_t sumsq = 0;    // 1/10^8ths
  std::int64_t mean_e4 = 0;  // the mean in 1/10,000ths: 34567 is 3.4567
  int tenths = 0;            // the displayed mean, one decimal: 35 is 3.5
  // Sample standard deviation (divisor n - 1) in 1/10,000ths; none for n < 2.
  std::optional<std::int64_t> sd_e4;
  friend bool operator==(const ScoreFigure&, const ScoreFigure&) = default;
};

// Reads a score cell. Error "report.bad_cell" (pointer `pointer`) when the
// cell is not what respondents' scores can add up to: n < 1, a mean outside
// 1-5, or a sum of squares that does not fit the sum; or n above 10,000,000
// (beyond any group, and the limit of the exact arithmetic).
Result<ScoreFigure> score_figure(const Statistic& cell, std::string_view pointer = {});

// x / d rounded half up, for d > 0 (exact, no overflow for any int64 x).
std::int64_t divide_half_up(std::int64_t x, std::int64_t d);
// A decimal in 1/10,000ths (1..5) as displayed, one decimal, half up.
int tenths_of_e4(std::int64_t value_e4);
// A benchmark mean (1..5) in 1/10,000ths, the nearest; none when out of range.
std::optional<std::int64_t> benchmark_e4(double mean);

enum class FigureState { shown, withheld, not_applicable };
enum class Colour { none, green, yellow, red, neutral };

std::string_view state_name(FigureState state);  // "shown", "withheld", "not_applicable"
std::string_view colour_name(Colour colour);     // "none", "green", "yellow", "red", "neutral"

// The colour rule on displayed values (tenths): green when above the
// threshold; otherwise red below the benchmark, yellow at or above it; with
// no benchmark neutral (no judgement).
Colour colour_for(int tenths, std::optional<int> benchmark_tenths, int green_above_tenths);

struct DimensionFigure {
  std::string dimension;
  std::string title;
  FigureState state = FigureState::withheld;
  std::string state_label;           // "Too few answers to show", ... (viewer's language)
  std::optional<ScoreFigure> score;  // when shown
  std::optional<std::int64_t> benchmark_e4;
  std::optional<int> benchmark_tenths;
  Colour colour = Colour::none;
  std::string colour_label;       // text beside the colour, so colour is never the only signal
  int rank = 0;                   // 1 = highest mean among shown dimensions; 0 when not shown
  std::string band;               // the score band of the displayed value
  std::vector<std::string> tips;  // the survey's tips for that band
  std::string strength;           // the survey's strength sentence
};

struct OptionFigure {
  std::string value;  // "1".."5", "na", or a choice value
  std::string label;
  bool withheld = false;
  std::int64_t count = 0;
  std::optional<int> percent;  // of those who answered, whole percent, half up
};

struct QuestionFigure {
  std::string question;
  QuestionType type = QuestionType::likert;
  std::string text;                  // the wording of the figures' role
  std::string dimension;             // the scored dimension, empty when unscored
  bool reverse = false;              // a high answer lowers the score
  std::string min_label, max_label;  // likert scale ends
  bool answered_withheld = false;
  std::int64_t answered = 0;
  std::vector<OptionFigure> options;    // likert, choice, multichoice
  std::optional<std::int64_t> mean_e2;  // number questions: mean in 1/100ths
};

struct GroupReport {
  std::string survey;
  std::string group;
  std::string role;
  std::string language;                     // the language of the texts
  std::optional<std::int64_t> respondents;  // none when withheld
  std::string left_out_role;                // see ReleasedFigures
  int green_above_tenths = kDefaultGreenAboveTenths;
  std::string colour_rule;         // the rule as a sentence in the viewer's language
  std::vector<std::string> notes;  // further sentences to print with the figures
  std::string benchmark_source, benchmark_date;
  std::vector<DimensionFigure> dimensions;  // survey order
  std::vector<std::string> ranking;         // shown dimensions, highest mean first
  std::vector<std::string> strengths;       // green ones from the top
  std::vector<std::string> improvements;    // the others from the bottom
  std::vector<QuestionFigure> questions;    // asked of the role, comments left out

  const DimensionFigure* find(std::string_view dimension) const;
};

// The report of one group's figures. Errors: "report.survey_mismatch",
// "report.unknown_role", "report.bad_options", "report.bad_benchmark"
// (pointer "/dimensions/I/mean"), "report.bad_cell" (pointer "/cells/KEY").
Result<GroupReport> report_group(const Survey& survey, const ReleasedFigures& figures,
                                 const ReportOptions& options = {});

// ---- Applicability ------------------------------------------------------------

// Group id -> the dimension ids that do not apply to the group's figures.
using NotApplicable = std::map<std::string, std::set<std::string, std::less<>>, std::less<>>;

// The dimensions that apply to nobody in a group's subtree, decided by the
// survey's rules: a dimension does not apply to a release's group when its
// notApplicableIf holds for the attributes of every group of the subtree that
// has attributes in `attributes_json` (group id -> the attributes as a JSON
// object, as the endpoint keeps them). Groups without attributes given decide
// nothing; a subtree with none is left out. Errors: "report.bad_attributes"
// (pointer "/GROUP" or "/GROUP/ATTRIBUTE") for attributes the survey refuses.
//
//   auto na = sos::not_applicable_dimensions(survey, release, {{"team_n2", R"({"field_visits":false})"}});
//   // na->at("team_n2") holds "joint_visits"
Result<NotApplicable> not_applicable_dimensions(const Survey& survey, const Release& release,
                                                const std::map<std::string, std::string, std::less<>>& attributes_json);

// ---- Trend -------------------------------------------------------------------

struct WaveReport {
  std::string wave;  // the wave's id or label
  GroupReport report;
};

// The change of a dimension between two waves.
struct Change {
  std::string from_wave, to_wave;
  int tenths = 0;                  // difference of the displayed values
  std::int64_t difference_e4 = 0;  // difference of the exact means, 1/10,000ths, half up
  // Half-width of an approximate 95% interval for the difference of two means
  // (1.96 * sqrt(s1^2/n1 + s2^2/n2)), 1/10,000ths; none when a wave has n < 2.
  std::optional<std::int64_t> margin_e4;
  // True when |difference| <= margin: chance alone could give the change.
  std::optional<bool> within_chance;
};

struct TrendPoint {
  std::string wave;
  FigureState state = FigureState::withheld;
  std::optional<ScoreFigure> score;
};

struct DimensionTrend {
  std::string dimension;
  std::string title;
  std::vector<TrendPoint> points;        // one per wave, oldest first
  std::optional<Change> since_previous;  // latest vs the wave before (both shown)
  std::optional<Change> over_all;        // latest vs the first wave where shown
};

struct Trend {
  std::string group;
  std::string role;
  std::string language;  // the latest wave's report's
  std::vector<std::string> waves;
  std::vector<DimensionTrend> dimensions;
};

// Waves oldest first, each the report of the same group and role. Errors:
// "report.no_waves", "report.group_mismatch", "report.role_mismatch"
// (pointer "/waves/I").
Result<Trend> report_trend(const std::vector<WaveReport>& waves);

// The change from `from` to `to` (both shown scores).
Change change_between(std::string from_wave, const ScoreFigure& from, std::string to_wave, const ScoreFigure& to);

// ---- Comparison and perception gap -----------------------------------------

struct ComparedValue {
  std::string group;
  FigureState state = FigureState::withheld;
  std::optional<int> tenths;
  Colour colour = Colour::none;
  std::string colour_label;              // as DimensionFigure's: colour is never the only signal
  std::string state_label;               // why there is no figure, when not shown
  std::optional<int> difference_tenths;  // subject minus this group, both shown
};

struct DimensionComparison {
  std::string dimension;
  std::string title;
  ComparedValue subject;
  std::vector<ComparedValue> references;
};

struct Comparison {
  std::string role;
  std::string language;  // the subject's report's
  std::string subject;
  std::vector<std::string> references;
  std::vector<DimensionComparison> dimensions;
};

// A group against others (its parent, the company), each with its own
// released figures of the same role. Errors: "report.role_mismatch",
// "report.survey_mismatch" (pointer "/references/I").
Result<Comparison> compare_groups(const GroupReport& subject, const std::vector<GroupReport>& references);

struct DimensionGap {
  std::string dimension;
  std::string title;
  ScoreFigure a, b;
  int tenths = 0;                  // a minus b, displayed values
  std::int64_t difference_e4 = 0;  // a minus b, exact means, half up
};

struct PerceptionGap {
  std::string group;
  std::string language;  // a's report's
  std::string role_a, role_b;
  std::vector<DimensionGap> ranked;  // both shown; largest gap first
  std::vector<std::string> missing;  // dimensions where either is not shown
};

// Role `a` against role `b` (sellers against managers) in one group, ranked by
// the size of the exact difference of means (ties in survey order). Errors:
// "report.group_mismatch", "report.role_mismatch" (same role twice),
// "report.survey_mismatch".
Result<PerceptionGap> perception_gap(const GroupReport& a, const GroupReport& b);

// ---- Open wave ---------------------------------------------------------------

struct ResponseRate {
  std::string group;
  std::string parent;
  std::optional<std::int64_t> respondents;  // none when withheld (closed wave)
  std::int64_t headcount = 0;
  std::optional<int> rate_percent;  // respondents / headcount, whole percent, half up
};

ResponseRate response_rate(std::string group, std::string parent, std::optional<std::int64_t> respondents,
                           std::int64_t headcount);
// An open wave's counts per group, in release order. A closed wave gives the
// released all-roles counts where they are released.
std::vector<ResponseRate> response_rates_from_release(const Release& release);

// ---- The dashboard's view ----------------------------------------------------

// Every figure of one dashboard view, from the endpoint's own bodies: a
// "sos-report-request/1" naming the group, role and language, the waves'
// releases ("sos-release/1", oldest first; an open wave may come as its
// "sos-progress/1") and the benchmark ("sos-benchmark/1"). Gives the
// "sos-report/1" document of kind "view": the group's report, trend,
// comparison, perception gap, heatmap and response rates, or for an open
// latest wave the response rates only (docs/report.md). Errors:
// "report.bad_request", "json.parse_error", and those of parse_release,
// parse_benchmark, figures_from_release and report_group, with pointers into
// the request ("/waves/1/release/groups/3/roles/0/cells/6": a release's cells
// are aligned with its keys).
Result<std::string> report_view(const Survey& survey, std::string_view request_json);

// The same for the WebAssembly bindings: loads the survey and returns
// {"ok":true,"view":{...}} or {"ok":false,"error":{"code","pointer",
// "message"}}. Never throws.
std::string report_view_json(const std::string& survey_json, const std::string& request_json);

// The dashboard's views of one wave choice, loaded once: the survey and a
// "sos-report-request/1" without (or with an ignored) "group" are read, the
// releases parsed and indexed, the groups' attributes judged; each view then
// names only the group and the language. A tree of 5,000 groups costs its
// JSON once, not at every change of group. Every call returns
// {"ok":true,...} or {"ok":false,"error":{"code","pointer","message"}};
// nothing throws. The parameters are std::string because Embind binds no
// string_view.
//
//   sos::JsonReport report;
//   report.load(survey_text, R"({"waves":[{"id":"w1","release":{...}}]})");  // {"ok":true}
//   report.view("team_a", "sv");  // {"ok":true,"view":{...}}, as report_view_json
class JsonReport {
 public:
  JsonReport();
  ~JsonReport();
  JsonReport(const JsonReport&) = delete;
  JsonReport& operator=(const JsonReport&) = delete;

  // {"ok":true} or the errors of report_view_json. A failed load leaves
  // nothing loaded.
  std::string load(const std::string& survey_json, const std::string& request_json);
  // One group's view in `language` (empty: the request's). Error
  // "report.not_loaded" before a load succeeded; otherwise those of
  // report_view_json (e.g. "report.unknown_group").
  std::string view(const std::string& group, const std::string& language) const;

 private:
  struct Loaded;
  std::unique_ptr<Loaded> loaded_;
};

// ---- JSON ("sos-report/1", docs/report.md) ------------------------------------

std::string report_to_json(const GroupReport& report);
std::string trend_to_json(const Trend& trend);
std::string comparison_to_json(const Comparison& comparison);
std::string gap_to_json(const PerceptionGap& gap);
std::string response_rates_to_json(const std::vector<ResponseRate>& rates);

}  // namespace sos
