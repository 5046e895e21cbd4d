// This file offers parse_answer: a JSON answer value checked against its
// question's type and limits before anything is stored.
#include <cmath>

#include "sos/detail/number.h"
#include "session_state.h"

namespace sos {

Value StoredAnswer::value() const {
  if (!has) return {};
  switch (type) {
    case QuestionType::likert: return text.empty() ? Value::number(number) : Value::string(text);
    case QuestionType::number: return Value::number(number);
    case QuestionType::multichoice: return Value::list(item_values);
    case QuestionType::choice:
    case QuestionType::comment: return Value::string(text);
  }
  return {};
}

namespace detail {
namespace {

Error answer_error(const Question& q, std::string code, std::string message) {
  return Error{"answer." + code, "/answers/" + q.id, std::move(message)};
}

Error type_error(const Question& q, std::string_view expected, JsonRef value) {
  return answer_error(q, "type_error", std::string(expected) + ", but is " + std::string(value.type_name()));
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Status parse_answer(const Question& q, JsonRef value, StoredAnswer& answer) {
  StoredAnswer parsed;
  bool clear = value.is_null() || (value.is_string() && value.string().empty()) || (value.is_array() && value.empty());
  if (clear) {
    answer = StoredAnswer();
    return {};
  }
  switch (q.type) {
    case QuestionType::likert:
      if (value.is_string() && value.string() == "na") {
        if (!q.not_applicable)
          return answer_error(q, "out_of_range", "this question has no \"don't know\" answer; answer 1 to 5");
        parsed.text = "na";
      } else if (value.is_number()) {
        double v = value.number();
        if (v != std::floor(v) || v < 1 || v > 5)
          return answer_error(q, "out_of_range", "must be a whole number from 1 to 5, but is " + value.dump());
        parsed.number = v;
      } else {
        return answer_error(q, "type_error",
                            std::string("must be a number from 1 to 5") + (q.not_applicable ? " or \"na\"" : "") +
                                ", but is " + std::string(value.type_name()));
      }
      break;
    case QuestionType::choice:
      if (!value.is_string()) return type_error(q, "must be a string", value);
      if (q.option_index(value.string()) < 0)
        return answer_error(q, "unknown_option", value.dump() + " is not one of the options");
      parsed.text = value.string();
      break;
    case QuestionType::multichoice:
      if (!value.is_array()) return type_error(q, "must be a list", value);
      for (std::size_t i = 0; i < value.size(); ++i) {
        JsonRef item = value[i];
        if (!item.is_string())
          return answer_error(q, "type_error", "every choice must be a string, but one is " + std::string(item.type_name()));
        std::string text(item.string());
        if (q.option_index(text) < 0) return answer_error(q, "unknown_option", item.dump() + " is not one of the options");
        for (const auto& seen : parsed.items)
          if (seen == text) return answer_error(q, "duplicate_option", item.dump() + " is chosen twice");
        parsed.items.push_back(text);
      }
      if (q.max_selected > 0 && static_cast<int>(parsed.items.size()) > q.max_selected)
        return answer_error(q, "too_many",
                            std::to_string(parsed.items.size()) + " choices; at most " +
                                std::to_string(q.max_selected) + " are allowed");
      break;
    case QuestionType::number: {
      if (!value.is_number()) return type_error(q, "must be a number", value);
      double v = value.number();
      if (v < q.min || v > q.max)
        return answer_error(q, "out_of_range",
                            "must be from " + format_number(q.min) + " to " + format_number(q.max) + ", but is " +
                                format_number(v));
      double scale = 1;  // 10^decimals, exact (the loader allows 0-2 decimals)
      for (int d = 0; d < q.decimals; ++d) scale *= 10;
      double scaled = v * scale;
      if (std::fabs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, std::fabs(scaled)))
        return answer_error(q, "too_precise",
                            format_number(v) + " has more than " + std::to_string(q.decimals) + " decimals");
      parsed.number = v;
      break;
    }
    case QuestionType::comment: {
      if (!value.is_string()) return type_error(q, "must be a string", value);
      std::string_view text = value.string();
      std::size_t length = utf8_length(text);
      if (length > static_cast<std::size_t>(q.max_length))
        return answer_error(q, "too_long",
                            "is " + std::to_string(length) + " characters long; at most " +
                                std::to_string(q.max_length) + " are allowed");
      parsed.text = text;
      break;
    }
  }
  parsed.has = true;
  parsed.type = q.type;
  answer = std::move(parsed);
  answer.item_values.clear();
  for (const std::string& item : answer.items) answer.item_values.push_back(Value::string(item));
  return {};
}

}  // namespace detail
}  // namespace sos
