// This file offers the JSON views of a session (sos/view.h): survey info,
// the current page, the review and the respondent's profile.
#include "sos/view.h"

#include "messages.h"
#include "sos/detail/number.h"
#include "sos/score.h"
#include "view_json.h"

namespace sos {
namespace detail {

std::string messages_array(const std::vector<Message>& messages) {
  JsonWriter out;
  out.begin_array();
  for (const Message& m : messages)
    out.begin_object().key("code").string(m.code).key("question").string(m.question).key("text").string(m.text).end_object();
  return out.end_array().take();
}

JsonObject error_object(const Error& error) {
  JsonObject out;
  out.string("code", error.code).string("pointer", error.pointer).string("message", error.message);
  return out;
}

JsonObject progress_object(const Progress& p) {
  JsonObject out;
  out.integer("answered", p.answered)
      .integer("required", p.required)
      .integer("percent", p.required == 0 ? 100 : p.answered * 100 / p.required);
  return out;
}

}  // namespace detail

namespace {

using detail::JsonObject;
using detail::JsonWriter;

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

// The stored answer as a view shows it (the JSON value text, as it reads).
std::string answer_value(const Session& session, int q) { return detail::json_reread(session.answer_json(q)); }

std::string scale_json(const Texts& tr, const Text& min_label, const Text& max_label, bool not_applicable) {
  JsonObject scale;
  scale.integer("min", 1)
      .integer("max", 5)
      .string("minLabel", min_label.empty() ? tr.builtin("scale_min") : tr(min_label))
      .string("maxLabel", max_label.empty() ? tr.builtin("scale_max") : tr(max_label))
      .boolean("notApplicable", not_applicable)
      .string("notApplicableLabel", tr.builtin("not_applicable"));
  return scale.str();
}

std::string question_json(const Session& session, const Texts& tr, int index) {
  const Question& q = session.survey().questions[index];
  JsonObject out;
  out.string("kind", "question")
      .string("id", q.id)
      .string("type", question_type_name(q.type))
      .string("text", tr(q.text_for(session.role())))
      .string("help", tr(q.help))
      .boolean("required", session.question_required(index))
      .raw("answer", answer_value(session, index));
  switch (q.type) {
    case QuestionType::likert:
      out.raw("scale", scale_json(tr, q.min_label, q.max_label, q.not_applicable));
      break;
    case QuestionType::choice:
    case QuestionType::multichoice: {
      JsonWriter options;
      options.begin_array();
      for (const Option& o : q.options)
        options.begin_object().key("text").string(tr(o.text)).key("value").string(o.value).end_object();
      out.raw("options", options.end_array().take());
      if (q.type == QuestionType::multichoice) {
        out.integer("minSelected", q.min_selected);
        out.integer("maxSelected", q.max_selected > 0 ? q.max_selected : static_cast<int>(q.options.size()));
      }
      break;
    }
    case QuestionType::number: {
      double step = 1;  // 10^-decimals
      for (int d = 0; d < q.decimals; ++d) step /= 10;
      out.number("min", q.min)
          .number("max", q.max)
          .integer("decimals", q.decimals)
          .string("step", detail::format_number(step))
          .boolean("decimalComma", decimal_comma(tr.language));
      break;
    }
    case QuestionType::comment:
      out.integer("maxLength", q.max_length);
      break;
  }
  return out.str();
}

std::string block_elements(const Session& session, const Texts& tr, int block);

std::string block_json(const Session& session, const Texts& tr, int index) {
  const Block& b = session.survey().blocks[index];
  JsonObject out;
  out.string("id", b.id).string("title", tr(b.title));
  if (b.kind == BlockKind::matrix) {
    out.string("kind", "matrix")
        .string("help", tr(b.description))
        .raw("scale", scale_json(tr, b.min_label, b.max_label, b.not_applicable));
    JsonWriter rows;
    rows.begin_array();
    for (const ElementRef& child : b.children) {
      if (child.is_block || !session.question_visible(child.index)) continue;
      const Question& q = session.survey().questions[child.index];
      rows.begin_object()
          .key("answer").raw(answer_value(session, child.index))
          .key("id").string(q.id)
          .key("required").boolean(session.question_required(child.index))
          .key("text").string(tr(q.text_for(session.role())))
          .end_object();
    }
    out.raw("rows", rows.end_array().take());
    return out.str();
  }
  out.string("kind", "panel")
      .string("description", tr(b.description))
      .raw("elements", block_elements(session, tr, index));
  return out.str();
}

std::string block_elements(const Session& session, const Texts& tr, int block) {
  JsonWriter elements;
  elements.begin_array();
  for (const ElementRef& child : session.survey().blocks[block].children) {
    if (child.is_block) {
      if (session.block_visible(child.index)) elements.raw(block_json(session, tr, child.index));
    } else if (session.question_visible(child.index)) {
      elements.raw(question_json(session, tr, child.index));
    }
  }
  return elements.end_array().take();
}

// The answer as a respondent reads it back: option texts, the scale point,
// the "don't know" label, the number with the language's decimal mark.
std::string answer_text(const Session& session, const Texts& tr, int index) {
  const Question& q = session.survey().questions[index];
  const Value& answer = session.value(index);
  switch (q.type) {
    case QuestionType::likert:
      if (answer.kind() == ValueKind::string) return tr.builtin("not_applicable");
      return detail::format_number(answer.as_number()) + " / 5";
    case QuestionType::choice:
      return tr(q.options[q.option_index(answer.as_string())].text);
    case QuestionType::multichoice: {
      std::string text;
      for (const Value& item : answer.as_list()) {
        if (!text.empty()) text += ", ";
        text += tr(q.options[q.option_index(item.as_string())].text);
      }
      return text;
    }
    case QuestionType::number:
      return localized_number(answer.as_number(), tr.language);
    case QuestionType::comment:
      return std::string(answer.as_string());
  }
  return {};
}

std::string role_json(const Survey& s, const Texts& tr, int role) {
  return JsonWriter().begin_object().key("id").string(s.roles[role].id).key("title").string(tr(s.roles[role].title)).end_object().take();
}

}  // namespace

std::string survey_info_json(const Survey& s, std::string_view language) {
  bool offered = false;
  for (const std::string& l : s.languages) offered = offered || l == language;
  const std::string resolved = offered ? std::string(language) : s.fallback_language;
  Texts tr{s, resolved};
  JsonWriter roles;
  roles.begin_array();
  for (std::size_t r = 0; r < s.roles.size(); ++r) roles.raw(role_json(s, tr, static_cast<int>(r)));
  JsonWriter attributes;
  attributes.begin_array();
  for (const GroupAttribute& a : s.group_attributes) {
    const char* type = a.type == AttributeType::boolean  ? "boolean"
                       : a.type == AttributeType::choice ? "choice"
                                                         : "number";
    attributes.begin_object().key("id").string(a.id).key("type").string(type).key("values").strings(a.values).end_object();
  }
  JsonObject out;
  out.string("id", s.id)
      .string("version", s.version)
      .string("language", resolved)
      .strings("languages", s.languages)
      .string("fallbackLanguage", s.fallback_language)
      .raw("roles", roles.end_array().take())
      .raw("groupAttributes", attributes.end_array().take());
  return out.str();
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
  JsonObject page_info;
  page_info.string("id", page.id)
      .integer("index", current)
      .integer("number", number)
      .integer("count", count)
      .string("title", tr(page.title))
      .string("description", tr(page.description));
  JsonObject navigation;
  navigation.boolean("previous", has_previous).boolean("next", !session.on_last_page()).boolean("last", session.on_last_page());
  JsonObject out;
  out.raw("survey", JsonWriter().begin_object().key("id").string(s.id).key("version").string(s.version).end_object().take())
      .string("language", session.language())
      .raw("role", role_json(s, tr, session.role()))
      .raw("page", page_info.str())
      .raw("elements", block_elements(session, tr, s.pages[current]))
      .raw("progress", detail::progress_object(session.progress()).str())
      .raw("navigation", navigation.str());
  return out.str();
}

std::string review_json(const Session& session) {
  const Survey& s = session.survey();
  Texts tr{s, session.language()};
  JsonWriter pages;
  pages.begin_array();
  for (int p = 0; p < static_cast<int>(s.pages.size()); ++p) {
    if (!session.page_visible(p)) continue;
    const Block& page = s.blocks[s.pages[p]];
    pages.begin_object().key("id").string(page.id).key("index").integer(p).key("items").begin_array();
    for (std::size_t q = 0; q < s.questions.size(); ++q) {
      const Question& question = s.questions[q];
      const int index = static_cast<int>(q);
      if (question.page != p || !session.answered(index)) continue;
      pages.begin_object()
          .key("answer").raw(answer_value(session, index))
          .key("answerText").string(answer_text(session, tr, index))
          .key("context").string(question.matrix >= 0 ? tr(s.blocks[question.matrix].title) : std::string())
          .key("id").string(question.id)
          .key("text").string(tr(question.text_for(session.role())))
          .end_object();
    }
    pages.end_array().key("title").string(tr(page.title)).end_object();
  }
  std::vector<Message> missing = session.validate_all();
  // Each missing answer with its question's wording and page, so the
  // review can say what and where.
  JsonWriter messages;
  messages.begin_array();
  for (const Message& m : missing) {
    const Question& q = s.questions[s.question_index(m.question)];
    messages.begin_object()
        .key("code").string(m.code)
        .key("page").integer(q.page)
        .key("pageTitle").string(tr(s.blocks[s.pages[q.page]].title))
        .key("question").string(m.question)
        .key("questionText").string(tr(q.text_for(session.role())))
        .key("text").string(m.text)
        .end_object();
  }
  JsonObject out;
  out.boolean("complete", missing.empty())
      .raw("messages", messages.end_array().take())
      .raw("pages", pages.end_array().take())
      .raw("progress", detail::progress_object(session.progress()).str());
  return out.str();
}

std::string profile_json(const Session& session) {
  const Survey& s = session.survey();
  Texts tr{s, session.language()};
  JsonWriter dimensions;
  dimensions.begin_array();
  for (const DimensionScore& d : score_session(session)) {
    const Dimension& dimension = s.dimensions[d.dimension];
    JsonObject item;
    item.string("id", dimension.id)
        .string("title", tr(dimension.title))
        .string("description", tr(dimension.description))
        .boolean("applies", d.applies)
        .integer("items", d.items)
        .null("score")
        .null("scoreText");
    if (d.score_e4) {
      // Shown with one decimal, rounded half up in integers as reports do.
      const std::int64_t tenths = (*d.score_e4 + kScoreScale / 20) / (kScoreScale / 10);
      item.number("score", static_cast<double>(*d.score_e4) / kScoreScale);
      item.string("scoreText",
                  std::to_string(tenths / 10) + (decimal_comma(tr.language) ? "," : ".") + std::to_string(tenths % 10));
    }
    dimensions.raw(item.str());
  }
  JsonObject out;
  out.raw("dimensions", dimensions.end_array().take())
      .raw("scale", "{\"max\":5,\"min\":1}")
      .string("notApplicableLabel", tr.builtin("not_applicable"));
  return out.str();
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

std::string messages_json(const std::vector<Message>& messages) { return detail::messages_array(messages); }

std::string error_json(const Error& error) { return detail::error_object(error).str(); }

}  // namespace sos
