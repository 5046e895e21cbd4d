// Small file and output helpers shared by the subcommands.
#pragma once

#include <string>

#include "sos/result.h"

namespace sos::cli {

// The whole file, or "io.read_error" naming the path and the reason.
Result<std::string> read_file(const std::string& path);

// Prints a diagnostic line to stderr: "PATH: error: [code] (/ptr) message".
void print_error(const std::string& where, const Error& error);

}  // namespace sos::cli
