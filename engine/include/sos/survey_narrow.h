// A survey narrowed to one of its languages, for a respondent's first screen
// (docs/survey-format.md, "One language").
//
//   auto en = sos::narrow_survey_to_language(survey_json, "en");
//   if (en.ok()) send(en.value());  // compact JSON with only the English texts
#pragma once

#include <string>
#include <string_view>

#include "sos/result.h"
#include "sos/survey.h"

namespace sos {

// `survey_json` with every localized text reduced to its `language` entry,
// `languages` set to ["language"] and `fallbackLanguage` to "language";
// everything else (ids, version, questions, conditions, scoring, the order of
// members) as it is, written compactly. The result loads as a survey whose
// texts in `language` and whose structure equal the full survey's, so a
// session saved on one restores on the other.
//
// Errors: the first error the loader reports for `survey_json` (a survey that
// does not load is not narrowed), and "survey.unknown_language" (pointer
// "/languages") when `language` is not one of the survey's languages.
Result<std::string> narrow_survey_to_language(std::string_view survey_json, std::string_view language,
                                              const SurveyLimits& limits = {});

}  // namespace sos
