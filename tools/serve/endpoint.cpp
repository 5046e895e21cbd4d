// This file offers the endpoint's routes, shared helpers (errors, wave cache,
// limits, origins) and the static files with their security headers.
#include "endpoint.h"

#include <cstring>

#include "clock.h"
#include "crypto.h"
#include "frame_policy.h"
#include "task_queue.h"

namespace sos::serve {

const char* wave_state_name(WaveState state) {
  switch (state) {
    case WaveState::scheduled: return "scheduled";
    case WaveState::open: return "open";
    case WaveState::grace: return "grace";
    case WaveState::closed: return "closed";
  }
  return "closed";
}

WaveState wave_state(const Wave& w, std::int64_t now) {
  if (w.closed || now >= w.closes_at + w.grace_seconds) return WaveState::closed;
  if (now < w.opens_at) return WaveState::scheduled;
  if (now < w.closes_at) return WaveState::open;
  return WaveState::grace;
}

void send_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  // Error messages quote what the client sent (an Origin, a path), which may
  // be invalid UTF-8: replaced, never an exception (found by fuzzing).
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& pointer) {
  send_json(res, status,
            Json{{"format", "sos-error/1"}, {"error", {{"code", code}, {"message", message}, {"pointer", pointer}}}});
}

namespace {

const char* mime_type(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"}, {".json", "application/json"},
      {".webmanifest", "application/manifest+json"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"}};
  for (auto [ext, type] : kTypes)
    if (path.size() >= std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0)
      return type;
  return "application/octet-stream";
}

}  // namespace

Endpoint::Endpoint(const ServeOptions& options, std::unique_ptr<Store> store, std::shared_ptr<LiveKeyRing> keys)
    : options_(options),
      store_(std::move(store)),
      keys_(std::move(keys)),
      by_token_(options.token_per_minute, options.token_burst),
      by_address_(options.address_per_minute, options.address_burst) {
  if (!keys_) {
    std::string folder = options.keys.empty() ? default_keys_location(options.store) : options.keys;
    auto ring = KeyRing::open(folder, true);
    // Without keys the invite API answers 503 keys.unavailable.
    if (ring.ok()) keys_ = std::make_shared<LiveKeyRing>(folder, std::move(ring.value()));
  }
}

std::string Endpoint::client_address(const httplib::Request& req) const {
  if (!options_.forwarded_header.empty() && req.has_header(options_.forwarded_header.c_str())) {
    // The proxy appends the address it saw last: trust only that one.
    std::string value = req.get_header_value(options_.forwarded_header.c_str());
    auto comma = value.rfind(',');
    std::string last = comma == std::string::npos ? value : value.substr(comma + 1);
    auto begin = last.find_first_not_of(' ');
    return begin == std::string::npos ? req.remote_addr : last.substr(begin);
  }
  return req.remote_addr;
}

bool Endpoint::rate_ok(RateLimiter& limiter, const std::string& key, httplib::Response& res) {
  if (limiter.allow(key)) return true;
  res.set_header("Retry-After", "10");
  send_error(res, 429, "rate.limited", "too many requests; try again in a moment");
  return false;
}

bool Endpoint::json_body_ok(const httplib::Request& req, httplib::Response& res) {
  std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    send_error(res, 415, "request.content_type", "send the body as application/json");
    return false;
  }
  return true;
}

bool Endpoint::origin_ok(const httplib::Request& req, httplib::Response& res, const Organisation& org) {
  if (!req.has_header("Origin")) return true;  // not a browser's cross-origin request
  std::string origin = req.get_header_value("Origin");
  std::string host = req.get_header_value("Host");
  if (origin == "http://" + host || origin == "https://" + host) return true;
  for (const std::string& allowed : org.origins)
    if (origin == allowed) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      return true;
    }
  send_error(res, 403, "request.origin", "this organisation does not embed the survey on " + origin);
  return false;
}

std::shared_ptr<const WaveInfo> Endpoint::wave_info(std::int64_t key, httplib::Response& res) {
  auto now = std::chrono::steady_clock::now();
  std::shared_ptr<const Survey> survey;
  {
    std::lock_guard lock(cache_mutex_);
    auto it = waves_.find(key);
    if (it != waves_.end()) {
      if (now - it->second.loaded < std::chrono::seconds(1)) return it->second.info;
      survey = it->second.info->survey;  // the pinned text never changes
    }
  }
  auto wave = store_->wave_by_key(key);
  if (!wave.ok() || !wave.value()) {
    send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
    return nullptr;
  }
  auto org = store_->organisation(wave.value()->org);
  if (!org.ok() || !org.value()) {
    send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
    return nullptr;
  }
  if (!survey) {
    LoadResult loaded = load_survey(wave.value()->survey_json);
    if (!loaded.ok()) {
      send_error(res, 500, "wave.bad_survey", "the wave's pinned survey does not load");
      return nullptr;
    }
    survey = loaded.survey;
  }
  auto info = std::make_shared<WaveInfo>(WaveInfo{std::move(*wave.value()), std::move(*org.value()), survey});
  info->wave.survey_json.clear();  // parsed already; keep the cache small
  std::lock_guard lock(cache_mutex_);
  waves_[key] = Cached{info, now};
  return info;
}

void Endpoint::install(httplib::Server& server) {
  server.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy", content_security_policy("'none'")},
      {"Cross-Origin-Resource-Policy", "same-site"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
  });
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (BoundedPool::shedding()) {
      res.set_header("Connection", "close");
      res.set_header("Retry-After", "2");
      send_error(res, 503, "server.busy", "the server has no free worker; try again in a moment");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path.rfind("/api/", 0) == 0 || (req.path.rfind("/o/", 0) == 0 && req.path.find("/api/") != std::string::npos)) {
      res.set_header("Cache-Control", "no-store");
      if (!rate_ok(by_address_, "a:" + client_address(req), res)) return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 413: send_error(res, 413, "request.too_large", "the body is larger than this endpoint accepts"); break;
      case 404: send_error(res, 404, "request.not_found", "nothing here"); break;
      case 405: send_error(res, 405, "request.method", "this method is not allowed here"); break;
      default: send_error(res, res.status, "request.failed", "the request failed"); break;
    }
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_error(res, 500, "server.internal", "the server failed on this request");
  });

  const std::string token = "([A-Za-z0-9_-]{1,64})";
  // The app resolves API paths relative to where it is served, so the
  // embedded copy under /o/ORG/ reaches the same API there.
  const std::string api = "(?:/o/[A-Za-z0-9_.-]{1,64})?/api/v1";
  server.Get(api + "/health", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"format", "sos-health/1"}, {"status", "ok"}});
  });
  server.Get(api + "/invite/" + token, [this](const httplib::Request& q, httplib::Response& r) { get_invite(q, r); });
  server.Get(api + "/invite/" + token + "/survey", [this](const httplib::Request& q, httplib::Response& r) { get_invite_survey(q, r); });
  server.Post(api + "/invite/" + token + "/contributions", [this](const httplib::Request& q, httplib::Response& r) { post_contribution(q, r); });
  server.Post(api + "/invite/" + token + "/comments", [this](const httplib::Request& q, httplib::Response& r) { post_comment(q, r); });
  server.Options(api + "/invite/" + token + "/(contributions|comments)", [this](const httplib::Request& q, httplib::Response& r) { preflight(q, r); });
  server.Post(api + "/viewer/session", [this](const httplib::Request& q, httplib::Response& r) { post_session(q, r); });
  server.Delete(api + "/viewer/session", [this](const httplib::Request& q, httplib::Response& r) { delete_session(q, r); });
  server.Get(api + "/viewer/organisation", [this](const httplib::Request& q, httplib::Response& r) { get_organisation(q, r); });
  server.Get(api + "/viewer/waves/([A-Za-z0-9_.-]{1,64})/(survey|progress|figures)",
             [this](const httplib::Request& q, httplib::Response& r) { get_wave(q, r); });
  server.Get("(?:/o/[A-Za-z0-9_.-]{1,64})?/api/.*", [](const httplib::Request&, httplib::Response& res) {
    send_error(res, 404, "request.not_found", "no such API resource");
  });
  server.Get("/.*", [this](const httplib::Request& q, httplib::Response& r) { get_static(q, r); });
}

void Endpoint::get_static(const httplib::Request& req, httplib::Response& res) {
  std::string path = req.path;
  std::string frame_ancestors = "'none'";
  if (path.rfind("/o/", 0) == 0) {
    // The app as embedded by an organisation: /o/ORG/... serves the same
    // files, framable by that organisation's declared origins only.
    auto embed = split_embed_path(path);
    if (!embed) {
      send_error(res, 404, "request.not_found", "nothing here");
      return;
    }
    auto org = store_->organisation(embed->org);
    if (!org.ok() || !org.value()) {
      send_error(res, 404, "request.not_found", "nothing here");
      return;
    }
    frame_ancestors = sos::serve::frame_ancestors(org.value()->origins);
    path = embed->rest;
  }
  if (path.back() == '/') path += "index.html";
  if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos) {
    send_error(res, 404, "request.not_found", "nothing here");
    return;
  }
  const char* type = mime_type(path);
  auto body = static_files_.get(options_.www + path, type);
  if (!body) {
    send_error(res, 404, "request.not_found", "nothing here");
    return;
  }
  res.headers.erase("Content-Security-Policy");
  res.set_header("Content-Security-Policy", content_security_policy(frame_ancestors));
  res.headers.erase("Cross-Origin-Resource-Policy");
  res.set_header("Cross-Origin-Resource-Policy", resource_policy(path));
  res.set_header("Cache-Control", "no-cache");
  send_encoded(req, res, std::move(body), type);
}

}  // namespace sos::serve
