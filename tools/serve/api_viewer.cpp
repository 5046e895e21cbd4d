// This file offers the viewer API: the token-for-cookie exchange, the
// organisation's tree and waves, response progress of open waves and the
// released figures of closed ones, limited to the viewer's scope.
#include <openssl/crypto.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "clock.h"
#include "crypto.h"
#include "endpoint.h"
#include "sos/release.h"

namespace sos::serve {

// The figures body of a released wave as sent to a viewer, per (wave, the
// viewer's subtree, the organisation's synthetic flag, the stored release).
// For a large organisation parsing, scoping and writing it takes seconds, so
// it is made once rather than on every request. A stored release never
// changes and a wave's tree is pinned, but a store may give a new wave the
// key of a deleted one, so the key also holds a hash of the stored release,
// which names its organisation and wave. Oldest first out beyond kMaxBytes.
//
// Each body is kept gzipped too (encoded_body.h), made once: the server
// library would otherwise compress megabytes again for every viewer.
struct ReleasedBodies {
  using Key = std::tuple<std::int64_t, std::string, bool, std::size_t>;
  static constexpr std::size_t kMaxBytes = std::size_t{256} << 20;
  std::mutex mutex;
  std::map<Key, std::shared_ptr<const EncodedBody>> bodies;
  std::deque<Key> order;
  std::size_t bytes = 0;

  std::shared_ptr<const EncodedBody> find(const Key& key) {
    std::lock_guard lock(mutex);
    auto it = bodies.find(key);
    return it == bodies.end() ? nullptr : it->second;
  }
  void keep(const Key& key, std::shared_ptr<const EncodedBody> body) {
    std::lock_guard lock(mutex);
    if (body->size() > kMaxBytes || !bodies.emplace(key, body).second) return;
    order.push_back(key);
    bytes += body->size();
    while (bytes > kMaxBytes) {
      auto oldest = bodies.find(order.front());
      bytes -= oldest->second->size();
      bodies.erase(oldest);
      order.pop_front();
    }
  }
};

std::shared_ptr<ReleasedBodies> make_released_bodies() { return std::make_shared<ReleasedBodies>(); }

namespace {

constexpr const char* kCookie = "sos_viewer";

std::string cookie_value(const httplib::Request& req) {
  std::string header = req.get_header_value("Cookie");
  std::string prefix = std::string(kCookie) + "=";
  for (std::size_t at = 0; at < header.size();) {
    std::size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::size_t begin = header.find_first_not_of(' ', at);
    if (begin < end && header.compare(begin, prefix.size(), prefix) == 0)
      return header.substr(begin + prefix.size(), end - begin - prefix.size());
    at = end + 1;
  }
  return "";
}

std::string session_mac(const std::string& secret, const std::string& id, std::int64_t expires) {
  return keyed_hash(secret, "session", id + "." + std::to_string(expires)).substr(0, 32);
}

// The ids of `root`'s subtree in `groups` (all of them when root is empty).
std::set<std::string> subtree_of(const std::vector<Group>& groups, const std::string& root) {
  std::set<std::string> out;
  if (root.empty()) {
    for (const Group& g : groups) out.insert(g.id);
    return out;
  }
  std::map<std::string, std::vector<std::string>> children;
  bool present = false;
  for (const Group& g : groups) {
    children[g.parent].push_back(g.id);
    present |= g.id == root;
  }
  if (!present) return out;
  std::vector<std::string> stack{root};
  while (!stack.empty()) {
    std::string at = stack.back();
    stack.pop_back();
    if (!out.insert(at).second) continue;
    for (const std::string& c : children[at]) stack.push_back(c);
  }
  return out;
}

Json group_json(const Group& g, const std::set<std::string>& scope) {
  return {{"id", g.id},
          {"parent", scope.count(g.parent) ? Json(g.parent) : Json()},
          {"name", g.name},
          {"headcount", g.headcount}};
}

}  // namespace

std::optional<Endpoint::ViewerScope> Endpoint::resolve_viewer(const httplib::Request& req, httplib::Response& res) {
  std::string value = cookie_value(req);
  auto first = value.find('.'), second = value.rfind('.');
  auto refuse = [&] {
    send_error(res, 401, "viewer.no_session", "open the viewer link again to start a session");
    return std::nullopt;
  };
  if (value.empty() || first == std::string::npos || first == second) return refuse();
  std::string id = value.substr(0, first);
  std::string expires_text = value.substr(first + 1, second - first - 1);
  std::string mac = value.substr(second + 1);
  if (expires_text.empty() || expires_text.size() > 12 ||
      expires_text.find_first_not_of("0123456789") != std::string::npos)
    return refuse();
  std::int64_t expires = std::stoll(expires_text);
  std::string expected = session_mac(store_->secret(), id, expires);
  if (mac.size() != expected.size() || CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0 ||
      expires <= now_seconds())
    return refuse();
  if (!rate_ok(by_token_, "v:" + id, res)) return std::nullopt;
  auto token = store_->viewer_by_id(id);
  if (!token.ok()) {
    send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
    return std::nullopt;
  }
  if (!token.value() || token.value()->revoked || token.value()->expires_at <= now_seconds()) return refuse();
  auto org = store_->organisation(token.value()->org);
  if (!org.ok() || !org.value()) return refuse();
  return ViewerScope{std::move(*token.value()), std::move(*org.value())};
}

void Endpoint::post_session(const httplib::Request& req, httplib::Response& res) {
  if (!json_body_ok(req, res)) return;
  Json doc = Json::parse(req.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return send_error(res, 400, "viewer.bad_format", "the body must be a JSON object");
  if (doc.value("format", "") != "sos-viewer-session/1")
    return send_error(res, 400, "viewer.bad_format", "must be \"sos-viewer-session/1\"", "/format");
  if (!doc.contains("token") || !doc["token"].is_string())
    return send_error(res, 400, "viewer.bad_format", "missing or not a string", "/token");
  std::string token = doc["token"];
  auto unknown = [&] { send_error(res, 403, "viewer.unknown", "this viewer link is unknown, expired or withdrawn"); };
  if (!well_formed_token(token)) return unknown();
  std::string hash = keyed_hash(store_->secret(), "viewer", token);
  if (!rate_ok(by_token_, "v:" + hash.substr(0, 12), res)) return;
  auto viewer = store_->viewer(hash);
  if (!viewer.ok()) return send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
  std::int64_t now = now_seconds();
  if (!viewer.value() || viewer.value()->revoked || viewer.value()->expires_at <= now) return unknown();
  auto org = store_->organisation(viewer.value()->org);
  if (!org.ok() || !org.value()) return unknown();
  std::int64_t expires = std::min(now + options_.session_seconds, viewer.value()->expires_at);
  std::string cookie = std::string(kCookie) + "=" + viewer.value()->id + "." + std::to_string(expires) + "." +
                       session_mac(store_->secret(), viewer.value()->id, expires) +
                       "; Path=/api/v1/viewer; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(expires - now) +
                       (options_.secure_cookies ? "; Secure" : "");
  res.set_header("Set-Cookie", cookie);
  send_json(
      res, 200,
      {{"format", "sos-viewer-session/1"},
       {"organisation", {{"id", org.value()->id}, {"name", org.value()->name}, {"synthetic", org.value()->synthetic}}},
       {"subtree", viewer.value()->subtree.empty() ? Json() : Json(viewer.value()->subtree)},
       {"expires", iso_time(expires)}});
}

void Endpoint::delete_session(const httplib::Request&, httplib::Response& res) {
  res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/api/v1/viewer; HttpOnly; SameSite=Strict; Max-Age=0" +
                                   (options_.secure_cookies ? "; Secure" : ""));
  res.status = 204;
}

void Endpoint::get_organisation(const httplib::Request& req, httplib::Response& res) {
  auto viewer = resolve_viewer(req, res);
  if (!viewer) return;
  auto groups = store_->groups(viewer->org.id);
  auto waves = store_->waves(viewer->org.id);
  if (!groups.ok() || !waves.ok()) return send_error(res, 503, "store.unavailable", "the store cannot be read");
  auto scope = subtree_of(groups.value(), viewer->token.subtree);
  Json body = {{"format", "sos-viewer-organisation/1"},
               {"organisation",
                {{"id", viewer->org.id},
                 {"name", viewer->org.name},
                 {"k", viewer->org.k},
                 {"synthetic", viewer->org.synthetic}}},
               {"subtree", viewer->token.subtree.empty() ? Json() : Json(viewer->token.subtree)},
               {"groups", Json::array()},
               {"waves", Json::array()}};
  for (const Group& g : groups.value())
    if (scope.count(g.id)) body["groups"].push_back(group_json(g, scope));
  std::int64_t now = now_seconds();
  for (const Wave& w : waves.value())
    body["waves"].push_back({{"id", w.id},
                             {"title", w.title},
                             {"survey", {{"id", w.survey_id}, {"version", w.survey_version}}},
                             {"opens", iso_time(w.opens_at)},
                             {"closes", iso_time(w.closes_at)},
                             {"grace_until", iso_time(w.closes_at + w.grace_seconds)},
                             {"state", wave_state_name(wave_state(w, now))}});
  // Gzipped here at zlib's default level: left to the server library, the
  // tree of thousands of groups went out as brotli at its slowest, about a
  // second of CPU per page load of a 5,000-group organisation.
  auto text = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  auto encoded = std::make_shared<const EncodedBody>(encode_body(std::move(text), "application/json", kGzipPerRequest));
  send_encoded(req, res, std::move(encoded), "application/json");
}

void Endpoint::get_wave(const httplib::Request& req, httplib::Response& res) {
  auto viewer = resolve_viewer(req, res);
  if (!viewer) return;
  const std::string wave_id = req.matches[1], what = req.matches[2];
  auto wave = store_->wave(viewer->org.id, wave_id);
  if (!wave.ok()) return send_error(res, 503, "store.unavailable", "the store cannot be read");
  // Another organisation's wave is as unknown as a wave that does not exist.
  if (!wave.value()) return send_error(res, 404, "wave.unknown", "no such wave", "");
  const Wave& w = *wave.value();
  if (what == "survey") {
    res.status = 200;
    res.set_content(w.survey_json, "application/json");
    return;
  }
  auto tree = store_->wave_groups(w.key);
  if (!tree.ok()) return send_error(res, 503, "store.unavailable", "the store cannot be read");
  auto scope = subtree_of(tree.value(), viewer->token.subtree);
  WaveState state = wave_state(w, now_seconds());
  auto released = store_->release(w.key);
  if (!released.ok()) return send_error(res, 503, "store.unavailable", "the store cannot be read");

  if (what == "progress") {
    if (released.value() || w.closed)
      return send_error(res, 409, "wave.closed", "the wave is closed: read its figures instead");
    LoadResult loaded = load_survey(w.survey_json);
    auto counts = store_->respondents(w.key);
    if (!loaded.ok() || !counts.ok()) return send_error(res, 503, "store.unavailable", "the store cannot be read");
    ReleaseInput in;
    for (const Group& g : tree.value()) in.groups.push_back({g.id, g.parent, g.headcount});
    for (const auto& [group, n] : counts.value()) {
      Aggregate a{loaded.survey->id, loaded.survey->version, loaded.survey->roles.front().id, {}};
      a.cells["respondents"] = Statistic{n, 0, 0};
      in.aggregates.push_back({group, std::move(a)});
    }
    auto progress = wave_progress(*loaded.survey, in);
    if (!progress.ok()) return send_error(res, 500, progress.error().code, progress.error().message);
    Json groups = Json::array();
    for (const GroupFigures& g : progress->groups) {
      if (!scope.count(g.group)) continue;
      std::int64_t n = g.respondents.value_or(0);
      groups.push_back({{"group", g.group},
                        {"parent", scope.count(g.parent) ? Json(g.parent) : Json()},
                        {"headcount", g.headcount},
                        {"respondents", n},
                        {"rate", g.headcount > 0 ? Json(static_cast<double>(n) / g.headcount) : Json()}});
    }
    return send_json(
        res, 200,
        {{"format", "sos-progress/1"}, {"wave", w.id}, {"state", wave_state_name(state)}, {"groups", groups}});
  }

  if (!released.value())
    return send_error(
        res, 409, "wave.not_released",
        "figures are released when the wave has closed (" + iso_time(w.closes_at + w.grace_seconds) + ")");
  const ReleasedBodies::Key cached_key{w.key, viewer->token.subtree, viewer->org.synthetic,
                                       std::hash<std::string>{}(*released.value())};
  if (auto body = released_bodies_->find(cached_key)) return send_encoded(req, res, body, "application/json");
  Json stored = Json::parse(*released.value(), nullptr, false);
  auto release = parse_release(stored["release"].dump());
  if (!release.ok()) return send_error(res, 500, release.error().code, release.error().message);
  Release mine = std::move(release).value();
  if (!viewer->token.subtree.empty()) {
    std::vector<GroupFigures> all = std::move(mine.groups);
    mine.groups.clear();
    for (GroupFigures& g : all)
      if (scope.count(g.group)) {
        if (!scope.count(g.parent)) g.parent.clear();
        mine.groups.push_back(std::move(g));
      }
  }
  Json comments = Json::array();
  for (const Json& c : stored["comments"])
    if (scope.count(c.value("group", ""))) comments.push_back(c);
  // The groups' attributes as pinned for the wave: viewers know them anyway,
  // and the engine's report decides from them, by the survey's rules, which
  // dimensions apply to nobody in a group (shown "not applicable").
  Json attributes = Json::object();
  for (const Group& g : tree.value())
    if (scope.count(g.id)) attributes[g.id] = Json::parse(g.attributes_json, nullptr, false);
  // The release goes in as the engine writes it (megabytes for thousands of
  // groups), not through a JSON tree and back.
  auto dump = [](const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); };
  std::string text = "{\"format\":\"sos-viewer-figures/1\",\"organisation\":" + dump(viewer->org.id) +
                     ",\"synthetic\":" + dump(viewer->org.synthetic) + ",\"wave\":" + dump(w.id) + ",\"release\":";
  text += release_to_json(mine);
  text += ",\"comments\":" + dump(comments) + ",\"groupAttributes\":" + dump(attributes) +
          ",\"benchmark\":" + dump(stored["benchmark"]) + ",\"imported_benchmark\":" +
          dump(stored["imported_benchmark"]) + "}";
  // zlib's default level: megabytes at its smallest setting would hold up
  // the first viewer of a large organisation for a second or more.
  auto body = std::make_shared<const EncodedBody>(encode_body(std::move(text), "application/json", kGzipPerRequest));
  released_bodies_->keep(cached_key, body);
  send_encoded(req, res, body, "application/json");
}

}  // namespace sos::serve
