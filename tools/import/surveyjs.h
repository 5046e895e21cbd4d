// `sos import surveyjs`: a SurveyJS survey (JSON) converted into the survey
// format (docs/survey-format.md), with everything that could not be carried
// listed as warnings that point into the SurveyJS file
// (docs/import-surveyjs.md).
//
//   auto r = sos::import::convert_surveyjs(text, {.language = "en", .survey_id = "pulse"});
//   if (r.ok()) { write(r->survey.dump(2)); for (auto& w : r->warnings) ...; }
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"

namespace sos::import {

enum class WarningKind {
  meaning,  // the converted survey can show, require or accept differently:
            // a dropped or differing condition, validator or behaviour
  dropped,  // an element or setting that is not carried and decides nothing
            // (an HTML block, the survey title)
  note,     // carried in another form: a renamed id, a filled-in
            // translation, a rating shown as a number
};
std::string_view to_string(WarningKind kind);

struct Warning {
  std::string code;     // "import.condition_dropped", ...
  std::string pointer;  // JSON Pointer into the SurveyJS file
  std::string message;
  WarningKind kind = WarningKind::note;

  std::string to_string() const;  // "warning (meaning): [code] (/ptr) message"
};

struct Options {
  std::string language = "en";   // the language of SurveyJS's "default" texts
  std::string survey_id = "imported";
  std::string version = "1";
};

struct Conversion {
  nlohmann::ordered_json survey;  // sos-survey/1; loads without errors
  std::vector<Warning> warnings;
  // {"warnings", "ids", "questions", "conditions"}: how each SurveyJS name,
  // value and condition was carried (docs/import-surveyjs.md, "Report").
  nlohmann::ordered_json report;
};

// Errors: "import.bad_json" (not JSON), "import.not_surveyjs" (not a
// SurveyJS survey object), "import.bad_option" (language or id), 
// "import.nothing_to_import" (no page keeps a question),
// "import.invalid_result" (the conversion does not load: the message lists
// the loader's errors).
Result<Conversion> convert_surveyjs(std::string_view json_text, const Options& options);

}  // namespace sos::import
