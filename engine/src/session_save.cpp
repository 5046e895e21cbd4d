// This file offers sos::Session's save and restore (docs/session-format.md).
#include <algorithm>

#include "json_write.h"
#include "session_state.h"

namespace sos {
namespace {

// Indices 0..n-1 ordered by the ids `id_of` gives: a saved session lists
// group attributes and answers sorted by id, as it always has.
template <typename F>
std::vector<std::size_t> by_id(std::size_t n, F id_of) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return id_of(a) < id_of(b); });
  return order;
}

}  // namespace

std::string Session::save() const {
  const Survey& s = survey();
  detail::JsonWriter out;
  out.begin_object().key("answers").begin_object();
  for (std::size_t q : by_id(s.questions.size(), [&](std::size_t i) -> const std::string& { return s.questions[i].id; }))
    if (state_->answers[q].has)
      out.key(s.questions[q].id).raw(detail::json_reread(answer_json(static_cast<int>(q))));
  out.end_object();
  out.key("format").string(kSessionFormat);
  out.key("group").begin_object();
  for (std::size_t i : by_id(s.group_attributes.size(),
                             [&](std::size_t a) -> const std::string& { return s.group_attributes[a].id; })) {
    const Value& v = state_->group[i];
    out.key(s.group_attributes[i].id);
    if (v.kind() == ValueKind::boolean) out.boolean(v.as_bool());
    else if (v.kind() == ValueKind::number) out.number(v.as_number());
    else out.string(v.as_string());
  }
  out.end_object();
  out.key("language").string(state_->language);
  out.key("page").string(s.blocks[s.pages[state_->page]].id);
  out.key("role").string(s.roles[state_->role].id);
  out.key("survey").string(s.id);
  out.key("surveyVersion").string(s.version);
  return out.end_object().take();
}

Result<Session> Session::restore(std::shared_ptr<const Survey> survey, std::string_view saved_json) {
  if (!survey) return Error{"session.no_survey", "", "no survey is loaded"};
  auto parsed = detail::JsonDoc::parse(saved_json);
  if (!parsed.ok()) return Error{"session.bad_state", "", parsed.error().message};
  detail::JsonRef doc = parsed.value().root();
  auto bad = [](std::string pointer, std::string message) {
    return Error{"session.bad_state", std::move(pointer), std::move(message)};
  };
  if (!doc.is_object()) return bad("", "a saved session must be an object");
  auto text = [&](const char* key) -> std::optional<std::string> {
    detail::JsonRef value = doc.find(key);
    if (!value || !value.is_string()) return std::nullopt;
    return std::string(value.string());
  };
  if (!text("format") || *text("format") != kSessionFormat)
    return bad("/format", "must be \"" + std::string(kSessionFormat) + "\"");
  for (const char* key : {"survey", "surveyVersion", "role", "language", "page"})
    if (!text(key)) return bad(std::string("/") + key, "missing or not a string");
  if (*text("survey") != survey->id || *text("surveyVersion") != survey->version)
    return Error{"session.survey_mismatch", "/surveyVersion",
                 "the session was saved for " + *text("survey") + " version " + *text("surveyVersion") +
                     ", but the survey is " + survey->id + " version " + survey->version};
  detail::JsonRef answers = doc.find("answers");
  if (!answers || !answers.is_object()) return bad("/answers", "missing or not an object");
  detail::JsonRef group = doc.find("group");
  SessionStart start{*text("role"), *text("language"), group ? group.dump() : "{}"};
  auto session = Session::start(survey, start);
  if (!session.ok()) return session.error();
  State& state = *session->state_;
  // Store every answer first and evaluate once: a condition may read a later
  // answer, so answers cannot be replayed one by one in document order.
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const std::string id(answers.key_at(k));
    int q = survey->question_index(id);
    if (q < 0) return bad("/answers/" + id, "no question \"" + id + "\" in this survey");
    if (Status st = detail::parse_answer(survey->questions[q], answers.value_at(k), state.answers[q]); !st.ok())
      return bad(st.error().pointer, st.error().message);
  }
  state.evaluate_all(nullptr);
  const std::string saved_page = *text("page");
  int page = -1;
  for (std::size_t p = 0; p < survey->pages.size(); ++p)
    if (survey->blocks[survey->pages[p]].id == saved_page) page = static_cast<int>(p);
  if (page < 0) return bad("/page", "no page \"" + saved_page + "\" in this survey");
  state.page = page;
  if (!session->page_visible(page) && !session->previous()) {
    // The saved page is hidden now: resume at the first visible page.
    state.page = 0;
    while (state.page + 1 < static_cast<int>(survey->pages.size()) && !session->page_visible(state.page)) ++state.page;
  }
  return session;
}

}  // namespace sos
