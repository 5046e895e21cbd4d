// This file offers `sos score SURVEY ANSWERS.json`.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "sos/answers_file.h"
#include "sos/commands.h"
#include "sos/io.h"
#include "sos/score.h"

namespace sos::cli {

std::shared_ptr<const Survey> load_survey_or_exit(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) {
    print_error(path, text.error());
    throw CLI::RuntimeError(1);
  }
  LoadResult result = load_survey(text.value());
  if (!result.ok()) {
    for (const Diagnostic& d : result.diagnostics)
      if (d.severity == Severity::error) std::fprintf(stderr, "%s: %s\n", path.c_str(), d.to_string().c_str());
    throw CLI::RuntimeError(1);
  }
  return result.survey;
}

void add_score_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("score", "Score one respondent's answers: their preliminary dimension profile");
  auto survey_path = std::make_shared<std::string>();
  auto answers_path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("survey", *survey_path, "Survey definition (JSON)")->required();
  cmd->add_option("answers", *answers_path,
                  "Answers: a saved session, or {\"role\", \"group\", \"answers\"} (JSON)")
      ->required();
  cmd->add_flag("--json", *json, "Print JSON instead of a table");
  cmd->callback([=] {
    auto survey = load_survey_or_exit(*survey_path);
    auto text = read_file(*answers_path);
    if (!text.ok()) {
      print_error(*answers_path, text.error());
      throw CLI::RuntimeError(1);
    }
    auto session = session_from_answers(survey, text.value());
    if (!session.ok()) {
      print_error(*answers_path, session.error());
      throw CLI::RuntimeError(1);
    }
    auto scores = score_session(session.value());
    auto messages = session->validate_all();
    const std::string& lang = session->language();
    nlohmann::json out = nlohmann::json::array();
    for (const DimensionScore& d : scores) {
      const Dimension& dim = survey->dimensions[d.dimension];
      nlohmann::json row = {{"dimension", dim.id}, {"applies", d.applies}, {"items", d.items}};
      row["score"] = d.score_e4 ? nlohmann::json(static_cast<double>(*d.score_e4) / kScoreScale) : nlohmann::json();
      out.push_back(row);
      if (*json) continue;
      std::string title(dim.title.in(lang, survey->fallback_language));
      if (!d.applies) std::printf("%-32s  not applicable\n", title.c_str());
      else if (!d.score_e4) std::printf("%-32s  no answers\n", title.c_str());
      else std::printf("%-32s  %.2f  (%d items)\n", title.c_str(), static_cast<double>(*d.score_e4) / kScoreScale, d.items);
    }
    if (*json) std::printf("%s\n", out.dump(2).c_str());
    if (!messages.empty())
      std::fprintf(stderr, "note: the answers are not complete: %zu question(s) would still need attention, first %s\n",
                   messages.size(), messages.front().question.c_str());
  });
}

}  // namespace sos::cli
