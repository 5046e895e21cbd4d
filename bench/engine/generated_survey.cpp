// This file offers generated_survey_json for the benchmarks.
#include "generated_survey.h"

#include <nlohmann/json.hpp>

namespace sos::bench {

std::string generated_survey_json(int questions) {
  using nlohmann::json;
  auto text = [](const std::string& s) { return json{{"en", s}, {"sv", s + " (sv)"}, {"nb", s + " (nb)"}}; };
  json survey = {{"format", "sos-survey/1"}, {"id", "generated"}, {"version", "1"},
                 {"languages", {"en", "sv", "nb"}}, {"fallbackLanguage", "en"},
                 {"roles", {{{"id", "seller"}, {"title", text("Seller")}}, {{"id", "manager"}, {"title", text("Manager")}}}},
                 {"groupAttributes", {{{"id", "selling"}, {"type", "choice"}, {"values", {"complex", "volume"}}},
                                      {{"id", "field_visits"}, {"type", "boolean"}}}},
                 {"dimensions", json::array()}, {"pages", json::array()}};
  for (int d = 0; d < 9; ++d)
    survey["dimensions"].push_back({{"id", "dim" + std::to_string(d)}, {"title", text("Dimension")},
                                    {"description", text("A generated dimension.")}});
  json options = json::array();
  for (const char* v : {"a", "b", "c", "d"}) options.push_back({{"value", v}, {"text", text(std::string("Option ") + v)}});
  for (int i = 0; i < questions; ++i) {
    if (i % 10 == 0)
      survey["pages"].push_back({{"id", "page" + std::to_string(i / 10)}, {"title", text("Page")}, {"elements", json::array()}});
    std::string id = "q" + std::to_string(i);
    json q = {{"id", id}, {"text", text("Question " + std::to_string(i))}};
    switch (i % 5) {
      case 0: case 1: case 2:
        q["type"] = "likert";
        q["notApplicable"] = true;
        q["score"] = {{"dimension", "dim" + std::to_string(i % 9)}, {"reverse", i % 7 == 0}};
        break;
      case 3:
        q["type"] = "choice";
        q["options"] = options;
        break;
      case 4:
        q["type"] = "multichoice";
        q["options"] = options;
        q["maxSelected"] = 3;
        break;
    }
    q["required"] = i % 3 != 0;
    // Conditions read nearby earlier answers, and a few read far back, so an
    // answer change has several readers.
    if (i >= 5 && i % 2 == 0)
      q["visibleIf"] = "{q" + std::to_string(i - 5) + "} != 1 or {group.selling} = 'complex'";
    else if (i >= 20 && i % 3 == 0)
      q["requiredIf"] = "count({q" + std::to_string(i - 20) + "}, {q" + std::to_string(i - 1) + "}) >= 1";
    else if (i >= 3 && i % 5 == 1)
      q["visibleIf"] = "{q" + std::to_string(i % 3) + "} notempty and {group.field_visits}";
    survey["pages"].back()["elements"].push_back(q);
  }
  return survey.dump();
}

}  // namespace sos::bench
