// This file offers sos::Session's save and restore (docs/session-format.md).
#include "session_state.h"

namespace sos {

std::string Session::save() const {
  const Survey& s = survey();
  detail::Json doc = detail::Json::object();
  doc["format"] = kSessionFormat;
  doc["survey"] = s.id;
  doc["surveyVersion"] = s.version;
  doc["role"] = s.roles[state_->role].id;
  doc["language"] = state_->language;
  detail::Json group = detail::Json::object();
  for (std::size_t i = 0; i < s.group_attributes.size(); ++i) {
    const Value& v = state_->group[i];
    if (v.kind() == ValueKind::boolean) group[s.group_attributes[i].id] = v.as_bool();
    else if (v.kind() == ValueKind::number) group[s.group_attributes[i].id] = v.as_number();
    else group[s.group_attributes[i].id] = std::string(v.as_string());
  }
  doc["group"] = std::move(group);
  doc["page"] = s.blocks[s.pages[state_->page]].id;
  detail::Json answers = detail::Json::object();
  for (std::size_t q = 0; q < s.questions.size(); ++q)
    // The engine's own JSON, so it parses; one parser instantiation in the module.
    if (state_->answers[q].has) answers[s.questions[q].id] = detail::parse_json(answer_json(static_cast<int>(q))).value();
  doc["answers"] = std::move(answers);
  return doc.dump();
}

Result<Session> Session::restore(std::shared_ptr<const Survey> survey, std::string_view saved_json) {
  if (!survey) return Error{"session.no_survey", "", "no survey is loaded"};
  auto parsed = detail::parse_json(saved_json);
  if (!parsed.ok()) return Error{"session.bad_state", "", parsed.error().message};
  const detail::Json& doc = parsed.value();
  auto bad = [](std::string pointer, std::string message) {
    return Error{"session.bad_state", std::move(pointer), std::move(message)};
  };
  if (!doc.is_object()) return bad("", "a saved session must be an object");
  auto text = [&](const char* key) -> const std::string* {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
  };
  if (!text("format") || *text("format") != kSessionFormat)
    return bad("/format", "must be \"" + std::string(kSessionFormat) + "\"");
  for (const char* key : {"survey", "surveyVersion", "role", "language", "page"})
    if (!text(key)) return bad(std::string("/") + key, "missing or not a string");
  if (*text("survey") != survey->id || *text("surveyVersion") != survey->version)
    return Error{"session.survey_mismatch", "/surveyVersion",
                 "the session was saved for " + *text("survey") + " version " + *text("surveyVersion") +
                     ", but the survey is " + survey->id + " version " + survey->version};
  auto answers = doc.find("answers");
  if (answers == doc.end() || !answers->is_object()) return bad("/answers", "missing or not an object");
  auto group = doc.find("group");
  SessionStart start{*text("role"), *text("language"), group == doc.end() ? "{}" : group->dump()};
  auto session = Session::start(survey, start);
  if (!session.ok()) return session.error();
  State& state = *session->state_;
  // Store every answer first and evaluate once: a condition may read a later
  // answer, so answers cannot be replayed one by one in document order.
  for (auto it = answers->begin(); it != answers->end(); ++it) {
    int q = survey->question_index(it.key());
    if (q < 0) return bad("/answers/" + it.key(), "no question \"" + it.key() + "\" in this survey");
    if (Status st = detail::parse_answer(survey->questions[q], *it, state.answers[q]); !st.ok())
      return bad(st.error().pointer, st.error().message);
  }
  state.evaluate_all(nullptr);
  int page = -1;
  for (std::size_t p = 0; p < survey->pages.size(); ++p)
    if (survey->blocks[survey->pages[p]].id == *text("page")) page = static_cast<int>(p);
  if (page < 0) return bad("/page", "no page \"" + *text("page") + "\" in this survey");
  state.page = page;
  if (!session->page_visible(page) && !session->previous()) {
    // The saved page is hidden now: resume at the first visible page.
    state.page = 0;
    while (state.page + 1 < static_cast<int>(survey->pages.size()) && !session->page_visible(state.page)) ++state.page;
  }
  return session;
}

}  // namespace sos
