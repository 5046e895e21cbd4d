// This file offers the engine's built-in validation and scale messages.
#include "messages.h"

#include <array>

namespace sos::detail {
namespace {

struct Builtin {
  std::string_view code, en, sv, nb;
};

constexpr std::array<Builtin, 9> kBuiltins = {{
    {"required", "Please answer this question.", "Besvara frågan, tack.", "Svar på spørsmålet, takk."},
    {"min_selected", "Choose at least {n}.", "Välj minst {n}.", "Velg minst {n}."},
    {"max_selected", "Choose at most {n}.", "Välj högst {n}.", "Velg høyst {n}."},
    {"number_range", "Enter a number from {min} to {max}.", "Ange ett tal från {min} till {max}.",
     "Skriv et tall fra {min} til {max}."},
    {"number_decimals", "Use at most {n} decimals.", "Använd högst {n} decimaler.", "Bruk høyst {n} desimaler."},
    {"too_long", "Keep it to {n} characters.", "Håll dig till {n} tecken.", "Hold deg til {n} tegn."},
    {"scale_min", "Does not match at all", "Stämmer inte alls", "Stemmer ikke i det hele tatt"},
    {"scale_max", "Matches completely", "Stämmer helt", "Stemmer helt"},
    {"not_applicable", "Don't know / not applicable", "Vet inte / ej tillämpligt", "Vet ikke / ikke aktuelt"},
}};

void replace_all(std::string& text, std::string_view key, std::string_view value) {
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
}

}  // namespace

bool is_message_code(std::string_view code) {
  for (const Builtin& b : kBuiltins)
    if (b.code == code) return true;
  return false;
}

std::string message(const Survey& survey, std::string_view code, std::string_view language, std::string_view n,
                    std::string_view min, std::string_view max) {
  std::string text;
  if (auto it = survey.messages.find(code); it != survey.messages.end()) {
    text = std::string(it->second.in(language, survey.fallback_language));
  } else {
    for (const Builtin& b : kBuiltins) {
      if (b.code != code) continue;
      text = std::string(language == "sv" ? b.sv : language == "nb" || language == "no" ? b.nb : b.en);
    }
  }
  replace_all(text, "{n}", n);
  replace_all(text, "{min}", min);
  replace_all(text, "{max}", max);
  return text;
}

}  // namespace sos::detail
