// `sos narrow FILE --lang CODE`: the engine's narrowed survey on stdout, or
// the error with its code and pointer and exit status 1.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "run_tool.h"
#include "sos/survey_narrow.h"

namespace {

std::string fixture() { return std::string(SOS_SOURCE_DIR) + "/tests/fixtures/surveys/basic.json"; }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(SosNarrow, PrintsTheEnginesNarrowingInEachLanguage) {
  for (const char* language : {"en", "sv", "nb"}) {
    SCOPED_TRACE(language);
    auto run = sos::testing::run_tool("narrow " + fixture() + " --lang " + language, "", true);
    EXPECT_EQ(run.status, 0);
    auto expected = sos::narrow_survey_to_language(read(fixture()), language);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(run.output, expected.value() + "\n");
  }
}

TEST(SosNarrow, RefusesALanguageTheSurveyDoesNotOfferAndAMissingFile) {
  auto other = sos::testing::run_tool("narrow " + fixture() + " --lang de");
  EXPECT_EQ(other.status, 1);
  EXPECT_NE(other.output.find("error: [survey.unknown_language] (/languages) \"de\" is not one of the survey's "
                              "languages (en, sv, nb)"),
            std::string::npos)
      << other.output;
  auto missing = sos::testing::run_tool("narrow /nonexistent/survey.json --lang en");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("/nonexistent/survey.json: error: "), std::string::npos) << missing.output;
  EXPECT_NE(sos::testing::run_tool("narrow " + fixture()).status, 0);  // --lang is required
}

}  // namespace
