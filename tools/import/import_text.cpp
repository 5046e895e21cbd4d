// This file offers the importer's text table (import_text.h): languages,
// built-in translations, and the filling of missing translations.
#include "import/import_text.h"

#include <algorithm>

namespace sos::import {
namespace {

constexpr std::size_t kMaxTextBytes = 4000;
constexpr std::size_t kMaxLanguages = 20;
constexpr const char* kPlaceholder = "$text";

struct Builtin {
  BuiltinText key;
  std::map<std::string, std::string> by_language;
};

const Builtin kBuiltins[] = {
    {BuiltinText::respondent,
     {{"en", "Respondent"}, {"sv", "Svarande"}, {"nb", "Respondent"}, {"da", "Respondent"}, {"de", "Befragte Person"},
      {"fi", "Vastaaja"}, {"fr", "Répondant"}, {"es", "Encuestado"}, {"nl", "Respondent"}}},
    {BuiltinText::yes,
     {{"en", "Yes"}, {"sv", "Ja"}, {"nb", "Ja"}, {"da", "Ja"}, {"de", "Ja"}, {"fi", "Kyllä"}, {"fr", "Oui"},
      {"es", "Sí"}, {"nl", "Ja"}}},
    {BuiltinText::no,
     {{"en", "No"}, {"sv", "Nej"}, {"nb", "Nei"}, {"da", "Nej"}, {"de", "Nein"}, {"fi", "Ei"}, {"fr", "Non"},
      {"es", "No"}, {"nl", "Nee"}}},
    {BuiltinText::other,
     {{"en", "Other"}, {"sv", "Annat"}, {"nb", "Annet"}, {"da", "Andet"}, {"de", "Sonstiges"}, {"fi", "Muu"},
      {"fr", "Autre"}, {"es", "Otro"}, {"nl", "Anders"}}},
    {BuiltinText::none,
     {{"en", "None"}, {"sv", "Inget"}, {"nb", "Ingen"}, {"da", "Ingen"}, {"de", "Keine"}, {"fi", "Ei mitään"},
      {"fr", "Aucun"}, {"es", "Ninguno"}, {"nl", "Geen"}}},
    {BuiltinText::refused,
     {{"en", "Refuse to answer"}, {"sv", "Vill inte svara"}, {"nb", "Vil ikke svare"}, {"da", "Vil ikke svare"},
      {"de", "Keine Angabe"}, {"fi", "En halua vastata"}, {"fr", "Refuse de répondre"},
      {"es", "Prefiero no responder"}, {"nl", "Wil niet antwoorden"}}},
    {BuiltinText::dont_know,
     {{"en", "Don't know"}, {"sv", "Vet inte"}, {"nb", "Vet ikke"}, {"da", "Ved ikke"}, {"de", "Weiß nicht"},
      {"fi", "En osaa sanoa"}, {"fr", "Ne sait pas"}, {"es", "No sé"}, {"nl", "Weet niet"}}},
    {BuiltinText::invalid_answer,
     {{"en", "The answer is not valid."}, {"sv", "Svaret är inte giltigt."}, {"nb", "Svaret er ikke gyldig."},
      {"da", "Svaret er ikke gyldigt."}, {"de", "Die Antwort ist nicht gültig."}, {"fi", "Vastaus ei kelpaa."},
      {"fr", "La réponse n'est pas valide."}, {"es", "La respuesta no es válida."},
      {"nl", "Het antwoord is niet geldig."}}},
};

// Cuts at a character boundary.
std::string cut(const std::string& text) {
  if (text.size() <= kMaxTextBytes) return text;
  std::size_t end = kMaxTextBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::optional<LocalizedText> TextTable::read(const nlohmann::ordered_json* value) {
  if (!value) return std::nullopt;
  LocalizedText text;
  if (value->is_string()) {
    text.by_locale["default"] = value->get<std::string>();
    return text;
  }
  if (value->is_number() || value->is_boolean()) {
    text.by_locale["default"] = value->dump();
    return text;
  }
  if (!value->is_object()) return std::nullopt;
  for (auto it = value->begin(); it != value->end(); ++it)
    if (it->is_string()) text.by_locale[it.key()] = it->get<std::string>();
  if (text.by_locale.empty()) return std::nullopt;
  return text;
}

nlohmann::ordered_json TextTable::add(LocalizedText text, std::string pointer, bool same_in_every_language) {
  pending_.push_back({std::move(text), std::move(pointer), same_in_every_language, std::nullopt});
  return {{kPlaceholder, pending_.size() - 1}};
}

nlohmann::ordered_json TextTable::add(BuiltinText text) {
  pending_.push_back({{}, "", true, text});
  return {{kPlaceholder, pending_.size() - 1}};
}

std::string TextTable::language_of(const std::string& locale) const {
  if (locale == "default") return default_language_;
  std::string code;
  for (char c : locale) {
    if (c == '-' || c == '_') break;
    code += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  if (code == "no") code = "nb";  // SurveyJS's Norwegian is bokmål
  if (code.size() < 2 || code.size() > 3) return "";
  for (char c : code)
    if (c < 'a' || c > 'z') return "";
  return code;
}

std::vector<std::string> TextTable::languages(std::vector<Warning>& warnings) {
  std::vector<std::string> out{default_language_};
  std::vector<std::string> reported;
  auto report_once = [&](const std::string& locale, const std::string& pointer, std::string message, WarningKind kind) {
    if (std::find(reported.begin(), reported.end(), locale) != reported.end()) return;
    reported.push_back(locale);
    warnings.push_back({"import.locale", pointer, std::move(message), kind});
  };
  for (const Pending& p : pending_) {
    for (const auto& [locale, text] : p.text.by_locale) {
      std::string language = language_of(locale);
      if (language.empty()) {
        report_once(locale, p.pointer + "/" + locale,
                    "the locale \"" + locale + "\" is not a language code of the survey format; its texts are left out",
                    WarningKind::dropped);
        continue;
      }
      if (locale != "default" && language != locale)
        report_once(locale, p.pointer + "/" + locale,
                    "the locale \"" + locale + "\" is carried as the language \"" + language + "\"", WarningKind::note);
      if (std::find(out.begin(), out.end(), language) != out.end()) continue;
      if (out.size() == kMaxLanguages) {
        report_once(locale, p.pointer + "/" + locale,
                    "more than " + std::to_string(kMaxLanguages) + " languages: \"" + locale + "\" is left out",
                    WarningKind::dropped);
        continue;
      }
      out.push_back(language);
    }
  }
  return out;
}

nlohmann::ordered_json TextTable::complete(const Pending& p, const std::vector<std::string>& languages,
                                   std::vector<Warning>& warnings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (p.builtin) {
    const Builtin* builtin = nullptr;
    for (const Builtin& b : kBuiltins)
      if (b.key == *p.builtin) builtin = &b;
    for (const std::string& language : languages) {
      auto it = builtin->by_language.find(language);
      if (it == builtin->by_language.end()) {
        if (std::find(warned_languages_.begin(), warned_languages_.end(), language) == warned_languages_.end()) {
          warned_languages_.push_back(language);
          warnings.push_back({"import.builtin_text", "",
                              "the texts the converter adds (the role, yes and no, default messages) have no \"" +
                                  language + "\" translation: English is used",
                              WarningKind::note});
        }
        it = builtin->by_language.find("en");
      }
      out[language] = it->second;
    }
    return out;
  }
  auto text_in = [&](const std::string& language) -> const std::string* {
    if (language == default_language_) {
      if (auto it = p.text.by_locale.find("default"); it != p.text.by_locale.end()) return &it->second;
    }
    if (auto it = p.text.by_locale.find(language); it != p.text.by_locale.end()) return &it->second;
    for (const auto& [locale, text] : p.text.by_locale)
      if (locale != "default" && language_of(locale) == language) return &text;
    return nullptr;
  };
  const std::string* fallback = text_in(default_language_);
  if (!fallback) fallback = &p.text.by_locale.begin()->second;
  std::vector<std::string> missing;
  bool cut_any = false;
  for (const std::string& language : languages) {
    const std::string* text = text_in(language);
    if (!text) {
      text = fallback;
      if (!p.same_everywhere) missing.push_back(language);
    }
    std::string value = cut(*text);
    cut_any = cut_any || value.size() != text->size();
    out[language] = value;
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& language : missing) list += (list.empty() ? "" : ", ") + language;
    warnings.push_back({"import.missing_translation", p.pointer,
                        "no text in " + list + ": the " + (text_in(default_language_) ? "default" : "first") +
                            " text is used",
                        WarningKind::note});
  }
  if (cut_any)
    warnings.push_back({"import.text_too_long", p.pointer,
                        "the text is cut to " + std::to_string(kMaxTextBytes) + " bytes", WarningKind::note});
  return out;
}

void TextTable::replace(nlohmann::ordered_json& node, const std::vector<std::string>& languages,
                        std::vector<Warning>& warnings) {
  if (node.is_object()) {
    if (node.size() == 1 && node.contains(kPlaceholder)) {
      // A text used twice (a scale label on every row) is completed once.
      std::size_t index = node[kPlaceholder].get<std::size_t>();
      auto done = completed_.find(index);
      if (done == completed_.end()) done = completed_.emplace(index, complete(pending_[index], languages, warnings)).first;
      node = done->second;
      return;
    }
    for (auto& [key, value] : node.items()) replace(value, languages, warnings);
  } else if (node.is_array()) {
    for (auto& value : node) replace(value, languages, warnings);
  }
}

void TextTable::finalize(nlohmann::ordered_json& doc, const std::vector<std::string>& languages,
                         std::vector<Warning>& warnings) {
  replace(doc, languages, warnings);
}

}  // namespace sos::import
