// This file offers sos::narrow_survey_to_language: a survey's JSON with the
// texts of one language only.
#include "sos/survey_narrow.h"

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "json_doc.h"
#include "json_write.h"

namespace sos {
namespace {

using detail::JsonRef;

// The places of a loaded survey's localized texts, found by walking it the
// way the loader reads it (survey_load.cpp): by the field a text sits in and
// the kind of element that holds it, never by what a key looks like (a role
// or a score band may well be called "en"). Each place is known by where its
// value starts in the source text, which no other value shares.
class TextPlaces {
 public:
  void read_survey(JsonRef doc) {
    each(doc.find("roles"), [&](JsonRef role) { text(role, "title"); });
    each(doc.find("dimensions"), [&](JsonRef dimension) {
      texts(dimension, {"title", "description", "strength"});
      JsonRef tips = dimension.find("tips");
      for (std::size_t band = 0; band < members(tips); ++band) each(tips.value_at(band), [&](JsonRef tip) { add(tip); });
    });
    JsonRef messages = doc.find("messages");
    for (std::size_t i = 0; i < members(messages); ++i) add(messages.value_at(i));
    each(doc.find("pages"), [&](JsonRef page) { read_block(page); });
  }

  bool holds(JsonRef value) const {
    return std::binary_search(places_.begin(), places_.end(), value.token().data());
  }
  void sort() { std::sort(places_.begin(), places_.end()); }

 private:
  // A page or a panel.
  void read_block(JsonRef block) {
    if (!block.is_object()) return;
    texts(block, {"title", "description"});
    each(block.find("elements"), [&](JsonRef element) {
      if (!element.is_object()) return;
      JsonRef type = element.find("type");
      std::string_view kind = type && type.is_string() ? type.string() : std::string_view();
      if (kind == "panel") {
        read_block(element);
      } else {
        // Questions, and matrices, whose rows are questions of their own.
        read_question(element);
        each(element.find("rows"), [&](JsonRef row) { read_question(row); });
      }
    });
  }

  void read_question(JsonRef question) {
    texts(question, {"text", "help", "minLabel", "maxLabel"});
    JsonRef role_text = question.find("roleText");
    for (std::size_t i = 0; i < members(role_text); ++i) add(role_text.value_at(i));
    each(question.find("options"), [&](JsonRef option) { text(option, "text"); });
    each(question.find("validators"), [&](JsonRef validator) { text(validator, "message"); });
  }

  // An object's number of members (none for anything else, or when absent).
  static std::size_t members(JsonRef object) { return object && object.is_object() ? object.size() : 0; }
  // Calls `visit` with each element of an array (none for anything else).
  template <typename Visit>
  static void each(JsonRef array, Visit&& visit) {
    if (array && array.is_array())
      for (std::size_t i = 0; i < array.size(); ++i) visit(array[i]);
  }
  void text(JsonRef object, std::string_view key) {
    if (object && object.is_object()) add(object.find(key));
  }
  void texts(JsonRef object, std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys) text(object, key);
  }
  void add(JsonRef value) {
    if (value && value.is_object()) places_.push_back(value.token().data());
  }

  std::vector<const char*> places_;
};

// An object's members in the order the source lists them (the document keeps
// them sorted by key, the last of duplicates winning, as the loader reads them).
std::vector<std::size_t> members_in_source_order(JsonRef object) {
  std::vector<std::size_t> order(object.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return object.value_at(a).token().data() < object.value_at(b).token().data();
  });
  return order;
}

class Narrower {
 public:
  Narrower(const TextPlaces& places, std::string_view language) : places_(places), language_(language) {}

  std::string write_survey(JsonRef doc) {
    out_.begin_object();
    for (std::size_t i : members_in_source_order(doc)) {
      std::string_view key = doc.key_at(i);
      out_.key(key);
      if (key == "languages") out_.begin_array().string(language_).end_array();
      else if (key == "fallbackLanguage") out_.string(language_);
      else write(doc.value_at(i));
    }
    return out_.end_object().take();
  }

 private:
  void write(JsonRef value) {
    if (value.is_object() && places_.holds(value)) {
      out_.begin_object();
      if (JsonRef text = value.find(language_)) out_.key(language_).raw(text.token());
      out_.end_object();
    } else if (value.is_object()) {
      out_.begin_object();
      for (std::size_t i : members_in_source_order(value)) {
        out_.key(value.key_at(i));
        write(value.value_at(i));
      }
      out_.end_object();
    } else if (value.is_array()) {
      out_.begin_array();
      for (std::size_t i = 0; i < value.size(); ++i) write(value[i]);
      out_.end_array();
    } else {
      out_.raw(value.token());  // strings keep their escapes, numbers their spelling
    }
  }

  const TextPlaces& places_;
  std::string_view language_;
  detail::JsonWriter out_;
};

}  // namespace

Result<std::string> narrow_survey_to_language(std::string_view survey_json, std::string_view language,
                                              const SurveyLimits& limits) {
  // Only a survey that loads is narrowed: its structure is then the one the
  // walk below expects, with no field the format does not define.
  LoadResult loaded = load_survey(survey_json, limits);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.diagnostics)
      if (d.severity == Severity::error) return d.error;
    return Error{"survey.bad_format", "", "the survey does not load"};  // not reached: a failed load names an error
  }
  const std::vector<std::string>& languages = loaded.survey->languages;
  if (std::find(languages.begin(), languages.end(), language) == languages.end()) {
    std::string offered;
    for (const std::string& code : languages) offered += (offered.empty() ? "" : ", ") + code;
    return Error{"survey.unknown_language", "/languages",
                 detail::json_string(detail::valid_utf8(language)) + " is not one of the survey's languages (" +
                     offered + ")"};
  }
  auto doc = detail::JsonDoc::parse(survey_json);
  if (!doc.ok()) return doc.error();  // not reached: it loaded
  TextPlaces places;
  places.read_survey(doc.value().root());
  places.sort();
  return Narrower(places, language).write_survey(doc.value().root());
}

}  // namespace sos
