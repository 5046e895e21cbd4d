// This file offers the report's labels and colour-rule sentences in Swedish,
// English and Norwegian (bokmål).
#include "report_text.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace sos::detail {
namespace {

struct ReportText {
  std::string_view code, en, sv, nb;
};

constexpr std::array<ReportText, 9> kTexts = {{
    {"withheld", "Too few answers to show", "För få svar för att visas", "For få svar til å vises"},
    {"not_applicable", "Not applicable", "Ej tillämpligt", "Ikke aktuelt"},
    {"green", "Above {t}", "Över {t}", "Over {t}"},
    {"yellow", "At or above the benchmark", "I nivå med eller över jämförelsevärdet", "På eller over referanseverdien"},
    {"red", "Below the benchmark", "Under jämförelsevärdet", "Under referanseverdien"},
    {"neutral", "No benchmark", "Inget jämförelsevärde", "Ingen referanseverdi"},
    {"colour_rule",
     "Colours compare the score as shown, with one decimal: green above {t}; otherwise red below the "
     "benchmark and yellow at or above it; grey where there is no benchmark to compare with.",
     "Färgerna jämför värdet som det visas, med en decimal: grönt över {t}; annars rött under "
     "jämförelsevärdet och gult i nivå med eller över det; grått där det inte finns något jämförelsevärde.",
     "Fargene sammenligner verdien slik den vises, med én desimal: grønt over {t}; ellers rødt under "
     "referanseverdien og gult på eller over den; grått der det ikke finnes noen referanseverdi."},
    {"no_benchmark",
     "There is no benchmark for this report, so scores of {t} or lower are grey, without a red or yellow "
     "judgement.",
     "Det finns inget jämförelsevärde för den här rapporten, så värden på {t} eller lägre är grå, utan "
     "bedömning som röd eller gul.",
     "Det finnes ingen referanseverdi for denne rapporten, så verdier på {t} eller lavere er grå, uten "
     "vurdering som rød eller gul."},
    {"role_left_out", "{t}: not included in these figures, too few answered.",
     "{t}: ingår inte i siffrorna, för få har svarat.", "{t}: er ikke med i tallene, for få har svart."},
}};

bool uses_decimal_comma(std::string_view language) { return language == "sv" || language == "nb" || language == "no"; }

}  // namespace

std::string report_text(std::string_view code, std::string_view language, std::string_view value) {
  std::string text;
  for (const ReportText& t : kTexts)
    if (t.code == code) text = std::string(language == "sv" ? t.sv : uses_decimal_comma(language) ? t.nb : t.en);
  if (auto at = text.find("{t}"); at != std::string::npos) text.replace(at, 3, value);
  return text;
}

std::string report_language(const Survey& survey, std::string_view requested) {
  if (std::find(survey.languages.begin(), survey.languages.end(), requested) != survey.languages.end())
    return std::string(requested);
  return survey.fallback_language;
}

std::string format_tenths(int tenths, std::string_view language) {
  std::string out = tenths < 0 ? "-" : "";
  int magnitude = std::abs(tenths);
  out += std::to_string(magnitude / 10);
  out += uses_decimal_comma(language) ? ',' : '.';
  out += static_cast<char>('0' + magnitude % 10);
  return out;
}

}  // namespace sos::detail
