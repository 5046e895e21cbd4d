// The endpoint keeps a released wave's figures body once made. A store may
// give a new wave the key of a deleted one (SQLite reuses the highest row id
// after its row is gone), so an organisation deleted and set up again must
// see its new figures, never the cached body of the wave it replaced.
#include <gtest/gtest.h>

#include "harness.h"

namespace sos::test {
namespace {

// A viewer session cookie for `org`, ready as a request header.
httplib::Headers viewer_cookie(httplib::Client& c, const std::string& store, const std::string& org) {
  std::string line = sos_ok({"viewer", "issue", "--store", store, org});
  std::string token = line.substr(line.find("#v=") + 3);
  token.erase(token.find_last_not_of("\n") + 1);
  auto session = post_json(c, "/api/v1/viewer/session", Json{{"format", "sos-viewer-session/1"}, {"token", token}}.dump());
  EXPECT_EQ(session->status, 200) << session->body;
  std::string cookie = session->get_header_value("Set-Cookie");
  return {{"Cookie", cookie.substr(0, cookie.find(';'))}};
}

// Sets up "acme" with `n` simulated respondents in north, closes the wave
// and returns the figures body the server sends a viewer.
std::string closed_wave_figures(httplib::Client& c, const std::string& store, int n) {
  OrgSetup acme = setup_org(store, "acme", kCompanyAndNorthTree);
  Simulated north = simulate_group(acme.attributes["north"], n, 30 + n);
  for (const std::string& body : north.contributions)
    EXPECT_EQ(post_json(c, "/api/v1/invite/" + acme.tokens["north"] + "/contributions", body)->status, 200);
  sos_ok({"wave", "close", "--store", store, "acme", "w1"});
  auto figures = c.Get("/api/v1/viewer/waves/w1/figures", viewer_cookie(c, store, "acme"));
  EXPECT_EQ(figures->status, 200) << figures->body;
  return figures->body;
}

TEST(ViewerCache, AnOrganisationSetUpAgainSeesItsNewFigures) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  std::string first, second;
  {
    ServerProcess server(store);
    auto c = server.client();
    first = closed_wave_figures(*c, store, 4);
    sos_ok({"org", "delete", "--store", store, "acme", "--yes"});
    second = closed_wave_figures(*c, store, 8);
  }
  EXPECT_NE(second, first);
  // What a server with nothing cached sends for the same wave.
  ServerProcess fresh(store);
  auto c = fresh.client();
  auto figures = c->Get("/api/v1/viewer/waves/w1/figures", viewer_cookie(*c, store, "acme"));
  ASSERT_EQ(figures->status, 200) << figures->body;
  EXPECT_EQ(figures->body, second);
}

}  // namespace
}  // namespace sos::test
