// Runs the built `sos` tool as a user would, for the tool tests.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace sos::testing {

struct ToolRun {
  int status;          // exit status, -1 when the tool did not exit normally
  std::string output;  // stdout, and stderr unless `stdout_only`
};

inline ToolRun run_tool(const std::string& arguments, const std::string& folder = "", bool stdout_only = false) {
  std::string command = (folder.empty() ? "" : "cd '" + folder + "' && ") + std::string(SOS_TOOL_PATH) + " " +
                        arguments + (stdout_only ? " 2>/dev/null" : " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ToolRun result{-1, {}};
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace sos::testing
