// A catalogue of bad requests over real HTTP: each gets the right 4xx with
// the exact error code and JSON Pointer, and leaves the store unchanged.
#include <gtest/gtest.h>

#include <functional>

#include "admin.h"
#include "harness.h"

namespace sos::test {
namespace {

const char* const kTree =
    "id,parent,name,headcount,performance_pay,selling,field_visits\n"
    "acme,,Acme,2,true,complex,true\n"
    "north,acme,North,12,true,volume,true\n"
    "south,acme,South,9,false,complex,false\n"
    "full,acme,Full team,1,true,volume,true\n";

std::string token_of(const std::string& line) {
  std::string t = line.substr(line.find("/#/i/") + 5);
  t.erase(t.find_first_of("\t\n"));  // embed forms follow in further columns
  return t;
}

// Everything the store holds for the organisation, plus dedupe counts.
std::string snapshot(const std::string& store) {
  auto s = serve::open_store(store);
  if (!s.ok()) return "cannot open: " + s.error().to_string();
  auto exported = serve::export_organisation(*s.value(), "acme");
  std::string out = exported.ok() ? exported.value() : exported.error().to_string();
  auto waves = s.value()->waves("acme");
  for (const auto& w : waves.value())
    out += "\ndedupe " + w.id + " " + std::to_string(s.value()->dedupe_count(w.key).value());
  return out;
}

struct BadRequest {
  std::string name;
  std::string method;  // GET, POST, PUT, OPTIONS
  std::string path;
  std::string body;
  httplib::Headers headers;
  std::string content_type = "application/json";
  int status;
  std::string code;
  std::string pointer;
};

class BadRequests : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    store_ = dir_->path() + "/store";
    acme_ = new OrgSetup(setup_org(store_, "acme", kTree));
    // A second organisation for the foreign viewer token.
    setup_org(store_, "other", "id,parent,name,headcount,performance_pay,selling,field_visits\nx,,X,5,true,volume,true\n");
    // A closed wave and a wave that has not opened, with links.
    sos_ok({"wave", "create", "--store", store_, "acme", "w0", "--survey", source_path(kSurvey), "--closes", "2099-01-01"});
    closed_token_ = token_of(sos_ok({"invite", "issue", "--store", store_, "acme", "w0", "--group", "north"}));
    sos_ok({"wave", "close", "--store", store_, "acme", "w0"});
    sos_ok({"wave", "create", "--store", store_, "acme", "w2", "--survey", source_path(kSurvey), "--opens",
            "2098-01-01", "--closes", "2099-01-01"});
    later_token_ = token_of(sos_ok({"invite", "issue", "--store", store_, "acme", "w2", "--group", "north"}));
    revoked_token_ = token_of(sos_ok({"invite", "issue", "--store", store_, "acme", "w1", "--group", "south", "--kiosk"}));
    std::string kiosk_id = sos_ok({"invite", "list", "--store", store_, "acme", "w1"});
    for (std::size_t at = 0; (at = kiosk_id.find("kiosk", at)) != std::string::npos; ++at) {
      std::string line = kiosk_id.substr(kiosk_id.rfind('\n', at) + 1);
      sos_ok({"invite", "revoke", "--store", store_, "acme", line.substr(0, line.find('\t'))});
      break;
    }
    std::string viewer = sos_ok({"viewer", "issue", "--store", store_, "other"});
    foreign_viewer_ = viewer.substr(viewer.find("#v=") + 3);
    foreign_viewer_.erase(foreign_viewer_.find_last_not_of("\n") + 1);
    std::string revoked_viewer = sos_ok({"viewer", "issue", "--store", store_, "acme"});
    revoked_viewer_ = revoked_viewer.substr(revoked_viewer.find("#v=") + 3);
    revoked_viewer_.erase(revoked_viewer_.find_last_not_of("\n") + 1);
    sos_ok({"viewer", "revoke", "--store", store_, "acme", revoked_viewer.substr(0, revoked_viewer.find('\t'))});
    server_ = new ServerProcess(store_, {"--max-body", "16384"});
    // The one-person team is full.
    north_ = simulate_group(acme_->attributes["north"], 3, 5);
    auto c = server_->client();
    auto r = post_json(*c, "/api/v1/invite/" + acme_->tokens["full"] + "/contributions", north_.contributions[2]);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete acme_;
    delete dir_;
  }

  static TempDir* dir_;
  static std::string store_, closed_token_, later_token_, revoked_token_, foreign_viewer_, revoked_viewer_;
  static OrgSetup* acme_;
  static ServerProcess* server_;
  static Simulated north_;
};
TempDir* BadRequests::dir_;
std::string BadRequests::store_, BadRequests::closed_token_, BadRequests::later_token_, BadRequests::revoked_token_,
    BadRequests::foreign_viewer_, BadRequests::revoked_viewer_;
OrgSetup* BadRequests::acme_;
ServerProcess* BadRequests::server_;
Simulated BadRequests::north_;

Json seller_of(const Simulated& sim) {
  for (const std::string& c : sim.contributions) {
    Json doc = Json::parse(c);
    if (doc["role"] == "seller") return doc;
  }
  return Json::parse(sim.contributions[0]);
}

TEST_F(BadRequests, EachIsRefusedWithItsCodeAndPointerAndChangesNothing) {
  const std::string north = "/api/v1/invite/" + acme_->tokens["north"];
  const std::string contributions = north + "/contributions", comments = north + "/comments";
  const Json good = seller_of(north_);
  auto with = [&](const std::function<void(Json&)>& change) {
    Json doc = good;
    change(doc);
    return doc.dump();
  };
  const Json good_comment = {{"format", "sos-comment/1"}, {"survey", "fixture_basic"}, {"version", "3"},
                             {"question", "free_words"}, {"id", "0123456789abcdef0123456789abcdef"}, {"text", "Hello"}};
  auto comment_with = [&](const std::function<void(Json&)>& change) {
    Json doc = good_comment;
    change(doc);
    return doc.dump();
  };
  const std::string session = "/api/v1/viewer/session";
  auto viewer_body = [](const std::string& token) {
    return Json{{"format", "sos-viewer-session/1"}, {"token", token}}.dump();
  };

  std::vector<BadRequest> cases = {
      {"malformed_json", "POST", contributions, "{\"format\":", {}, "application/json", 400, "contribution.bad_format", ""},
      {"array_body", "POST", contributions, "[]", {}, "application/json", 400, "contribution.bad_format", ""},
      {"missing_format", "POST", contributions, with([](Json& d) { d.erase("format"); }), {}, "application/json", 400,
       "contribution.bad_format", "/format"},
      {"wrong_format", "POST", contributions, with([](Json& d) { d["format"] = "sos-contribution/9"; }), {},
       "application/json", 400, "contribution.bad_format", "/format"},
      {"format_not_string", "POST", contributions, with([](Json& d) { d["format"] = 1; }), {}, "application/json", 400,
       "contribution.bad_format", "/format"},
      {"unknown_field", "POST", contributions, with([](Json& d) { d["time"] = "2026-01-01"; }), {}, "application/json",
       400, "contribution.unknown_field", "/time"},
      {"other_version", "POST", contributions, with([](Json& d) { d["version"] = "2"; }), {}, "application/json", 409,
       "contribution.survey_mismatch", "/version"},
      {"unknown_role", "POST", contributions, with([](Json& d) { d["role"] = "ceo"; }), {}, "application/json", 400,
       "contribution.unknown_role", "/role"},
      {"uppercase_id", "POST", contributions,
       with([](Json& d) { d["submission"] = "0123456789ABCDEF0123456789ABCDEF"; }), {}, "application/json", 400,
       "contribution.bad_submission_id", "/submission"},
      {"short_id", "POST", contributions, with([](Json& d) { d["submission"] = "abc"; }), {}, "application/json", 400,
       "contribution.bad_submission_id", "/submission"},
      {"missing_cells", "POST", contributions, with([](Json& d) { d.erase("cells"); }), {}, "application/json", 400,
       "contribution.bad_format", "/cells"},
      {"count_as_text", "POST", contributions, with([](Json& d) { d["cells"]["respondents"]["n"] = "1"; }), {},
       "application/json", 400, "contribution.bad_format", "/cells/respondents/n"},
      {"unknown_cell", "POST", contributions, with([](Json& d) { d["cells"]["question/nope"] = {{"n", 1}}; }), {},
       "application/json", 400, "contribution.unknown_cell", "/cells/question~1nope"},
      {"number_out_of_range", "POST", contributions,
       with([](Json& d) { d["cells"]["question/meetings_week"] = {{"n", 1}, {"sum", 999900}, {"sumsq", 999900LL * 999900}}; }),
       {}, "application/json", 400, "contribution.out_of_range", "/cells/question~1meetings_week"},
      {"two_answers_to_one_choice", "POST", contributions,
       with([](Json& d) {
         d["cells"]["option/coached/yes"] = {{"n", 1}};
         d["cells"]["option/coached/no"] = {{"n", 1}};
       }),
       {}, "application/json", 400, "contribution.inconsistent", "/cells/question~1coached"},
      {"two_respondents", "POST", contributions, with([](Json& d) { d["cells"]["respondents"]["n"] = 2; }), {},
       "application/json", 400, "contribution.inconsistent", "/cells/respondents"},
      {"score_not_from_answers", "POST", contributions,
       with([](Json& d) {
         std::int64_t sum = d["cells"]["dimension/goals"]["sum"].get<std::int64_t>() + 1;
         d["cells"]["dimension/goals"] = {{"n", 1}, {"sum", sum}, {"sumsq", sum * sum}};
       }),
       {}, "application/json", 400, "contribution.inconsistent", "/cells/dimension~1goals"},
      {"role_not_asked", "POST", contributions,
       with([](Json& d) {
         d["role"] = "manager";
         for (const char* v : {"1", "2", "3", "4", "5"}) d["cells"].erase(std::string("option/visits_feedback/") + v);
         d["cells"]["question/visits_feedback"] = {{"n", 1}};
       }),
       {}, "application/json", 400, "contribution.role_not_allowed", "/cells/question~1visits_feedback"},
      {"dimension_not_for_group", "POST", "/api/v1/invite/" + acme_->tokens["south"] + "/contributions", good.dump(), {},
       "application/json", 400, "contribution.not_applicable", "/cells/dimension~1joint_visits"},
      {"unknown_token", "POST", "/api/v1/invite/AAAAAAAAAAAAAAAAAAAAAA/contributions", good.dump(), {},
       "application/json", 404, "link.unknown", ""},
      {"malformed_token", "GET", "/api/v1/invite/abc", "", {}, "", 404, "link.unknown", ""},
      {"revoked_token", "POST", "/api/v1/invite/" + revoked_token_ + "/contributions", good.dump(), {},
       "application/json", 410, "link.revoked", ""},
      {"closed_wave", "POST", "/api/v1/invite/" + closed_token_ + "/contributions", good.dump(), {},
       "application/json", 410, "wave.closed", ""},
      {"wave_not_open", "POST", "/api/v1/invite/" + later_token_ + "/contributions", good.dump(), {},
       "application/json", 403, "wave.not_open", ""},
      {"headcount_reached", "POST", "/api/v1/invite/" + acme_->tokens["full"] + "/contributions",
       north_.contributions[1], {}, "application/json", 409, "group.full", ""},
      {"oversized_body", "POST", contributions, std::string(20000, ' ') + good.dump(), {}, "application/json", 413,
       "request.too_large", ""},
      {"not_json_type", "POST", contributions, good.dump(), {}, "text/plain", 415, "request.content_type", ""},
      {"foreign_origin", "POST", contributions, good.dump(), {{"Origin", "https://evil.example"}}, "application/json",
       403, "request.origin", ""},
      {"preflight_foreign_origin", "OPTIONS", contributions, "", {{"Origin", "https://evil.example"}}, "", 403,
       "request.origin", ""},
      {"comment_unknown_question", "POST", comments, comment_with([](Json& d) { d["question"] = "nope"; }), {},
       "application/json", 400, "comment.unknown_question", "/question"},
      {"comment_on_closed_question", "POST", comments, comment_with([](Json& d) { d["question"] = "goals_clear"; }),
       {}, "application/json", 400, "comment.unknown_question", "/question"},
      {"comment_too_long", "POST", comments, comment_with([](Json& d) { d["text"] = std::string(201, 'x'); }), {},
       "application/json", 400, "comment.too_long", "/text"},
      {"comment_empty", "POST", comments, comment_with([](Json& d) { d["text"] = "  \n"; }), {}, "application/json",
       400, "comment.empty", "/text"},
      {"comment_bad_id", "POST", comments, comment_with([](Json& d) { d["id"] = "xyz"; }), {}, "application/json", 400,
       "comment.bad_id", "/id"},
      {"comment_unknown_field", "POST", comments, comment_with([](Json& d) { d["role"] = "seller"; }), {},
       "application/json", 400, "comment.unknown_field", "/role"},
      {"comment_bad_utf8", "POST", comments,
       "{\"format\":\"sos-comment/1\",\"survey\":\"fixture_basic\",\"version\":\"3\",\"question\":\"free_words\","
       "\"id\":\"0123456789abcdef0123456789abcdef\",\"text\":\"\xff\xfe\"}",
       {}, "application/json", 400, "comment.bad_format", ""},
      {"comment_other_version", "POST", comments, comment_with([](Json& d) { d["version"] = "1"; }), {},
       "application/json", 409, "comment.survey_mismatch", "/version"},
      {"viewer_unknown_token", "POST", session, viewer_body("AAAAAAAAAAAAAAAAAAAAAA"), {}, "application/json", 403,
       "viewer.unknown", ""},
      {"viewer_revoked_token", "POST", session, viewer_body(revoked_viewer_), {}, "application/json", 403,
       "viewer.unknown", ""},
      {"viewer_bad_body", "POST", session, "{\"token\": 5}", {}, "application/json", 400, "viewer.bad_format",
       "/format"},
      {"viewer_no_session", "GET", "/api/v1/viewer/organisation", "", {}, "", 401, "viewer.no_session", ""},
      {"viewer_forged_cookie", "GET", "/api/v1/viewer/organisation", "",
       {{"Cookie", "sos_viewer=abcdefabcdef.99999999999.00000000000000000000000000000000"}}, "", 401,
       "viewer.no_session", ""},
      {"unknown_api", "GET", "/api/v1/nothing", "", {}, "", 404, "request.not_found", ""},
      {"wrong_method", "PUT", contributions, good.dump(), {}, "application/json", 404, "request.not_found", ""},
      {"static_escape", "GET", "/../CMakeLists.txt", "", {}, "", 404, "request.not_found", ""},
      {"static_folder", "GET", "/.", "", {}, "", 404, "request.not_found", ""},
      {"static_folder_encoded", "GET", "/%2e#2e", "", {}, "", 404, "request.not_found", ""},
  };

  auto c = server_->client();
  for (const BadRequest& r : cases) {
    SCOPED_TRACE(r.name);
    std::string before = snapshot(store_);
    httplib::Headers headers = r.headers;
    // The table holds plaintexts; submissions go sealed, as the app sends them.
    std::string purpose = seal_purpose(r.path);
    std::string sent = r.method == "POST" && !purpose.empty() ? sealed(store_, purpose, r.body) : r.body;
    httplib::Result result = r.method == "GET"       ? c->Get(r.path.c_str(), headers)
                             : r.method == "PUT"     ? c->Put(r.path.c_str(), headers, sent, r.content_type.c_str())
                             : r.method == "OPTIONS" ? c->Options(r.path.c_str(), headers)
                                                     : c->Post(r.path.c_str(), headers, sent, r.content_type.c_str());
    ASSERT_TRUE(result) << "no response";
    EXPECT_EQ(result->status, r.status) << result->body;
    Json body = Json::parse(result->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << result->body;
    EXPECT_EQ(body["error"]["code"], r.code) << result->body;
    EXPECT_EQ(body["error"]["pointer"], r.pointer) << result->body;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(snapshot(store_), before);
  }
  EXPECT_GE(cases.size(), 30u);
}

TEST_F(BadRequests, AForeignViewerReadsNothingOfAnotherOrganisation) {
  auto c = server_->client();
  auto session = post_json(*c, "/api/v1/viewer/session", Json{{"format", "sos-viewer-session/1"}, {"token", foreign_viewer_}}.dump());
  ASSERT_EQ(session->status, 200) << session->body;
  EXPECT_EQ(Json::parse(session->body)["organisation"]["id"], "other");
  std::string cookie = session->get_header_value("Set-Cookie");
  httplib::Headers h{{"Cookie", cookie.substr(0, cookie.find(';'))}};
  auto org = c->Get("/api/v1/viewer/organisation", h);
  ASSERT_EQ(org->status, 200);
  EXPECT_EQ(org->body.find("acme"), std::string::npos);
  EXPECT_EQ(org->body.find("north"), std::string::npos);
  for (const char* what : {"survey", "progress", "figures"}) {
    // acme's closed wave w0 and open wave w1 are unknown to this viewer;
    // "other" has a w1 of its own, whose figures are not released yet.
    auto r = c->Get((std::string("/api/v1/viewer/waves/w0/") + what).c_str(), h);
    EXPECT_EQ(r->status, 404) << what;
    EXPECT_EQ(Json::parse(r->body)["error"]["code"], "wave.unknown");
  }
}

TEST_F(BadRequests, SecurityHeadersAndEmbeddingOrigins) {
  auto c = server_->client();
  auto page = c->Get("/");
  ASSERT_EQ(page->status, 200);
  std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  auto embedded = c->Get("/o/acme/");
  ASSERT_EQ(embedded->status, 200);
  EXPECT_NE(embedded->get_header_value("Content-Security-Policy").find("frame-ancestors https://intranet.example.com"),
            std::string::npos);
  EXPECT_EQ(embedded->get_header_value_count("Content-Security-Policy"), 1u);
  httplib::Headers origin{{"Origin", "https://intranet.example.com"}};
  auto preflight = c->Options(("/api/v1/invite/" + acme_->tokens["north"] + "/comments").c_str(), origin);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "https://intranet.example.com");
  auto lookup = c->Get(("/api/v1/invite/" + acme_->tokens["north"]).c_str(), origin);
  EXPECT_EQ(lookup->status, 200);
  EXPECT_EQ(lookup->get_header_value("Access-Control-Allow-Origin"), "https://intranet.example.com");
  EXPECT_EQ(lookup->get_header_value("Cache-Control"), "no-store");
}

TEST(RateLimits, ATokenOverItsLimitGets429AndNothingChanges) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store, {"--token-rate", "60", "--token-burst", "5"});
  auto c = server.client();
  int ok = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = c->Get(("/api/v1/invite/" + acme.tokens["north"]).c_str());
    (r->status == 200 ? ok : limited) += 1;
    if (r->status == 429) {
      EXPECT_EQ(Json::parse(r->body)["error"]["code"], "rate.limited");
    }
  }
  EXPECT_LE(ok, 6);
  EXPECT_GE(limited, 6);
  // Another link is not affected.
  EXPECT_EQ(c->Get(("/api/v1/invite/" + acme.tokens["south"]).c_str())->status, 200);
}

}  // namespace
}  // namespace sos::test
