// Fuzz target: the endpoint's request handling below the socket. The input
// is read as a request (a first line "METHOD PATH", header lines, a blank
// line, the body), sent as HTTP/1.1 bytes through the same httplib parser,
// routes and handlers `sos serve` runs, against a store in a temp folder.
//
// Placeholders in the input stand for live credentials of the seeded store,
// so mutations reach past the token checks: {invite} (a respondent link of
// group "north"), {kiosk} (a kiosk link of "south"), {viewer} (a viewer
// token) and {session} (a viewer session cookie value). A body that starts
// with {sealed:contribution} or {sealed:comment} is sealed to the endpoint's
// key as the app seals it (docs/sealed-submission.md), so mutations of the
// plaintext reach the validation behind the envelope; any other body goes
// as it is and exercises the envelope's own checks.
//
// Beyond crashes and sanitizer reports, two things count as findings: an
// exception escaping a handler (the server would answer 500
// "server.internal") and a static file answer whose body is not one of the
// files of the www folder (a path that escapes it).
#include <httplib.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "admin.h"
#include "endpoint.h"
#include "sealing.h"
#include "server_keys.h"
#include "store.h"

namespace {

using sos::serve::Endpoint;

// An httplib::Server whose request processing takes a stream we hand it.
class UnboundServer : public httplib::Server {
 public:
  // The library writes a content provider's body only while its listening
  // socket is valid (an invalid one means shutting down), so this server
  // holds a socket of its own that it never binds.
  UnboundServer() { svr_sock_ = ::socket(AF_INET, SOCK_STREAM, 0); }
  bool process(httplib::Stream& stream) {
    bool closed = false;
    return process_request(stream, true, closed, [](httplib::Request&) {});
  }
};

// The request bytes in, the response bytes out.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string in) : in_(std::move(in)) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, in_.size() - at_);
    std::memcpy(ptr, in_.data() + at_, n);
    at_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  const std::string& out() const { return out_; }

 private:
  std::string in_;
  size_t at_ = 0;
  std::string out_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "fuzz_endpoint_request setup: %s\n", why.c_str());
  std::abort();
}

template <typename T>
T must(sos::Result<T> result, const char* what) {
  if (!result.ok()) fail(std::string(what) + ": " + result.error().to_string());
  return std::move(result.value());
}

void must(const sos::Status& status, const char* what) {
  if (!status.ok()) fail(std::string(what) + ": " + status.error().to_string());
}

// The seeded store, the endpoint over it and the credentials the
// placeholders stand for. The folder goes when the process exits.
struct World {
  std::string folder;
  std::string www = SOS_SOURCE_DIR "/tests/endpoint/www";
  std::set<std::string> www_files;
  std::shared_ptr<sos::serve::LiveKeyRing> keys;
  sos::serve::ServerKey key;
  std::unique_ptr<Endpoint> endpoint;
  UnboundServer server;
  std::map<std::string, std::string> placeholders;
  std::string escaped;  // what() of an exception that reached the server

  World() {
    char pattern[] = "/tmp/sos-fuzz-endpoint-XXXXXX";
    if (!mkdtemp(pattern)) fail("mkdtemp");
    folder = pattern;
    for (const auto& entry : std::filesystem::directory_iterator(www)) www_files.insert(read_text(entry.path()));

    auto store = must(sos::serve::open_store(folder + "/store"), "open_store");
    sos::serve::Store& s = *store;
    sos::serve::Organisation org;
    org.id = "acme";
    org.name = "Acme";
    org.k = 3;
    org.comment_k = 3;
    org.origins = {"https://intranet.example.com"};
    must(sos::serve::create_organisation(s, org), "create_organisation");
    // Headcounts large enough that accepted contributions never fill a group.
    auto groups = must(sos::serve::parse_groups("id,parent,name,headcount,performance_pay,selling,field_visits\n"
                                                "acme,,Acme,1000000,true,complex,true\n"
                                                "north,acme,North,1000000,true,volume,true\n"
                                                "south,acme,South,1000000,false,complex,false\n",
                                                "csv"),
                       "parse_groups");
    must(sos::serve::import_groups(s, "acme", groups), "import_groups");
    sos::serve::WaveSpec open;
    open.org = "acme";
    open.id = "w1";
    open.title = "Open wave";
    open.survey_json = read_text(SOS_SOURCE_DIR "/tests/fixtures/surveys/basic.json");
    open.opens_at = 0;
    open.closes_at = 4102444800;  // 2100-01-01
    open.grace_seconds = 86400;
    must(sos::serve::create_wave(s, open), "create_wave w1");
    sos::serve::WaveSpec closed = open;
    closed.id = "w0";
    closed.title = "Closed wave";
    must(sos::serve::create_wave(s, closed), "create_wave w0");
    must(sos::serve::close_wave(s, "acme", "w0"), "close_wave w0");
    placeholders["{invite}"] =
        must(sos::serve::issue_link(s, "acme", "w1", "north", sos::serve::LinkMode::respondent), "issue_link").token;
    placeholders["{kiosk}"] =
        must(sos::serve::issue_link(s, "acme", "w1", "south", sos::serve::LinkMode::kiosk), "issue_link").token;
    placeholders["{viewer}"] = must(sos::serve::issue_viewer(s, "acme", "", "fuzz", 4102444800), "issue_viewer").token;

    sos::serve::ServeOptions options;
    options.store = folder + "/store";
    options.www = www;
    options.token_per_minute = 0;  // no rate limits: every input reaches the handlers
    options.address_per_minute = 0;
    options.secure_cookies = false;
    auto ring = must(sos::serve::KeyRing::open(folder + "/keys", true), "KeyRing::open");
    key = ring.current();
    keys = std::make_shared<sos::serve::LiveKeyRing>(folder + "/keys", std::move(ring));
    endpoint = std::make_unique<Endpoint>(options, std::move(store), keys);
    server.set_payload_max_length(options.max_body);
    endpoint->install(server);
    // After install: an exception that reaches the server is a finding.
    server.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        escaped = ex.what();
      } catch (...) {
        escaped = "unknown exception";
      }
      res.status = 500;
    });

    std::string body = R"({"format": "sos-viewer-session/1", "token": ")" + placeholders["{viewer}"] + "\"}";
    std::string response = exchange("POST /api/v1/viewer/session HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                                    "Content-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body);
    auto at = response.find("sos_viewer=");
    if (at == std::string::npos) fail("no viewer session: " + response);
    at += std::strlen("sos_viewer=");
    placeholders["{session}"] = response.substr(at, response.find(';', at) - at);
  }

  ~World() {
    endpoint.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }

  std::string exchange(std::string request) {
    MemoryStream stream(std::move(request));
    server.process(stream);
    return stream.out();
  }
};

World& world() {
  static World w;
  return w;
}

std::string substitute(std::string text, const std::map<std::string, std::string>& placeholders) {
  for (const auto& [name, value] : placeholders)
    for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
      text.replace(at, name.size(), value);
  return text;
}

// The body as sent: sealed when it asks for it.
std::string body_of(std::string_view body, const sos::serve::ServerKey& key) {
  for (const char* purpose : {sos::serve::kSealContribution, sos::serve::kSealComment}) {
    std::string marker = std::string("{sealed:") + purpose + "}";
    if (body.substr(0, marker.size()) == marker) {
      auto sealed = sos::serve::seal(key.id, key.public_point, purpose, body.substr(marker.size()));
      if (sealed.ok()) return sealed.value();
    }
  }
  return std::string(body);
}

// "METHOD PATH\nHeader: value\n...\n\nbody" to HTTP/1.1 bytes, with a Host
// and the body's Content-Length added.
std::string to_http(std::string_view input, const sos::serve::ServerKey& key) {
  auto head_end = input.find("\n\n");
  std::string_view head = input.substr(0, head_end);
  std::string body =
      body_of(head_end == std::string_view::npos ? std::string_view() : input.substr(head_end + 2), key);
  auto line_end = head.find('\n');
  std::string out(head.substr(0, line_end));
  out += " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n";
  while (line_end != std::string_view::npos) {
    head.remove_prefix(line_end + 1);
    line_end = head.find('\n');
    out.append(head.substr(0, line_end));
    out += "\r\n";
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

// Requests whose 200 answer is not a static file's whole body.
bool not_static(const std::string& request_line) {
  auto path = request_line.substr(request_line.find(' ') + 1);
  return request_line.rfind("HEAD ", 0) == 0 || path.find("/api/") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string request = to_http(substitute(input, w.placeholders), w.key);
  std::string response = w.exchange(request);
  if (!w.escaped.empty()) {
    std::fprintf(stderr, "an exception escaped a handler: %s\n", w.escaped.c_str());
    std::abort();
  }
  // A 200 outside the API is a static file: it must be one of www's files.
  std::string request_line = request.substr(0, request.find('\r'));
  if (response.rfind("HTTP/1.1 200", 0) == 0 && !not_static(request_line)) {
    auto body_at = response.find("\r\n\r\n");
    std::string body = body_at == std::string::npos ? "" : response.substr(body_at + 4);
    if (!w.www_files.count(body)) {
      std::fprintf(stderr, "a static answer that is no file of www for: %s\n", request_line.c_str());
      std::abort();
    }
  }
  return 0;
}
