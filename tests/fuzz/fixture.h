// The fixture survey the fuzz targets run against, loaded once.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>

#include "sos/survey.h"

inline std::shared_ptr<const sos::Survey> fixture_survey() {
  static std::shared_ptr<const sos::Survey> survey = [] {
    std::ifstream in(SOS_SOURCE_DIR "/tests/fixtures/surveys/basic.json");
    std::stringstream text;
    text << in.rdbuf();
    return sos::load_survey(text.str()).survey;
  }();
  return survey;
}
