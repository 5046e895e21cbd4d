// This file offers `sos import surveyjs IN.json -o OUT.json`.
#include <cstdio>
#include <fstream>

#include "import/import_ids.h"
#include "import/surveyjs.h"
#include "sos/commands.h"
#include "sos/io.h"

namespace sos::cli {
namespace {

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// The input's file name as a survey id: "Customer Pulse.json" -> "customer_pulse".
std::string id_from_path(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (auto dot = name.rfind('.'); dot != std::string::npos && dot > 0) name.resize(dot);
  std::string id = import::fold_name(name);
  if (id.size() > 64) id.resize(64);
  while (!id.empty() && id.back() == '_') id.pop_back();
  return !id.empty() && id[0] >= 'a' && id[0] <= 'z' ? id : "imported";
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "Convert a survey written for another tool into the survey format");
  cmd->require_subcommand(1);
  auto* surveyjs = cmd->add_subcommand(
      "surveyjs", "Convert a SurveyJS survey (JSON); everything that cannot be carried is listed as a warning "
                  "with the JSON Pointer of the SurveyJS element (docs/import-surveyjs.md)");
  auto input = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  auto report = std::make_shared<std::string>();
  auto options = std::make_shared<import::Options>();
  auto id = std::make_shared<std::string>();
  auto strict = std::make_shared<bool>(false);
  auto verbose = std::make_shared<bool>(false);
  surveyjs->add_option("input", *input, "SurveyJS survey (JSON)")->required();
  surveyjs->add_option("-o,--output", *output, "Where to write the converted survey")->required();
  surveyjs->add_option("--language", options->language,
                       "Language code of SurveyJS's \"default\" texts; it becomes the fallback language")
      ->capture_default_str();
  surveyjs->add_option("--id", *id, "Survey id (default: from the input's file name)");
  surveyjs->add_option("--survey-version", options->version, "The converted survey's version")->capture_default_str();
  surveyjs->add_option("--report", *report,
                       "Also write a JSON report: every warning, how each name, value and condition was carried");
  surveyjs->add_flag("--strict", *strict, "Refuse (exit 1, write nothing) when any warning is about meaning");
  surveyjs->add_flag("--verbose,-v", *verbose, "Also print the notes (renamed ids, filled-in translations, ...)");
  surveyjs->footer(
      "Warnings are printed to stderr as: IN: warning (KIND): [code] (/pointer) message, where KIND is\n"
      "meaning (the converted survey can show, require or accept differently), dropped (not carried, decides\n"
      "nothing) or note (carried in another form; printed with --verbose).\n"
      "Exit status: 0 when converted, 1 on an error (or a meaning warning with --strict).");
  surveyjs->callback([=] {
    auto text = read_file(*input);
    if (!text.ok()) {
      print_error(*input, text.error());
      throw CLI::RuntimeError(1);
    }
    options->survey_id = id->empty() ? id_from_path(*input) : *id;
    auto result = import::convert_surveyjs(text.value(), *options);
    if (!result.ok()) {
      print_error(*input, result.error());
      throw CLI::RuntimeError(1);
    }
    int counts[3] = {0, 0, 0};
    for (const import::Warning& w : result->warnings) {
      ++counts[static_cast<int>(w.kind)];
      if (w.kind != import::WarningKind::note || *verbose)
        std::fprintf(stderr, "%s: %s\n", input->c_str(), w.to_string().c_str());
    }
    if (*strict && counts[0] > 0) {
      std::fprintf(stderr, "%s: refused: %d warning(s) about meaning (--strict)\n", input->c_str(), counts[0]);
      throw CLI::RuntimeError(1);
    }
    if (!write_text(*output, result->survey.dump(2) + "\n")) {
      print_error(*output, Error{"io.write_error", "", "cannot write " + *output});
      throw CLI::RuntimeError(1);
    }
    if (!report->empty() && !write_text(*report, result->report.dump(2) + "\n")) {
      print_error(*report, Error{"io.write_error", "", "cannot write " + *report});
      throw CLI::RuntimeError(1);
    }
    std::size_t pages = result->survey["pages"].size();
    std::printf("%s: converted to %s: %zu page(s); %d warning(s) about meaning, %d dropped, %d note(s)\n",
                input->c_str(), output->c_str(), pages, counts[0], counts[1], counts[2]);
  });
}

}  // namespace sos::cli
