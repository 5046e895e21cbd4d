// This file offers `sos narrow FILE --lang CODE`.
#include <cstdio>

#include "sos/commands.h"
#include "sos/io.h"
#include "sos/survey_narrow.h"

namespace sos::cli {

void add_narrow_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "narrow", "Print a survey with the texts of one of its languages only, as the endpoint sends it for ?lang=");
  auto file = std::make_shared<std::string>();
  auto language = std::make_shared<std::string>();
  cmd->add_option("file", *file, "Survey definition file (JSON)")->required();
  cmd->add_option("--lang", *language, "One of the survey's languages")->required();
  cmd->footer("Prints the compact JSON and a newline. Exit status: 0 when narrowed, 1 otherwise.");
  cmd->callback([file, language] {
    auto text = read_file(*file);
    if (!text.ok()) {
      print_error(*file, text.error());
      throw CLI::RuntimeError(1);
    }
    auto narrowed = narrow_survey_to_language(text.value(), *language);
    if (!narrowed.ok()) {
      print_error(*file, narrowed.error());
      throw CLI::RuntimeError(1);
    }
    std::fwrite(narrowed.value().data(), 1, narrowed.value().size(), stdout);
    std::fputc('\n', stdout);
  });
}

}  // namespace sos::cli
