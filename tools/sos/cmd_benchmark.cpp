// This file offers `sos benchmark export|import`: moving a benchmark between
// installations.
#include <cstdio>
#include <fstream>

#include "admin.h"
#include "cli_support.h"
#include "sos/commands.h"

namespace sos::cli {

void add_benchmark_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("benchmark", "Export this installation's benchmark or import a published one");
  cmd->require_subcommand(1);
  auto store = std::make_shared<std::string>(serve::default_store_location());
  cmd->add_option("--store", *store, "Store folder; $SOS_STORE")->capture_default_str();
  struct Args {
    std::string survey = "sos_standard", source, date, output = "-", file;
  };
  auto a = std::make_shared<Args>();

  auto* exp = cmd->add_subcommand("export", "Compute the benchmark over every organisation (sos-benchmark/1)");
  exp->add_option("--survey", a->survey, "Survey id")->capture_default_str();
  exp->add_option("--source", a->source, "Who publishes it, shown with it")->required();
  exp->add_option("--date", a->date, "Date shown with it (default: today)");
  exp->add_option("--output,-o", a->output, "File ('-': standard output)")->capture_default_str();
  exp->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto doc = serve::export_benchmark(*s, a->survey, a->source, a->date);
    if (!doc.ok()) serve::exit_with(doc.error());
    if (a->output == "-") {
      std::printf("%s\n", doc->c_str());
      return;
    }
    std::ofstream out(a->output, std::ios::binary);
    out << doc.value() << "\n";
    if (!out) serve::exit_with(Error{"io.write_error", "", "cannot write " + a->output});
  });

  auto* imp = cmd->add_subcommand("import", "Keep a published benchmark; waves closed after this show it");
  imp->add_option("file", a->file, "sos-benchmark/1 JSON ('-': standard input)")->required();
  imp->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto b = serve::import_benchmark(*s, serve::read_text_or_exit(a->file));
    if (!b.ok()) serve::exit_with(b.error());
    std::printf("benchmark for %s from %s (%s) imported\n", b->survey_id.c_str(), b->source.c_str(), b->date.c_str());
  });
  // --store may come after the subcommand too.
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
