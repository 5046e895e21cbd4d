// Engine micro-benchmarks (Google Benchmark): loading with parse and compile
// apart, one answer change, validating every page, scoring. Prints figures;
// it is not a test. Run: build/native/bench/engine_bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>

#include "generated_survey.h"
#include "json_adapter.h"
#include "json_doc.h"
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

// The survey loader's own one-pass reader (json_doc.h): the parse part of BM_LoadSurvey.
void BM_ReadSurveyJson(benchmark::State& state) {
  std::string text = sos::bench::generated_survey_json(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(sos::detail::JsonDoc::parse(text));
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

// The standard survey as the endpoint checks it for every received body: one
// seller's contribution, every visible question answered.
void BM_ValidateContributionStandard(benchmark::State& state) {
  const std::string here = __FILE__;  // bench/engine/engine_bench.cpp in the source tree
  std::ifstream file(here.substr(0, here.rfind("/bench/")) + "/surveys/standard/survey.json");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto survey = sos::load_survey(text).survey;
  if (!survey) {
    state.SkipWithError("surveys/standard/survey.json does not load");
    return;
  }
  const char* group = R"({"performance_pay": true, "selling": "complex", "field_visits": true})";
  auto session = sos::Session::start(survey, {"seller", "en", group});
  const auto& questions = survey->questions;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    if (!session->question_visible(static_cast<int>(q))) continue;
    const sos::Question& question = questions[q];
    std::string value = question.type == sos::QuestionType::likert   ? "4"
                        : question.type == sos::QuestionType::number ? std::to_string(static_cast<int>(question.min))
                        : question.type == sos::QuestionType::comment
                            ? ""
                            : "\"" + question.options.front().value + "\"";
    if (question.type == sos::QuestionType::multichoice) value = "[" + value + "]";
    if (!value.empty()) (void)session->set_answer(question.id, value);
  }
  auto built = sos::build_submission(session.value(), std::string(64, '\x42'));
  if (!built.ok()) {
    state.SkipWithError(built.error().to_string().c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(sos::validate_contribution(*survey, group, built->contribution_json));
  state.counters["bytes"] = static_cast<double>(built->contribution_json.size());
}
BENCHMARK(BM_ValidateContributionStandard)->Unit(benchmark::kMicrosecond);

#define SIZES Arg(100)->Arg(150)->Arg(500)->Arg(2000)->Unit(benchmark::kMicrosecond)
BENCHMARK(BM_ParseJson)->SIZES;
BENCHMARK(BM_ReadSurveyJson)->SIZES;
BENCHMARK(BM_LoadSurvey)->SIZES;
BENCHMARK(BM_StartSession)->SIZES;
BENCHMARK(BM_AnswerChange)->SIZES;
BENCHMARK(BM_ValidateAllPages)->SIZES;
BENCHMARK(BM_ScoreSession)->SIZES;
BENCHMARK(BM_ValidateContribution)->SIZES;

}  // namespace

BENCHMARK_MAIN();
