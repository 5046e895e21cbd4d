// This file offers the helpers shared by the administration subcommands.
#include "cli_support.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace sos::serve {

std::string default_store_location() {
  const char* env = std::getenv("SOS_STORE");
  return env && *env ? env : "sos-store";
}

std::unique_ptr<Store> open_store_or_exit(const std::string& location) {
  auto store = open_store(location);
  if (!store.ok()) exit_with(store.error());
  return std::move(store.value());
}

void exit_with(const Error& error) {
  std::fprintf(stderr, "sos: error: %s\n", error.to_string().c_str());
  std::exit(1);
}

std::string read_text_or_exit(const std::string& path) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) exit_with(Error{"io.read_error", "", "cannot read " + path + ": " + std::strerror(errno)});
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace sos::serve
