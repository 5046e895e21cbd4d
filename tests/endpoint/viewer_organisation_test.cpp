// The viewer's organisation body over real HTTP: gzipped by the endpoint for
// browsers (which offer brotli first: left to the server library, a tree of
// thousands of groups went out as brotli at its slowest, about a second of
// CPU per dashboard load), plain for the others, the same JSON either way.
#include <gtest/gtest.h>

#include "harness.h"

namespace sos::test {
namespace {

TEST(ViewerOrganisation, GzippedForBrowsersPlainForOthersSameBody) {
  TempDir dir;
  const std::string store = dir.path() + "/store";
  // Forty teams: a body well above the size the endpoint starts gzipping at.
  std::string csv = kCompanyAndNorthTree;
  for (int i = 0; i < 40; ++i)
    csv += "team" + std::to_string(i) + ",acme,Team " + std::to_string(i) + ",5,true,volume,true\n";
  setup_org(store, "acme", csv);
  ServerProcess server(store);
  ASSERT_TRUE(server.running());
  auto c = server.client();
  c->set_decompress(false);
  std::string line = sos_ok({"viewer", "issue", "--store", store, "acme"});
  std::string token = line.substr(line.find("#v=") + 3);
  token.erase(token.find_last_not_of('\n') + 1);
  auto session =
      post_json(*c, "/api/v1/viewer/session", Json{{"format", "sos-viewer-session/1"}, {"token", token}}.dump());
  ASSERT_EQ(session->status, 200) << session->body;
  std::string cookie = session->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));

  struct Case {
    const char* accept;
    const char* encoding;
  };
  const Case cases[] = {{"gzip, deflate, br", "gzip"}, {"br", ""}, {"identity", ""}, {"gzip;q=0, br", ""}};
  std::string plain;
  for (const Case& t : cases) {
    SCOPED_TRACE(t.accept);
    auto r = c->Get("/api/v1/viewer/organisation", {{"Cookie", cookie}, {"Accept-Encoding", t.accept}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Encoding"), t.encoding);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    std::string body = std::string(t.encoding) == "gzip" ? gunzip(r->body) : r->body;
    if (plain.empty()) plain = body;
    EXPECT_EQ(body, plain);
  }
  Json doc = Json::parse(plain);
  EXPECT_EQ(doc["format"], "sos-viewer-organisation/1");
  EXPECT_EQ(doc["organisation"]["id"], "acme");
  EXPECT_FALSE(doc["groups"].empty());
}

}  // namespace
}  // namespace sos::test
