// `sos`: the one command-line front door for authors, operators and the demo.
#include <cstdio>

#include "sos/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"sos: the sales organisation survey.\n"
               "Validate, try and simulate surveys, and run the endpoint.",
               "sos"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sos 0.1.0");
  sos::cli::add_validate_command(app);
  sos::cli::add_narrow_command(app);
  sos::cli::add_eval_command(app);
  sos::cli::add_score_command(app);
  sos::cli::add_simulate_command(app);
  sos::cli::add_import_command(app);
  sos::cli::add_trace_command(app);
  sos::cli::add_compose_command(app);
  sos::cli::add_serve_command(app);
  sos::cli::add_org_command(app);
  sos::cli::add_group_command(app);
  sos::cli::add_wave_command(app);
  sos::cli::add_invite_command(app);
  sos::cli::add_viewer_command(app);
  sos::cli::add_benchmark_command(app);
  sos::cli::add_store_command(app);
  sos::cli::add_report_command(app);
  sos::cli::add_keys_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
