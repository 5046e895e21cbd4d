// This file offers the subcommands' file reading and error printing.
#include "sos/io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sos::cli {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"io.read_error", "", "cannot read " + path + ": " + std::strerror(errno)};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void print_error(const std::string& where, const Error& error) {
  std::fprintf(stderr, "%s: error: %s\n", where.c_str(), error.to_string().c_str());
}

}  // namespace sos::cli
