// This file offers the lookups of the survey model (sos/survey.h).
#include "sos/survey.h"

namespace sos {

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
  auto it = question_ids_.find(id);
  return it == question_ids_.end() ? -1 : it->second;
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
