// Embedding over real HTTP (docs/embedding.md): which pages may be framed by
// whom (frame-ancestors from the organisation's allowed origins), the embed
// script loadable by other sites, invites resolved only under their own
// organisation's /o/ path, and CORS only for declared origins.
#include <gtest/gtest.h>

#include "harness.h"

namespace sos::test {
namespace {

class Embedding : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    store_ = dir_->path() + "/store";
    acme_ = new OrgSetup(setup_org(store_, "acme", kCompanyAndNorthTree));
    other_ = new OrgSetup(setup_org(store_, "other", kCompanyAndNorthTree));
    // An organisation that declared no origins: nobody may frame its copy.
    sos_ok({"org", "create", "bare", "--store", store_, "--name", "Bare (test)"});
    server_ = new ServerProcess(store_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete other_;
    delete acme_;
    delete dir_;
  }
  static TempDir* dir_;
  static std::string store_;
  static OrgSetup *acme_, *other_;
  static ServerProcess* server_;
};
TempDir* Embedding::dir_;
std::string Embedding::store_;
OrgSetup *Embedding::acme_, *Embedding::other_;
ServerProcess* Embedding::server_;

struct StaticCase {
  std::string path;
  int status;
  std::string frame_ancestors;  // the directive's value; empty for an error
  std::string resource_policy;
};

TEST_F(Embedding, FramingAndResourcePolicyPerPath) {
  const StaticCase cases[] = {
      {"/", 200, "'none'", "same-site"},
      {"/app.js", 200, "'none'", "same-site"},
      {"/embed.js", 200, "'none'", "cross-origin"},
      {"/o/acme/", 200, "https://intranet.example.com", "same-site"},
      {"/o/acme/app.js", 200, "https://intranet.example.com", "same-site"},
      {"/o/acme/embed.js", 200, "https://intranet.example.com", "cross-origin"},
      {"/o/bare/", 200, "'none'", "same-site"},
      {"/o/nobody/", 404, "", ""},
      {"/o/acme", 404, "", ""},
      {"/o//", 404, "", ""},
      {"/o/ac%20me/", 404, "", ""},
  };
  auto c = server_->client();
  for (const StaticCase& k : cases) {
    auto r = c->Get(k.path.c_str());
    ASSERT_TRUE(r) << k.path;
    EXPECT_EQ(r->status, k.status) << k.path;
    EXPECT_EQ(r->get_header_value_count("Content-Security-Policy"), 1u) << k.path;
    std::string csp = r->get_header_value("Content-Security-Policy");
    if (k.status != 200) {
      EXPECT_EQ(Json::parse(r->body)["error"]["code"], "request.not_found") << k.path;
      EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << k.path;
      continue;
    }
    auto at = csp.find("frame-ancestors ");
    ASSERT_NE(at, std::string::npos) << k.path;
    EXPECT_EQ(csp.substr(at + 16), k.frame_ancestors) << k.path;
    EXPECT_EQ(r->get_header_value_count("Cross-Origin-Resource-Policy"), 1u) << k.path;
    EXPECT_EQ(r->get_header_value("Cross-Origin-Resource-Policy"), k.resource_policy) << k.path;
  }
}

struct InviteCase {
  std::string name;
  std::string prefix;  // before /api/v1/...
  bool acme_token;     // else other's token
  std::string origin;  // Origin header; empty for none
  int status;
  std::string code;          // error code; empty for 200
  std::string allow_origin;  // Access-Control-Allow-Origin expected; empty for none
};

TEST_F(Embedding, InviteLookupOnlyUnderItsOwnOrganisation) {
  const InviteCase cases[] = {
      {"plain path", "", true, "", 200, "", ""},
      {"own organisation's path", "/o/acme", true, "", 200, "", ""},
      {"other's token under acme", "/o/acme", false, "", 404, "link.unknown", ""},
      {"acme's token under other", "/o/other", true, "", 404, "link.unknown", ""},
      {"unknown organisation", "/o/nobody", true, "", 404, "link.unknown", ""},
      {"organisation without origins", "/o/bare", true, "", 404, "link.unknown", ""},
      {"declared origin", "", true, "https://intranet.example.com", 200, "", "https://intranet.example.com"},
      {"same origin", "/o/acme", true, "same", 200, "", ""},
      {"undeclared origin", "/o/acme", true, "https://evil.example.com", 403, "request.origin", ""},
      {"origin differing in scheme", "", true, "http://intranet.example.com", 403, "request.origin", ""},
  };
  auto c = server_->client();
  for (const InviteCase& k : cases) {
    const std::string token = k.acme_token ? acme_->tokens["north"] : other_->tokens["north"];
    httplib::Headers headers;
    if (k.origin == "same")
      headers.emplace("Origin", "http://127.0.0.1:" + std::to_string(server_->port()));
    else if (!k.origin.empty())
      headers.emplace("Origin", k.origin);
    auto r = c->Get((k.prefix + "/api/v1/invite/" + token).c_str(), headers);
    ASSERT_TRUE(r) << k.name;
    EXPECT_EQ(r->status, k.status) << k.name << ": " << r->body;
    if (!k.code.empty()) {
      EXPECT_EQ(Json::parse(r->body)["error"]["code"], k.code) << k.name;
    }
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), k.allow_origin) << k.name;
    // Never a wildcard, never credentials: the embedded app needs neither.
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Credentials")) << k.name;
    if (!k.allow_origin.empty()) {
      EXPECT_EQ(r->get_header_value("Vary"), "Origin") << k.name;
    }
  }
}

TEST_F(Embedding, SubmissionUnderAnotherOrganisationsPathIsUnknown) {
  auto c = server_->client();
  auto r = post_json(*c, "/o/other/api/v1/invite/" + acme_->tokens["north"] + "/contributions", "{}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404) << r->body;
  EXPECT_EQ(Json::parse(r->body)["error"]["code"], "link.unknown");
  EXPECT_EQ(Json::parse(r->body)["error"]["pointer"], "");
}

}  // namespace
}  // namespace sos::test
