// This file offers the lookups of the survey model (sos/survey.h).
#include "sos/survey.h"

#include <algorithm>

namespace sos {

LanguageTexts::const_iterator LanguageTexts::find(std::string_view language) const {
  for (auto it = entries_.begin(); it != entries_.end(); ++it)
    if (it->first == language) return it;
  return entries_.end();
}

void LanguageTexts::emplace(std::string_view language, std::string_view text) {
  auto at = entries_.begin();
  while (at != entries_.end() && at->first < language) ++at;
  if (at != entries_.end() && at->first == language) return;
  entries_.emplace(at, std::string(language), std::string(text));
}

std::string_view Text::in(std::string_view language, std::string_view fallback) const {
  if (auto it = by_language.find(language); it != by_language.end()) return it->second;
  if (auto it = by_language.find(fallback); it != by_language.end()) return it->second;
  return {};
}

const Text& Question::text_for(int role) const {
  if (auto it = role_text.find(role); it != role_text.end()) return it->second;
  return text;
}

const char* question_type_name(QuestionType type) {
  switch (type) {
    case QuestionType::likert: return "likert";
    case QuestionType::choice: return "choice";
    case QuestionType::multichoice: return "multichoice";
    case QuestionType::number: return "number";
    case QuestionType::comment: return "comment";
  }
  return "";
}

int Question::option_index(std::string_view value) const {
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].value == value) return static_cast<int>(i);
  return -1;
}

int Survey::question_index(std::string_view id) const {
  auto it = std::lower_bound(questions_by_id_.begin(), questions_by_id_.end(), id,
                             [this](int q, std::string_view key) { return questions[q].id < key; });
  return it == questions_by_id_.end() || questions[*it].id != id ? -1 : *it;
}

namespace {
template <typename T>
int index_by_id(const std::vector<T>& items, std::string_view id) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return static_cast<int>(i);
  return -1;
}
}  // namespace

int Survey::role_index(std::string_view id) const { return index_by_id(roles, id); }
int Survey::dimension_index(std::string_view id) const { return index_by_id(dimensions, id); }
int Survey::group_attribute_index(std::string_view id) const { return index_by_id(group_attributes, id); }

}  // namespace sos
