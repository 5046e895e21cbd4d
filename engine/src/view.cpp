// This file offers the JSON views of a session (sos/view.h): survey info,
// the current page, the review and the respondent's profile.
#include "sos/view.h"

#include <cmath>

#include "messages.h"
#include "sos/detail/number.h"
#include "sos/score.h"
#include "view_json.h"

namespace sos {
namespace detail {

// Invalid UTF-8 cannot reach here through the loader, but a view must never
// throw: replace rather than fail.
std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json messages_array(const std::vector<Message>& messages) {
  Json out = Json::array();
  for (const Message& m : messages) out.push_back({{"question", m.question}, {"code", m.code}, {"text", m.text}});
  return out;
}

Json error_object(const Error& error) {
  return {{"code", error.code}, {"pointer", error.pointer}, {"message", error.message}};
}

Json progress_object(const Progress& p) {
  return {{"answered", p.answered},
          {"required", p.required},
          {"percent", p.required == 0 ? 100 : p.answered * 100 / p.required}};
}

}  // namespace detail

namespace {

using detail::Json;

struct Texts {
  const Survey& survey;
  const std::string& language;
  std::string operator()(const Text& text) const { return std::string(text.in(language, survey.fallback_language)); }
  std::string builtin(std::string_view code) const { return detail::message(survey, code, language); }
};

// Languages that write a decimal comma; numbers shown to respondents follow it.
bool decimal_comma(std::string_view language) {
  for (std::string_view l : {"sv", "nb", "nn", "no", "da", "fi", "de", "fr", "es", "it", "nl", "pt", "pl"})
    if (l == language) return true;
  return false;
}

std::string localized_number(double value, std::string_view language) {
  std::string text = detail::format_number(value);
  if (decimal_comma(language))
    for (char& c : text)
      if (c == '.') c = ',';
  return text;
}

Json answer_value(const Session& session, int q) {
  auto parsed = detail::parse_json(session.answer_json(q));
  return parsed.ok() ? parsed.value() : Json();
}

Json scale_json(const Texts& tr, const Text& min_label, const Text& max_label, bool not_applicable) {
  Json scale = Json::object();
  scale["min"] = 1;
  scale["max"] = 5;
  scale["minLabel"] = min_label.empty() ? tr.builtin("scale_min") : tr(min_label);
  scale["maxLabel"] = max_label.empty() ? tr.builtin("scale_max") : tr(max_label);
  scale["notApplicable"] = not_applicable;
  scale["notApplicableLabel"] = tr.builtin("not_applicable");
  return scale;
}

Json question_json(const Session& session, const Texts& tr, int index) {
  const Question& q = session.survey().questions[index];
  Json out = Json::object();
  out["kind"] = "question";
  out["id"] = q.id;
  out["type"] = question_type_name(q.type);
  out["text"] = tr(q.text_for(session.role()));
  out["help"] = tr(q.help);
  out["required"] = session.question_required(index);
  out["answer"] = answer_value(session, index);
  switch (q.type) {
    case QuestionType::likert:
      out["scale"] = scale_json(tr, q.min_label, q.max_label, q.not_applicable);
      break;
    case QuestionType::choice:
    case QuestionType::multichoice: {
      Json options = Json::array();
      for (const Option& o : q.options) options.push_back({{"value", o.value}, {"text", tr(o.text)}});
      out["options"] = std::move(options);
      if (q.type == QuestionType::multichoice) {
        out["minSelected"] = q.min_selected;
        out["maxSelected"] = q.max_selected > 0 ? q.max_selected : static_cast<int>(q.options.size());
      }
      break;
    }
    case QuestionType::number:
      out["min"] = q.min;
      out["max"] = q.max;
      out["decimals"] = q.decimals;
      out["step"] = detail::format_number(std::pow(10.0, -q.decimals));
      out["decimalComma"] = decimal_comma(tr.language);
      break;
    case QuestionType::comment:
      out["maxLength"] = q.max_length;
      break;
  }
  return out;
}

Json block_elements(const Session& session, const Texts& tr, int block);

Json block_json(const Session& session, const Texts& tr, int index) {
  const Block& b = session.survey().blocks[index];
  Json out = Json::object();
  out["id"] = b.id;
  out["title"] = tr(b.title);
  if (b.kind == BlockKind::matrix) {
    out["kind"] = "matrix";
    out["help"] = tr(b.description);
    out["scale"] = scale_json(tr, b.min_label, b.max_label, b.not_applicable);
    Json rows = Json::array();
    for (const ElementRef& child : b.children) {
      if (child.is_block || !session.question_visible(child.index)) continue;
      const Question& q = session.survey().questions[child.index];
      rows.push_back({{"id", q.id},
                      {"text", tr(q.text_for(session.role()))},
                      {"required", session.question_required(child.index)},
                      {"answer", answer_value(session, child.index)}});
    }
    out["rows"] = std::move(rows);
    return out;
  }
  out["kind"] = "panel";
  out["description"] = tr(b.description);
  out["elements"] = block_elements(session, tr, index);
  return out;
}

Json block_elements(const Session& session, const Texts& tr, int block) {
  Json elements = Json::array();
  for (const ElementRef& child : session.survey().blocks[block].children) {
    if (child.is_block) {
      if (session.block_visible(child.index)) elements.push_back(block_json(session, tr, child.index));
    } else if (session.question_visible(child.index)) {
      elements.push_back(question_json(session, tr, child.index));
    }
  }
  return elements;
}

// The answer as a respondent reads it back: option texts, the scale point,
// the "don't know" label, the number with the language's decimal mark.
std::string answer_text(const Session& session, const Texts& tr, int index) {
  const Question& q = session.survey().questions[index];
  Json answer = answer_value(session, index);
  switch (q.type) {
    case QuestionType::likert:
      if (answer.is_string()) return tr.builtin("not_applicable");
      return detail::format_number(answer.get<double>()) + " / 5";
    case QuestionType::choice:
      return tr(q.options[q.option_index(answer.get<std::string>())].text);
    case QuestionType::multichoice: {
      std::string text;
      for (const Json& item : answer) {
        if (!text.empty()) text += ", ";
        text += tr(q.options[q.option_index(item.get<std::string>())].text);
      }
      return text;
    }
    case QuestionType::number:
      return localized_number(answer.get<double>(), tr.language);
    case QuestionType::comment:
      return answer.get<std::string>();
  }
  return {};
}

Json role_json(const Survey& s, const Texts& tr, int role) {
  return {{"id", s.roles[role].id}, {"title", tr(s.roles[role].title)}};
}

}  // namespace

std::string survey_info_json(const Survey& s, std::string_view language) {
  bool offered = false;
  for (const std::string& l : s.languages) offered = offered || l == language;
  const std::string resolved = offered ? std::string(language) : s.fallback_language;
  Texts tr{s, resolved};
  Json roles = Json::array();
  for (std::size_t r = 0; r < s.roles.size(); ++r) roles.push_back(role_json(s, tr, static_cast<int>(r)));
  Json attributes = Json::array();
  for (const GroupAttribute& a : s.group_attributes) {
    const char* type = a.type == AttributeType::boolean  ? "boolean"
                       : a.type == AttributeType::choice ? "choice"
                                                         : "number";
    attributes.push_back({{"id", a.id}, {"type", type}, {"values", a.values}});
  }
  Json out = {{"id", s.id},
              {"version", s.version},
              {"language", resolved},
              {"languages", s.languages},
              {"fallbackLanguage", s.fallback_language},
              {"roles", std::move(roles)},
              {"groupAttributes", std::move(attributes)}};
  return detail::dump(out);
}

std::string page_view_json(const Session& session) {
  const Survey& s = session.survey();
  Texts tr{s, session.language()};
  const int current = session.current_page();
  int number = 0, count = 0;
  bool has_previous = false;
  for (int p = 0; p < static_cast<int>(s.pages.size()); ++p) {
    if (!session.page_visible(p) && p != current) continue;
    ++count;
    if (p <= current) ++number;
    if (p < current) has_previous = true;
  }
  const Block& page = s.blocks[s.pages[current]];
  Json out = Json::object();
  out["survey"] = {{"id", s.id}, {"version", s.version}};
  out["language"] = session.language();
  out["role"] = role_json(s, tr, session.role());
  out["page"] = {{"id", page.id},  {"index", current},        {"number", number},
                 {"count", count}, {"title", tr(page.title)}, {"description", tr(page.description)}};
  out["elements"] = block_elements(session, tr, s.pages[current]);
  out["progress"] = detail::progress_object(session.progress());
  out["navigation"] = {{"previous", has_previous}, {"next", !session.on_last_page()}, {"last", session.on_last_page()}};
  return detail::dump(out);
}

std::string review_json(const Session& session) {
  const Survey& s = session.survey();
  Texts tr{s, session.language()};
  Json pages = Json::array();
  for (int p = 0; p < static_cast<int>(s.pages.size()); ++p) {
    if (!session.page_visible(p)) continue;
    Json items = Json::array();
    for (std::size_t q = 0; q < s.questions.size(); ++q) {
      const Question& question = s.questions[q];
      const int index = static_cast<int>(q);
      if (question.page != p || !session.answered(index)) continue;
      items.push_back({{"id", question.id},
                       {"text", tr(question.text_for(session.role()))},
                       {"context", question.matrix >= 0 ? tr(s.blocks[question.matrix].title) : std::string()},
                       {"answer", answer_value(session, index)},
                       {"answerText", answer_text(session, tr, index)}});
    }
    const Block& page = s.blocks[s.pages[p]];
    pages.push_back({{"id", page.id}, {"index", p}, {"title", tr(page.title)}, {"items", std::move(items)}});
  }
  Json out = Json::object();
  std::vector<Message> missing = session.validate_all();
  out["complete"] = missing.empty();
  // Each missing answer with its question's wording and page, so the
  // review can say what and where.
  Json messages = detail::messages_array(missing);
  for (Json& m : messages) {
    const Question& q = s.questions[s.question_index(m["question"].get<std::string>())];
    m["questionText"] = tr(q.text_for(session.role()));
    m["page"] = q.page;
    m["pageTitle"] = tr(s.blocks[s.pages[q.page]].title);
  }
  out["messages"] = std::move(messages);
  out["pages"] = std::move(pages);
  out["progress"] = detail::progress_object(session.progress());
  return detail::dump(out);
}

std::string profile_json(const Session& session) {
  const Survey& s = session.survey();
  Texts tr{s, session.language()};
  Json dimensions = Json::array();
  for (const DimensionScore& d : score_session(session)) {
    const Dimension& dimension = s.dimensions[d.dimension];
    Json item = {{"id", dimension.id},
                 {"title", tr(dimension.title)},
                 {"description", tr(dimension.description)},
                 {"applies", d.applies},
                 {"items", d.items},
                 {"score", nullptr},
                 {"scoreText", nullptr}};
    if (d.score_e4) {
      // Shown with one decimal, rounded half up in integers as reports do.
      const std::int64_t tenths = (*d.score_e4 + kScoreScale / 20) / (kScoreScale / 10);
      item["score"] = static_cast<double>(*d.score_e4) / kScoreScale;
      item["scoreText"] =
          std::to_string(tenths / 10) + (decimal_comma(tr.language) ? "," : ".") + std::to_string(tenths % 10);
    }
    dimensions.push_back(std::move(item));
  }
  Json out = {{"dimensions", std::move(dimensions)},
              {"scale", {{"min", 1}, {"max", 5}}},
              {"notApplicableLabel", tr.builtin("not_applicable")}};
  return detail::dump(out);
}

std::string answer_error_text(const Session& session, const Error& error) {
  const Survey& s = session.survey();
  const std::string prefix = "/answers/";
  const int q = error.pointer.rfind(prefix, 0) == 0 ? s.question_index(error.pointer.substr(prefix.size())) : -1;
  if (q < 0) return error.message;
  const Question& question = s.questions[q];
  const std::string& lang = session.language();
  const bool number = question.type == QuestionType::number;
  if (number && (error.code == "answer.out_of_range" || error.code == "answer.type_error"))
    return detail::message(s, "number_range", lang, {}, localized_number(question.min, lang),
                           localized_number(question.max, lang));
  if (number && error.code == "answer.too_precise")
    return detail::message(s, "number_decimals", lang, std::to_string(question.decimals));
  if (error.code == "answer.too_many")
    return detail::message(s, "max_selected", lang, std::to_string(question.max_selected));
  if (error.code == "answer.too_long") return detail::message(s, "too_long", lang, std::to_string(question.max_length));
  return error.message;
}

std::string messages_json(const std::vector<Message>& messages) {
  return detail::dump(detail::messages_array(messages));
}

std::string error_json(const Error& error) { return detail::dump(detail::error_object(error)); }

}  // namespace sos
