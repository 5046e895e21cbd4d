// The endpoint end to end over real HTTP: simulated respondents through the
// invite API, the wave closed, and the figures a viewer reads.
#include <gtest/gtest.h>

#include <set>

#include "harness.h"
#include "sos/release.h"
#include "sos/survey.h"

namespace sos::test {
namespace {

const char* const kTree =
    "id,parent,name,headcount,performance_pay,selling,field_visits\n"
    "acme,,Acme,2,true,complex,true\n"
    "north,acme,North,12,true,volume,true\n"
    "south,acme,South,9,false,complex,false\n"
    "tiny,south,Tiny team,2,false,complex,false\n";

// Merges contribution JSON texts into per-role aggregates, with the engine,
// independently of the server's SQL merge.
std::map<std::string, Aggregate> merge_by_role(const std::vector<std::string>& contributions) {
  std::map<std::string, Aggregate> out;
  for (const std::string& text : contributions) {
    Json doc = Json::parse(text);
    doc["format"] = kAggregateFormat;
    doc.erase("submission");
    auto a = parse_aggregate(doc.dump());
    EXPECT_TRUE(a.ok());
    auto [it, fresh] = out.try_emplace(a->role, a.value());
    if (!fresh) {
      EXPECT_TRUE(merge_into(it->second, a.value()).ok());
    }
  }
  return out;
}

TEST(EndpointHappyPath, SimulatedContributionsBecomeTheFiguresAViewerReads) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store);
  ASSERT_TRUE(server.running());
  auto c = server.client();

  // The invite lookup gives the app what it needs, from the token alone.
  auto invite = c->Get(("/api/v1/invite/" + acme.tokens["north"]).c_str());
  ASSERT_TRUE(invite);
  ASSERT_EQ(invite->status, 200) << invite->body;
  Json inv = Json::parse(invite->body);
  EXPECT_EQ(inv["format"], "sos-invite/1");
  EXPECT_EQ(inv["survey"]["id"], "fixture_basic");
  EXPECT_EQ(inv["mode"], "respondent");
  EXPECT_EQ(inv["group"]["attributes"]["selling"], "volume");
  auto survey = c->Get(inv["survey"]["url"].get<std::string>().c_str());
  ASSERT_EQ(survey->status, 200);
  EXPECT_EQ(survey->body, read_text(source_path(kSurvey)));  // the pinned text itself

  std::map<std::string, Simulated> sent{{"north", simulate_group(acme.attributes["north"], 8, 11)},
                                        {"south", simulate_group(acme.attributes["south"], 6, 12)},
                                        {"tiny", simulate_group(acme.attributes["tiny"], 2, 13)}};
  std::set<std::string> comments_sent;
  for (auto& [group, sim] : sent) {
    std::string base = "/api/v1/invite/" + acme.tokens[group];
    for (const std::string& body : sim.contributions) {
      auto r = post_json(*c, base + "/contributions", body);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200) << r->body;
      EXPECT_EQ(Json::parse(r->body)["submission"], Json::parse(body)["submission"]);
    }
    for (const std::string& body : sim.comments) {
      auto r = post_json(*c, base + "/comments", body);
      ASSERT_EQ(r->status, 200) << r->body;
    }
  }

  // While open: counts and rates only, no figures.
  std::string viewer_line = sos_ok({"viewer", "issue", "--store", store, "acme"});
  std::string viewer_token = viewer_line.substr(viewer_line.find("#v=") + 3);
  viewer_token.erase(viewer_token.find_last_not_of("\n") + 1);
  auto session = post_json(*c, "/api/v1/viewer/session", Json{{"format", "sos-viewer-session/1"}, {"token", viewer_token}}.dump());
  ASSERT_EQ(session->status, 200) << session->body;
  std::string cookie = session->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  httplib::Headers with_cookie{{"Cookie", cookie.substr(0, cookie.find(';'))}};
  auto progress = c->Get("/api/v1/viewer/waves/w1/progress", with_cookie);
  ASSERT_EQ(progress->status, 200) << progress->body;
  std::map<std::string, std::int64_t> counted;
  Json progress_doc = Json::parse(progress->body);
  for (const Json& g : progress_doc["groups"])
    counted[g["group"].get<std::string>()] = g["respondents"].get<std::int64_t>();
  EXPECT_EQ(counted["north"], 8);
  EXPECT_EQ(counted["south"], 8);  // its subtree: south and tiny
  EXPECT_EQ(counted["acme"], 16);
  auto early = c->Get("/api/v1/viewer/waves/w1/figures", with_cookie);
  EXPECT_EQ(early->status, 409);
  EXPECT_EQ(Json::parse(early->body)["error"]["code"], "wave.not_released");

  sos_ok({"wave", "close", "--store", store, "acme", "w1"});
  auto figures = c->Get("/api/v1/viewer/waves/w1/figures", with_cookie);
  ASSERT_EQ(figures->status, 200) << figures->body;
  Json body = Json::parse(figures->body);
  EXPECT_EQ(body["format"], "sos-viewer-figures/1");

  // The same figures computed here, from the contributions as sent.
  auto loaded = load_survey(read_text(source_path(kSurvey)));
  ReleaseInput in;
  in.groups = {{"acme", "", 2}, {"north", "acme", 12}, {"south", "acme", 9}, {"tiny", "south", 2}};
  for (auto& [group, sim] : sent)
    for (auto& [role, aggregate] : merge_by_role(sim.contributions)) in.aggregates.push_back({group, aggregate});
  in.options.k = 3;
  in.options.comment_threshold = 3;
  auto expected = release_figures(*loaded.survey, in);
  ASSERT_TRUE(expected.ok()) << expected.error().to_string();
  auto got = parse_release(body["release"].dump());
  ASSERT_TRUE(got.ok()) << got.error().to_string();
  EXPECT_EQ(got.value(), expected.value());
  // Something is released and something (the two-person team) withheld.
  bool any_released = false;
  for (const GroupFigures& g : got->groups) {
    if (g.group == "tiny") {
      EXPECT_FALSE(g.respondents.has_value());
    }
    if (g.group == "north") any_released = g.respondents.has_value();
  }
  EXPECT_TRUE(any_released);

  // Comments: those of groups over the threshold, none of the tiny team.
  std::multiset<std::string> expected_texts, got_texts;
  for (const char* group : {"north", "south"})
    for (const std::string& comment : sent[group].comments) expected_texts.insert(Json::parse(comment)["text"]);
  for (const Json& comment : body["comments"]) {
    EXPECT_NE(comment["group"], "tiny");
    got_texts.insert(comment["text"].get<std::string>());
  }
  EXPECT_EQ(got_texts, expected_texts);

  // Figures never change after close, and the wave takes nothing more.
  auto late = post_json(*c, "/api/v1/invite/" + acme.tokens["north"] + "/contributions", sent["north"].contributions[0]);
  EXPECT_EQ(late->status, 410);
  auto again = c->Get("/api/v1/viewer/waves/w1/figures", with_cookie);
  EXPECT_EQ(again->body, figures->body);
  // The body is kept gzipped too: sent so to a client that takes gzip (the
  // same bytes once inflated), plain to one that does not.
  c->set_decompress(false);
  httplib::Headers gzip_ok = with_cookie, gzip_refused = with_cookie;
  gzip_ok.emplace("Accept-Encoding", "br, gzip");
  gzip_refused.emplace("Accept-Encoding", "identity");
  auto zipped = c->Get("/api/v1/viewer/waves/w1/figures", gzip_ok);
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->get_header_value("Vary"), "Accept-Encoding");
  std::string inflated;
  httplib::detail::gzip_decompressor inflater;
  ASSERT_TRUE(inflater.decompress(zipped->body.data(), zipped->body.size(), [&](const char* data, std::size_t size) {
    inflated.append(data, size);
    return true;
  }));
  EXPECT_EQ(inflated, figures->body);
  auto plain = c->Get("/api/v1/viewer/waves/w1/figures", gzip_refused);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, figures->body);
  c->set_decompress(true);
  EXPECT_EQ(run_sos({"wave", "close", "--store", store, "acme", "w1"}).status, 1);

  // Dedupe hashes are gone once the wave is closed.
  auto s = serve::open_store(store);
  ASSERT_TRUE(s.ok());
  auto wave = s.value()->wave("acme", "w1");
  EXPECT_EQ(s.value()->dedupe_count(wave.value()->key).value(), 0);
}

TEST(EndpointHappyPath, ReplaysAreAcknowledgedAndCountedOnce) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store);
  auto c = server.client();
  Simulated sim = simulate_group(acme.attributes["north"], 3, 21);
  std::string base = "/api/v1/invite/" + acme.tokens["north"];
  std::vector<std::string> first;
  for (const std::string& body : sim.contributions) first.push_back(post_json(*c, base + "/contributions", body)->body);
  for (int round = 0; round < 3; ++round)
    for (std::size_t i = 0; i < sim.contributions.size(); ++i) {
      auto r = post_json(*c, base + "/contributions", sim.contributions[i]);
      EXPECT_EQ(r->status, 200);
      EXPECT_EQ(r->body, first[i]);
    }
  // The first body wins: the same id with other figures changes nothing.
  Simulated other = simulate_group(acme.attributes["north"], 1, 22);
  Json forged = Json::parse(other.contributions[0]);
  forged["submission"] = Json::parse(sim.contributions[0])["submission"];
  EXPECT_EQ(post_json(*c, base + "/contributions", forged.dump())->status, 200);
  for (const std::string& comment : sim.comments) {
    EXPECT_EQ(post_json(*c, base + "/comments", comment)->status, 200);
    EXPECT_EQ(post_json(*c, base + "/comments", comment)->status, 200);
  }
  auto s = serve::open_store(store);
  auto wave = s.value()->wave("acme", "w1");
  EXPECT_EQ(s.value()->respondents(wave.value()->key).value().at("north"), 3);
  EXPECT_EQ(s.value()->comments(wave.value()->key).value().size(), sim.comments.size());
  std::int64_t merged_n = 0;
  auto cells = s.value()->cells(wave.value()->key);
  for (const auto& row : cells.value())
    if (row.cell == "respondents") merged_n += row.statistic.n;
  EXPECT_EQ(merged_n, 3);
}

TEST(EndpointHappyPath, KioskLinksAreSeparateAndRevocationTakesEffect) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  std::string line = sos_ok({"invite", "issue", "--store", store, "acme", "w1", "--group", "north", "--kiosk"});
  std::string kiosk = line.substr(line.find("/#/i/") + 5);
  kiosk.erase(kiosk.find_first_of("\t\n"));  // embed forms follow in further columns
  ServerProcess server(store);
  auto c = server.client();
  auto r = c->Get(("/api/v1/invite/" + kiosk).c_str());
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Json::parse(r->body)["mode"], "kiosk");
  EXPECT_EQ(c->Get(("/api/v1/invite/" + acme.tokens["north"]).c_str())->status, 200);  // both live
  sos_ok({"invite", "revoke", "--store", store, "acme", acme.link_ids["north"]});
  auto revoked = c->Get(("/api/v1/invite/" + acme.tokens["north"]).c_str());
  EXPECT_EQ(revoked->status, 410);
  EXPECT_EQ(Json::parse(revoked->body)["error"]["code"], "link.revoked");
  // Issuing again replaces: the new link works, the old one stays dead.
  std::string fresh = sos_ok({"invite", "issue", "--store", store, "acme", "w1", "--group", "north"});
  std::string token = fresh.substr(fresh.find("/#/i/") + 5);
  token.erase(token.find_first_of("\t\n"));
  EXPECT_EQ(c->Get(("/api/v1/invite/" + token).c_str())->status, 200);
  EXPECT_EQ(c->Get(("/api/v1/invite/" + kiosk).c_str())->status, 200);
}

}  // namespace
}  // namespace sos::test
