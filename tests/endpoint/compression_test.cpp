// Compressed responses over real HTTP (encoded_body.h): the survey and the
// static files gzipped by the endpoint for clients that take gzip, plain for
// the others, never compressed twice, and a changed file served afresh.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.h"

namespace sos::test {
namespace {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A browser's offer, brotli first: the endpoint answers it with gzip.
const httplib::Headers kBrowser{{"Accept-Encoding", "gzip, deflate, br"}};
const httplib::Headers kPlainOnly{{"Accept-Encoding", "identity"}};

std::unique_ptr<httplib::Client> raw_client(const ServerProcess& server) {
  auto c = server.client();
  c->set_decompress(false);
  return c;
}

TEST(Compression, SurveyIsGzippedForBrowsersAndPlainForOthers) {
  TempDir dir;
  const std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kCompanyAndNorthTree);
  ServerProcess server(store);
  ASSERT_TRUE(server.running());
  auto c = raw_client(server);
  const std::string path = "/api/v1/invite/" + acme.tokens["north"] + "/survey";
  const std::string pinned = read_text(source_path(kSurvey));

  auto zipped = c->Get(path.c_str(), kBrowser);
  ASSERT_TRUE(zipped);
  ASSERT_EQ(zipped->status, 200) << zipped->body;
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_LT(zipped->body.size(), pinned.size());
  EXPECT_EQ(gunzip(zipped->body), pinned);

  auto plain = c->Get(path.c_str(), kPlainOnly);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, pinned);

  auto refused = c->Get(path.c_str(), httplib::Headers{{"Accept-Encoding", "gzip;q=0, br"}});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has_header("Content-Encoding"));
  EXPECT_EQ(refused->body, pinned);
}

TEST(Compression, StaticFilesGzippedOnceAndServedAfreshWhenChanged) {
  TempDir dir;
  const std::string store = dir.path() + "/store";
  const std::string www = dir.path() + "/www";
  ASSERT_EQ(std::system(("mkdir -p " + www).c_str()), 0);
  std::string script;
  for (int i = 0; script.size() < 4000; ++i) script += "export const value" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  write_file(www + "/app.js", script);
  write_file(www + "/tiny.css", "body{margin:0}\n");
  write_file(www + "/icon.png", std::string(3000, '\x01'));
  sos_ok({"org", "create", "acme", "--store", store, "--name", "Acme (test)"});
  ServerProcess server(store, {"--www", www});
  ASSERT_TRUE(server.running()) << server.output();
  auto c = raw_client(server);

  auto zipped = c->Get("/app.js", kBrowser);
  ASSERT_TRUE(zipped);
  ASSERT_EQ(zipped->status, 200);
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(gunzip(zipped->body), script);
  // The security headers stay on what is sent compressed.
  EXPECT_EQ(zipped->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(zipped->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);

  auto plain = c->Get("/app.js", kPlainOnly);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, script);

  // Too small to gain, or a type that does not compress: sent as it is,
  // and not compressed by anyone else either.
  for (const char* path : {"/tiny.css", "/icon.png"}) {
    auto r = c->Get(path, kBrowser);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_FALSE(r->has_header("Content-Encoding")) << path;
  }

  // A new build of the same file: the next request gets the new text.
  const std::string changed = script + "export const added = true;\n";
  write_file(www + "/app.js", changed);
  auto again = c->Get("/app.js", kBrowser);
  ASSERT_TRUE(again);
  EXPECT_EQ(gunzip(again->body), changed);

  // A Range is answered with 206 and those bytes, never a 200 of a part.
  auto part = c->Get("/app.js", httplib::Headers{{"Accept-Encoding", "identity"}, {"Range", "bytes=0-9"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, changed.substr(0, 10));

  // A HEAD names the length of what a GET would send.
  auto head = c->Head("/app.js", kBrowser);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(again->body.size()));
}

}  // namespace
}  // namespace sos::test
