// This file offers `sos validate FILE...`.
#include <cstdio>

#include "sos/commands.h"
#include "sos/io.h"
#include "sos/survey.h"

namespace sos::cli {

void add_validate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "Check survey files and print every problem with its JSON Pointer");
  auto files = std::make_shared<std::vector<std::string>>();
  auto strict = std::make_shared<bool>(false);
  cmd->add_option("files", *files, "Survey definition files (JSON)")->required();
  cmd->add_flag("--strict", *strict, "Treat warnings as errors");
  cmd->footer("Exit status: 0 when every file loads, 1 otherwise.");
  cmd->callback([files, strict] {
    int failed = 0;
    for (const std::string& path : *files) {
      auto text = read_file(path);
      if (!text.ok()) {
        print_error(path, text.error());
        ++failed;
        continue;
      }
      LoadResult result = load_survey(text.value());
      int errors = 0, warnings = 0;
      for (const Diagnostic& d : result.diagnostics) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), d.to_string().c_str());
        (d.severity == Severity::error ? errors : warnings)++;
      }
      if (result.ok() && !(*strict && warnings > 0)) {
        const Survey& s = *result.survey;
        std::printf("%s: ok: %s %s, %zu pages, %zu questions, %zu dimensions, %d warning(s)\n", path.c_str(),
                    s.id.c_str(), s.version.c_str(), s.pages.size(), s.questions.size(), s.dimensions.size(),
                    warnings);
      } else {
        std::printf("%s: %d error(s), %d warning(s)\n", path.c_str(), errors, warnings);
        ++failed;
      }
    }
    if (failed) throw CLI::RuntimeError(1);
  });
}

}  // namespace sos::cli
