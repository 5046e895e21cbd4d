// The endpoint's request handlers over one store (internal to tools/serve):
// invite lookups, contributions and comments in; viewer sessions and released
// figures out; static files; headers, CORS and limits on everything.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <string>

#include "encoded_body.h"
#include "rate_limit.h"
#include "server.h"
#include "server_keys.h"
#include "sos/survey.h"
#include "store.h"

namespace sos::serve {

using Json = nlohmann::json;

// A wave as the handlers need it: its row, its organisation and its parsed
// pinned survey. Cached for a second; the survey for the process's life.
struct WaveInfo {
  Wave wave;
  Organisation org;
  std::shared_ptr<const Survey> survey;
};

enum class WaveState { scheduled, open, grace, closed };
const char* wave_state_name(WaveState state);
WaveState wave_state(const Wave& wave, std::int64_t now);

// Writes {"error": {"code", "message", "pointer"}} with `status`.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& pointer = "");
void send_json(httplib::Response& res, int status, const Json& body);

// Viewer responses of released waves, kept once made (api_viewer.cpp).
struct ReleasedBodies;
std::shared_ptr<ReleasedBodies> make_released_bodies();

class Endpoint {
 public:
  // Without `keys`, the ring is opened (and made on first use) from
  // options.keys or the store's default keys folder.
  Endpoint(const ServeOptions& options, std::unique_ptr<Store> store, std::shared_ptr<LiveKeyRing> keys = nullptr);
  void install(httplib::Server& server);
  Store& store() { return *store_; }

 private:
  struct Invite {
    Link link;
    std::shared_ptr<const WaveInfo> wave;
    Group group;
    std::string token_hash;
  };
  struct ViewerScope {
    ViewerToken token;
    Organisation org;
  };

  // Each returns nothing after writing the error response itself.
  std::optional<Invite> resolve_invite(const httplib::Request& req, httplib::Response& res, bool for_submission);
  std::optional<ViewerScope> resolve_viewer(const httplib::Request& req, httplib::Response& res);
  std::shared_ptr<const WaveInfo> wave_info(std::int64_t key, httplib::Response& res);
  // A link and its wave group, cached like the waves (see links_ below)
  // for submissions only, which the store checks again; a lookup reads the
  // store, so it answers a revocation at once.
  struct LinkInfo {
    Link link;
    std::optional<Group> group;  // read once the link is found live
    std::chrono::steady_clock::time_point loaded;
  };
  std::shared_ptr<const LinkInfo> link_info(const std::string& hash, httplib::Response& res, bool cached);
  bool rate_ok(RateLimiter& limiter, const std::string& key, httplib::Response& res);
  bool origin_ok(const httplib::Request& req, httplib::Response& res, const Organisation& org);
  bool json_body_ok(const httplib::Request& req, httplib::Response& res);
  // The plaintext of a sealed body, or nothing after writing the error.
  std::optional<std::string> open_body(const httplib::Request& req, httplib::Response& res, const char* purpose);
  std::string client_address(const httplib::Request& req) const;

  void get_invite(const httplib::Request& req, httplib::Response& res);
  void get_invite_survey(const httplib::Request& req, httplib::Response& res);
  void post_contribution(const httplib::Request& req, httplib::Response& res);
  void post_comment(const httplib::Request& req, httplib::Response& res);
  void preflight(const httplib::Request& req, httplib::Response& res);

  void post_session(const httplib::Request& req, httplib::Response& res);
  void delete_session(const httplib::Request& req, httplib::Response& res);
  void get_organisation(const httplib::Request& req, httplib::Response& res);
  void get_wave(const httplib::Request& req, httplib::Response& res);

  void get_static(const httplib::Request& req, httplib::Response& res);

  ServeOptions options_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<LiveKeyRing> keys_;
  RateLimiter by_token_;
  RateLimiter by_address_;
  std::mutex cache_mutex_;
  struct Cached {
    std::shared_ptr<const WaveInfo> info;
    std::chrono::steady_clock::time_point loaded;
  };
  std::map<std::int64_t, Cached> waves_;
  // Links by keyed hash, for a second, so a busy invite costs no store read
  // per request. Administration runs in other processes, so nothing here
  // can be told of a change: a stale entry may let a request through to the
  // store, whose merge checks the link and the wave again in its own
  // transaction (ContributionRecord::link), and refuses a revoked link or a
  // closed wave from the moment either is committed.
  std::unordered_map<std::string, std::shared_ptr<const LinkInfo>> links_;
  std::shared_ptr<ReleasedBodies> released_bodies_ = make_released_bodies();
  StaticFiles static_files_;
};

}  // namespace sos::serve
