// Helpers shared by the engine tests: fixture files and small surveys.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "sos/session.h"
#include "sos/survey.h"

namespace sos::testing {

inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(SOS_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::shared_ptr<const Survey> load_or_fail(const std::string& text) {
  LoadResult result = load_survey(text);
  for (const Diagnostic& d : result.diagnostics)
    if (d.severity == Severity::error) ADD_FAILURE() << d.to_string();
  return result.survey;
}

inline std::shared_ptr<const Survey> basic_survey() {
  static auto survey = load_or_fail(read_source_file("tests/fixtures/surveys/basic.json"));
  return survey;
}

inline const char* kAllGroupOn = R"({"performance_pay": true, "selling": "volume", "field_visits": true})";
inline const char* kAllGroupOff = R"({"performance_pay": false, "selling": "complex", "field_visits": false})";

inline Session start_basic(const std::string& role = "seller", const std::string& group = kAllGroupOn,
                           const std::string& language = "en") {
  auto session = Session::start(basic_survey(), {role, language, group});
  if (!session.ok()) ADD_FAILURE() << session.error().to_string();
  return std::move(session).value();
}

// A minimal valid survey as JSON, for tests that break one thing at a time.
inline nlohmann::json minimal_survey() {
  return nlohmann::json::parse(R"({
    "format": "sos-survey/1", "id": "mini", "version": "1",
    "languages": ["en", "sv"], "fallbackLanguage": "en",
    "roles": [{"id": "seller", "title": {"en": "Seller", "sv": "Säljare"}}],
    "groupAttributes": [{"id": "selling", "type": "choice", "values": ["complex", "volume"]}],
    "dimensions": [{"id": "goals", "title": {"en": "Goals", "sv": "Mål"},
                    "description": {"en": "D", "sv": "D"}}],
    "pages": [{"id": "p1", "title": {"en": "P", "sv": "P"}, "elements": [
      {"type": "likert", "id": "q1", "text": {"en": "Q1", "sv": "F1"}, "score": {"dimension": "goals"}},
      {"type": "likert", "id": "q2", "text": {"en": "Q2", "sv": "F2"}, "score": {"dimension": "goals"}},
      {"type": "likert", "id": "q3", "text": {"en": "Q3", "sv": "F3"}, "score": {"dimension": "goals"}}
    ]}]
  })");
}

}  // namespace sos::testing
