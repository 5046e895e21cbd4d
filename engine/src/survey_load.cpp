// This file offers sos::load_survey: JSON text to a checked survey model.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "json_adapter.h"
#include "json_doc.h"
#include "messages.h"
#include "sos/survey.h"
#include "survey_resolve.h"

namespace sos {
namespace {

// Text limits count characters (code points of the valid UTF-8 the JSON
// parser passed), as docs/survey-format.md says, not bytes.
std::size_t characters(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

using detail::JsonRef;
using detail::pointer_join;

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool valid_option_value(std::string_view value) {
  if (value.empty() || value.size() > 64) return false;
  for (char c : value)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

bool valid_language(std::string_view code) {
  if (code.size() < 2 || code.size() > 3) return false;
  for (char c : code)
    if (c < 'a' || c > 'z') return false;
  return true;
}

class Loader {
 public:
  explicit Loader(const SurveyLimits& limits) : limits_(limits) {}

  LoadResult load(std::string_view text) {
    LoadResult result;
    if (text.size() > limits_.max_bytes) {
      r_.error("limit_exceeded", "",
               "the survey is " + std::to_string(text.size()) + " bytes; the limit is " +
                   std::to_string(limits_.max_bytes));
      result.diagnostics = std::move(r_.diagnostics());
      return result;
    }
    // One pass over the text into a flat document; no tree of allocated values.
    auto json = detail::JsonDoc::parse(text);
    if (!json.ok()) {
      result.diagnostics.push_back({Severity::error, json.error()});
      return result;
    }
    read_survey(json.value().root());
    if (!r_.has_errors()) detail::resolve_survey(survey_, r_, first_question_);
    result.diagnostics = std::move(r_.diagnostics());
    if (!r_.has_errors()) result.survey = std::make_shared<Survey>(std::move(survey_));
    return result;
  }

 private:
  void read_survey(JsonRef doc) {
    if (!r_.expect_object(doc, "")) return;
    r_.check_fields(doc, "", {"$schema", "format", "id", "version", "languages", "fallbackLanguage", "roles",
                              "groupAttributes", "dimensions", "scoreBands", "pages", "messages"});
    JsonRef format = doc.find("format");
    if (!format || !format.is_string() || format.string() != kSurveyFormat) {
      r_.error("bad_format", "/format",
               "must be \"" + std::string(kSurveyFormat) + "\"" +
                   (!format ? std::string(", but is missing") : ", but is " + format.dump()));
      return;  // another format's fields would only produce noise
    }
    survey_.id = read_id(doc, "", "id");
    survey_.version = r_.get_string(doc, "", "version", true);
    if (survey_.version.empty() || survey_.version.size() > 64) {
      if (doc.contains("version") && doc.find("version").is_string())
        r_.error("bad_value", "/version", "must be 1 to 64 characters");
    }
    read_languages(doc);
    read_roles(doc);
    read_group_attributes(doc);
    read_score_bands(doc);
    read_dimensions(doc);
    read_messages(doc);
    read_pages(doc);
  }

  std::string read_id(JsonRef object, const std::string& pointer, std::string_view key) {
    std::string id = r_.get_string(object, pointer, key, true);
    if (JsonRef value = object.find(key); value && value.is_string() && !valid_id(id))
      r_.error("bad_id", pointer_join(pointer, key),
               "\"" + id + "\" is not an id: use a lowercase letter, then lowercase letters, digits or '_' (at most 64)");
    return id;
  }

  // Ids of dimensions, pages, panels, questions and rows share one namespace.
  // A claim remembers where its owner is, not the owner's pointer: pointers
  // are spelled out only for a duplicate. `object` holds the id at "id".
  struct Claim {
    enum Owner : char { dimension, block, question } owner;
    int index;  // the dimension's place in /dimensions, or the index in survey_.blocks or survey_.questions
  };
  std::string claimant_pointer(Claim claim) const {
    switch (claim.owner) {
      case Claim::dimension: return pointer_join(pointer_join("/dimensions", claim.index), "id");
      case Claim::block: return pointer_join(survey_.blocks[claim.index].pointer, "id");
      case Claim::question: break;
    }
    return pointer_join(survey_.questions[claim.index].pointer, "id");
  }
  void claim_id(const std::string& id, JsonRef object, const std::string& pointer, Claim claim) {
    if (id.empty()) return;
    // The key views the document's own text, which outlives the loading.
    auto [it, inserted] = claimed_.emplace(object.find("id").string(), claim);
    if (!inserted)
      r_.error("duplicate_id", pointer_join(pointer, "id"), "id \"" + id + "\" is already used at " + claimant_pointer(it->second));
  }

  // The array at `key`, or absent (reported when required or not an array).
  JsonRef array_field(JsonRef object, const std::string& pointer, std::string_view key, bool required) {
    JsonRef value = object.find(key);
    if (!value) {
      if (required) r_.error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
      return {};
    }
    if (value.is_array()) return value;
    r_.expect_array(value, pointer_join(pointer, key));  // reports the type
    return {};
  }

  void read_languages(JsonRef doc) {
    JsonRef languages = array_field(doc, "", "languages", true);
    if (languages) {
      if (languages.empty()) r_.error("bad_value", "/languages", "must name at least one language");
      if (static_cast<int>(languages.size()) > limits_.max_languages) {
        r_.error("limit_exceeded", "/languages",
                 std::to_string(languages.size()) + " languages; the limit is " +
                     std::to_string(limits_.max_languages));
        return;
      }
      for (std::size_t i = 0; i < languages.size(); ++i) {
        JsonRef code = languages[i];
        std::string where = pointer_join("/languages", i);
        if (!code.is_string()) {
          r_.error("type_error", where, "must be a string, but is " + std::string(code.type_name()));
        } else if (!valid_language(std::string(code.string()))) {
          r_.error("bad_value", where, code.dump() + " is not a language code such as \"sv\"");
        } else if (std::find(survey_.languages.begin(), survey_.languages.end(), std::string(code.string())) !=
                   survey_.languages.end()) {
          r_.error("duplicate_id", where, "language " + code.dump() + " is listed twice");
        } else {
          survey_.languages.push_back(std::string(code.string()));
        }
      }
    }
    survey_.fallback_language = r_.get_string(doc, "", "fallbackLanguage", true);
    if (!survey_.fallback_language.empty() && !survey_.languages.empty() &&
        std::find(survey_.languages.begin(), survey_.languages.end(), survey_.fallback_language) ==
            survey_.languages.end())
      r_.error("unknown_reference", "/fallbackLanguage",
               "\"" + survey_.fallback_language + "\" is not one of the survey's languages");
  }

  Text read_text(JsonRef object, const std::string& pointer, std::string_view key, bool required) {
    JsonRef value = object.find(key);
    if (!value) {
      if (required) r_.error("missing_field", pointer, "missing required field \"" + std::string(key) + "\"");
      return {};
    }
    return read_text_value(value, pointer, key);
  }

  // The text at `pointer` (or at its member `key`, when given).
  Text read_text_value(JsonRef value, const std::string& pointer, std::string_view key = {}) {
    // Texts are most of a survey: pointers are built only for a problem.
    auto where = [&] { return key.empty() ? pointer : pointer_join(pointer, key); };
    Text text;
    if (!value.is_object()) {
      r_.expect_object(value, where());  // reports the type
      return text;
    }
    text.by_language.reserve(survey_.languages.size());
    std::size_t known = 0;  // members that name one of the survey's languages
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string_view language = value.key_at(i);
      JsonRef entry = value.value_at(i);
      auto at = [&] { return pointer_join(where(), language); };
      if (std::find(survey_.languages.begin(), survey_.languages.end(), language) == survey_.languages.end()) {
        r_.error("unknown_field", at(), "\"" + std::string(language) + "\" is not one of the survey's languages");
        continue;
      }
      ++known;
      if (!entry.is_string()) {
        r_.error("type_error", at(), "must be a string, but is " + std::string(entry.type_name()));
      } else if (std::size_t length = characters(entry.string()); length > limits_.max_text_length) {
        r_.error("limit_exceeded", at(),
                 "text is " + std::to_string(length) + " characters long; the limit is " +
                     std::to_string(limits_.max_text_length));
      } else {
        text.by_language.emplace(language, entry.string());
      }
    }
    // An object's members have distinct keys, so when every one of them is a
    // language of the survey and there are as many, none is missing.
    if (known == survey_.languages.size()) return text;
    for (const std::string& language : survey_.languages)
      if (!value.contains(language))
        r_.error("missing_translation", where(), "no text in \"" + language + "\"");
    return text;
  }

  void read_roles(JsonRef doc) {
    JsonRef roles = array_field(doc, "", "roles", true);
    if (!roles) return;
    if (roles.empty()) r_.error("bad_value", "/roles", "must declare at least one role");
    if (static_cast<int>(roles.size()) > limits_.max_roles) {
      r_.error("limit_exceeded", "/roles",
               std::to_string(roles.size()) + " roles; the limit is " + std::to_string(limits_.max_roles));
      return;
    }
    for (std::size_t i = 0; i < roles.size(); ++i) {
      std::string where = pointer_join("/roles", i);
      JsonRef item = roles[i];
      if (!r_.expect_object(item, where)) continue;
      r_.check_fields(item, where, {"id", "title"});
      Role role{read_id(item, where, "id"), read_text(item, where, "title", true)};
      if (survey_.role_index(role.id) >= 0)
        r_.error("duplicate_id", pointer_join(where, "id"), "role \"" + role.id + "\" is declared twice");
      survey_.roles.push_back(std::move(role));
    }
  }

  void read_group_attributes(JsonRef doc) {
    JsonRef attributes = array_field(doc, "", "groupAttributes", false);
    if (!attributes) return;
    if (static_cast<int>(attributes.size()) > limits_.max_group_attributes) {
      r_.error("limit_exceeded", "/groupAttributes",
               std::to_string(attributes.size()) + " group attributes; the limit is " +
                   std::to_string(limits_.max_group_attributes));
      return;
    }
    for (std::size_t i = 0; i < attributes.size(); ++i) {
      std::string where = pointer_join("/groupAttributes", i);
      JsonRef item = attributes[i];
      if (!r_.expect_object(item, where)) continue;
      r_.check_fields(item, where, {"id", "type", "values"});
      GroupAttribute attribute;
      attribute.id = read_id(item, where, "id");
      std::string type = r_.get_string(item, where, "type", true);
      if (type == "boolean") attribute.type = AttributeType::boolean;
      else if (type == "choice") attribute.type = AttributeType::choice;
      else if (type == "number") attribute.type = AttributeType::number;
      else if (!type.empty())
        r_.error("bad_value", pointer_join(where, "type"),
                 "\"" + type + "\" is not an attribute type (boolean, choice, number)");
      if (attribute.type == AttributeType::choice) {
        JsonRef values = array_field(item, where, "values", true);
        for (std::size_t v = 0; values && v < values.size(); ++v) {
          JsonRef value = values[v];
          std::string at = pointer_join(pointer_join(where, "values"), v);
          if (!value.is_string() || !valid_option_value(std::string(value.string())))
            r_.error("bad_value", at, "must be a value of letters, digits, '_', '-' or '.', but is " + value.dump());
          else if (std::find(attribute.values.begin(), attribute.values.end(), std::string(value.string())) !=
                   attribute.values.end())
            r_.error("duplicate_option", at, "value " + value.dump() + " is listed twice");
          else
            attribute.values.push_back(std::string(value.string()));
        }
        if (values && values.empty()) r_.error("bad_value", pointer_join(where, "values"), "must list at least one value");
      } else if (item.contains("values")) {
        r_.error("unknown_field", pointer_join(where, "values"), "only a choice attribute has values");
      }
      if (survey_.group_attribute_index(attribute.id) >= 0)
        r_.error("duplicate_id", pointer_join(where, "id"), "group attribute \"" + attribute.id + "\" is declared twice");
      survey_.group_attributes.push_back(std::move(attribute));
    }
  }

  void read_score_bands(JsonRef doc) {
    JsonRef bands = array_field(doc, "", "scoreBands", false);
    if (!bands) return;
    double previous = 1.0;
    bool green_boundary = false;
    for (std::size_t i = 0; i < bands.size(); ++i) {
      std::string where = pointer_join("/scoreBands", i);
      JsonRef item = bands[i];
      if (!r_.expect_object(item, where)) continue;
      r_.check_fields(item, where, {"id", "max"});
      ScoreBand band;
      band.id = read_id(item, where, "id");
      bool last = i + 1 == bands.size();
      if (item.contains("max")) {
        double max = r_.get_number(item, where, "max", false, 0);
        if (last) r_.error("bad_value", pointer_join(where, "max"), "the last band has no max: it reaches 5");
        else if (max <= previous || max >= 5)
          r_.error("bad_value", pointer_join(where, "max"), "must rise above the band before and stay below 5");
        band.max = max;
        previous = max;
        green_boundary = green_boundary || max == 3.7;
      } else if (!last) {
        r_.error("missing_field", where, "missing required field \"max\" (only the last band has none)");
      }
      for (const ScoreBand& other : survey_.score_bands)
        if (other.id == band.id) r_.error("duplicate_id", pointer_join(where, "id"), "band \"" + band.id + "\" is declared twice");
      survey_.score_bands.push_back(std::move(band));
    }
    if (!bands.empty() && !green_boundary)
      r_.error("band_disagrees_with_colour", "/scoreBands",
               "one band must end at exactly 3.7, where the colour rule turns green");
  }

  void read_dimensions(JsonRef doc) {
    JsonRef dimensions = array_field(doc, "", "dimensions", true);
    if (!dimensions) return;
    if (static_cast<int>(dimensions.size()) > limits_.max_dimensions) {
      r_.error("limit_exceeded", "/dimensions",
               std::to_string(dimensions.size()) + " dimensions; the limit is " +
                   std::to_string(limits_.max_dimensions));
      return;
    }
    for (std::size_t i = 0; i < dimensions.size(); ++i) {
      std::string where = pointer_join("/dimensions", i);
      JsonRef item = dimensions[i];
      if (!r_.expect_object(item, where)) continue;
      r_.check_fields(item, where, {"id", "title", "description", "notApplicableIf", "strength", "tips"});
      Dimension dimension;
      dimension.id = read_id(item, where, "id");
      claim_id(dimension.id, item, where, {Claim::dimension, static_cast<int>(i)});
      dimension.title = read_text(item, where, "title", true);
      dimension.description = read_text(item, where, "description", true);
      dimension.not_applicable_if = read_condition(item, where, "notApplicableIf");
      dimension.strength = read_text(item, where, "strength", false);
      if (JsonRef tips = item.find("tips"); tips && r_.expect_object(tips, pointer_join(where, "tips"))) {
        for (std::size_t k = 0; k < tips.size(); ++k) {
          std::string_view band_id = tips.key_at(k);
          JsonRef band = tips.value_at(k);
          std::string at = pointer_join(pointer_join(where, "tips"), band_id);
          bool known = false;
          for (const ScoreBand& b : survey_.score_bands) known = known || b.id == band_id;
          if (!known) {
            r_.error("unknown_reference", at, "\"" + std::string(band_id) + "\" is not a score band");
            continue;
          }
          if (!r_.expect_array(band, at)) continue;
          std::vector<Text>& list = dimension.tips[std::string(band_id)];
          // Each tip reads as the field "tip" of an item, as it always has.
          for (std::size_t t = 0; t < band.size(); ++t)
            list.push_back(read_text_value(band[t], pointer_join(pointer_join(at, t), "tip")));
        }
      }
      survey_.dimensions.push_back(std::move(dimension));
    }
  }

  void read_messages(JsonRef doc) {
    JsonRef messages = doc.find("messages");
    if (!messages || !r_.expect_object(messages, "/messages")) return;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      std::string code(messages.key_at(i));
      if (!detail::is_message_code(code)) {
        r_.error("unknown_field", pointer_join("/messages", code), "\"" + code + "\" is not a message code");
        continue;
      }
      survey_.messages.emplace(code, read_text_value(messages.value_at(i), pointer_join("/messages", code)));
    }
  }

  std::optional<Expression> read_condition(JsonRef object, const std::string& pointer, std::string_view key) {
    JsonRef value = object.find(key);
    if (!value) return std::nullopt;
    if (!value.is_string()) {
      r_.error("type_error", pointer_join(pointer, key), "must be a string, but is " + std::string(value.type_name()));
      return std::nullopt;
    }
    auto compiled = Expression::compile(value.string(), limits_.expression);
    if (!compiled.ok()) {
      const Error& e = compiled.error();
      bool limit = e.code == "expr.limit_exceeded";
      r_.error(limit ? "limit_exceeded" : "bad_condition", pointer_join(pointer, key), e.message + " in " + value.dump());
      return std::nullopt;
    }
    return std::move(compiled).value();
  }

  std::vector<int> read_role_list(JsonRef object, const std::string& pointer) {
    std::vector<int> roles;
    JsonRef list = array_field(object, pointer, "roles", false);
    for (std::size_t i = 0; list && i < list.size(); ++i) {
      JsonRef item = list[i];
      std::string at = pointer_join(pointer_join(pointer, "roles"), i);
      int role = item.is_string() ? survey_.role_index(std::string(item.string())) : -1;
      if (role < 0) r_.error("unknown_reference", at, item.dump() + " is not a declared role");
      else roles.push_back(role);
    }
    if (list && list.empty()) r_.error("bad_value", pointer_join(pointer, "roles"), "must name at least one role");
    return roles;
  }

  std::map<int, Text> read_role_text(JsonRef object, const std::string& pointer) {
    std::map<int, Text> result;
    JsonRef texts = object.find("roleText");
    if (!texts || !r_.expect_object(texts, pointer_join(pointer, "roleText"))) return result;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::string id(texts.key_at(i));
      int role = survey_.role_index(id);
      std::string at = pointer_join(pointer_join(pointer, "roleText"), id);
      if (role < 0) {
        r_.error("unknown_reference", at, "\"" + id + "\" is not a declared role");
        continue;
      }
      result.emplace(role, read_text_value(texts.value_at(i), at));
    }
    return result;
  }

  void read_pages(JsonRef doc) {
    JsonRef pages = array_field(doc, "", "pages", true);
    if (!pages) return;
    if (pages.empty()) r_.error("bad_value", "/pages", "must hold at least one page");
    if (static_cast<int>(pages.size()) > limits_.max_pages) {
      r_.error("limit_exceeded", "/pages",
               std::to_string(pages.size()) + " pages; the limit is " + std::to_string(limits_.max_pages));
      return;
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
      std::string where = pointer_join("/pages", i);
      JsonRef item = pages[i];
      if (!r_.expect_object(item, where)) continue;
      r_.check_fields(item, where, {"id", "title", "description", "visibleIf", "roles", "elements"});
      int page_number = static_cast<int>(survey_.pages.size());
      int block = new_block(BlockKind::page, item, where, -1);
      survey_.pages.push_back(block);
      JsonRef elements = array_field(item, where, "elements", true);
      if (elements) {
        if (elements.empty()) r_.error("bad_value", pointer_join(where, "elements"), "a page must hold at least one question");
        read_elements(elements, pointer_join(where, "elements"), block, page_number, 1);
      }
    }
  }

  int new_block(BlockKind kind, JsonRef item, const std::string& where, int parent) {
    Block block;
    block.kind = kind;
    block.id = read_id(item, where, "id");
    block.pointer = where;
    claim_id(block.id, item, where, {Claim::block, static_cast<int>(survey_.blocks.size())});
    block.title = read_text(item, where, kind == BlockKind::matrix ? "text" : "title", kind == BlockKind::matrix);
    if (kind != BlockKind::matrix) block.description = read_text(item, where, "description", false);
    block.visible_if = read_condition(item, where, "visibleIf");
    block.roles = read_role_list(item, where);
    block.parent = parent;
    survey_.blocks.push_back(std::move(block));
    int index = static_cast<int>(survey_.blocks.size()) - 1;
    first_question_.push_back(static_cast<int>(survey_.questions.size()));
    return index;
  }

  void read_elements(JsonRef elements, const std::string& pointer, int parent, int page, int depth) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (too_many_questions_) return;
      std::string where = pointer_join(pointer, i);
      JsonRef item = elements[i];
      if (!r_.expect_object(item, where)) continue;
      std::string type = r_.get_string(item, where, "type", true);
      if (type == "panel") {
        if (depth > limits_.max_panel_depth) {
          r_.error("limit_exceeded", where,
                   "panels nest " + std::to_string(depth) + " deep; the limit is " +
                       std::to_string(limits_.max_panel_depth));
          continue;
        }
        r_.check_fields(item, where, {"type", "id", "title", "description", "visibleIf", "roles", "elements"});
        int block = new_block(BlockKind::panel, item, where, parent);
        survey_.blocks[parent].children.push_back({true, block});
        if (JsonRef children = array_field(item, where, "elements", true)) {
          if (children.empty()) r_.error("bad_value", pointer_join(where, "elements"), "a panel must hold at least one question");
          read_elements(children, pointer_join(where, "elements"), block, page, depth + 1);
        }
      } else if (type == "matrix") {
        read_matrix(item, where, parent, page);
      } else if (type == "likert" || type == "choice" || type == "multichoice" || type == "number" ||
                 type == "comment") {
        read_question(item, where, type, parent, page);
      } else if (!type.empty()) {
        std::string hint = (type == "text" || type == "textarea" || type == "string")
                               ? ": free text is asked only with \"comment\", whose text never enters the contribution"
                               : " (likert, choice, multichoice, number, comment, matrix, panel)";
        r_.error("unknown_type", pointer_join(where, "type"), "\"" + type + "\" is not an element type" + hint);
      }
    }
  }

  bool count_question(const std::string& where) {
    if (static_cast<int>(survey_.questions.size()) < limits_.max_questions) return true;
    r_.error("limit_exceeded", where, "more than " + std::to_string(limits_.max_questions) + " questions");
    too_many_questions_ = true;
    return false;
  }

  std::optional<ScoreRule> read_score(JsonRef item, const std::string& where) {
    JsonRef score = item.find("score");
    if (!score) return std::nullopt;
    std::string at = pointer_join(where, "score");
    if (!r_.expect_object(score, at)) return std::nullopt;
    r_.check_fields(score, at, {"dimension", "reverse", "weight"});
    ScoreRule rule;
    std::string dimension = r_.get_string(score, at, "dimension", true);
    rule.dimension = survey_.dimension_index(dimension);
    if (!dimension.empty() && rule.dimension < 0)
      r_.error("unknown_reference", pointer_join(at, "dimension"), "\"" + dimension + "\" is not a dimension");
    rule.reverse = r_.get_bool(score, at, "reverse", false);
    rule.weight = static_cast<int>(r_.get_int(score, at, "weight", 1, 1, 10));
    return rule;
  }

  void read_scale_labels(JsonRef item, const std::string& where, Text& min, Text& max) {
    min = read_text(item, where, "minLabel", false);
    max = read_text(item, where, "maxLabel", false);
  }

  void read_question(JsonRef item, const std::string& where, const std::string& type, int block, int page) {
    if (!count_question(where)) return;
    Question q;
    q.pointer = where;
    q.block = block;
    q.page = page;
    if (type == "likert") {
      q.type = QuestionType::likert;
      r_.check_fields(item, where, {"type", "id", "text", "roleText", "help", "required", "requiredIf", "visibleIf",
                                    "roles", "validators", "notApplicable", "minLabel", "maxLabel", "score"});
      q.not_applicable = r_.get_bool(item, where, "notApplicable", false);
      read_scale_labels(item, where, q.min_label, q.max_label);
      q.score = read_score(item, where);
    } else if (type == "choice" || type == "multichoice") {
      q.type = type == "choice" ? QuestionType::choice : QuestionType::multichoice;
      if (q.type == QuestionType::choice)
        r_.check_fields(item, where, {"type", "id", "text", "roleText", "help", "required", "requiredIf",
                                      "visibleIf", "roles", "validators", "options"});
      else
        r_.check_fields(item, where, {"type", "id", "text", "roleText", "help", "required", "requiredIf",
                                      "visibleIf", "roles", "validators", "options", "minSelected", "maxSelected"});
      read_options(item, where, q);
      if (q.type == QuestionType::multichoice) {
        long long count = static_cast<long long>(q.options.size());
        q.min_selected = static_cast<int>(r_.get_int(item, where, "minSelected", 0, 0, count));
        q.max_selected = static_cast<int>(r_.get_int(item, where, "maxSelected", 0, 0, count));
        if (q.max_selected > 0 && q.max_selected < q.min_selected)
          r_.error("bad_value", pointer_join(where, "maxSelected"), "must not be below minSelected");
      }
    } else if (type == "number") {
      q.type = QuestionType::number;
      r_.check_fields(item, where, {"type", "id", "text", "roleText", "help", "required", "requiredIf", "visibleIf",
                                    "roles", "validators", "min", "max", "decimals"});
      q.min = r_.get_number(item, where, "min", true, 0);
      q.max = r_.get_number(item, where, "max", true, 0);
      q.decimals = static_cast<int>(r_.get_int(item, where, "decimals", 0, 0, 2));
      constexpr double kBound = 100000;
      if (std::fabs(q.min) > kBound || std::fabs(q.max) > kBound)
        r_.error("bad_value", where, "min and max must lie within -100000 and 100000");
      else if (item.contains("min") && item.contains("max") && !(q.min < q.max))
        r_.error("bad_value", pointer_join(where, "max"), "must be greater than min");
    } else {
      q.type = QuestionType::comment;
      r_.check_fields(item, where, {"type", "id", "text", "roleText", "help", "required", "requiredIf", "visibleIf",
                                    "roles", "validators", "maxLength"});
      q.max_length = static_cast<int>(r_.get_int(item, where, "maxLength", 2000, 1, 4000));
    }
    q.id = read_id(item, where, "id");
    claim_id(q.id, item, where, {Claim::question, static_cast<int>(survey_.questions.size())});
    q.text = read_text(item, where, "text", true);
    q.role_text = read_role_text(item, where);
    q.help = read_text(item, where, "help", false);
    q.required = r_.get_bool(item, where, "required", false);
    q.required_if = read_condition(item, where, "requiredIf");
    q.visible_if = read_condition(item, where, "visibleIf");
    q.roles = read_role_list(item, where);
    read_validators(item, where, q);
    add_question(std::move(q), block);
  }

  void read_options(JsonRef item, const std::string& where, Question& q) {
    JsonRef options = array_field(item, where, "options", true);
    if (!options) return;
    std::string at = pointer_join(where, "options");
    if (options.size() < 2) r_.error("bad_value", at, "must offer at least 2 options");
    if (static_cast<int>(options.size()) > limits_.max_options) {
      r_.error("limit_exceeded", at,
               std::to_string(options.size()) + " options; the limit is " + std::to_string(limits_.max_options));
      return;
    }
    for (std::size_t i = 0; i < options.size(); ++i) {
      std::string o = pointer_join(at, i);
      JsonRef option = options[i];
      if (!r_.expect_object(option, o)) continue;
      r_.check_fields(option, o, {"value", "text"});
      Option parsed{r_.get_string(option, o, "value", true), read_text(option, o, "text", true)};
      if (option.contains("value") && option.find("value").is_string() && !valid_option_value(parsed.value))
        r_.error("bad_value", pointer_join(o, "value"),
                 "\"" + parsed.value + "\" must be 1-64 letters, digits, '_', '-' or '.'");
      if (q.option_index(parsed.value) >= 0)
        r_.error("duplicate_option", pointer_join(o, "value"), "option value \"" + parsed.value + "\" is used twice");
      q.options.push_back(std::move(parsed));
    }
  }

  void read_validators(JsonRef item, const std::string& where, Question& q) {
    JsonRef validators = array_field(item, where, "validators", false);
    for (std::size_t i = 0; validators && i < validators.size(); ++i) {
      std::string at = pointer_join(pointer_join(where, "validators"), i);
      JsonRef v = validators[i];
      if (!r_.expect_object(v, at)) continue;
      r_.check_fields(v, at, {"expression", "message"});
      if (!v.contains("expression")) r_.error("missing_field", at, "missing required field \"expression\"");
      auto expression = read_condition(v, at, "expression");
      Text message = read_text(v, at, "message", true);
      if (expression) q.validators.push_back({std::move(*expression), std::move(message)});
    }
  }

  void read_matrix(JsonRef item, const std::string& where, int parent, int page) {
    r_.check_fields(item, where, {"type", "id", "text", "help", "required", "visibleIf", "roles", "rows",
                                  "notApplicable", "minLabel", "maxLabel"});
    int block = new_block(BlockKind::matrix, item, where, parent);
    survey_.blocks[parent].children.push_back({true, block});
    Block& matrix = survey_.blocks[block];
    matrix.not_applicable = r_.get_bool(item, where, "notApplicable", false);
    matrix.required = r_.get_bool(item, where, "required", false);
    read_scale_labels(item, where, matrix.min_label, matrix.max_label);
    Text help = read_text(item, where, "help", false);
    if (!help.empty()) matrix.description = help;
    JsonRef rows = array_field(item, where, "rows", true);
    if (!rows) return;
    if (rows.empty()) r_.error("bad_value", pointer_join(where, "rows"), "must hold at least one row");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string at = pointer_join(pointer_join(where, "rows"), i);
      JsonRef row = rows[i];
      if (!r_.expect_object(row, at)) continue;
      if (!count_question(at)) return;
      r_.check_fields(row, at, {"id", "text", "roleText", "score", "visibleIf", "roles"});
      Question q;
      q.pointer = at;
      q.type = QuestionType::likert;
      q.block = block;
      q.page = page;
      q.matrix = block;
      q.id = read_id(row, at, "id");
      claim_id(q.id, row, at, {Claim::question, static_cast<int>(survey_.questions.size())});
      q.text = read_text(row, at, "text", true);
      q.role_text = read_role_text(row, at);
      q.score = read_score(row, at);
      q.visible_if = read_condition(row, at, "visibleIf");
      q.roles = read_role_list(row, at);
      const Block& m = survey_.blocks[block];
      q.required = m.required;
      q.not_applicable = m.not_applicable;
      q.min_label = m.min_label;
      q.max_label = m.max_label;
      add_question(std::move(q), block);
    }
  }

  void add_question(Question q, int block) {
    survey_.questions.push_back(std::move(q));
    survey_.blocks[block].children.push_back({false, static_cast<int>(survey_.questions.size()) - 1});
  }

  const SurveyLimits& limits_;
  detail::Reader r_{"survey"};
  Survey survey_;
  std::unordered_map<std::string_view, Claim> claimed_;  // id -> its first owner
  std::vector<int> first_question_;  // per block: index of its first question
  bool too_many_questions_ = false;
};

}  // namespace

LoadResult load_survey(std::string_view json_text, const SurveyLimits& limits) {
  return Loader(limits).load(json_text);
}

}  // namespace sos
