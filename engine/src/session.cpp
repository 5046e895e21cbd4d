// This file offers sos::Session's start, answers and visibility.
#include "sos/session.h"

#include <algorithm>
#include <queue>

#include "session_state.h"

namespace sos {
namespace detail {

bool role_allowed(const std::vector<int>& roles, int role) {
  return roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end();
}

Status read_group(const Survey& survey, JsonRef group, Session::State& state) {
  if (!group.is_object())
    return Error{"session.bad_group", "/group",
                 "group attributes must be an object, but are " + std::string(group.type_name())};
  for (std::size_t k = 0; k < group.size(); ++k) {
    const std::string key(group.key_at(k));
    if (survey.group_attribute_index(key) < 0)
      return Error{"session.bad_group_attribute", "/group/" + key,
                   "\"" + key + "\" is not a group attribute of this survey"};
  }
  state.group_text.assign(survey.group_attributes.size(), {});
  state.group.assign(survey.group_attributes.size(), Value());
  for (std::size_t i = 0; i < survey.group_attributes.size(); ++i) {
    const GroupAttribute& attribute = survey.group_attributes[i];
    std::string pointer = "/group/" + attribute.id;
    JsonRef value = group.find(attribute.id);
    if (!value)
      return Error{"session.missing_group_attribute", pointer, "the group attribute \"" + attribute.id + "\" is not set"};
    switch (attribute.type) {
      case AttributeType::boolean:
        if (!value.is_boolean())
          return Error{"session.bad_group_attribute", pointer, "must be true or false, but is " + value.dump()};
        state.group[i] = Value::boolean(value.boolean());
        break;
      case AttributeType::number:
        if (!value.is_number())
          return Error{"session.bad_group_attribute", pointer, "must be a number, but is " + value.dump()};
        state.group[i] = Value::number(value.number());
        break;
      case AttributeType::choice:
        if (!value.is_string() ||
            std::find(attribute.values.begin(), attribute.values.end(), value.string()) == attribute.values.end())
          return Error{"session.bad_group_attribute", pointer, value.dump() + " is not one of the attribute's values"};
        state.group_text[i] = std::string(value.string());
        state.group[i] = Value::string(state.group_text[i]);
        break;
    }
  }
  return {};
}

}  // namespace detail

namespace {

bool condition_holds(const std::optional<Expression>& condition, const Scope& scope) {
  return !condition || condition->evaluate(scope).truthy();
}

}  // namespace

void Session::State::evaluate_all(Changes* changes) {
  const Survey& s = *survey;
  Scope current = scope();
  for (const ElementRef& ref : s.evaluation_order) {
    if (ref.is_block) {
      const Block& b = s.blocks[ref.index];
      block_open[ref.index] = detail::role_allowed(b.roles, role) && (b.parent < 0 || block_open[b.parent]) &&
                              condition_holds(b.visible_if, current);
      continue;
    }
    const Question& q = s.questions[ref.index];
    bool visible = detail::role_allowed(q.roles, role) && block_open[q.block] && condition_holds(q.visible_if, current);
    question_visible[ref.index] = visible;
    if (!visible && answers[ref.index].has) {
      answers[ref.index] = StoredAnswer();
      if (changes) changes->cleared.push_back(q.id);
    }
    values[ref.index] = visible ? answers[ref.index].value() : Value();
    question_required[ref.index] = visible && (q.required || (q.required_if && q.required_if->evaluate(current).truthy()));
  }
}

void Session::State::propagate(int changed, Changes& changes) {
  const Survey& s = *survey;
  // Nodes are numbered by their place in the evaluation order, where every
  // input comes before what reads it: taking the smallest first visits each
  // affected condition once, after all of its inputs are final.
  std::priority_queue<int, std::vector<int>, std::greater<>> pending;
  std::vector<char> queued(s.evaluation_order.size(), 0);
  auto enqueue_question = [&](int q) {
    int at = question_position[q];
    if (!queued[at]) { queued[at] = 1; pending.push(at); }
  };
  auto enqueue_block = [&](int b) {
    int at = block_position[b];
    if (!queued[at]) { queued[at] = 1; pending.push(at); }
  };
  auto enqueue_readers = [&](int q) {
    for (int b : s.dependents[q].blocks) enqueue_block(b);
    for (int r : s.dependents[q].questions) enqueue_question(r);
  };
  enqueue_readers(changed);
  Scope current = scope();
  while (!pending.empty()) {
    const ElementRef ref = s.evaluation_order[pending.top()];
    pending.pop();
    if (ref.is_block) {
      const Block& b = s.blocks[ref.index];
      char open = detail::role_allowed(b.roles, role) && (b.parent < 0 || block_open[b.parent]) &&
                  condition_holds(b.visible_if, current);
      if (open == block_open[ref.index]) continue;
      block_open[ref.index] = open;
      for (const ElementRef& child : b.children) child.is_block ? enqueue_block(child.index) : enqueue_question(child.index);
      continue;
    }
    const Question& q = s.questions[ref.index];
    char visible = detail::role_allowed(q.roles, role) && block_open[q.block] && condition_holds(q.visible_if, current);
    question_required[ref.index] =
        visible && (q.required || (q.required_if && q.required_if->evaluate(current).truthy()));
    if (visible == question_visible[ref.index]) continue;
    question_visible[ref.index] = visible;
    (visible ? changes.shown : changes.hidden).push_back(q.id);
    if (!visible && answers[ref.index].has) {
      answers[ref.index] = StoredAnswer();
      changes.cleared.push_back(q.id);
    }
    Value before = values[ref.index];
    values[ref.index] = visible ? answers[ref.index].value() : Value();
    if (!(before == values[ref.index])) enqueue_readers(ref.index);
  }
}

Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

Result<Session> Session::start(std::shared_ptr<const Survey> survey, const SessionStart& start) {
  if (!survey) return Error{"session.no_survey", "", "no survey is loaded"};
  auto state = std::make_unique<State>();
  const Survey& s = *survey;
  state->role = s.role_index(start.role);
  if (state->role < 0) return Error{"session.unknown_role", "/role", "\"" + start.role + "\" is not a role of this survey"};
  auto group = detail::JsonDoc::parse(start.group_json.empty() ? std::string_view("{}") : start.group_json);
  if (!group.ok()) return Error{"session.bad_group", "/group", group.error().message};
  if (Status st = detail::read_group(s, group.value().root(), *state); !st.ok()) return st.error();
  state->survey = std::move(survey);
  state->answers.resize(s.questions.size());
  state->values.resize(s.questions.size());
  state->question_visible.assign(s.questions.size(), 0);
  state->question_required.assign(s.questions.size(), 0);
  state->block_open.assign(s.blocks.size(), 0);
  state->question_position.assign(s.questions.size(), 0);
  state->block_position.assign(s.blocks.size(), 0);
  for (std::size_t i = 0; i < s.evaluation_order.size(); ++i) {
    const ElementRef& ref = s.evaluation_order[i];
    (ref.is_block ? state->block_position : state->question_position)[ref.index] = static_cast<int>(i);
  }
  Session session(std::move(state));
  session.set_language(start.language);
  session.state_->evaluate_all(nullptr);
  session.state_->page = 0;
  while (session.state_->page + 1 < static_cast<int>(s.pages.size()) && !session.page_visible(session.state_->page))
    ++session.state_->page;
  return session;
}

const Survey& Session::survey() const { return *state_->survey; }
const std::shared_ptr<const Survey>& Session::survey_ptr() const { return state_->survey; }
int Session::role() const { return state_->role; }
const std::string& Session::language() const { return state_->language; }

void Session::set_language(std::string_view language) {
  const auto& languages = survey().languages;
  bool offered = std::find(languages.begin(), languages.end(), language) != languages.end();
  state_->language = offered ? std::string(language) : survey().fallback_language;
}

Result<Changes> Session::set_answer(std::string_view id, std::string_view value_json) {
  int q = survey().question_index(id);
  if (q < 0) return Error{"answer.unknown_question", "/answers/" + std::string(id), "no question \"" + std::string(id) + "\""};
  if (!state_->question_visible[q])
    return Error{"answer.hidden", "/answers/" + std::string(id), "the question is not shown to this respondent now"};
  auto value = detail::JsonDoc::parse(value_json);
  if (!value.ok()) return Error{"answer.type_error", "/answers/" + std::string(id), value.error().message};
  StoredAnswer& answer = state_->answers[q];
  if (Status st = detail::parse_answer(survey().questions[q], value.value().root(), answer); !st.ok())
    return st.error();
  Changes changes;
  Value before = state_->values[q];
  state_->values[q] = answer.value();
  (void)before;  // the stored strings changed even when equal: readers re-evaluate
  state_->propagate(q, changes);
  return changes;
}

Result<Changes> Session::clear_answer(std::string_view id) { return set_answer(id, "null"); }

bool Session::question_visible(int q) const { return state_->question_visible[q]; }

bool Session::block_visible(int b) const {
  if (!state_->block_open[b]) return false;
  for (const ElementRef& child : survey().blocks[b].children)
    if (child.is_block ? block_visible(child.index) : state_->question_visible[child.index]) return true;
  return false;
}

bool Session::page_visible(int page) const { return block_visible(survey().pages[page]); }
bool Session::question_required(int q) const { return state_->question_required[q]; }
const Value& Session::value(int q) const { return state_->values[q]; }
bool Session::answered(int q) const { return state_->question_visible[q] && state_->answers[q].has; }

bool Session::dimension_applies(int d) const {
  const Dimension& dimension = survey().dimensions[d];
  return !dimension.not_applicable_if || !dimension.not_applicable_if->evaluate(state_->scope()).truthy();
}

}  // namespace sos
