// This file offers `sos simulate SURVEY --respondents N --seed S`.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "sos/aggregate.h"
#include "sos/commands.h"
#include "sos/io.h"
#include "sos/simulator.h"

namespace sos::cli {

void add_simulate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("simulate",
                                 "Run plausible random respondents through the engine and print their "
                                 "contributions or the merged aggregate");
  auto survey_path = std::make_shared<std::string>();
  auto options = std::make_shared<SimulationOptions>();
  auto output = std::make_shared<std::string>("aggregate");
  auto mix = std::make_shared<std::vector<std::string>>();
  auto pretty = std::make_shared<bool>(false);
  cmd->add_option("survey", *survey_path, "Survey definition (JSON)")->required();
  cmd->add_option("--respondents,-n", options->respondents, "How many respondents")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed: the same seed gives the same respondents")->capture_default_str();
  cmd->add_option("--group", options->group_json, "Group attributes as JSON, e.g. '{\"selling\": \"volume\"}'");
  cmd->add_option("--roles", *mix, "Role mix as ROLE=WEIGHT, e.g. seller=8 manager=1 (default: all equal)");
  cmd->add_option("--language", options->language, "Answer in this language (default: the fallback)");
  cmd->add_option("--output", *output, "aggregate (one merged JSON), contributions (one JSON per line), "
                                       "or submissions (contributions and comments, one JSON per line)")
      ->check(CLI::IsMember({"aggregate", "contributions", "submissions"}))
      ->capture_default_str();
  cmd->add_flag("--pretty", *pretty, "Indent the aggregate for reading");
  cmd->callback([=] {
    for (const std::string& entry : *mix) {
      auto eq = entry.find('=');
      int weight = 0;
      try {
        if (eq == std::string::npos) throw std::invalid_argument(entry);
        weight = std::stoi(entry.substr(eq + 1));
      } catch (const std::exception&) {
        std::fprintf(stderr, "--roles: \"%s\" is not ROLE=WEIGHT\n", entry.c_str());
        throw CLI::RuntimeError(2);
      }
      options->role_mix.emplace_back(entry.substr(0, eq), weight);
    }
    auto survey = load_survey_or_exit(*survey_path);
    if (!survey->group_attributes.empty() && options->group_json == "{}") {
      std::string names;
      for (const GroupAttribute& a : survey->group_attributes) names += (names.empty() ? "" : ", ") + a.id;
      std::fprintf(stderr, "%s declares group attributes (%s): pass them with --group '{...}'\n",
                   survey_path->c_str(), names.c_str());
      throw CLI::RuntimeError(2);
    }
    auto result = simulate(survey, *options);
    if (!result.ok()) {
      print_error("simulate", result.error());
      throw CLI::RuntimeError(1);
    }
    if (*output == "aggregate") {
      Aggregate total{survey->id, survey->version, "", {}};
      bool first = true;
      for (const Submission& s : result->submissions) {
        auto contribution = parse_aggregate([&] {
          auto doc = nlohmann::json::parse(s.contribution_json);
          doc["format"] = kAggregateFormat;
          doc.erase("submission");
          return doc.dump();
        }());
        if (!contribution.ok()) {
          print_error("simulate", contribution.error());
          throw CLI::RuntimeError(1);
        }
        if (first) total.role = contribution->role;
        first = false;
        if (Status st = merge_into(total, contribution.value()); !st.ok()) {
          print_error("simulate", st.error());
          throw CLI::RuntimeError(1);
        }
      }
      std::string text = aggregate_to_json(total);
      if (*pretty) text = nlohmann::json::parse(text).dump(2);
      std::printf("%s\n", text.c_str());
    } else {
      for (const Submission& s : result->submissions) {
        std::printf("%s\n", s.contribution_json.c_str());
        if (*output == "submissions")
          for (const std::string& comment : s.comment_jsons) std::printf("%s\n", comment.c_str());
      }
    }
    std::fprintf(stderr, "simulated %zu respondent(s), %d abandoned, seed %llu\n", result->submissions.size(),
                 result->abandoned, static_cast<unsigned long long>(options->seed));
  });
}

}  // namespace sos::cli
