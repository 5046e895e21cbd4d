// This file offers the endpoint tests' temporary stores and server processes.
#include "harness.h"

#include <algorithm>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace sos::test {

TempDir::TempDir() {
  char pattern[] = "/tmp/sos-endpoint-XXXXXX";
  path_ = mkdtemp(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string source_path(const std::string& relative) { return std::string(SOS_SOURCE_DIR) + "/" + relative; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "<not gzip>";
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return status == Z_STREAM_END ? out : "<not gzip>";
}

namespace {

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (std::string& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

std::string drain(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, n);
  return out;
}

}  // namespace

CommandResult run_sos(const std::vector<std::string>& args, const std::string& stdin_text) {
  std::vector<std::string> full{SOS_TOOL_PATH};
  full.insert(full.end(), args.begin(), args.end());
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) posix_spawn_file_actions_addclose(&actions, fd);
  pid_t pid;
  auto argv = argv_of(full);
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  CommandResult result;
  if (rc != 0) return result;
  std::thread writer([&] {
    if (!stdin_text.empty()) (void)!write(in[1], stdin_text.data(), stdin_text.size());
    close(in[1]);
  });
  std::thread err_reader([&] { result.err = drain(err[0]); });
  result.out = drain(out[0]);
  writer.join();
  err_reader.join();
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string sos_ok(const std::vector<std::string>& args) {
  CommandResult r = run_sos(args);
  std::string line;
  for (const auto& a : args) line += a + " ";
  EXPECT_EQ(r.status, 0) << "sos " << line << "\n" << r.err;
  return r.out;
}

ServerProcess::ServerProcess(const std::string& store, std::vector<std::string> extra) {
  std::vector<std::string> args{SOS_TOOL_PATH, "serve", "--store", store, "--port", "0", "--insecure-cookies"};
  // The fixture's static files unless the test names a folder of its own.
  if (std::find(extra.begin(), extra.end(), "--www") == extra.end())
    args.insert(args.end(), {"--www", source_path("tests/endpoint/www")});
  args.insert(args.end(), extra.begin(), extra.end());
  int out[2];
  if (pipe(out)) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, out[1]);
  auto argv = argv_of(args);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  out_fd_ = out[0];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buffer[512];
    ssize_t n = read(out_fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    output_.append(buffer, n);
    auto at = output_.find("listening on http://127.0.0.1:");
    if (at != std::string::npos && output_.find('\n', at) != std::string::npos) {
      port_ = std::atoi(output_.c_str() + at + std::strlen("listening on http://127.0.0.1:"));
      break;
    }
  }
  if (port_ == 0) ADD_FAILURE() << "sos serve did not start:\n" << output_;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
  if (out_fd_ >= 0) close(out_fd_);
}

std::unique_ptr<httplib::Client> ServerProcess::client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_connection_timeout(5);
  c->set_read_timeout(20);
  return c;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  // Collect what it printed while stopping.
  int flags = fcntl(out_fd_, F_GETFL);
  fcntl(out_fd_, F_SETFL, flags | O_NONBLOCK);
  output_ += drain(out_fd_);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace sos::test

#include <mutex>

#include "sealing.h"
#include "server_keys.h"
#include "sos/simulator.h"

namespace sos::test {

OrgSetup setup_org(const std::string& store, const std::string& org, const std::string& csv, int k,
                   const std::string& closes) {
  OrgSetup s;
  s.org = org;
  // Beside a store folder; a store URI is no folder, so then under /tmp.
  std::string csv_path = (store.find("://") == std::string::npos ? store : "/tmp/sos-groups-" + std::to_string(getpid())) +
                         "-" + org + ".csv";
  std::ofstream(csv_path) << csv;
  sos_ok({"org", "create", org, "--store", store, "--name", org + " (test)", "--k", std::to_string(k),
          "--comment-k", std::to_string(k), "--origin", "https://intranet.example.com"});
  sos_ok({"group", "import", "--store", store, org, csv_path});
  if (store.find("://") != std::string::npos) std::remove(csv_path.c_str());
  sos_ok({"wave", "create", "--store", store, org, s.wave, "--survey", source_path(kSurvey), "--closes", closes});
  std::istringstream lines(sos_ok({"invite", "issue", "--store", store, org, s.wave}));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string group, id, link;
    fields >> group >> id >> link;
    s.tokens[group] = link.substr(link.find("/#/i/") + 5);
    s.link_ids[group] = id;
  }
  std::istringstream groups(sos_ok({"group", "list", "--store", store, org}));
  for (std::string line; std::getline(groups, line);) {
    auto tab = line.find('\t');
    s.attributes[line.substr(0, tab)] = line.substr(line.rfind('\t') + 1);
  }
  return s;
}

Simulated simulate_group(const std::string& attributes_json, int n, std::uint64_t seed) {
  auto loaded = load_survey(read_text(source_path(kSurvey)));
  cli::SimulationOptions options;
  options.respondents = n;
  options.seed = seed;
  options.group_json = attributes_json;
  options.role_mix = {{"seller", 3}, {"manager", 1}};
  options.comment_rate = 0.6;
  auto result = cli::simulate(loaded.survey, options);
  Simulated out;
  if (!result.ok()) {
    ADD_FAILURE() << result.error().to_string();
    return out;
  }
  for (const Submission& s : result->submissions) {
    out.contributions.push_back(s.contribution_json);
    for (const std::string& c : s.comment_jsons) out.comments.push_back(c);
  }
  return out;
}

httplib::Result post_plain(httplib::Client& c, const std::string& path, const std::string& body,
                           const httplib::Headers& headers) {
  return c.Post(path.c_str(), headers, body, "application/json");
}

std::string seal_purpose(const std::string& path) {
  auto ends = [&](const std::string& tail) {
    return path.size() > tail.size() && path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (path.find("/invite/") == std::string::npos) return "";
  return ends("/contributions") ? serve::kSealContribution : ends("/comments") ? serve::kSealComment : "";
}

std::string sealed(const std::string& store, const std::string& purpose, const std::string& body) {
  auto ring = serve::KeyRing::open(serve::default_keys_location(store), false);
  if (!ring.ok()) {
    ADD_FAILURE() << ring.error().to_string();
    return body;
  }
  auto out = serve::seal(ring->current().id, ring->current().public_point, purpose, body);
  if (!out.ok()) ADD_FAILURE() << out.error().to_string();
  return out.ok() ? out.value() : body;
}

httplib::Result post_json(httplib::Client& c, const std::string& path, const std::string& body,
                          const httplib::Headers& headers) {
  std::string purpose = seal_purpose(path);
  if (purpose.empty()) return post_plain(c, path, body, headers);
  // The published key, looked up once per link as the app does on its first
  // visit (a lookup per post would spend the token's rate). Tokens are
  // random, so the path names one link of one store.
  static std::mutex mutex;
  static std::map<std::string, std::pair<std::string, std::string>> keys;
  std::string lookup = path.substr(0, path.rfind('/'));
  const std::string& cache_key = lookup;
  std::pair<std::string, std::string> key;
  {
    std::lock_guard lock(mutex);
    auto it = keys.find(cache_key);
    if (it != keys.end()) key = it->second;
  }
  if (key.first.empty()) {
    auto invite = c.Get(lookup.c_str(), headers);
    if (!invite) return invite;
    if (invite->status != 200) return post_plain(c, path, body, headers);  // the refusal comes before any opening
    Json doc = Json::parse(invite->body);
    serve::from_base64url(doc["sealing"]["publicKey"].get<std::string>(), key.second);
    key.first = doc["sealing"]["key"];
    std::lock_guard lock(mutex);
    keys[cache_key] = key;
  }
  auto envelope = serve::seal(key.first, key.second, purpose, body);
  if (!envelope.ok()) ADD_FAILURE() << envelope.error().to_string();
  return post_plain(c, path, envelope.ok() ? envelope.value() : body, headers);
}

}  // namespace sos::test
