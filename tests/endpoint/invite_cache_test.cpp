// The endpoint keeps links, wave groups and waves in memory for a second.
// Administration runs in other processes, so these tests change the store
// with the real `sos` commands right after a request filled the cache, and
// expect the very next request to see the change: a revoked or replaced link
// and a closed wave are refused at once and nothing is stored; a group moved
// in the tree keeps its link and its count.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.h"

namespace sos::test {
namespace {

struct InviteCache : ::testing::Test {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kCompanyAndNorthTree);
  Simulated north = simulate_group(acme.attributes["north"], 4, 21);

  std::string path(const std::string& token, const char* what = "contributions") {
    return "/api/v1/invite/" + token + "/" + what;
  }
  std::int64_t respondents(const std::string& wave = "w1") {
    auto s = serve::open_store(store);
    EXPECT_TRUE(s.ok());
    auto w = s.value()->wave("acme", wave);
    auto counts = s.value()->respondents(w.value()->key).value();
    return counts.count("north") ? counts["north"] : 0;
  }
  void expect_error(const httplib::Result& r, int status, const std::string& code) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(Json::parse(r->body)["error"]["code"], code) << r->body;
  }
};

TEST_F(InviteCache, ARevokedLinkIsRefusedAtOnce) {
  ServerProcess server(store);
  auto c = server.client();
  ASSERT_EQ(post_json(*c, path(acme.tokens["north"]), north.contributions[0])->status, 200);
  sos_ok({"invite", "revoke", "--store", store, "acme", acme.link_ids["north"]});
  expect_error(post_json(*c, path(acme.tokens["north"]), north.contributions[1]), 410, "link.revoked");
  expect_error(post_json(*c, path(acme.tokens["north"], "comments"), north.comments[0]), 410, "link.revoked");
  expect_error(c->Get("/api/v1/invite/" + acme.tokens["north"]), 410, "link.revoked");
  EXPECT_EQ(respondents(), 1);
}

TEST_F(InviteCache, AReplacedLinkIsRefusedAndItsSuccessorWorksAtOnce) {
  ServerProcess server(store);
  auto c = server.client();
  ASSERT_EQ(post_json(*c, path(acme.tokens["north"]), north.contributions[0])->status, 200);
  std::string issued = sos_ok({"invite", "issue", "--store", store, "acme", "w1", "--group", "north"});
  std::string fresh = issued.substr(issued.find("/#/i/") + 5);
  fresh = fresh.substr(0, fresh.find_first_of(" \t\n"));
  expect_error(post_json(*c, path(acme.tokens["north"]), north.contributions[1]), 410, "link.revoked");
  EXPECT_EQ(post_json(*c, path(fresh), north.contributions[2])->status, 200);
  EXPECT_EQ(respondents(), 2);
}

TEST_F(InviteCache, AClosedWaveIsRefusedAtOnce) {
  ServerProcess server(store);
  auto c = server.client();
  ASSERT_EQ(post_json(*c, path(acme.tokens["north"]), north.contributions[0])->status, 200);
  sos_ok({"wave", "close", "--store", store, "acme", "w1"});
  expect_error(post_json(*c, path(acme.tokens["north"]), north.contributions[1]), 410, "wave.closed");
  expect_error(post_json(*c, path(acme.tokens["north"], "comments"), north.comments[0]), 410, "wave.closed");
  EXPECT_EQ(respondents(), 1);
}

TEST_F(InviteCache, AGroupMovedInTheTreeKeepsItsLinkAndItsCount) {
  ServerProcess server(store);
  auto c = server.client();
  ASSERT_EQ(post_json(*c, path(acme.tokens["north"]), north.contributions[0])->status, 200);
  // North moves under a new region and is renamed; the wave keeps the tree it
  // was opened with, and the link keeps pointing at the same group id.
  std::string moved = dir.path() + "/moved.csv";
  std::ofstream(moved) << "id,parent,name,headcount,performance_pay,selling,field_visits\n"
                          "acme,,Acme,2,true,complex,true\n"
                          "east,acme,East,0,true,complex,true\n"
                          "north,east,North (now in East),12,true,volume,true\n";
  sos_ok({"group", "import", "--store", store, "acme", moved});
  EXPECT_EQ(post_json(*c, path(acme.tokens["north"]), north.contributions[1])->status, 200);
  EXPECT_EQ(respondents(), 2);
}

}  // namespace
}  // namespace sos::test
