// The subcommands of `sos`: each file cmd_NAME.cpp adds one to the app.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "sos/survey.h"

namespace sos::cli {

// Loads a survey or prints its errors and leaves with exit status 1.
std::shared_ptr<const Survey> load_survey_or_exit(const std::string& path);

void add_validate_command(CLI::App& app);
void add_narrow_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_score_command(CLI::App& app);
void add_simulate_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_trace_command(CLI::App& app);
void add_compose_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_org_command(CLI::App& app);
void add_group_command(CLI::App& app);
void add_wave_command(CLI::App& app);
void add_invite_command(CLI::App& app);
void add_viewer_command(CLI::App& app);
void add_benchmark_command(CLI::App& app);
void add_store_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_keys_command(CLI::App& app);

}  // namespace sos::cli
