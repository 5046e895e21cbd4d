// Tests of the `sos` tool as a user runs it: exit codes and what it prints.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_tool.h"

namespace {

using sos::testing::ToolRun;

ToolRun run(const std::string& arguments, bool stdout_only = false) {
  return sos::testing::run_tool(arguments, "", stdout_only);
}

std::string fixture(const std::string& name) { return std::string(SOS_SOURCE_DIR) + "/tests/fixtures/" + name; }

std::string temp_file(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << content;
  return path;
}

const char* kGroup = R"('{"performance_pay": true, "selling": "volume", "field_visits": true}')";

TEST(SosTool, HelpNamesEverySubcommand) {
  ToolRun help = run("--help");
  EXPECT_EQ(help.status, 0);
  for (const char* sub : {"validate", "eval", "score", "simulate"})
    EXPECT_NE(help.output.find(sub), std::string::npos) << sub;
  EXPECT_EQ(run("simulate --help").status, 0);
}

TEST(SosValidate, OkFileExitsZeroAndBadFileListsEveryProblem) {
  ToolRun ok = run("validate " + fixture("surveys/basic.json"));
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("ok: fixture_basic 3"), std::string::npos) << ok.output;
  std::string bad = temp_file("bad.json", R"({"format": "sos-survey/1", "id": "Bad", "version": "1", "languages": ["en"],
    "fallbackLanguage": "en", "roles": [], "dimensions": [], "pages": [], "extra": 1})");
  ToolRun failed = run("validate " + bad);
  EXPECT_EQ(failed.status, 1);
  for (const char* expected : {"[survey.unknown_field] (/extra)", "[survey.bad_id] (/id)", "[survey.bad_value] (/roles)",
                               "[survey.bad_value] (/pages)"})
    EXPECT_NE(failed.output.find(expected), std::string::npos) << expected << "\n" << failed.output;
  ToolRun missing = run("validate /nonexistent/survey.json");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("[io.read_error] cannot read /nonexistent/survey.json"), std::string::npos)
      << missing.output;
}

TEST(SosValidate, StrictTreatsWarningsAsErrors) {
  EXPECT_EQ(run("validate --strict " + fixture("surveys/basic.json")).status, 1);  // a few-items warning
}

TEST(SosEval, PrintsTheValueOrTheErrorWithItsOffset) {
  ToolRun holds = run(R"(eval "{q1} >= 4 and {group.selling} = 'volume'" --answers '{"q1": 4}' --group '{"selling": "volume"}')");
  EXPECT_EQ(holds.status, 0) << holds.output;
  EXPECT_EQ(holds.output, "true\ncondition holds\n");
  ToolRun empty = run(R"(eval "{q1} + 1")");
  EXPECT_EQ(empty.output, "empty\ncondition does not hold\n");
  ToolRun bad = run(R"(eval "{q1} >= ")");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.output.find("[expr.syntax]"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("offset 8"), std::string::npos) << bad.output;
}

TEST(SosScore, PrintsTheProfileOfOneRespondent) {
  std::string answers = temp_file("answers.json", R"({"role": "seller", "group": {"performance_pay": false,
    "selling": "complex", "field_visits": false}, "answers": {"goals_clear": 4, "goals_followed": 2, "coached": "no"}})");
  ToolRun scored = run("score --json " + fixture("surveys/basic.json") + " " + answers);
  ASSERT_EQ(scored.status, 0) << scored.output;
  auto json = nlohmann::json::parse(scored.output.substr(0, scored.output.rfind(']') + 1));
  EXPECT_EQ(json[0]["dimension"], "goals");
  EXPECT_DOUBLE_EQ(json[0]["score"].get<double>(), 2.6667);  // (4 + 2*2) / 3
  EXPECT_FALSE(json[2]["applies"].get<bool>());
  std::string wrong = temp_file("wrong.json", R"({"role": "seller", "answers": {"goals_clear": 9}})");
  ToolRun refused = run("score " + fixture("surveys/basic.json") + " " + wrong);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.output.find("session.missing_group_attribute"), std::string::npos) << refused.output;
}

TEST(SosSimulate, SameSeedSameRespondentsAndTheAggregateAddsUp) {
  std::string base = "simulate " + fixture("surveys/basic.json") + " -n 20 --group " + kGroup;
  ToolRun a = run(base + " --seed 9 --output contributions", true);
  ToolRun b = run(base + " --seed 9 --output contributions", true);
  ToolRun c = run(base + " --seed 10 --output contributions", true);
  ASSERT_EQ(a.status, 0) << a.output;
  EXPECT_EQ(a.output, b.output);
  EXPECT_NE(a.output, c.output);
  ToolRun merged = run(base + " --seed 9", true);
  auto aggregate = nlohmann::json::parse(merged.output);
  EXPECT_EQ(aggregate["format"], "sos-aggregate/1");
  EXPECT_EQ(aggregate["cells"]["respondents"]["n"], 20);
  std::int64_t goals_sum = 0;
  std::size_t start = 0;
  int lines = 0;
  for (std::size_t end; (end = a.output.find('\n', start)) != std::string::npos; start = end + 1, ++lines) {
    auto contribution = nlohmann::json::parse(a.output.substr(start, end - start));
    if (contribution["cells"].contains("dimension/goals")) goals_sum += contribution["cells"]["dimension/goals"]["sum"].get<std::int64_t>();
  }
  EXPECT_EQ(lines, 20);
  EXPECT_EQ(aggregate["cells"]["dimension/goals"]["sum"].get<std::int64_t>(), goals_sum);
}

TEST(SosSimulate, AsksForGroupAttributesAndRefusesUnknownRoles) {
  ToolRun no_group = run("simulate " + fixture("surveys/basic.json"));
  EXPECT_EQ(no_group.status, 2);
  EXPECT_NE(no_group.output.find("performance_pay, selling, field_visits"), std::string::npos) << no_group.output;
  ToolRun bad_role = run("simulate " + fixture("surveys/basic.json") + " --group " + kGroup + " --roles ceo=1");
  EXPECT_EQ(bad_role.status, 1);
  EXPECT_NE(bad_role.output.find("[simulate.unknown_role]"), std::string::npos) << bad_role.output;
}

}  // namespace
