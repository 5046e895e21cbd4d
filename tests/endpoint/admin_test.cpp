// Administration through the real `sos` commands: export and deletion of an
// organisation, and a benchmark imported from another installation shown
// with its source and date in the figures of waves closed after it.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.h"
#include "sos/release.h"

namespace sos::test {
namespace {

TEST(Administration, ExportHoldsTheDataButNoTokensAndDeleteRemovesIt) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kCompanyAndNorthTree);
  {
    ServerProcess server(store);
    auto c = server.client();
    for (const std::string& body : simulate_group(acme.attributes["north"], 4, 9).contributions)
      ASSERT_EQ(post_json(*c, "/api/v1/invite/" + acme.tokens["north"] + "/contributions", body)->status, 200);
  }
  std::string exported = sos_ok({"org", "export", "--store", store, "acme"});
  Json doc = Json::parse(exported);
  EXPECT_EQ(doc["format"], "sos-org-export/1");
  ASSERT_EQ(doc["waves"].size(), 1u);
  std::int64_t respondents = 0;
  for (const Json& row : doc["waves"][0]["aggregates"])
    if (row["cell"] == "respondents") respondents += row["n"].get<std::int64_t>();
  EXPECT_EQ(respondents, 4);
  EXPECT_EQ(doc["waves"][0]["survey"]["id"], "fixture_basic");
  EXPECT_EQ(exported.find(acme.tokens["north"]), std::string::npos);
  EXPECT_EQ(exported.find(acme.link_ids["north"]), std::string::npos);

  CommandResult refused = run_sos({"org", "delete", "--store", store, "acme"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("org.confirm"), std::string::npos);
  sos_ok({"org", "delete", "--store", store, "acme", "--yes"});
  EXPECT_EQ(sos_ok({"org", "list", "--store", store}), "");
  CommandResult gone = run_sos({"org", "export", "--store", store, "acme"});
  EXPECT_EQ(gone.status, 1);
  EXPECT_NE(gone.err.find("org.unknown"), std::string::npos);
}

TEST(Administration, AnImportedBenchmarkIsShownWithItsSourceAndDate) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kCompanyAndNorthTree);
  // Fewer than five organisations here: this installation's own benchmark
  // has no means, so an export says so and the imported one is what counts.
  Benchmark published;
  published.survey = "fixture_basic";
  published.source = "Published SOS benchmark (test)";
  published.date = "2026-01-15";
  published.dimensions = {{"goals", 3.4, 12}, {"coaching", 3.1, 12}, {"joint_visits", std::nullopt, 3}};
  std::string file = dir.path() + "/benchmark.json";
  std::ofstream(file) << benchmark_to_json(published);
  std::string said = sos_ok({"benchmark", "import", "--store", store, file});
  EXPECT_NE(said.find("Published SOS benchmark (test)"), std::string::npos);
  CommandResult bad = run_sos({"benchmark", "import", "--store", store, "-"}, "{\"format\": \"nope\"}");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("benchmark.bad_format"), std::string::npos);

  sos_ok({"wave", "close", "--store", store, "acme", "w1"});
  std::string local = sos_ok({"benchmark", "export", "--store", store, "--survey", "fixture_basic", "--source", "here"});
  auto parsed = parse_benchmark(local);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  for (const BenchmarkDimension& d : parsed->dimensions) EXPECT_FALSE(d.mean.has_value()) << d.dimension;

  std::string viewer = sos_ok({"viewer", "issue", "--store", store, "acme"});
  std::string token = viewer.substr(viewer.find("#v=") + 3);
  token.erase(token.find_last_not_of("\n") + 1);
  ServerProcess server(store);
  auto c = server.client();
  auto session = post_json(*c, "/api/v1/viewer/session", Json{{"format", "sos-viewer-session/1"}, {"token", token}}.dump());
  std::string cookie = session->get_header_value("Set-Cookie");
  auto figures = c->Get("/api/v1/viewer/waves/w1/figures", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_EQ(figures->status, 200) << figures->body;
  Json body = Json::parse(figures->body);
  auto shown = parse_benchmark(body["imported_benchmark"].dump());
  ASSERT_TRUE(shown.ok()) << body["imported_benchmark"].dump();
  EXPECT_EQ(shown->source, "Published SOS benchmark (test)");
  EXPECT_EQ(shown->date, "2026-01-15");
  EXPECT_EQ(shown->dimensions, published.dimensions);
}

}  // namespace
}  // namespace sos::test
