// Cost growth (Google Benchmark): engine time per answer for surveys of 100,
// 500 and 2,000 questions, the anonymity checks (release) for organisations
// of 10, 100, 1,000 and 5,000 groups and the report computation for 10, 100
// and 1,000 groups, over 10 waves.
// Prints figures; it is not a test.
#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "generated_survey.h"
#include "sos/contribution.h"
#include "sos/release.h"
#include "sos/report.h"
#include "sos/session.h"
#include "sos/survey.h"
#include "sos/simulator.h"

namespace {

// The generated surveys' group attributes.
const char* kGroup = R"({"selling": "volume", "field_visits": true})";
constexpr int kWaves = 10;

// One respondent from start to the last answer: every visible question of
// every page, as the app sends them. Returns the number of answers given.
int answer_survey(const std::shared_ptr<const sos::Survey>& survey) {
  auto session = sos::Session::start(survey, {"seller", "en", kGroup});
  if (!session.ok()) return -1;
  int answers = 0;
  const auto& questions = survey->questions;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    if (!session->question_visible(static_cast<int>(q))) continue;
    const char* value = questions[q].type == sos::QuestionType::likert   ? "4"
                        : questions[q].type == sos::QuestionType::choice ? "\"b\""
                        : questions[q].type == sos::QuestionType::number ? "12"
                                                                          : R"(["a","c"])";
    benchmark::DoNotOptimize(session->set_answer(questions[q].id, value));
    ++answers;
  }
  return answers;
}

// Time per answer: the counter is answers per second inverted.
void BM_TimePerAnswer(benchmark::State& state) {
  auto survey = sos::load_survey(sos::bench::generated_survey_json(static_cast<int>(state.range(0)))).survey;
  int answers = 0;
  for (auto _ : state) answers = answer_survey(survey);
  if (answers < 0) return state.SkipWithError("the session does not start");
  state.counters["answers"] = answers;
  state.counters["per_answer"] =
      benchmark::Counter(answers, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// An organisation of `groups` groups (a tree eight wide) with simulated
// standard-survey respondents, 2 to 12 per group (so that many groups fall
// under k and the suppression has work), different in every wave.
struct Organisation {
  std::shared_ptr<const sos::Survey> survey;
  std::vector<sos::ReleaseInput> waves;
};

const Organisation& organisation(int groups) {
  static std::map<int, Organisation> made;
  auto found = made.find(groups);
  if (found != made.end()) return found->second;
  Organisation org;
  org.survey = sos::load_survey(read_text(SOS_SOURCE_DIR "/surveys/standard/survey.json")).survey;
  // A pool of respondents of every role; groups draw from it.
  sos::cli::SimulationOptions options;
  options.respondents = 200;
  options.group_json = R"({"performance_pay": true, "selling": "complex", "field_visits": true})";
  options.role_mix = {{"seller", 8}, {"manager", 1}, {"other", 1}};
  auto simulated = sos::cli::simulate(org.survey, options);
  std::vector<sos::Aggregate> pool;
  for (const auto& s : simulated->submissions)
    pool.push_back(sos::validate_contribution(*org.survey, options.group_json, s.contribution_json)->statistics);
  sos::cli::Random random(7);
  for (int w = 0; w < kWaves; ++w) {
    sos::ReleaseInput in;
    for (int g = 0; g < groups; ++g) {
      std::string id = "g" + std::to_string(g);
      std::string parent = g == 0 ? "" : "g" + std::to_string((g - 1) / 8);
      int people = 2 + static_cast<int>(random.below(11));
      in.groups.push_back({id, parent, people + 2});
      for (int p = 0; p < people; ++p) in.aggregates.push_back({id, pool[random.below(pool.size())]});
    }
    org.waves.push_back(std::move(in));
  }
  return made.emplace(groups, std::move(org)).first->second;
}

// The anonymity checks: a closed wave's release (k, complementary
// suppression, the manager rule) for the whole organisation, 10 waves.
void BM_ReleaseWaves(benchmark::State& state) {
  const Organisation& org = organisation(static_cast<int>(state.range(0)));
  for (auto _ : state)
    for (const auto& wave : org.waves) benchmark::DoNotOptimize(sos::release_figures(*org.survey, wave));
  state.counters["groups"] = static_cast<double>(state.range(0));
  state.counters["waves"] = kWaves;
}

// The report computation: every group's all-roles report from each of the
// 10 released waves (releases computed outside the timing).
void BM_ReportWaves(benchmark::State& state) {
  const Organisation& org = organisation(static_cast<int>(state.range(0)));
  std::vector<sos::Release> releases;
  for (const auto& wave : org.waves) releases.push_back(sos::release_figures(*org.survey, wave).value());
  sos::ReportOptions options;
  options.language = "en";
  std::int64_t reports = 0;
  for (auto _ : state) {
    for (const sos::Release& release : releases)
      for (const auto& group : release.groups) {
        auto figures = sos::figures_from_release(release, group.group, sos::kAllRoles);
        if (!figures.ok()) continue;
        benchmark::DoNotOptimize(sos::report_group(*org.survey, figures.value(), options));
        ++reports;
      }
  }
  state.counters["groups"] = static_cast<double>(state.range(0));
  state.counters["waves"] = kWaves;
  state.counters["per_report"] = benchmark::Counter(static_cast<double>(reports), benchmark::Counter::kIsRate |
                                                                                     benchmark::Counter::kInvert);
}

BENCHMARK(BM_TimePerAnswer)->Arg(100)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
// 5,000 groups: the largest tree the limits tests accept (issue: extreme inputs).
BENCHMARK(BM_ReleaseWaves)->Arg(10)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportWaves)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
