// Tests of `sos compose` as a user runs it: exit codes, messages naming the
// file and pointer at fault, and the bundled files found from the customer file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_tool.h"
#include "sos/compose.h"
#include "sos/survey.h"

namespace {

using sos::testing::ToolRun;

ToolRun run_in(const std::string& folder, const std::string& arguments) {
  return sos::testing::run_tool(arguments, folder);
}

std::string source(const std::string& relative) { return std::string(SOS_SOURCE_DIR) + "/" + relative; }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A fresh folder outside the repository, so nothing is found above it.
std::string scratch_folder(const std::string& name) {
  std::string folder = ::testing::TempDir() + "sos_compose_" + name;
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

TEST(SosCompose, ExampleCustomerFromAnyFolderWritesTheComposedSurvey) {
  std::string folder = scratch_folder("ok");
  std::string out = folder + "/acme.json";
  ToolRun run = run_in(folder, "compose " + source("surveys/customers/example-customer.json") + " -o " + out);
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("ok: composed with"), std::string::npos) << run.output;
  std::string written = read(out);
  sos::ComposeResult expected =
      sos::compose_survey(read(source("surveys/standard/survey.json")), read(source("surveys/standard/battery.json")),
                          read(source("surveys/customers/example-customer.json")));
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(written, expected.survey_json);
  EXPECT_TRUE(sos::load_survey(written).ok());
}

TEST(SosCompose, WithoutOutputItPrintsTheSurvey) {
  ToolRun run = run_in(source(""), "compose surveys/customers/example-customer.json");
  ASSERT_EQ(run.status, 0) << run.output.substr(0, 400);
  EXPECT_EQ(nlohmann::json::parse(run.output)["id"], "acme_2026");
}

TEST(SosCompose, BadCustomerFileListsEveryProblemAndWritesNothing) {
  std::string folder = scratch_folder("bad");
  nlohmann::json customer = nlohmann::json::parse(read(source("surveys/customers/example-customer.json")));
  customer["battery"][1] = "b_unknown";
  customer["questions"][0]["id"] = "co_regular";
  customer["questions"][3]["text"].erase("en");
  std::string path = folder + "/customer.json";
  std::ofstream(path) << customer.dump();
  std::string out = folder + "/out.json";
  ToolRun run = run_in(folder, "compose " + path + " --standard " + source("surveys/standard/survey.json") +
                                   " --battery " + source("surveys/standard/battery.json") + " -o " + out);
  EXPECT_EQ(run.status, 1);
  for (std::string expected : {"customer.json: error: [customer.unknown_battery_item] (/battery/1)",
                               "customer.json: error: [customer.id_collision] (/questions/0/id)",
                               "customer.json: error: [survey.missing_translation] (/questions/3/text)",
                               "3 error(s); nothing written"})
    EXPECT_NE(run.output.find(expected), std::string::npos) << expected << "\n" << run.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SosCompose, SaysHowToNameTheStandardSurveyWhenItCannotFindIt) {
  std::string folder = scratch_folder("alone");
  std::string path = folder + "/customer.json";
  std::ofstream(path) << read(source("surveys/customers/example-customer.json"));
  ToolRun run = run_in(folder, "compose customer.json");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.output.find("cannot find surveys/standard/survey.json"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("pass --standard"), std::string::npos) << run.output;
}

TEST(SosCompose, ABrokenStandardSurveyIsReportedAgainstItsOwnFile) {
  std::string folder = scratch_folder("broken_standard");
  std::ofstream(folder + "/standard.json") << R"({"format": "sos-survey/1"})";
  ToolRun run = run_in(folder, "compose " + source("surveys/customers/example-customer.json") +
                                   " --standard standard.json");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.output.find("standard.json: error: [survey.missing_field]"), std::string::npos) << run.output;
}

TEST(SosCompose, UnreadableCustomerFileIsAReadError) {
  ToolRun run = run_in(source(""), "compose surveys/customers/no-such-customer.json");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.output.find("[io.read_error]"), std::string::npos) << run.output;
}

}  // namespace
