// This file offers session_from_answers for `sos score`.
#include "sos/answers_file.h"

#include <nlohmann/json.hpp>

namespace sos::cli {

Result<Session> session_from_answers(std::shared_ptr<const Survey> survey, const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error{"answers.bad_format", "", "the answers file must be a JSON object"};
  if (!doc.contains("format")) {
    // A plain answers file becomes a saved session, so restore() applies the
    // answers with the same rules as a resumed session.
    doc["format"] = kSessionFormat;
    doc["survey"] = survey->id;
    doc["surveyVersion"] = survey->version;
    if (!doc.contains("language")) doc["language"] = survey->fallback_language;
    if (!doc.contains("page")) doc["page"] = survey->blocks[survey->pages.front()].id;
    if (!doc.contains("group")) doc["group"] = nlohmann::json::object();
  }
  return Session::restore(std::move(survey), doc.dump());
}

}  // namespace sos::cli
