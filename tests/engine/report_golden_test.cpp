// Golden figures: the engine's report of a fixed simulated dataset
// (tests/fixtures/report/dataset.json, made with `sos simulate` and fixed
// seeds by tools/golden/make_dataset.py) must equal the figures computed
// independently by tools/golden/expected.py (expected.json).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "sos/report.h"
#include "test_support.h"

namespace sos {
namespace {

using nlohmann::json;
using Key = std::tuple<std::string, std::string, std::string>;  // wave, group, role

struct Golden {
  std::shared_ptr<const Survey> survey;
  json dataset;
  json expected;
  std::map<Key, GroupReport> reports;
};

template <typename T>
json or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

const Golden& golden() {
  static const Golden g = [] {
    Golden out;
    out.dataset = json::parse(testing::read_source_file("tests/fixtures/report/dataset.json"));
    out.expected = json::parse(testing::read_source_file("tests/fixtures/report/expected.json"));
    out.survey = testing::load_or_fail(testing::read_source_file(out.dataset["survey"].get<std::string>()));
    ReportOptions options;
    options.green_above_tenths = out.expected["greenAboveTenths"];
    Benchmark benchmark;
    benchmark.source = out.dataset["benchmark"]["source"];
    benchmark.date = out.dataset["benchmark"]["date"];
    for (const json& d : out.dataset["benchmark"]["dimensions"]) {
      BenchmarkDimension bd;
      bd.dimension = d["dimension"];
      if (!d["mean"].is_null()) bd.mean = d["mean"].get<double>();
      benchmark.dimensions.push_back(bd);
    }
    options.benchmark = benchmark;
    for (const json& f : out.dataset["figures"]) {
      Result<Aggregate> aggregate = parse_aggregate(f["aggregate"].dump());
      if (!aggregate.ok()) {
        ADD_FAILURE() << aggregate.error().to_string();
        continue;
      }
      std::set<std::string, std::less<>> withheld;
      for (const json& key : f["withheld"]) withheld.insert(key.get<std::string>());
      ReleasedFigures figures = figures_from_aggregate(f["group"], aggregate.value(), withheld);
      figures.left_out_role = f.value("leftOutRole", "");
      Result<GroupReport> report = report_group(*out.survey, figures, options);
      if (!report.ok()) {
        ADD_FAILURE() << report.error().to_string();
        continue;
      }
      out.reports.emplace(Key{f["wave"], f["group"], f["role"]}, std::move(report).value());
    }
    return out;
  }();
  return g;
}

const GroupReport& report_of(const std::string& wave, const std::string& group, const std::string& role) {
  return golden().reports.at(Key{wave, group, role});
}

TEST(ReportGolden, DatasetIsTheStandardSurveyWithSeveralGroupsAndTwoWaves) {
  const Golden& g = golden();
  ASSERT_TRUE(g.survey);
  EXPECT_EQ(g.survey->id, "sos_standard");
  EXPECT_EQ(g.dataset["waves"].size(), 2u);
  EXPECT_EQ(g.reports.size(), g.dataset["figures"].size());
  EXPECT_EQ(g.expected["reports"].size(), g.dataset["figures"].size());
}

TEST(ReportGolden, DimensionFiguresColoursBandsAndRanks) {
  int checked = 0;
  for (const json& e : golden().expected["reports"]) {
    const GroupReport& r = report_of(e["wave"], e["group"], e["role"]);
    std::string where = e["wave"].get<std::string>() + " " + e["group"].get<std::string>() + " role '" +
                        e["role"].get<std::string>() + "'";
    EXPECT_EQ(or_null(r.respondents), e["respondents"]) << where;
    ASSERT_EQ(r.dimensions.size(), e["dimensions"].size()) << where;
    for (std::size_t i = 0; i < r.dimensions.size(); ++i) {
      const DimensionFigure& d = r.dimensions[i];
      const json& x = e["dimensions"][i];
      std::string at = where + " " + d.dimension;
      EXPECT_EQ(d.dimension, x["id"]) << at;
      EXPECT_EQ(state_name(d.state), x["state"]) << at;
      EXPECT_EQ(colour_name(d.colour), x["colour"]) << at;
      EXPECT_EQ(or_null(d.benchmark_tenths), x["benchmarkTenths"]) << at;
      EXPECT_EQ(d.band, x["band"]) << at;
      EXPECT_EQ(d.rank, x["rank"]) << at;
      ASSERT_EQ(d.score.has_value(), x["state"] == "shown") << at;
      if (!d.score) continue;
      EXPECT_EQ(d.score->n, x["n"]) << at;
      EXPECT_EQ(d.score->mean_e4, x["meanE4"]) << at;
      EXPECT_EQ(d.score->tenths, x["tenths"]) << at;
      EXPECT_EQ(or_null(d.score->sd_e4), x["sdE4"]) << at;
      ++checked;
    }
    EXPECT_EQ(json(r.ranking), e["ranking"]) << where;
    EXPECT_EQ(json(r.strengths), e["strengths"]) << where;
    EXPECT_EQ(json(r.improvements), e["improvements"]) << where;
  }
  EXPECT_GT(checked, 100);
}

TEST(ReportGolden, QuestionDistributions) {
  int checked = 0;
  for (const json& e : golden().expected["reports"]) {
    const GroupReport& r = report_of(e["wave"], e["group"], e["role"]);
    for (const json& x : e["questions"]) {
      const QuestionFigure* q = nullptr;
      for (const QuestionFigure& candidate : r.questions)
        if (candidate.question == x["id"]) q = &candidate;
      ASSERT_NE(q, nullptr) << x["id"];
      EXPECT_EQ(q->answered_withheld ? json(nullptr) : json(q->answered), x["answered"]) << x["id"];
      ASSERT_EQ(q->options.size(), x["options"].size()) << x["id"];
      for (std::size_t i = 0; i < q->options.size(); ++i) {
        const OptionFigure& o = q->options[i];
        EXPECT_EQ(o.value, x["options"][i]["value"]);
        EXPECT_EQ(o.withheld ? json(nullptr) : json(o.count), x["options"][i]["count"]) << x["id"] << " " << o.value;
        EXPECT_EQ(or_null(o.percent), x["options"][i]["percent"]) << x["id"] << " " << o.value;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

json change_json(const std::optional<Change>& c) {
  if (!c) return nullptr;
  return {{"tenths", c->tenths},
          {"differenceE4", c->difference_e4},
          {"marginE4", or_null(c->margin_e4)},
          {"withinChance", or_null(c->within_chance)}};
}

TEST(ReportGolden, TrendsSinceThePreviousWave) {
  int within = 0, beyond = 0;
  for (const json& e : golden().expected["trends"]) {
    std::vector<WaveReport> waves;
    for (const json& wave : e["waves"]) waves.push_back({wave, report_of(wave, e["group"], e["role"])});
    Result<Trend> t = report_trend(waves);
    ASSERT_TRUE(t.ok()) << t.error().to_string();
    ASSERT_EQ(t->dimensions.size(), e["dimensions"].size());
    for (std::size_t i = 0; i < t->dimensions.size(); ++i) {
      const json& x = e["dimensions"][i];
      std::string at =
          e["group"].get<std::string>() + " '" + e["role"].get<std::string>() + "' " + x["id"].get<std::string>();
      EXPECT_EQ(change_json(t->dimensions[i].since_previous), x["sincePrevious"]) << at;
      EXPECT_EQ(change_json(t->dimensions[i].over_all), x["overAll"]) << at;
      if (!x["sincePrevious"].is_null()) (x["sincePrevious"]["withinChance"] == true ? within : beyond)++;
    }
  }
  // The dataset shows the marker on both sides.
  EXPECT_GT(within, 0);
  EXPECT_GT(beyond, 0);
}

TEST(ReportGolden, TeamsAgainstTheirParentsAndTheCompany) {
  for (const json& e : golden().expected["comparisons"]) {
    std::vector<GroupReport> references;
    for (const json& ref : e["references"]) references.push_back(report_of(e["wave"], ref, e["role"]));
    Result<Comparison> c = compare_groups(report_of(e["wave"], e["subject"], e["role"]), references);
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    for (std::size_t i = 0; i < c->dimensions.size(); ++i) {
      json differences = json::array();
      for (const ComparedValue& v : c->dimensions[i].references) differences.push_back(or_null(v.difference_tenths));
      EXPECT_EQ(differences, e["dimensions"][i]["differences"]) << e["subject"] << " " << e["dimensions"][i]["id"];
    }
  }
}

TEST(ReportGolden, PerceptionGapsWhereManagersAreReleased) {
  int ranked = 0;
  for (const json& e : golden().expected["gaps"]) {
    Result<PerceptionGap> g =
        perception_gap(report_of(e["wave"], e["group"], "seller"), report_of(e["wave"], e["group"], "manager"));
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    json actual = json::array();
    for (const DimensionGap& d : g->ranked)
      actual.push_back({{"id", d.dimension}, {"tenths", d.tenths}, {"differenceE4", d.difference_e4}});
    EXPECT_EQ(actual, e["ranked"]) << e["wave"] << " " << e["group"];
    EXPECT_EQ(json(g->missing), e["missing"]) << e["wave"] << " " << e["group"];
    ranked += static_cast<int>(g->ranked.size());
  }
  EXPECT_GT(ranked, 0);
}

}  // namespace
}  // namespace sos
