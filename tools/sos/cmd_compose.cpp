// This file offers `sos compose CUSTOMER.json`: a customer's survey from the
// standard survey, the battery and the customer file (docs/content.md).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>

#include "sos/commands.h"
#include "sos/compose.h"
#include "sos/io.h"

namespace sos::cli {
namespace {

namespace fs = std::filesystem;

// The bundled files, relative to the repository (or installation) folder.
constexpr const char* kStandardPath = "surveys/standard/survey.json";
constexpr const char* kBatteryPath = "surveys/standard/battery.json";

// Finds `relative` in the nearest folder above the customer file that holds
// it, then in the current folder and above: a customer file in
// surveys/customers/ finds the standard files of its own checkout wherever
// `sos` is run from.
std::optional<std::string> find_bundled(const std::string& customer_path, const char* relative) {
  std::error_code ec;
  for (fs::path start : {fs::absolute(customer_path, ec).parent_path(), fs::current_path(ec)}) {
    for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
      if (fs::is_regular_file(dir / relative, ec)) return (dir / relative).lexically_normal().string();
      if (dir == dir.parent_path()) break;
    }
  }
  return std::nullopt;
}

std::string read_or_exit(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) {
    print_error(path, text.error());
    throw CLI::RuntimeError(1);
  }
  return std::move(text).value();
}

void write_or_exit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    print_error(path, Error{"io.write_error", "", "cannot write " + path});
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_compose_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "compose", "Compose a customer's survey: the standard survey, chosen battery items and own questions");
  auto customer = std::make_shared<std::string>();
  auto standard = std::make_shared<std::string>();
  auto battery = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  cmd->add_option("customer", *customer, "Customer file (sos-customer/1, JSON)")->required();
  cmd->add_option("--standard", *standard,
                  std::string("Standard survey (default: ") + kStandardPath +
                      " in the nearest folder above the customer file, else above the current folder)");
  cmd->add_option("--battery", *battery,
                  std::string("Question battery (default: ") + kBatteryPath + ", found the same way)");
  cmd->add_option("-o,--output", *output, "Write the composed survey here (default: standard output)");
  cmd->footer(
      "Every problem is printed as FILE: error: [code] (/json/pointer) reason, with the pointer into the\n"
      "file at fault (the customer file for its own questions). Nothing is written unless the composed\n"
      "survey loads. Exit status: 0 when composed, 1 on any error.");
  cmd->callback([=] {
    std::string standard_path = *standard, battery_path = *battery;
    for (auto [path, relative, flag] : {std::tuple{&standard_path, kStandardPath, "--standard"},
                                        std::tuple{&battery_path, kBatteryPath, "--battery"}}) {
      if (!path->empty()) continue;
      auto found = find_bundled(*customer, relative);
      if (!found) {
        print_error(*customer, Error{"io.read_error", "",
                                     std::string("cannot find ") + relative + " above the customer file or the "
                                     "current folder: pass " + flag});
        throw CLI::RuntimeError(1);
      }
      *path = *found;
    }
    std::string customer_text = read_or_exit(*customer);
    std::string standard_text = read_or_exit(standard_path);
    std::string battery_text = read_or_exit(battery_path);
    ComposeResult result = compose_survey(standard_text, battery_text, customer_text);
    int errors = 0;
    for (const ComposeDiagnostic& d : result.diagnostics) {
      const std::string& where = d.file == ComposeFile::customer   ? *customer
                                 : d.file == ComposeFile::standard ? standard_path
                                 : d.file == ComposeFile::battery  ? battery_path
                                                                   : std::string("(composed survey)");
      std::fprintf(stderr, "%s: %s\n", where.c_str(), d.diagnostic.to_string().c_str());
      if (d.diagnostic.severity == Severity::error) ++errors;
    }
    if (!result.ok()) {
      std::fprintf(stderr, "%s: %d error(s); nothing written\n", customer->c_str(), errors);
      throw CLI::RuntimeError(1);
    }
    if (output->empty()) {
      std::fputs(result.survey_json.c_str(), stdout);
    } else {
      write_or_exit(*output, result.survey_json);
      std::fprintf(stderr, "%s: ok: composed with %s and %s into %s\n", customer->c_str(), standard_path.c_str(),
                   battery_path.c_str(), output->c_str());
    }
  });
}

}  // namespace sos::cli
