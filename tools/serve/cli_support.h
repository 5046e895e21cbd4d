// What the `sos` administration subcommands share: where the store is, and
// leaving with a printed error.
#pragma once

#include <memory>
#include <string>

#include "sos/result.h"
#include "store.h"

namespace sos::serve {

// $SOS_STORE when set, else "sos-store" (a folder in the working directory).
std::string default_store_location();
// Opens the store or prints the error and leaves with status 1.
std::unique_ptr<Store> open_store_or_exit(const std::string& location);
// Prints "sos: error: [code] (/ptr) message" and leaves with status 1.
[[noreturn]] void exit_with(const Error& error);
// The file's text or exit_with(); "-" reads standard input.
std::string read_text_or_exit(const std::string& path);

}  // namespace sos::serve
