// This file offers the invite API: the token lookup, the pinned survey, and
// contributions and comments in (docs/api.md).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "clock.h"
#include "crypto.h"
#include "endpoint.h"
#include "sealing.h"
#include "frame_policy.h"
#include "sos/contribution.h"
#include "sos/survey_narrow.h"

namespace sos::serve {

namespace {

std::string invite_base(const std::string& token) { return "/api/v1/invite/" + token; }

// Counts UTF-8 code points (the text is valid UTF-8: the JSON parser checked).
std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

void send_ack(httplib::Response& res, const std::string& kind, const std::string& id) {
  // The same body for a first arrival and a repeat: a retry cannot tell them
  // apart, and needs not.
  send_json(res, 200, {{"format", "sos-ack/1"}, {kind, id}});
}

void send_revoked(httplib::Response& res) {
  send_error(res, 410, "link.revoked", "this link was withdrawn; ask for the current one");
}

// How often the query names `key`, counted in the request's own text: the
// server library keeps a repeated name=value pair only once.
std::size_t times_given(const httplib::Request& req, const std::string& key) {
  std::size_t count = 0;
  if (std::size_t query = req.target.find('?'); query != std::string::npos) {
    const std::string text = req.target.substr(query + 1);
    httplib::detail::split(text.data(), text.data() + text.size(), '&', [&](const char* b, const char* e) {
      std::string name(b, std::find(b, e, '='));
      count += httplib::detail::decode_url(name, true) == key;
    });
  }
  return std::max(count, req.get_param_value_count(key.c_str()));
}

// The survey's language that `?lang=` names once, or nothing after writing
// the 400 that says why not.
std::optional<std::string> one_language(const httplib::Request& req, const Survey& survey, httplib::Response& res) {
  auto refuse = [&](const std::string& why) {
    send_error(res, 400, "request.bad_parameter", "query parameter \"lang\" " + why);
    return std::nullopt;
  };
  if (times_given(req, "lang") != 1) return refuse("is given more than once");
  std::string language = req.get_param_value("lang");
  if (language.empty()) return refuse("is empty: name one of the survey's languages");
  if (std::find(survey.languages.begin(), survey.languages.end(), language) == survey.languages.end()) {
    std::string offered;
    for (const std::string& code : survey.languages) offered += (offered.empty() ? "" : ", ") + code;
    return refuse(Json(language).dump(-1, ' ', false, Json::error_handler_t::replace) +
                  " is not one of the survey's languages (" + offered + ")");
  }
  return language;
}

}  // namespace

std::shared_ptr<const Endpoint::LinkInfo> Endpoint::link_info(const std::string& hash, httplib::Response& res,
                                                               bool cached) {
  auto now = std::chrono::steady_clock::now();
  if (cached) {
    std::lock_guard lock(cache_mutex_);
    auto it = links_.find(hash);
    if (it != links_.end() && now - it->second->loaded < std::chrono::seconds(1)) return it->second;
  }
  auto link = store_->link(hash);
  if (!link.ok()) {
    send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
    return nullptr;
  }
  if (!link.value()) {
    // Not kept: a link issued a moment later must work at once, and guessed
    // tokens are the rate limits' business.
    send_error(res, 404, "link.unknown", "this link is not known; check that it was copied whole");
    return nullptr;
  }
  auto info = std::make_shared<LinkInfo>(LinkInfo{std::move(*link.value()), std::nullopt, now});
  if (!info->link.revoked) {
    auto group = store_->wave_group(info->link.wave_key, info->link.group);
    if (!group.ok() || !group.value()) {
      send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
      return nullptr;
    }
    info->group = std::move(*group.value());
  }
  std::lock_guard lock(cache_mutex_);
  if (links_.size() >= 10000) std::erase_if(links_, [&](const auto& entry) { return now - entry.second->loaded >= std::chrono::seconds(1); });
  links_[hash] = info;
  return info;
}

std::optional<Endpoint::Invite> Endpoint::resolve_invite(const httplib::Request& req, httplib::Response& res,
                                                         bool for_submission) {
  const std::string token = req.matches[1];
  if (!well_formed_token(token)) {
    send_error(res, 404, "link.unknown", "this link is not known; check that it was copied whole");
    return std::nullopt;
  }
  Invite out;
  out.token_hash = keyed_hash(store_->secret(), "link", token);
  if (!rate_ok(by_token_, "t:" + out.token_hash.substr(0, 24), res)) return std::nullopt;
  auto link = link_info(out.token_hash, res, for_submission);
  if (!link) return std::nullopt;
  if (link->link.revoked) {
    send_revoked(res);
    return std::nullopt;
  }
  out.link = link->link;
  out.wave = wave_info(out.link.wave_key, res);
  if (!out.wave) return std::nullopt;
  if (!origin_ok(req, res, out.wave->org)) return std::nullopt;
  if (!embed_path_allows(req.path, out.wave->org.id)) {
    // Another organisation's /o/ path: as unknown as a wrong token there.
    send_error(res, 404, "link.unknown", "this link is not known; check that it was copied whole");
    return std::nullopt;
  }
  WaveState state = wave_state(out.wave->wave, now_seconds());
  if (state == WaveState::closed) {
    send_error(res, 410, "wave.closed", "this survey closed on " + iso_time(out.wave->wave.closes_at) +
                                            "; answers are no longer received");
    return std::nullopt;
  }
  if (state == WaveState::scheduled) {
    send_error(res, 403, "wave.not_open", "this survey opens on " + iso_time(out.wave->wave.opens_at));
    return std::nullopt;
  }
  out.group = *link->group;
  if (for_submission && !json_body_ok(req, res)) return std::nullopt;
  return out;
}

std::optional<std::string> Endpoint::open_body(const httplib::Request& req, httplib::Response& res,
                                               const char* purpose) {
  if (!keys_) {
    send_error(res, 503, "keys.unavailable", "the endpoint's keys cannot be read; try again later");
    return std::nullopt;
  }
  auto plain = open_sealed(*keys_->get(), purpose, req.body);
  if (!plain.ok()) {
    const Error& e = plain.error();
    send_error(res, 400, e.code, e.message, e.pointer);
    return std::nullopt;
  }
  return std::move(plain.value());
}

void Endpoint::get_invite(const httplib::Request& req, httplib::Response& res) {
  auto invite = resolve_invite(req, res, false);
  if (!invite) return;
  if (!keys_) {
    send_error(res, 503, "keys.unavailable", "the endpoint's keys cannot be read; try again later");
    return;
  }
  const ServerKey& key = keys_->get()->current();
  const std::string base = invite_base(req.matches[1]);
  const Survey& survey = *invite->wave->survey;
  send_json(res, 200,
            {{"format", "sos-invite/1"},
             {"survey", {{"id", survey.id}, {"version", survey.version}, {"url", base + "/survey"}}},
             {"wave", {{"id", invite->wave->wave.id},
                       {"closes", iso_time(invite->wave->wave.closes_at)},
                       {"state", wave_state_name(wave_state(invite->wave->wave, now_seconds()))}}},
             {"group", {{"attributes", Json::parse(invite->group.attributes_json)}}},
             {"languages", survey.languages},
             {"mode", link_mode_name(invite->link.mode)},
             {"anonymityThreshold", invite->wave->org.k},
             {"synthetic", invite->wave->org.synthetic},
             {"submit", {{"contribution", base + "/contributions"}, {"comment", base + "/comments"}}},
             {"sealing", {{"format", kSealedFormat}, {"key", key.id}, {"publicKey", base64url(key.public_point)}}}});
}

void Endpoint::get_invite_survey(const httplib::Request& req, httplib::Response& res) {
  auto invite = resolve_invite(req, res, false);
  if (!invite) return;
  std::optional<std::string> language;
  if (req.has_param("lang")) {
    language = one_language(req, *invite->wave->survey, res);
    if (!language) return;
  }
  auto wave = store_->wave_by_key(invite->link.wave_key);
  if (!wave.ok() || !wave.value()) {
    send_error(res, 503, "store.unavailable", "the store cannot be read; try again later");
    return;
  }
  std::string survey_json = std::move(wave.value()->survey_json);
  if (language) {
    // Made per request, as the full survey is read per request: the
    // standard survey narrows in about as much CPU time as it gzips.
    auto narrowed = narrow_survey_to_language(survey_json, *language);
    if (!narrowed.ok()) {
      send_error(res, 500, "wave.bad_survey", "the wave's pinned survey does not load");
      return;
    }
    survey_json = std::move(narrowed).value();
  }
  // Gzipped here at a fast level, as the server library would otherwise
  // brotli it at its slowest for every respondent (encoded_body.h).
  auto body = std::make_shared<const EncodedBody>(encode_body(std::move(survey_json), "application/json", kGzipPerRequest));
  send_encoded(req, res, std::move(body), "application/json");
}

void Endpoint::post_contribution(const httplib::Request& req, httplib::Response& res) {
  auto invite = resolve_invite(req, res, true);
  if (!invite) return;
  auto body = open_body(req, res, kSealContribution);
  if (!body) return;
  // The engine checks it as the browser built it: the wave's pinned survey and
  // this group's attributes, figures of exactly one respondent.
  auto contribution = validate_contribution(*invite->wave->survey, invite->group.attributes_json, *body);
  if (!contribution.ok()) {
    const Error& e = contribution.error();
    send_error(res, e.code == "contribution.survey_mismatch" ? 409 : 400, e.code, e.message, e.pointer);
    return;
  }
  ContributionRecord record;
  record.wave_key = invite->link.wave_key;
  record.group = invite->link.group;
  record.statistics = &contribution->statistics;
  record.dedupe = keyed_hash(store_->secret(), "submission",
                             std::to_string(invite->link.wave_key) + ":" + contribution->submission);
  record.headcount = invite->group.headcount;
  record.link = invite->token_hash;
  auto outcome = store_->merge_contribution(record);
  if (!outcome.ok()) {
    send_error(res, 503, "store.unavailable", "the contribution was not stored; send it again later");
    return;
  }
  switch (outcome.value()) {
    case Outcome::accepted:
    case Outcome::duplicate: send_ack(res, "submission", contribution->submission); return;
    case Outcome::limit_reached:
      send_error(res, 409, "group.full",
                 "this group has as many answers as people (" + std::to_string(invite->group.headcount) + ")");
      return;
    case Outcome::wave_closed: send_error(res, 410, "wave.closed", "this survey is closed"); return;
    case Outcome::link_revoked: send_revoked(res); return;
  }
}

void Endpoint::post_comment(const httplib::Request& req, httplib::Response& res) {
  auto invite = resolve_invite(req, res, true);
  if (!invite) return;
  auto body = open_body(req, res, kSealComment);
  if (!body) return;
  const Survey& survey = *invite->wave->survey;
  Json doc = Json::parse(*body, nullptr, false);
  auto bad = [&](const std::string& code, const std::string& pointer, const std::string& message) {
    send_error(res, 400, "comment." + code, message, pointer);
  };
  if (doc.is_discarded()) return bad("bad_format", "", "the body is not valid JSON (UTF-8)");
  if (!doc.is_object()) return bad("bad_format", "", "a comment must be an object");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "format" && it.key() != "survey" && it.key() != "version" && it.key() != "question" &&
        it.key() != "id" && it.key() != "text")
      return bad("unknown_field", "/" + it.key(), "unknown field \"" + it.key() + "\"");
  for (const char* key : {"format", "survey", "version", "question", "id", "text"})
    if (!doc.contains(key) || !doc[key].is_string()) return bad("bad_format", std::string("/") + key, "missing or not a string");
  if (doc["format"] != kCommentFormat) return bad("bad_format", "/format", "must be \"" + std::string(kCommentFormat) + "\"");
  if (doc["survey"] != survey.id || doc["version"] != survey.version) {
    send_error(res, 409, "comment.survey_mismatch", "made for another survey version than this wave runs", "/version");
    return;
  }
  std::string id = doc["id"];
  if (id.size() != kIdBytes * 2 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return bad("bad_id", "/id", "must be 32 lowercase hexadecimal digits");
  int q = survey.question_index(doc["question"].get<std::string>());
  if (q < 0 || survey.questions[q].type != QuestionType::comment)
    return bad("unknown_question", "/question", doc["question"].dump() + " is not an open question of this survey");
  std::string text = doc["text"];
  std::size_t length = characters(text);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return bad("empty", "/text", "the comment is empty");
  if (length > static_cast<std::size_t>(survey.questions[q].max_length))
    return bad("too_long", "/text", "longer than the question allows (" +
                                        std::to_string(survey.questions[q].max_length) + " characters)");
  CommentRecord record;
  record.wave_key = invite->link.wave_key;
  record.group = invite->link.group;
  record.question = survey.questions[q].id;
  record.text = std::move(text);
  record.dedupe = keyed_hash(store_->secret(), "comment", std::to_string(invite->link.wave_key) + ":" + id);
  record.limit = invite->group.headcount;
  record.link = invite->token_hash;
  auto outcome = store_->store_comment(record);
  if (!outcome.ok()) {
    send_error(res, 503, "store.unavailable", "the comment was not stored; send it again later");
    return;
  }
  switch (outcome.value()) {
    case Outcome::accepted:
    case Outcome::duplicate: send_ack(res, "comment", id); return;
    case Outcome::limit_reached:
      send_error(res, 409, "group.full", "this group has as many comments on this question as people");
      return;
    case Outcome::wave_closed: send_error(res, 410, "wave.closed", "this survey is closed"); return;
    case Outcome::link_revoked: send_revoked(res); return;
  }
}

void Endpoint::preflight(const httplib::Request& req, httplib::Response& res) {
  auto invite = resolve_invite(req, res, false);
  if (!invite) return;
  if (!req.has_header("Origin") || !res.has_header("Access-Control-Allow-Origin")) {
    send_error(res, 403, "request.origin", "no cross-origin access from here");
    return;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Methods", "POST");
  res.set_header("Access-Control-Allow-Headers", "Content-Type");
  res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace sos::serve
