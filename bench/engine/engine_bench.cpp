// Engine micro-benchmarks (Google Benchmark): loading with parse and compile
// apart, one answer change, validating every page, scoring. Prints figures;
// it is not a test. Run: build/native/bench/engine_bench
#include <benchmark/benchmark.h>

#include "generated_survey.h"
#include "json_adapter.h"
#include "sos/contribution.h"
#include "sos/score.h"
#include "sos/session.h"
#include "sos/survey.h"

namespace {

const char* kGroup = R"({"selling": "volume", "field_visits": true})";

void BM_ParseJson(benchmark::State& state) {
  std::string text = sos::bench::generated_survey_json(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(sos::detail::parse_json(text));
  state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_LoadSurvey(benchmark::State& state) {
  std::string text = sos::bench::generated_survey_json(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(sos::load_survey(text));
}

std::shared_ptr<const sos::Survey> survey_of(int questions) {
  return sos::load_survey(sos::bench::generated_survey_json(questions)).survey;
}

void BM_StartSession(benchmark::State& state) {
  auto survey = survey_of(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(sos::Session::start(survey, {"seller", "en", kGroup}));
}

// One answer change on an early question that many conditions read: the
// incremental re-evaluation is what a tap costs.
void BM_AnswerChange(benchmark::State& state) {
  auto survey = survey_of(static_cast<int>(state.range(0)));
  auto session = sos::Session::start(survey, {"seller", "en", kGroup});
  const char* values[] = {"1", "4"};
  int i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(session->set_answer("q5", values[i++ & 1]));
}

void BM_ValidateAllPages(benchmark::State& state) {
  auto survey = survey_of(static_cast<int>(state.range(0)));
  auto session = sos::Session::start(survey, {"seller", "en", kGroup});
  for (auto _ : state) benchmark::DoNotOptimize(session->validate_all());
}

void answer_everything(sos::Session& session) {
  const auto& questions = session.survey().questions;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    if (!session.question_visible(static_cast<int>(q))) continue;
    const char* value = questions[q].type == sos::QuestionType::likert  ? "4"
                        : questions[q].type == sos::QuestionType::choice ? "\"b\""
                                                                          : R"(["a","c"])";
    (void)session.set_answer(questions[q].id, value);
  }
}

void BM_ScoreSession(benchmark::State& state) {
  auto survey = survey_of(static_cast<int>(state.range(0)));
  auto session = sos::Session::start(survey, {"seller", "en", kGroup});
  answer_everything(session.value());
  for (auto _ : state) benchmark::DoNotOptimize(sos::score_session(session.value()));
}

void BM_ValidateContribution(benchmark::State& state) {
  auto survey = survey_of(static_cast<int>(state.range(0)));
  auto session = sos::Session::start(survey, {"seller", "en", kGroup});
  answer_everything(session.value());
  auto built = sos::build_submission(session.value(), std::string(64, '\x42'));
  if (!built.ok()) {
    state.SkipWithError(built.error().to_string().c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(sos::validate_contribution(*survey, kGroup, built->contribution_json));
}

#define SIZES Arg(100)->Arg(150)->Arg(500)->Arg(2000)->Unit(benchmark::kMicrosecond)
BENCHMARK(BM_ParseJson)->SIZES;
BENCHMARK(BM_LoadSurvey)->SIZES;
BENCHMARK(BM_StartSession)->SIZES;
BENCHMARK(BM_AnswerChange)->SIZES;
BENCHMARK(BM_ValidateAllPages)->SIZES;
BENCHMARK(BM_ScoreSession)->SIZES;
BENCHMARK(BM_ValidateContribution)->SIZES;

}  // namespace

BENCHMARK_MAIN();
