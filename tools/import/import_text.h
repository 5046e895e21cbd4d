// Localized texts of an imported survey: SurveyJS's strings ("Hi" or
// {"default": "Hi", "sv": "Hej"}) collected while converting, then written in
// every language found, with missing translations filled from the default
// text and reported.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "import/surveyjs.h"

namespace sos::import {

// A text by SurveyJS locale key ("default", "sv", "pt-br").
struct LocalizedText {
  std::map<std::string, std::string> by_locale;
};

// Built-in texts the importer adds, translated for common languages.
enum class BuiltinText { respondent, yes, no, other, none, refused, dont_know, invalid_answer };

class TextTable {
 public:
  explicit TextTable(std::string default_language) : default_language_(std::move(default_language)) {}

  // A SurveyJS string or localized object; nullopt when absent or not text.
  static std::optional<LocalizedText> read(const nlohmann::ordered_json* value);

  // A placeholder for a text, completed by finalize(). `pointer` is where the
  // text is in the SurveyJS file; a text that SurveyJS shows the same in
  // every language (a name used as a title) is filled without a warning.
  nlohmann::ordered_json add(LocalizedText text, std::string pointer, bool same_in_every_language = false);
  nlohmann::ordered_json add(BuiltinText text);

  // The survey's languages: the default one first, then every language the
  // texts use, in order of first appearance.
  std::vector<std::string> languages(std::vector<Warning>& warnings);
  // Replaces every placeholder in `doc` with a text in each of `languages`.
  void finalize(nlohmann::ordered_json& doc, const std::vector<std::string>& languages, std::vector<Warning>& warnings);

 private:
  struct Pending {
    LocalizedText text;
    std::string pointer;
    bool same_everywhere = false;
    std::optional<BuiltinText> builtin;
  };
  nlohmann::ordered_json complete(const Pending& pending, const std::vector<std::string>& languages,
                          std::vector<Warning>& warnings);
  void replace(nlohmann::ordered_json& node, const std::vector<std::string>& languages, std::vector<Warning>& warnings);
  // The survey language for a SurveyJS locale key, "" when unusable.
  std::string language_of(const std::string& locale) const;

  std::string default_language_;
  std::vector<Pending> pending_;
  std::vector<std::string> warned_languages_;
  std::map<std::size_t, nlohmann::ordered_json> completed_;
};

}  // namespace sos::import
