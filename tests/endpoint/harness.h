// Test harness for the endpoint: a temporary store administered with the real
// `sos` binary, and a real `sos serve` process on a free loopback port.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store.h"

namespace sos::test {

using Json = nlohmann::json;

// A fresh folder under /tmp, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs the `sos` binary with `args` (no shell) and collects its output.
CommandResult run_sos(const std::vector<std::string>& args, const std::string& stdin_text = "");
// Same, failing the current test when the status is not 0.
std::string sos_ok(const std::vector<std::string>& args);

// A running `sos serve`. Stops it with SIGTERM (or SIGKILL by kill_hard()).
class ServerProcess {
 public:
  ServerProcess(const std::string& store, std::vector<std::string> extra_args = {});
  ~ServerProcess();
  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  std::unique_ptr<httplib::Client> client() const;
  void kill_hard();
  int stop();  // SIGTERM; returns the exit status
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  std::string output_;
};

// The test survey and its group attributes as used by the fixtures.
std::string source_path(const std::string& relative);
std::string read_text(const std::string& path);
// A gzip body inflated, or "<not gzip>".
std::string gunzip(const std::string& data);

}  // namespace sos::test

namespace sos::test {

inline constexpr const char* kSurvey = "tests/fixtures/surveys/basic.json";

// A company with one team under it, for tests that need no more.
inline constexpr const char* kCompanyAndNorthTree =
    "id,parent,name,headcount,performance_pay,selling,field_visits\n"
    "acme,,Acme,2,true,complex,true\n"
    "north,acme,North,12,true,volume,true\n";

// One organisation with a wave of the fixture survey and a link per group.
struct OrgSetup {
  std::string org;
  std::string wave = "w1";
  std::map<std::string, std::string> tokens;     // group -> respondent token
  std::map<std::string, std::string> link_ids;   // group -> link id
  std::map<std::string, std::string> attributes; // group -> attributes JSON
};

// Creates `org` with k = comment_k = `k`, the groups of `csv`, wave "w1" of
// the fixture survey open now, and one link per group.
OrgSetup setup_org(const std::string& store, const std::string& org, const std::string& csv, int k = 3,
                   const std::string& closes = "2099-01-01");

// `n` simulated submissions (contribution + comments) for a group.
struct Simulated {
  std::vector<std::string> contributions;
  std::vector<std::string> comments;
};
Simulated simulate_group(const std::string& attributes_json, int n, std::uint64_t seed);

// POSTs JSON. To an invite's contribution or comment URL the body is sealed
// first, as the app does, to the key the invite lookup publishes.
httplib::Result post_json(httplib::Client& c, const std::string& path, const std::string& body,
                          const httplib::Headers& headers = {});
// POSTs the body as it is (for envelope errors).
httplib::Result post_plain(httplib::Client& c, const std::string& path, const std::string& body,
                           const httplib::Headers& headers = {});

// "contribution" or "comment" for an invite's submission path; "" otherwise.
std::string seal_purpose(const std::string& path);
// `body` sealed for `purpose` to the current key of the store's keys folder.
std::string sealed(const std::string& store, const std::string& purpose, const std::string& body);

}  // namespace sos::test
