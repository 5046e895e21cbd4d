// This file offers sos::Session's validation, navigation and progress.
#include <cmath>

#include "json_write.h"
#include "messages.h"
#include "sos/detail/number.h"
#include "session_state.h"

namespace sos {

std::string Session::answer_json(int q) const {
  const StoredAnswer& answer = state_->answers[q];
  if (!answer.has) return "null";
  switch (answer.type) {
    case QuestionType::likert:
      return answer.text.empty() ? detail::format_number(answer.number) : "\"na\"";
    case QuestionType::number:
      return detail::format_number(answer.number);
    case QuestionType::multichoice:
      return detail::JsonWriter().strings(answer.items).take();
    case QuestionType::choice:
    case QuestionType::comment:
      return detail::json_string(answer.text);
  }
  return "null";
}

std::vector<Message> Session::validate_question(int q) const {
  std::vector<Message> out;
  if (!state_->question_visible[q]) return out;
  const Survey& s = survey();
  const Question& question = s.questions[q];
  const std::string& lang = state_->language;
  const StoredAnswer& answer = state_->answers[q];
  if (!answer.has) {
    if (state_->question_required[q]) out.push_back({question.id, "required", detail::message(s, "required", lang)});
    return out;
  }
  if (question.type == QuestionType::multichoice && static_cast<int>(answer.items.size()) < question.min_selected)
    out.push_back({question.id, "min_selected",
                   detail::message(s, "min_selected", lang, std::to_string(question.min_selected))});
  Scope scope = state_->scope();
  for (const Validator& v : question.validators)
    if (!v.expression.evaluate(scope).truthy())
      out.push_back({question.id, "validator", std::string(v.message.in(lang, s.fallback_language))});
  return out;
}

namespace {
void collect_block(const Session& session, int block, std::vector<Message>& out) {
  for (const ElementRef& child : session.survey().blocks[block].children) {
    if (child.is_block) {
      collect_block(session, child.index, out);
    } else {
      auto messages = session.validate_question(child.index);
      out.insert(out.end(), messages.begin(), messages.end());
    }
  }
}
}  // namespace

std::vector<Message> Session::validate_page(int page) const {
  std::vector<Message> out;
  if (page_visible(page)) collect_block(*this, survey().pages[page], out);
  return out;
}

std::vector<Message> Session::validate_all() const {
  std::vector<Message> out;
  for (int p = 0; p < static_cast<int>(survey().pages.size()); ++p) {
    auto messages = validate_page(p);
    out.insert(out.end(), messages.begin(), messages.end());
  }
  return out;
}

int Session::current_page() const { return state_->page; }

PageMove Session::next() {
  PageMove move;
  move.messages = validate_page(state_->page);
  if (!move.messages.empty()) return move;
  for (int p = state_->page + 1; p < static_cast<int>(survey().pages.size()); ++p) {
    if (page_visible(p)) {
      state_->page = p;
      move.moved = true;
      return move;
    }
  }
  return move;  // on the last page: nothing to move to, nothing wrong
}

bool Session::previous() {
  for (int p = state_->page - 1; p >= 0; --p) {
    if (page_visible(p)) {
      state_->page = p;
      return true;
    }
  }
  return false;
}

bool Session::on_last_page() const {
  for (int p = state_->page + 1; p < static_cast<int>(survey().pages.size()); ++p)
    if (page_visible(p)) return false;
  return true;
}

Progress Session::progress() const {
  Progress progress;
  for (std::size_t q = 0; q < survey().questions.size(); ++q) {
    if (!state_->question_required[q]) continue;
    ++progress.required;
    if (state_->answers[q].has) ++progress.answered;
  }
  return progress;
}

bool Session::complete() const { return validate_all().empty(); }

}  // namespace sos
