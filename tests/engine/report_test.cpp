// Tests of sos/report.h: exact rounding, the colour rule at its edges,
// withheld and not applicable figures, bands and tips, ranking, questions,
// trend significance, comparison, perception gap, open-wave progress, JSON.
#include "sos/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace sos {
namespace {

std::shared_ptr<const Survey> report_survey() {
  static auto survey = testing::load_or_fail(testing::read_source_file("tests/fixtures/report/survey.json"));
  return survey;
}

// The cell of respondents with these scores (1-5, up to 4 decimals).
Statistic cell_of(std::initializer_list<double> scores) {
  Statistic s;
  for (double score : scores) {
    std::int64_t e4 = std::llround(score * 10000);
    s.n += 1;
    s.sum += e4;
    s.sumsq += e4 * e4;
  }
  return s;
}

// n respondents with the same score.
Statistic cell_times(std::int64_t n, double score) {
  std::int64_t e4 = std::llround(score * 10000);
  return {n, n * e4, n * e4 * e4};
}

Statistic add(Statistic a, const Statistic& b) {
  a.n += b.n;
  a.sum += b.sum;
  a.sumsq += b.sumsq;
  return a;
}

ReleasedFigures figures(std::string group, std::string role, std::map<std::string, Statistic, std::less<>> cells,
                        std::set<std::string, std::less<>> withheld = {}) {
  ReleasedFigures f;
  f.survey = "fixture_report";
  f.group = std::move(group);
  f.role = std::move(role);
  f.cells = std::move(cells);
  f.withheld = std::move(withheld);
  return f;
}

Benchmark benchmark_of(std::vector<std::pair<std::string, std::optional<double>>> means) {
  Benchmark b;
  b.survey = "fixture_report";
  b.source = "SOS";
  b.date = "2026-01-31";
  for (auto& [dimension, mean] : means) b.dimensions.push_back({dimension, mean, mean ? 7 : 2});
  return b;
}

ScoreFigure score_of(const Statistic& cell) {
  Result<ScoreFigure> f = score_figure(cell);
  if (!f.ok()) ADD_FAILURE() << f.error().to_string();
  return f.ok() ? f.value() : ScoreFigure{};
}

GroupReport report_or_fail(const ReleasedFigures& f, const ReportOptions& options = {}) {
  Result<GroupReport> r = report_group(*report_survey(), f, options);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().to_string();
    return {};
  }
  return std::move(r).value();
}

// ---- Exact arithmetic ----------------------------------------------------------

TEST(ReportArithmetic, DivideHalfUpRoundsTowardsPlusInfinityAtOneHalf) {
  struct Row {
    std::int64_t x, d, expected;
  };
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  for (const Row& row : std::vector<Row>{{5, 10, 1},
                                         {4, 10, 0},
                                         {15, 10, 2},
                                         {14, 10, 1},
                                         {-5, 10, 0},
                                         {-6, 10, -1},
                                         {-15, 10, -1},
                                         {0, 7, 0},
                                         {max, 2, max / 2 + 1},
                                         {max, max, 1},
                                         {min, 2, min / 2},
                                         {min, max, -1}})
    EXPECT_EQ(divide_half_up(row.x, row.d), row.expected) << row.x << " / " << row.d;
}

TEST(ReportArithmetic, DisplayedValueIsRoundedHalfUpOnceFromTheExactMean) {
  struct Row {
    Statistic cell;
    std::int64_t mean_e4;
    int tenths;
  };
  for (const Row& row : std::vector<Row>{
           {cell_of({3.6, 3.7}), 36500, 37},        // 3.65 -> 3.7
           {cell_of({3.6499}), 36499, 36},          // just below the half
           {cell_of({3.6499, 3.65}), 36500, 36},    // 3.64995: the 4-decimal mean rounds up, the display does not
           {cell_of({3.7, 3.7}), 37000, 37},        // 3.7
           {cell_of({3.5, 4.0, 3.75}), 37500, 38},  // 3.75 -> 3.8
           {cell_of({3.7499, 3.75, 3.75, 3.75}), 37500, 37},  // 3.749975
           {cell_of({3.05, 3.05}), 30500, 31},                // x.x5 at another place
           {cell_of({2.95}), 29500, 30},
           {cell_of({1.0}), 10000, 10},
           {cell_of({5.0, 5.0}), 50000, 50},
           {cell_of({3.0, 3.0, 3.0001}), 30000, 30},  // 3.0000333 -> 30000
           {cell_of({3.0, 3.0001, 3.0001}), 30001, 30}}) {
    Result<ScoreFigure> f = score_figure(row.cell);
    ASSERT_TRUE(f.ok()) << f.error().to_string();
    EXPECT_EQ(f->mean_e4, row.mean_e4) << row.cell.sum << "/" << row.cell.n;
    EXPECT_EQ(f->tenths, row.tenths) << row.cell.sum << "/" << row.cell.n;
  }
}

TEST(ReportArithmetic, SampleStandardDeviationInExactIntegers) {
  struct Row {
    Statistic cell;
    std::optional<std::int64_t> sd_e4;
  };
  for (const Row& row : std::vector<Row>{{cell_of({1, 5}), 28284},  // sqrt(8) = 2.828427
                                         {cell_of({2, 4}), 14142},  // sqrt(2) = 1.414214
                                         {cell_of({3, 3, 3}), 0},
                                         {cell_of({3, 4, 5}), 10000},        // exactly 1
                                         {cell_of({3.0, 3.0001}), 1},        // 0.0000707 -> 0.0001
                                         {cell_of({4.2}), std::nullopt}}) {  // one respondent: no sample deviation
    Result<ScoreFigure> f = score_figure(row.cell);
    ASSERT_TRUE(f.ok()) << f.error().to_string();
    EXPECT_EQ(f->sd_e4, row.sd_e4) << row.cell.sum << "/" << row.cell.n;
  }
}

TEST(ReportArithmetic, CellsThatNoRespondentsCouldGiveAreRefused) {
  for (const Statistic& cell :
       std::vector<Statistic>{{0, 0, 0},                                                 // no respondent
                              {-1, 30000, 900000000},                                    // negative count
                              {2, 19999, 200000000},                                     // mean below 1
                              {1, 50001, 2500100001},                                    // mean above 5
                              {2, 60000, 1700000000},                                    // sumsq too small for the sum
                              {2, 60000, 5000000001},                                    // sumsq above 2 * 5^2
                              {20'000'000, 600'000'000'000, 18'000'000'000'000'000}}) {  // more than 10 million
    Result<ScoreFigure> f = score_figure(cell, "/cells/dimension/goals");
    ASSERT_FALSE(f.ok()) << cell.n << " " << cell.sum << " " << cell.sumsq;
    EXPECT_EQ(f.error().code, "report.bad_cell");
    EXPECT_EQ(f.error().pointer, "/cells/dimension/goals");
  }
}

TEST(ReportArithmetic, BenchmarkMeansTakeTheNearestTenThousandth) {
  EXPECT_EQ(benchmark_e4(3.65), 36500);  // 3.65 is 3.64999... as a double
  EXPECT_EQ(benchmark_e4(3.74999), 37500);
  EXPECT_EQ(benchmark_e4(1.0), 10000);
  EXPECT_EQ(benchmark_e4(5.0), 50000);
  EXPECT_EQ(benchmark_e4(0.99), std::nullopt);
  EXPECT_EQ(benchmark_e4(std::nan("")), std::nullopt);
  EXPECT_EQ(tenths_of_e4(36500), 37);
  EXPECT_EQ(tenths_of_e4(36499), 36);
}

// ---- The colour rule -------------------------------------------------------

TEST(ReportColour, RuleOnDisplayedValuesAtTheEdges) {
  struct Row {
    const char* what;
    Statistic cell;
    std::optional<double> benchmark;
    int tenths;
    Colour colour;
  };
  for (const Row& row : std::vector<Row>{
           {"3.65 displays 3.7, not above 3.7, at the benchmark", cell_of({3.6, 3.7}), 3.7, 37, Colour::yellow},
           {"3.65 displays 3.7, below a 3.8 benchmark", cell_of({3.6, 3.7}), 3.8, 37, Colour::red},
           {"3.7 is not above 3.7", cell_of({3.7}), 3.8, 37, Colour::red},
           {"3.7 at or above a 3.6 benchmark", cell_of({3.7}), 3.6, 37, Colour::yellow},
           {"3.75 displays 3.8: green even below the benchmark", cell_of({3.5, 4.0}), 4.2, 38, Colour::green},
           {"equal to the benchmark is yellow", cell_of({3.2}), 3.2, 32, Colour::yellow},
           {"equal as displayed though lower exactly", cell_of({3.66}), 3.74, 37, Colour::yellow},
           {"a benchmark of 3.65 displays 3.7", cell_of({3.66}), 3.65, 37, Colour::yellow},
           {"just below the displayed benchmark", cell_of({3.64}), 3.65, 36, Colour::red},
           {"no benchmark: no judgement", cell_of({3.7}), std::nullopt, 37, Colour::neutral},
           {"no benchmark: 3.65 neutral", cell_of({3.6, 3.7}), std::nullopt, 37, Colour::neutral},
           {"no benchmark: 3.75 still green", cell_of({3.5, 4.0}), std::nullopt, 38, Colour::green},
           {"low and no benchmark", cell_of({1.2}), std::nullopt, 12, Colour::neutral}}) {
    ReportOptions options;
    options.benchmark = benchmark_of({{"goals", row.benchmark}});
    GroupReport r = report_or_fail(
        figures("north", "", {{"respondents", {row.cell.n, 0, 0}}, {"dimension/goals", row.cell}}), options);
    const DimensionFigure* d = r.find("goals");
    ASSERT_NE(d, nullptr);
    ASSERT_TRUE(d->score) << row.what;
    EXPECT_EQ(d->score->tenths, row.tenths) << row.what;
    EXPECT_EQ(d->colour, row.colour) << row.what << ": " << colour_name(d->colour);
  }
}

TEST(ReportColour, ColourForIsTheSameRuleOnTenths) {
  EXPECT_EQ(colour_for(37, 37, 37), Colour::yellow);
  EXPECT_EQ(colour_for(38, 45, 37), Colour::green);
  EXPECT_EQ(colour_for(36, 37, 37), Colour::red);
  EXPECT_EQ(colour_for(37, std::nullopt, 37), Colour::neutral);
  EXPECT_EQ(colour_for(36, 30, 35), Colour::green);  // the threshold is configurable
}

TEST(ReportColour, ThresholdIsConfigurableAndPrintedInTheRule) {
  ReportOptions options;
  options.green_above_tenths = 35;
  options.language = "sv";
  GroupReport r =
      report_or_fail(figures("north", "", {{"respondents", {1, 0, 0}}, {"dimension/goals", cell_of({3.6})}}), options);
  EXPECT_EQ(r.find("goals")->colour, Colour::green);
  EXPECT_EQ(r.find("goals")->colour_label, "Över 3,5");
  EXPECT_NE(r.colour_rule.find("grönt över 3,5"), std::string::npos) << r.colour_rule;
}

TEST(ReportColour, RuleSentenceAndNoBenchmarkNoteInEachLanguage) {
  struct Row {
    const char* language;
    const char* rule_part;
    const char* note_part;
    const char* neutral_label;
  };
  for (const Row& row : std::vector<Row>{
           {"en", "green above 3.7; otherwise red below the benchmark", "no benchmark for this report", "No benchmark"},
           {"sv", "grönt över 3,7; annars rött under jämförelsevärdet", "inget jämförelsevärde",
            "Inget jämförelsevärde"},
           {"nb", "grønt over 3,7; ellers rødt under referanseverdien", "ingen referanseverdi", "Ingen referanseverdi"},
           {"de", "green above 3.7", "no benchmark", "No benchmark"}}) {
    ReportOptions options;
    options.language = row.language;
    GroupReport r = report_or_fail(
        figures("north", "", {{"respondents", {1, 0, 0}}, {"dimension/goals", cell_of({3.0})}}), options);
    EXPECT_NE(r.colour_rule.find(row.rule_part), std::string::npos) << row.language << ": " << r.colour_rule;
    ASSERT_EQ(r.notes.size(), 1u) << row.language;
    EXPECT_NE(r.notes[0].find(row.note_part), std::string::npos) << row.language << ": " << r.notes[0];
    EXPECT_EQ(r.find("goals")->colour_label, row.neutral_label);
  }
  // With a benchmark for any dimension, the note goes; a dimension without
  // one is still neutral.
  ReportOptions options;
  options.benchmark = benchmark_of({{"goals", std::nullopt}, {"coaching", 3.1}});
  GroupReport r = report_or_fail(
      figures(
          "north", "",
          {{"respondents", {1, 0, 0}}, {"dimension/goals", cell_of({3.0})}, {"dimension/coaching", cell_of({3.0})}}),
      options);
  EXPECT_TRUE(r.notes.empty());
  EXPECT_EQ(r.find("goals")->colour, Colour::neutral);
  EXPECT_EQ(r.find("coaching")->colour, Colour::red);
  EXPECT_EQ(r.find("coaching")->colour_label, "Below the benchmark");
  EXPECT_EQ(r.benchmark_source, "SOS");
}

// ---- Withheld, zero, not applicable -----------------------------------------

TEST(ReportState, WithheldIsNeverZero) {
  GroupReport r = report_or_fail(figures("small", "", {{"dimension/coaching", cell_of({4, 4, 4, 4, 4})}},
                                         {"respondents", "dimension/goals", "option/crm/no"}));
  EXPECT_EQ(r.respondents, std::nullopt);
  const DimensionFigure* goals = r.find("goals");
  EXPECT_EQ(goals->state, FigureState::withheld);
  EXPECT_EQ(goals->state_label, "Too few answers to show");
  EXPECT_FALSE(goals->score);
  EXPECT_EQ(goals->colour, Colour::none);
  EXPECT_EQ(goals->rank, 0);
  EXPECT_EQ(r.find("coaching")->state, FigureState::shown);
  EXPECT_EQ(r.ranking, std::vector<std::string>{"coaching"});
  // With respondents withheld, an empty dimension cannot be told apart from
  // too few answers.
  EXPECT_EQ(r.find("joint_visits")->state, FigureState::withheld);
}

TEST(ReportState, ReleasedZeroCountIsAZeroAndWithheldIsWithheld) {
  GroupReport r = report_or_fail(figures("north", "seller",
                                         {{"respondents", {8, 0, 0}},
                                          {"question/crm", {8, 0, 0}},
                                          {"option/crm/yes", {8, 0, 0}},
                                          {"question/tools", {7, 0, 0}},
                                          {"option/tools/mail", {7, 0, 0}}},
                                         {"option/tools/phone"}));
  const QuestionFigure* crm = nullptr;
  const QuestionFigure* tools = nullptr;
  for (const QuestionFigure& q : r.questions) {
    if (q.question == "crm") crm = &q;
    if (q.question == "tools") tools = &q;
  }
  ASSERT_TRUE(crm && tools);
  EXPECT_FALSE(crm->options[1].withheld);  // "no": nobody chose it, released
  EXPECT_EQ(crm->options[1].count, 0);
  EXPECT_EQ(crm->options[1].percent, 0);
  EXPECT_TRUE(tools->options[1].withheld);  // "phone"
  EXPECT_EQ(tools->options[1].percent, std::nullopt);
  EXPECT_EQ(tools->options[0].percent, 100);
}

TEST(ReportState, NotApplicableDimensions) {
  // Released respondents and a released zero count: nobody was scored.
  GroupReport a = report_or_fail(
      figures("north", "", {{"respondents", {6, 0, 0}}, {"dimension/goals", cell_of({3, 3, 3, 3, 3, 3})}}));
  EXPECT_EQ(a.find("joint_visits")->state, FigureState::not_applicable);
  EXPECT_EQ(a.find("joint_visits")->state_label, "Not applicable");
  EXPECT_EQ(a.find("joint_visits")->colour, Colour::none);
  // A release withholds the zero like any count under k; the caller says
  // the dimension does not apply.
  ReleasedFigures f = figures("north", "", {{"respondents", {6, 0, 0}}}, {"dimension/joint_visits"});
  EXPECT_EQ(report_or_fail(f).find("joint_visits")->state, FigureState::withheld);
  f.not_applicable = {"joint_visits"};
  ReportOptions sv;
  sv.language = "sv";
  EXPECT_EQ(report_or_fail(f, sv).find("joint_visits")->state, FigureState::not_applicable);
  EXPECT_EQ(report_or_fail(f, sv).find("joint_visits")->state_label, "Ej tillämpligt");
  // A group that mixes teams with and without field visits has a score.
  f.withheld.clear();
  f.cells["dimension/joint_visits"] = cell_of({4, 4, 4});
  EXPECT_EQ(report_or_fail(f).find("joint_visits")->state, FigureState::shown);
}

// ---- Bands, tips, ranking ----------------------------------------------------

TEST(ReportBands, BandOfTheDisplayedValueGivesTheTips) {
  struct Row {
    Statistic cell;
    const char* band;
    std::vector<std::string> tips;
  };
  for (const Row& row : std::vector<Row>{{cell_of({3.0}), "low", {"Sätt mål.", "Skriv ner dem."}},
                                         {cell_of({3.04}), "low", {"Sätt mål.", "Skriv ner dem."}},  // displays 3.0
                                         {cell_of({3.05}), "middle", {"Följ upp målen."}},           // displays 3.1
                                         {cell_of({3.6, 3.7}), "middle", {"Följ upp målen."}},       // displays 3.7
                                         {cell_of({3.5, 4.0}), "high", {"Dela hur."}},               // displays 3.8
                                         {cell_of({1.0}), "low", {"Sätt mål.", "Skriv ner dem."}},
                                         {cell_of({5.0}), "high", {"Dela hur."}}}) {
    ReportOptions options;
    options.language = "sv";
    GroupReport r = report_or_fail(
        figures("north", "", {{"respondents", {row.cell.n, 0, 0}}, {"dimension/goals", row.cell}}), options);
    EXPECT_EQ(r.find("goals")->band, row.band) << row.cell.sum;
    EXPECT_EQ(r.find("goals")->tips, row.tips) << row.cell.sum;
    EXPECT_EQ(r.find("goals")->strength, "Målen är tydliga.");
  }
}

TEST(ReportRanking, StrengthsAreGreenFromTheTopImprovementsTheRestFromTheBottom) {
  ReportOptions options;
  options.benchmark = benchmark_of({{"goals", 3.0}, {"coaching", 3.0}, {"joint_visits", 3.0}});
  // joint_visits 3.9 green, goals 3.74 (3.7) yellow, coaching 2.5 red.
  GroupReport r = report_or_fail(figures("north", "",
                                         {{"respondents", {1, 0, 0}},
                                          {"dimension/goals", cell_of({3.74})},
                                          {"dimension/coaching", cell_of({2.5})},
                                          {"dimension/joint_visits", cell_of({3.9})}}),
                                 options);
  EXPECT_EQ(r.ranking, (std::vector<std::string>{"joint_visits", "goals", "coaching"}));
  EXPECT_EQ(r.strengths, std::vector<std::string>{"joint_visits"});
  EXPECT_EQ(r.improvements, (std::vector<std::string>{"coaching", "goals"}));
  EXPECT_EQ(r.find("joint_visits")->rank, 1);
  EXPECT_EQ(r.find("coaching")->rank, 3);

  options.max_improvements = 1;
  options.max_strengths = 0;
  r = report_or_fail(figures("north", "",
                             {{"respondents", {1, 0, 0}},
                              {"dimension/goals", cell_of({3.74})},
                              {"dimension/coaching", cell_of({2.5})},
                              {"dimension/joint_visits", cell_of({3.9})}}),
                     options);
  EXPECT_TRUE(r.strengths.empty());
  EXPECT_EQ(r.improvements, std::vector<std::string>{"coaching"});
}

TEST(ReportRanking, RanksByExactMeanWithTiesInSurveyOrder) {
  // goals 3.45, coaching 3.44995 (displays 3.4), joint_visits 3.45 exactly
  // like goals: the tie keeps survey order.
  GroupReport r = report_or_fail(figures("north", "",
                                         {{"respondents", {2, 0, 0}},
                                          {"dimension/goals", cell_of({3.4, 3.5})},
                                          {"dimension/coaching", cell_of({3.4499, 3.45})},
                                          {"dimension/joint_visits", cell_of({3.45, 3.45})}}));
  EXPECT_EQ(r.ranking, (std::vector<std::string>{"goals", "joint_visits", "coaching"}));
}

// ---- Questions -------------------------------------------------------------

const QuestionFigure* question(const GroupReport& r, std::string_view id) {
  for (const QuestionFigure& q : r.questions)
    if (q.question == id) return &q;
  return nullptr;
}

TEST(ReportQuestions, DistributionsPerRoleWithTheRolesWording) {
  ReleasedFigures f = figures("north", "manager",
                              {{"respondents", {8, 0, 0}},
                               {"question/g1", {8, 0, 0}},
                               {"option/g1/4", {3, 0, 0}},
                               {"option/g1/5", {4, 0, 0}},
                               {"option/g1/na", {1, 0, 0}},
                               {"question/visits", {7, 7 * 1250 + 5, 0}},  // mean 12.50714 -> 12.51
                               {"question/span", {8, 0, 0}}});
  GroupReport r = report_or_fail(f);
  const QuestionFigure* g1 = question(r, "g1");
  ASSERT_NE(g1, nullptr);
  EXPECT_EQ(g1->text, "My sellers' goals are clear.");
  EXPECT_EQ(g1->dimension, "goals");
  EXPECT_FALSE(g1->reverse);
  EXPECT_EQ(g1->min_label, "Does not match at all");
  ASSERT_EQ(g1->options.size(), 6u);
  EXPECT_EQ(g1->options[3].count, 3);
  EXPECT_EQ(g1->options[3].percent, 38);  // 37.5 -> 38
  EXPECT_EQ(g1->options[4].percent, 50);
  EXPECT_EQ(g1->options[5].value, "na");
  EXPECT_EQ(g1->options[5].label, "Don't know / not applicable");
  EXPECT_EQ(g1->options[5].percent, 13);  // 12.5 -> 13
  EXPECT_EQ(g1->options[0].percent, 0);
  const QuestionFigure* g2 = question(r, "g2");
  EXPECT_TRUE(g2->reverse);
  EXPECT_EQ(g2->max_label, "Always");
  EXPECT_EQ(g2->options.size(), 5u);
  EXPECT_EQ(g2->options[0].percent, std::nullopt);  // nobody answered: no percent
  EXPECT_EQ(question(r, "visits")->mean_e2, 1251);
  EXPECT_NE(question(r, "span"), nullptr);  // asked of managers
  EXPECT_EQ(question(r, "say"), nullptr);   // comments never have figures

  f.role = "seller";
  GroupReport seller = report_or_fail(f);
  EXPECT_EQ(question(seller, "g1")->text, "My goals are clear.");
  EXPECT_EQ(question(seller, "span"), nullptr);  // a manager-only panel
  f.role = "";
  EXPECT_NE(question(report_or_fail(f), "span"), nullptr);  // all roles: every question
  ReportOptions without;
  without.questions = false;
  EXPECT_TRUE(report_or_fail(f, without).questions.empty());
}

TEST(ReportQuestions, WithheldAnswerCountGivesNoPercent) {
  GroupReport r = report_or_fail(
      figures("north", "", {{"respondents", {8, 0, 0}}, {"option/crm/yes", {6, 0, 0}}}, {"question/crm"}));
  const QuestionFigure* crm = question(r, "crm");
  EXPECT_TRUE(crm->answered_withheld);
  EXPECT_EQ(crm->options[0].count, 6);
  EXPECT_EQ(crm->options[0].percent, std::nullopt);
  EXPECT_EQ(crm->options[0].label, "Yes");
}

// ---- Errors ----------------------------------------------------------------

TEST(ReportErrors, ExactCodesAndPointers) {
  struct Row {
    const char* what;
    ReleasedFigures figures;
    ReportOptions options;
    const char* code;
    const char* pointer;
  };
  ReportOptions bad_threshold;
  bad_threshold.green_above_tenths = 51;
  ReportOptions bad_count;
  bad_count.max_improvements = -1;
  ReportOptions bad_benchmark;
  bad_benchmark.benchmark = benchmark_of({{"goals", 3.0}, {"coaching", 5.5}});
  ReleasedFigures other = figures("north", "", {});
  other.survey = "other";
  std::vector<Row> rows;
  rows.push_back({"another survey", other, {}, "report.survey_mismatch", "/survey"});
  rows.push_back({"unknown role", figures("north", "boss", {}), {}, "report.unknown_role", "/role"});
  rows.push_back({"threshold", figures("north", "", {}), bad_threshold, "report.bad_options", "/greenAbove"});
  rows.push_back({"counts", figures("north", "", {}), bad_count, "report.bad_options", "/maxStrengths"});
  rows.push_back({"benchmark", figures("north", "", {}), bad_benchmark, "report.bad_benchmark", "/dimensions/1/mean"});
  rows.push_back({"cell",
                  figures("north", "", {{"respondents", {3, 0, 0}}, {"dimension/coaching", {3, 3, 3}}}),
                  {},
                  "report.bad_cell",
                  "/cells/dimension/coaching"});
  for (const Row& row : rows) {
    Result<GroupReport> r = report_group(*report_survey(), row.figures, row.options);
    ASSERT_FALSE(r.ok()) << row.what;
    EXPECT_EQ(r.error().code, row.code) << row.what;
    EXPECT_EQ(r.error().pointer, row.pointer) << row.what;
  }
}

// ---- Trend -----------------------------------------------------------------

GroupReport goals_report(const std::string& group, const std::string& role, std::optional<Statistic> goals) {
  std::map<std::string, Statistic, std::less<>> cells{{"respondents", {goals ? goals->n : 10, 0, 0}}};
  std::set<std::string, std::less<>> withheld;
  if (goals)
    cells["dimension/goals"] = *goals;
  else
    withheld.insert("dimension/goals");
  return report_or_fail(figures(group, role, cells, withheld));
}

TEST(ReportTrend, ChangeWithinChanceForASmallGroup) {
  // 3.4 -> 3.6 with five respondents each: s^2 = 0.3 in both waves.
  Change c = change_between("2025", score_of(cell_of({3, 4, 3, 4, 3})), "2026", score_of(cell_of({3, 4, 4, 4, 3})));
  EXPECT_EQ(c.tenths, 2);
  EXPECT_EQ(c.difference_e4, 2000);
  EXPECT_EQ(c.margin_e4, 6790);  // 1.96 * sqrt(0.3/5 + 0.3/5) = 0.67895
  EXPECT_EQ(c.within_chance, true);
}

TEST(ReportTrend, ChangeBeyondChanceForALargeGroup) {
  Statistic before = add(cell_times(20, 3), cell_times(20, 4));  // 3.5
  Statistic after = add(cell_times(20, 4), cell_times(20, 5));   // 4.5
  Change c = change_between("2025", score_of(before), "2026", score_of(after));
  EXPECT_EQ(c.tenths, 10);
  EXPECT_EQ(c.margin_e4, 2219);  // 1.96 * sqrt(2 * (10/39) / 40) = 0.22193
  EXPECT_EQ(c.within_chance, false);
  // The same fall is beyond chance too, and negative.
  Change down = change_between("2025", score_of(after), "2026", score_of(before));
  EXPECT_EQ(down.tenths, -10);
  EXPECT_EQ(down.difference_e4, -10000);
  EXPECT_EQ(down.within_chance, false);
}

TEST(ReportTrend, EdgesOfTheMarker) {
  // No spread at all: any change is beyond chance, none is within it.
  Change same = change_between("a", score_of(cell_times(3, 4)), "b", score_of(cell_times(3, 4)));
  EXPECT_EQ(same.margin_e4, 0);
  EXPECT_EQ(same.within_chance, true);
  Change up = change_between("a", score_of(cell_times(3, 4)), "b", score_of(cell_times(3, 5)));
  EXPECT_EQ(up.within_chance, false);
  // One respondent has no variance: no marker, no margin.
  Change one = change_between("a", score_of(cell_of({3})), "b", score_of(cell_of({4, 4})));
  EXPECT_EQ(one.tenths, 10);
  EXPECT_EQ(one.margin_e4, std::nullopt);
  EXPECT_EQ(one.within_chance, std::nullopt);
  // Displayed change and exact change differ: 3.74 -> 3.76 shows 3.7 -> 3.8.
  Change shown = change_between("a", score_of(cell_of({3.74, 3.74})), "b", score_of(cell_of({3.76, 3.76})));
  EXPECT_EQ(shown.tenths, 1);
  EXPECT_EQ(shown.difference_e4, 200);
}

TEST(ReportTrend, SincePreviousAndOverAllWaves) {
  std::vector<WaveReport> waves{{"2024", goals_report("north", "", cell_of({2, 3, 2, 3}))},
                                {"2025", goals_report("north", "", std::nullopt)},
                                {"2026", goals_report("north", "", cell_of({4, 4, 5, 4}))}};
  Result<Trend> t = report_trend(waves);
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->waves, (std::vector<std::string>{"2024", "2025", "2026"}));
  const DimensionTrend& goals = t->dimensions[0];
  EXPECT_EQ(goals.dimension, "goals");
  ASSERT_EQ(goals.points.size(), 3u);
  EXPECT_EQ(goals.points[1].state, FigureState::withheld);
  EXPECT_FALSE(goals.since_previous);  // the previous wave is withheld
  ASSERT_TRUE(goals.over_all);
  EXPECT_EQ(goals.over_all->from_wave, "2024");
  EXPECT_EQ(goals.over_all->tenths, 43 - 25);  // 4.25 -> 4.3, 2.5 -> 2.5
  EXPECT_EQ(goals.over_all->within_chance, false);

  waves[1].report = goals_report("north", "", cell_of({3, 3, 3, 4}));
  t = report_trend(waves);
  ASSERT_TRUE(t->dimensions[0].since_previous);
  EXPECT_EQ(t->dimensions[0].since_previous->from_wave, "2025");
  EXPECT_EQ(t->dimensions[0].since_previous->tenths, 43 - 33);
  EXPECT_EQ(t->dimensions[0].over_all->from_wave, "2024");
  // The latest wave withheld: no change at all.
  waves[2].report = goals_report("north", "", std::nullopt);
  t = report_trend(waves);
  EXPECT_FALSE(t->dimensions[0].since_previous);
  EXPECT_FALSE(t->dimensions[0].over_all);
}

TEST(ReportTrend, ErrorsNameTheWave) {
  struct Row {
    std::vector<WaveReport> waves;
    const char* code;
    const char* pointer;
  };
  GroupReport north = goals_report("north", "", cell_of({3}));
  std::vector<Row> rows;
  rows.push_back({{}, "report.no_waves", "/waves"});
  rows.push_back({{{"a", goals_report("south", "", cell_of({3}))}, {"b", north}}, "report.group_mismatch", "/waves/0"});
  rows.push_back({{{"a", north}, {"b", goals_report("north", "seller", cell_of({3}))}, {"c", north}},
                  "report.role_mismatch",
                  "/waves/1"});
  for (const Row& row : rows) {
    Result<Trend> t = report_trend(row.waves);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, row.code);
    EXPECT_EQ(t.error().pointer, row.pointer);
  }
}

// ---- Comparison and gap ------------------------------------------------------

TEST(ReportComparison, TeamAgainstParentAndCompany) {
  GroupReport team = goals_report("team", "seller", cell_of({4.0, 4.1}));  // 4.05 -> 4.1
  GroupReport region = goals_report("region", "seller", cell_of({3.5}));
  GroupReport company = goals_report("company", "seller", std::nullopt);
  Result<Comparison> c = compare_groups(team, {region, company});
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->references, (std::vector<std::string>{"region", "company"}));
  const DimensionComparison& goals = c->dimensions[0];
  EXPECT_EQ(goals.subject.tenths, 41);
  EXPECT_EQ(goals.subject.colour, Colour::green);
  EXPECT_EQ(goals.references[0].difference_tenths, 6);
  EXPECT_EQ(goals.references[0].colour, Colour::neutral);
  EXPECT_EQ(goals.references[1].state, FigureState::withheld);
  EXPECT_EQ(goals.references[1].difference_tenths, std::nullopt);

  Result<Comparison> wrong = compare_groups(team, {region, goals_report("company", "", cell_of({3}))});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "report.role_mismatch");
  EXPECT_EQ(wrong.error().pointer, "/references/1");
}

TEST(ReportGap, RankedByTheExactSizeOfTheGap) {
  auto report = [](const std::string& role, Statistic goals, Statistic coaching, std::optional<Statistic> visits) {
    std::map<std::string, Statistic, std::less<>> cells{
        {"respondents", {goals.n, 0, 0}}, {"dimension/goals", goals}, {"dimension/coaching", coaching}};
    std::set<std::string, std::less<>> withheld;
    if (visits)
      cells["dimension/joint_visits"] = *visits;
    else
      withheld.insert("dimension/joint_visits");
    return report_or_fail(figures("company", role, cells, withheld));
  };
  // goals: 3.0 vs 3.44 (gap -0.44, displays 3.0 vs 3.4: -0.4);
  // coaching: 3.5 vs 3.05 (gap +0.45, displays 3.5 vs 3.1: +0.4).
  GroupReport sellers = report("seller", cell_of({3.0}), cell_of({3.5}), cell_of({4}));
  GroupReport managers = report("manager", cell_of({3.44}), cell_of({3.05}), std::nullopt);
  Result<PerceptionGap> g = perception_gap(sellers, managers);
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  ASSERT_EQ(g->ranked.size(), 2u);
  EXPECT_EQ(g->ranked[0].dimension, "coaching");
  EXPECT_EQ(g->ranked[0].tenths, 4);
  EXPECT_EQ(g->ranked[0].difference_e4, 4500);
  EXPECT_EQ(g->ranked[1].dimension, "goals");
  EXPECT_EQ(g->ranked[1].tenths, -4);
  EXPECT_EQ(g->ranked[1].difference_e4, -4400);
  EXPECT_EQ(g->missing, std::vector<std::string>{"joint_visits"});
  // Equal gaps keep survey order, whatever the sign.
  GroupReport even = report("manager", cell_of({3.5}), cell_of({3.0}), std::nullopt);
  g = perception_gap(sellers, even);
  EXPECT_EQ(g->ranked[0].dimension, "goals");
  EXPECT_EQ(g->ranked[1].dimension, "coaching");
}

TEST(ReportGap, Errors) {
  GroupReport sellers = goals_report("company", "seller", cell_of({3}));
  EXPECT_EQ(perception_gap(sellers, goals_report("other", "manager", cell_of({3}))).error().code,
            "report.group_mismatch");
  EXPECT_EQ(perception_gap(sellers, sellers).error().code, "report.role_mismatch");
  EXPECT_EQ(perception_gap(sellers, sellers).error().pointer, "/b");
}

// ---- Open wave -------------------------------------------------------------

TEST(ReportResponses, OpenWaveShowsCountsAndRatesOnly) {
  EXPECT_EQ(response_rate("a", "", 7, 8).rate_percent, 88);  // 87.5 -> 88
  EXPECT_EQ(response_rate("a", "", 1, 3).rate_percent, 33);
  EXPECT_EQ(response_rate("a", "", 0, 5).rate_percent, 0);
  EXPECT_EQ(response_rate("a", "", 5, 0).rate_percent, std::nullopt);
  EXPECT_EQ(response_rate("a", "", std::nullopt, 5).rate_percent, std::nullopt);
  EXPECT_EQ(response_rate("a", "", 12, 10).rate_percent, 120);  // a shared link can exceed the headcount

  Release open;
  open.survey = "fixture_report";
  open.state = WaveState::open;
  open.groups = {{"acme", "", 20, 11, false, false, {}}, {"north", "acme", 8, 3, false, false, {}}};
  std::vector<ResponseRate> p = response_rates_from_release(open);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].group, "north");
  EXPECT_EQ(p[1].parent, "acme");
  EXPECT_EQ(p[1].respondents, 3);
  EXPECT_EQ(p[1].rate_percent, 38);
  EXPECT_EQ(p[0].rate_percent, 55);
  auto doc = nlohmann::json::parse(response_rates_to_json(p));
  EXPECT_EQ(doc["kind"], "responses");
  EXPECT_EQ(doc["groups"][1]["ratePercent"], 38);
  EXPECT_EQ(doc["groups"][1].size(), 5u);  // group, parent, respondents, headcount, rate: nothing else

  Result<ReleasedFigures> none = figures_from_release(open, "north", "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "report.open_wave");
}

// ---- Released figures ----------------------------------------------------------

TEST(ReportInput, FiguresFromARelease) {
  Release r;
  r.survey = "fixture_report";
  r.version = "1";
  r.state = WaveState::closed;
  r.manager_role = "manager";
  r.keys = {"respondents", "dimension/goals", "dimension/coaching"};
  GroupFigures g{"north", "acme", 9, 7, false, true, {}};
  g.roles.push_back({"", {Statistic{7, 0, 0}, cell_times(7, 3.5), std::nullopt}});
  g.roles.push_back({"seller", {Statistic{6, 0, 0}, cell_times(6, 3.5), std::nullopt}});
  r.groups = {g};
  Result<ReleasedFigures> f = figures_from_release(r, "north", kAllRoles);
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_EQ(f->survey, "fixture_report");
  EXPECT_EQ(f->cells.at("dimension/goals"), cell_times(7, 3.5));
  EXPECT_EQ(f->withheld, (std::set<std::string, std::less<>>{"dimension/coaching"}));
  EXPECT_EQ(f->left_out_role, "manager");
  GroupReport report = report_or_fail(f.value());
  ASSERT_EQ(report.notes.size(), 2u);
  EXPECT_EQ(report.notes[1], "Sales manager: not included in these figures, too few answered.");
  EXPECT_EQ(report.find("coaching")->state, FigureState::withheld);

  f = figures_from_release(r, "north", "seller");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->left_out_role, "");
  EXPECT_EQ(figures_from_release(r, "south", "").error().code, "report.unknown_group");
  EXPECT_EQ(figures_from_release(r, "north", "manager").error().code, "report.unknown_role");
  EXPECT_EQ(figures_from_release(r, "north", "manager").error().pointer, "/groups/0/roles");
}

TEST(ReportInput, FiguresFromAnAggregateDropWithheldCells) {
  Aggregate a{"fixture_report", "1", "seller", {{"respondents", {4, 0, 0}}, {"dimension/goals", cell_times(4, 3)}}};
  ReleasedFigures f = figures_from_aggregate("north", a, {"dimension/goals"});
  EXPECT_EQ(f.role, "seller");
  EXPECT_EQ(f.cells.count("dimension/goals"), 0u);
  EXPECT_EQ(report_or_fail(f).find("goals")->state, FigureState::withheld);
}

// ---- JSON ------------------------------------------------------------------

TEST(ReportJson, GroupReportCarriesNumbersTextsAndStates) {
  ReportOptions options;
  options.language = "sv";
  options.benchmark = benchmark_of({{"goals", 3.8}});
  GroupReport r = report_or_fail(figures("north", "seller",
                                         {{"respondents", {2, 0, 0}},
                                          {"dimension/goals", cell_of({3.6, 3.7})},
                                          {"question/crm", {2, 0, 0}},
                                          {"option/crm/yes", {2, 0, 0}}},
                                         {"dimension/coaching", "option/crm/no"}),
                                 options);
  auto doc = nlohmann::json::parse(report_to_json(r));
  EXPECT_EQ(doc["format"], "sos-report/1");
  EXPECT_EQ(doc["kind"], "group");
  EXPECT_EQ(doc["language"], "sv");
  EXPECT_EQ(doc["respondents"], 2);
  EXPECT_EQ(doc["colourRule"]["greenAbove"], 3.7);
  const auto& goals = doc["dimensions"][0];
  EXPECT_EQ(goals["id"], "goals");
  EXPECT_EQ(goals["title"], "Mål");
  EXPECT_EQ(goals["score"]["display"], "3,7");
  EXPECT_EQ(goals["score"]["value"], 3.7);
  EXPECT_EQ(goals["score"]["mean"], 3.65);
  EXPECT_EQ(goals["score"]["meanE4"], 36500);
  EXPECT_EQ(goals["score"]["sdE4"], 707);
  EXPECT_EQ(goals["benchmarkDisplay"], "3,8");
  EXPECT_EQ(goals["colour"], "red");
  EXPECT_EQ(goals["colourLabel"], "Under jämförelsevärdet");
  EXPECT_EQ(goals["band"], "middle");
  EXPECT_EQ(goals["tips"][0], "Följ upp målen.");
  const auto& coaching = doc["dimensions"][1];
  EXPECT_EQ(coaching["state"], "withheld");
  EXPECT_EQ(coaching["stateLabel"], "För få svar för att visas");
  EXPECT_TRUE(coaching["score"].is_null());
  EXPECT_EQ(coaching["colour"], "none");
  EXPECT_EQ(doc["improvements"][0], "goals");
  nlohmann::json crm;
  for (const auto& q : doc["questions"])
    if (q["id"] == "crm") crm = q;
  EXPECT_EQ(crm["options"][1]["state"], "withheld");
  EXPECT_TRUE(crm["options"][1]["count"].is_null());
  EXPECT_EQ(crm["options"][0]["percent"], 100);

  r.respondents.reset();
  doc = nlohmann::json::parse(report_to_json(r));
  EXPECT_TRUE(doc["respondents"].is_null());
  EXPECT_EQ(doc["respondentsLabel"], "För få svar för att visas");
}

TEST(ReportJson, TrendComparisonAndGapDocuments) {
  std::vector<WaveReport> waves{{"2025", goals_report("north", "", cell_of({3, 4, 3, 4, 3}))},
                                {"2026", goals_report("north", "", cell_of({3, 4, 4, 4, 3}))}};
  auto trend = nlohmann::json::parse(trend_to_json(report_trend(waves).value()));
  EXPECT_EQ(trend["kind"], "trend");
  const auto& change = trend["dimensions"][0]["sincePrevious"];
  EXPECT_EQ(change["display"], "+0.2");
  EXPECT_EQ(change["withinChance"], true);
  EXPECT_EQ(change["marginE4"], 6790);
  EXPECT_TRUE(trend["dimensions"][1]["sincePrevious"].is_null());

  auto comparison =
      nlohmann::json::parse(comparison_to_json(compare_groups(waves[1].report, {waves[0].report}).value()));
  EXPECT_EQ(comparison["dimensions"][0]["references"][0]["differenceDisplay"], "+0.2");

  GroupReport managers = goals_report("north", "manager", cell_of({4, 4, 4}));
  auto gap = nlohmann::json::parse(gap_to_json(perception_gap(waves[1].report, managers).value()));
  EXPECT_EQ(gap["ranked"][0]["display"], "-0.4");
  EXPECT_EQ(gap["missing"][0], "coaching");
}

// ---- The dashboard's view, from a real release ------------------------------

// n respondents of `role` in `group` who all scored `goals` and `coaching`
// and answered g1 with `g1`.
GroupAggregate people(const std::string& group, const std::string& role, std::int64_t n, double goals, double coaching,
                      const std::string& g1) {
  Aggregate a{"fixture_report", "1", role, {}};
  a.cells["respondents"] = {n, 0, 0};
  a.cells["dimension/goals"] = cell_times(n, goals);
  a.cells["dimension/coaching"] = cell_times(n, coaching);
  a.cells["question/g1"] = {n, 0, 0};
  a.cells["option/g1/" + g1] = {n, 0, 0};
  return {group, a};
}

std::string release_text(std::vector<GroupAggregate> aggregates, bool open = false) {
  ReleaseInput in;
  in.groups = {{"acme", "", 0}, {"north", "acme", 14}, {"south", "acme", 8}};
  in.aggregates = std::move(aggregates);
  Result<Release> r = open ? wave_progress(*report_survey(), in) : release_figures(*report_survey(), in);
  if (!r.ok()) ADD_FAILURE() << r.error().to_string();
  return r.ok() ? release_to_json(r.value()) : "{}";
}

nlohmann::json view_of(const nlohmann::json& request) {
  Result<std::string> view = report_view(*report_survey(), request.dump());
  if (!view.ok()) {
    ADD_FAILURE() << view.error().to_string();
    return {};
  }
  return nlohmann::json::parse(view.value());
}

nlohmann::json two_waves() {
  std::string wave1 =
      release_text({people("north", "seller", 6, 3.0, 3.5, "3"), people("north", "manager", 5, 3.6, 4.2, "4"),
                    people("south", "seller", 6, 3.4, 3.1, "4")});
  std::string wave2 =
      release_text({people("north", "seller", 7, 3.8, 3.5, "4"), people("north", "manager", 5, 4.0, 4.6, "5"),
                    people("south", "seller", 6, 3.2, 3.3, "3")});
  Benchmark b = benchmark_of({{"goals", 3.5}, {"coaching", 3.6}, {"joint_visits", std::nullopt}});
  return {{"format", "sos-report-request/1"},
          {"language", "sv"},
          {"group", "north"},
          {"role", "seller"},
          {"waves",
           {{{"id", "2025"}, {"release", nlohmann::json::parse(wave1)}},
            {{"id", "2026"}, {"release", nlohmann::json::parse(wave2)}}}},
          {"benchmark", nlohmann::json::parse(benchmark_to_json(b))},
          {"notApplicable", {{"north", {"joint_visits"}}}}};
}

TEST(ReportView, ClosedWaveHasEveryFigureOfTheGroup) {
  nlohmann::json request = two_waves();
  nlohmann::json view = view_of(request);
  EXPECT_EQ(view["format"], "sos-report/1");
  EXPECT_EQ(view["kind"], "view");
  EXPECT_EQ(view["state"], "closed");
  EXPECT_EQ(view["wave"], "2026");
  // The group's report is the one report_group gives for the released figures.
  Release latest = parse_release(request["waves"][1]["release"].dump()).value();
  ReleasedFigures f = figures_from_release(latest, "north", "seller").value();
  f.not_applicable = {"joint_visits"};
  ReportOptions options;
  options.language = "sv";
  options.benchmark = parse_benchmark(request["benchmark"].dump()).value();
  EXPECT_EQ(view["report"], nlohmann::json::parse(report_to_json(report_group(*report_survey(), f, options).value())));
  const auto& goals = view["report"]["dimensions"][0];
  EXPECT_EQ(goals["score"]["display"], "3,8");
  EXPECT_EQ(goals["colour"], "green");
  EXPECT_EQ(view["report"]["dimensions"][2]["state"], "not_applicable");
  // Trend over both waves: 3.0 -> 3.8 with no spread is beyond chance.
  const auto& change = view["trend"]["dimensions"][0]["sincePrevious"];
  EXPECT_EQ(change["display"], "+0,8");
  EXPECT_EQ(change["withinChance"], false);
  EXPECT_EQ(view["trend"]["dimensions"][1]["sincePrevious"]["withinChance"], true);  // 3.5 -> 3.5
  // Compared with its parent by default.
  EXPECT_EQ(view["comparison"]["references"], nlohmann::json::array({"acme"}));
  // Sellers against managers where the managers' figures are released.
  ASSERT_FALSE(view["gap"].is_null());
  EXPECT_EQ(view["gap"]["roleA"], "seller");
  EXPECT_EQ(view["gap"]["roleB"], "manager");
  ASSERT_EQ(view["gap"]["ranked"].size(), 2u);
  EXPECT_EQ(view["gap"]["ranked"][0]["id"], "coaching");  // 3.5 vs 4.6
  EXPECT_EQ(view["gap"]["ranked"][0]["display"], "-1,1");
  // Every group of the release in the heatmap, and the response counts.
  ASSERT_EQ(view["heatmap"].size(), 3u);
  EXPECT_EQ(view["heatmap"][1]["group"], "north");
  EXPECT_EQ(view["heatmap"][1]["dimensions"][0]["display"], "3,8");
  EXPECT_EQ(view["responses"]["groups"][1]["group"], "north");
}

TEST(ReportView, OpenWaveShowsResponseCountsAndRatesOnly) {
  nlohmann::json request = two_waves();
  request["waves"].push_back(
      {{"id", "2027"},
       {"release", nlohmann::json::parse(release_text({people("north", "seller", 3, 3, 3, "3")}, true))}});
  nlohmann::json view = view_of(request);
  EXPECT_EQ(view["state"], "open");
  EXPECT_FALSE(view.contains("report"));
  EXPECT_FALSE(view.contains("trend"));
  EXPECT_FALSE(view.contains("heatmap"));
  EXPECT_EQ(view["responses"]["groups"][1]["respondents"], 3);
  EXPECT_EQ(view["responses"]["groups"][1]["ratePercent"], 21);  // 3 of 14
  // The endpoint's own progress body works the same.
  nlohmann::json north = {
      {"group", "north"}, {"parent", nullptr}, {"headcount", 14}, {"respondents", 7}, {"rate", 0.5}};
  nlohmann::json progress = {{"format", "sos-progress/1"}, {"groups", nlohmann::json::array({north})}};
  request["waves"][2] = {{"id", "2027"}, {"progress", progress}};
  view = view_of(request);
  EXPECT_EQ(view["state"], "open");
  EXPECT_EQ(view["responses"]["groups"][0]["ratePercent"], 50);
}

TEST(ReportView, ErrorsPointIntoTheRequest) {
  struct Row {
    std::function<void(nlohmann::json&)> change;
    const char* code;
    const char* pointer;
  };
  std::vector<Row> rows = {
      {[](nlohmann::json& r) { r.erase("group"); }, "report.bad_request", ""},
      {[](nlohmann::json& r) { r["colour"] = "red"; }, "report.bad_request", "/colour"},
      {[](nlohmann::json& r) { r["greenAbove"] = 3.75; }, "report.bad_request", "/greenAbove"},
      {[](nlohmann::json& r) { r["waves"] = nlohmann::json::array(); }, "report.bad_request", "/waves"},
      {[](nlohmann::json& r) { r["waves"][0].erase("release"); }, "report.bad_request", "/waves/0"},
      {[](nlohmann::json& r) { r["waves"][0]["release"]["format"] = "x"; }, "release.bad_format",
       "/waves/0/release/format"},
      {[](nlohmann::json& r) { r["waves"][1]["release"]["survey"] = "other"; }, "report.survey_mismatch",
       "/waves/1/release/survey"},
      {[](nlohmann::json& r) { r["group"] = "west"; }, "report.unknown_group", "/waves/1/release/groups"},
      {[](nlohmann::json& r) { r["role"] = "boss"; }, "report.unknown_role", "/waves/1/release/groups/1/roles"},
      {[](nlohmann::json& r) { r["gapRoles"] = {"seller"}; }, "report.bad_request", "/gapRoles"},
      {[](nlohmann::json& r) { r["benchmark"]["dimensions"][0]["mean"] = 7; }, "benchmark.bad_format",
       "/benchmark/dimensions/0/mean"},
      // Cells are aligned with the release's keys; key 1 is "dimension/goals".
      {[](nlohmann::json& r) { r["waves"][1]["release"]["groups"][1]["roles"][1]["cells"][1][1] = 1; },
       "report.bad_cell", "/waves/1/release/groups/1/roles/1/cells/1"},
  };
  ASSERT_EQ(two_waves()["waves"][1]["release"]["keys"][1], "dimension/goals");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    nlohmann::json request = two_waves();
    rows[i].change(request);
    Result<std::string> view = report_view(*report_survey(), request.dump());
    ASSERT_FALSE(view.ok()) << "row " << i;
    EXPECT_EQ(view.error().code, rows[i].code) << "row " << i << ": " << view.error().to_string();
    EXPECT_EQ(view.error().pointer, rows[i].pointer) << "row " << i << ": " << view.error().to_string();
  }
  EXPECT_EQ(report_view(*report_survey(), "{").error().code, "json.parse_error");
}

// ---- Large trees: the chosen group's family, and views from one load --------

// acme -> north, south -> 60 teams (team_0..team_29 under north, the rest
// under south), five sellers answering in team_3.
nlohmann::json large_tree_request(const std::string& group) {
  ReleaseInput in;
  in.groups = {{"acme", "", 0}, {"north", "acme", 0}, {"south", "acme", 0}};
  for (int i = 0; i < 60; ++i) in.groups.push_back({"team_" + std::to_string(i), i < 30 ? "north" : "south", 10});
  in.aggregates = {people("team_3", "seller", 6, 3.8, 3.1, "4")};
  Result<Release> r = release_figures(*report_survey(), in);
  if (!r.ok()) ADD_FAILURE() << r.error().to_string();
  return {{"format", "sos-report-request/1"},
          {"language", "en"},
          {"group", group},
          {"waves", {{{"id", "w1"}, {"release", nlohmann::json::parse(release_to_json(r.value()))}}}}};
}

std::vector<std::string> groups_of(const nlohmann::json& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row["group"]);
  return out;
}

std::vector<std::string> teams(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) out.push_back("team_" + std::to_string(i));
  return out;
}

TEST(ReportView, ALargeTreeShowsTheGroupsFamilyInHeatmapAndResponses) {
  struct Row {
    std::string group;
    std::vector<std::string> heatmap;  // tree order
  };
  std::vector<std::string> north_family = {"north"};
  for (const auto& t : teams(0, 30)) north_family.push_back(t);
  std::vector<std::string> north_view = {"acme", "north"};
  for (const auto& t : teams(0, 30)) north_view.push_back(t);
  north_view.push_back("south");
  std::vector<Row> rows = {
      {"acme", {"acme", "north", "south"}},  // itself and its children
      {"north", north_view},                 // parent, itself, sibling, children
      {"team_3", north_family},              // parent, itself and its siblings
  };
  for (const Row& row : rows) {
    nlohmann::json view = view_of(large_tree_request(row.group));
    EXPECT_EQ(view["rows"], "near") << row.group;
    EXPECT_EQ(groups_of(view["heatmap"]), row.heatmap) << row.group;
    EXPECT_EQ(groups_of(view["responses"]["groups"]), row.heatmap) << row.group;
  }
  // The figures are the group's own all the same.
  nlohmann::json team = view_of(large_tree_request("team_3"));
  EXPECT_EQ(team["report"]["dimensions"][0]["score"]["display"], "3.8");
  EXPECT_EQ(team["comparison"]["references"], nlohmann::json::array({"north", "acme"}));
  // Asked for, every group: 63 rows.
  nlohmann::json all = large_tree_request("team_3");
  all["rows"] = "all";
  EXPECT_EQ(view_of(all)["rows"], "all");
  EXPECT_EQ(view_of(all)["heatmap"].size(), 63u);
  // A small tree shows every group unless asked otherwise.
  nlohmann::json small = two_waves();
  EXPECT_EQ(view_of(small)["rows"], "all");
  small["rows"] = "near";
  small["group"] = "acme";
  EXPECT_EQ(groups_of(view_of(small)["heatmap"]), (std::vector<std::string>{"acme", "north", "south"}));
}

TEST(ReportView, AnOpenWaveOfALargeTreeCountsTheGroupsFamily) {
  nlohmann::json groups = nlohmann::json::array();
  groups.push_back({{"group", "acme"}, {"parent", nullptr}, {"headcount", 600}, {"respondents", 3}});
  for (int i = 0; i < 60; ++i)
    groups.push_back({{"group", "team_" + std::to_string(i)},
                      {"parent", "acme"},
                      {"headcount", 10},
                      {"respondents", i == 7 ? 3 : 0}});
  nlohmann::json request = {
      {"group", "team_7"},
      {"waves", {{{"id", "w9"}, {"progress", {{"format", "sos-progress/1"}, {"groups", groups}}}}}}};
  nlohmann::json view = view_of(request);
  EXPECT_EQ(view["rows"], "near");
  // Its parent and every sibling (itself among them).
  ASSERT_EQ(view["responses"]["groups"].size(), 61u);
  EXPECT_EQ(view["responses"]["groups"][8]["group"], "team_7");
  EXPECT_EQ(view["responses"]["groups"][8]["ratePercent"], 30);
}

TEST(JsonReport, OneLoadAnswersEveryGroupAsReportViewJsonWould) {
  const std::string survey = testing::read_source_file("tests/fixtures/report/survey.json");
  nlohmann::json request = large_tree_request("team_3");
  JsonReport report;
  nlohmann::json loading = request;
  loading.erase("group");
  ASSERT_EQ(report.load(survey, loading.dump()), R"({"ok":true})");
  for (const std::string group : {"team_3", "acme", "team_59", "north"}) {
    request["group"] = group;
    EXPECT_EQ(nlohmann::json::parse(report.view(group, "")),
              nlohmann::json::parse(report_view_json(survey, request.dump())))
        << group;
  }
  // The language per view; the request's when none is given.
  request["group"] = "team_3";
  request["language"] = "sv";
  EXPECT_EQ(nlohmann::json::parse(report.view("team_3", "sv")),
            nlohmann::json::parse(report_view_json(survey, request.dump())));
  EXPECT_EQ(nlohmann::json::parse(report.view("team_3", ""))["view"]["report"]["dimensions"][0]["score"]["display"],
            "3.8");
}

TEST(JsonReport, ErrorsAreValuesWithCodeAndPointer) {
  const std::string survey = testing::read_source_file("tests/fixtures/report/survey.json");
  auto error_of = [](const std::string& text) {
    nlohmann::json out = nlohmann::json::parse(text);
    EXPECT_EQ(out["ok"], false) << text;
    return std::pair<std::string, std::string>(out["error"]["code"], out["error"]["pointer"]);
  };
  JsonReport report;
  using Expected = std::pair<std::string, std::string>;
  EXPECT_EQ(error_of(report.view("north", "en")), Expected("report.not_loaded", ""));
  EXPECT_EQ(error_of(report.load("{", two_waves().dump())), Expected("json.parse_error", ""));
  EXPECT_EQ(error_of(report.load(survey, R"({"waves":[]})")), Expected("report.bad_request", "/waves"));
  EXPECT_EQ(error_of(report.load(survey, R"({"waves":[{"id":"w1"}],"rows":"some"})")),
            Expected("report.bad_request", "/rows"));
  ASSERT_EQ(report.load(survey, two_waves().dump()), R"({"ok":true})");
  EXPECT_EQ(error_of(report.view("west", "en")), Expected("report.unknown_group", "/waves/1/release/groups"));
  EXPECT_EQ(error_of(report.view("", "en")), Expected("report.bad_request", "/group"));
  EXPECT_EQ(nlohmann::json::parse(report.view("north", "en"))["ok"], true);
  // A failed load leaves nothing loaded.
  error_of(report.load(survey, "[]"));
  EXPECT_EQ(error_of(report.view("north", "en")), Expected("report.not_loaded", ""));
}

// ---- Applicability from group attributes ----------------------------------

Release three_groups() {
  Result<Release> r = parse_release(release_text({people("north", "seller", 6, 3.0, 3.5, "3")}));
  if (!r.ok()) ADD_FAILURE() << r.error().to_string();
  return r.ok() ? r.value() : Release{};
}

TEST(ReportApplicability, ADimensionAppliesToNobodyOnlyWhenEveryGroupOfTheSubtreeRulesItOut) {
  using Set = std::set<std::string, std::less<>>;
  struct Row {
    std::map<std::string, std::string, std::less<>> attributes;
    NotApplicable expected;
  };
  const std::string no = R"({"field_visits": false})", yes = R"({"field_visits": true})";
  std::vector<Row> rows = {
      {{{"acme", no}, {"north", no}, {"south", no}},
       {{"acme", Set{"joint_visits"}}, {"north", Set{"joint_visits"}}, {"south", Set{"joint_visits"}}}},
      // South visits customers: the company's figures include joint visits.
      {{{"acme", no}, {"north", no}, {"south", yes}}, {{"north", Set{"joint_visits"}}}},
      {{{"acme", yes}, {"north", no}, {"south", no}}, {{"north", Set{"joint_visits"}}, {"south", Set{"joint_visits"}}}},
      // Groups without attributes decide nothing.
      {{{"north", no}}, {{"acme", Set{"joint_visits"}}, {"north", Set{"joint_visits"}}}},
      {{}, {}},
  };
  Release release = three_groups();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Result<NotApplicable> na = not_applicable_dimensions(*report_survey(), release, rows[i].attributes);
    ASSERT_TRUE(na.ok()) << "row " << i << ": " << na.error().to_string();
    EXPECT_EQ(na.value(), rows[i].expected) << "row " << i;
  }
}

TEST(ReportApplicability, AttributesTheSurveyRefusesAreErrors) {
  struct Row {
    const char* attributes;
    const char* pointer;
  };
  const Row rows[] = {
      {R"([])", "/north"},
      {R"({"field_visits": "yes"})", "/north/field_visits"},
      {R"({"field_visits": true, "colour": "red"})", "/north/colour"},
      {R"({})", "/north/field_visits"},
  };
  Release release = three_groups();
  for (const Row& row : rows) {
    Result<NotApplicable> na = not_applicable_dimensions(*report_survey(), release, {{"north", row.attributes}});
    ASSERT_FALSE(na.ok()) << row.attributes;
    EXPECT_EQ(na.error().code, "report.bad_attributes") << row.attributes;
    EXPECT_EQ(na.error().pointer, row.pointer) << row.attributes;
  }
}

TEST(ReportView, GroupAttributesOfAWaveMarkDimensionsNotApplicable) {
  nlohmann::json request = two_waves();
  request.erase("notApplicable");
  nlohmann::json attributes = {
      {"acme", {{"field_visits", true}}}, {"north", {{"field_visits", false}}}, {"south", {{"field_visits", true}}}};
  for (auto& wave : request["waves"]) wave["groupAttributes"] = attributes;
  nlohmann::json view = view_of(request);
  const auto& joint = view["report"]["dimensions"][2];
  EXPECT_EQ(joint["id"], "joint_visits");
  EXPECT_EQ(joint["state"], "not_applicable");
  EXPECT_EQ(joint["stateLabel"], "Ej tillämpligt");
  EXPECT_EQ(view["trend"]["dimensions"][2]["points"][0]["state"], "not_applicable");
  // In the heatmap: north rules joint visits out; the company does not (south
  // visits customers), so there its empty cell is withheld.
  EXPECT_EQ(view["heatmap"][1]["dimensions"][2]["state"], "not_applicable");
  EXPECT_EQ(view["heatmap"][1]["dimensions"][2]["stateLabel"], "Ej tillämpligt");
  EXPECT_EQ(view["heatmap"][0]["dimensions"][2]["state"], "withheld");
  EXPECT_EQ(view["heatmap"][0]["dimensions"][2]["stateLabel"], "För få svar för att visas");
  // Without attributes the same empty cell is withheld.
  request["waves"][1].erase("groupAttributes");
  EXPECT_EQ(view_of(request)["report"]["dimensions"][2]["state"], "withheld");

  request["waves"][1]["groupAttributes"] = {{"north", {{"field_visits", "often"}}}};
  Result<std::string> bad = report_view(*report_survey(), request.dump());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "report.bad_attributes");
  EXPECT_EQ(bad.error().pointer, "/waves/1/groupAttributes/north/field_visits");
}

TEST(ReportView, EveryColouredCellCarriesItsLabel) {
  nlohmann::json view = view_of(two_waves());
  const auto& labels = view["report"]["colourRule"]["labels"];
  EXPECT_EQ(labels, nlohmann::json({{"green", "Över 3,7"},
                                    {"yellow", "I nivå med eller över jämförelsevärdet"},
                                    {"red", "Under jämförelsevärdet"},
                                    {"neutral", "Inget jämförelsevärde"}}));
  int coloured = 0;
  for (const auto& row : view["heatmap"])
    for (const auto& cell : row["dimensions"]) {
      if (cell["state"] == "shown") {
        ++coloured;
        EXPECT_EQ(cell["colourLabel"], labels[cell["colour"].get<std::string>()]) << row["group"];
      } else {
        EXPECT_FALSE(cell.contains("colourLabel"));
        EXPECT_FALSE(cell["stateLabel"].get<std::string>().empty());
      }
    }
  EXPECT_GT(coloured, 3);
  for (const auto& d : view["comparison"]["dimensions"]) {
    std::vector<nlohmann::json> values = d["references"].get<std::vector<nlohmann::json>>();
    values.push_back(d["subject"]);
    for (const auto& v : values) {
      if (v["state"] == "shown")
        EXPECT_EQ(v["colourLabel"], labels[v["colour"].get<std::string>()]) << d["id"] << " " << v["group"];
      else
        EXPECT_FALSE(v["stateLabel"].get<std::string>().empty()) << d["id"] << " " << v["group"];
    }
  }
  // The group's own heatmap cell says what its report says.
  EXPECT_EQ(view["heatmap"][1]["dimensions"][0]["colourLabel"], view["report"]["dimensions"][0]["colourLabel"]);
}

TEST(ReportView, CommentsOfTheGroupUnderTheirQuestion) {
  nlohmann::json request = two_waves();
  request["comments"] = {{{"group", "north"}, {"question", "say"}, {"text", "<b>bold</b> & \"quoted\""}},
                         {{"group", "south"}, {"question", "say"}, {"text", "not north's"}},
                         {{"group", "north"}, {"question", "say"}, {"text", "second"}}};
  nlohmann::json view = view_of(request);
  EXPECT_EQ(view["comments"],
            nlohmann::json(
                {{"group", "north"},
                 {"questions",
                  {{{"id", "say"}, {"text", "Något mer?"}, {"comments", {"<b>bold</b> & \"quoted\"", "second"}}}}}}));
  request.erase("comments");
  EXPECT_EQ(view_of(request)["comments"]["questions"], nlohmann::json::array());

  struct Row {
    nlohmann::json comments;
    const char* pointer;
  };
  const Row rows[] = {
      {{{{"group", "north"}, {"question", "g1"}, {"text", "x"}}}, "/comments/0/question"},
      {{{{"group", "north"}, {"question", "nope"}, {"text", "x"}}}, "/comments/0/question"},
      {{{{"group", "north"}, {"question", "say"}}}, "/comments/0"},
      {{{{"group", "north"}, {"question", "say"}, {"text", 5}}}, "/comments/0/text"},
      {nlohmann::json::object(), "/comments"},
  };
  for (const Row& row : rows) {
    request["comments"] = row.comments;
    Result<std::string> bad = report_view(*report_survey(), request.dump());
    ASSERT_FALSE(bad.ok()) << row.comments;
    EXPECT_EQ(bad.error().code, "report.bad_request") << row.comments;
    EXPECT_EQ(bad.error().pointer, row.pointer) << row.comments;
  }
}

TEST(ReportView, JsonEntryForTheBindingsNeverThrows) {
  std::string survey = testing::read_source_file("tests/fixtures/report/survey.json");
  auto ok = nlohmann::json::parse(report_view_json(survey, two_waves().dump()));
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["view"]["kind"], "view");
  auto bad_survey = nlohmann::json::parse(report_view_json("{}", two_waves().dump()));
  EXPECT_EQ(bad_survey["ok"], false);
  EXPECT_EQ(bad_survey["error"]["code"], "survey.bad_format");
  auto bad_request = nlohmann::json::parse(report_view_json(survey, "[]"));
  EXPECT_EQ(bad_request["error"]["code"], "report.bad_request");
}

}  // namespace
}  // namespace sos
