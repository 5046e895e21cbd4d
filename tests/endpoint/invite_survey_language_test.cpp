// The pinned survey in one language (GET /api/v1/invite/TOKEN/survey?lang=),
// over real HTTP: the engine's narrowing of the wave's survey, with the full
// survey's headers, gzipped for clients that take it; a bad `lang` is 400 and
// changes nothing; without `lang` the full survey, byte for byte.
#include <gtest/gtest.h>

#include "harness.h"
#include "sos/survey_narrow.h"

namespace sos::test {
namespace {

const httplib::Headers kBrowser{{"Accept-Encoding", "gzip, deflate, br"}};
const httplib::Headers kPlainOnly{{"Accept-Encoding", "identity"}};

struct InviteSurveyLanguage : ::testing::Test {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kCompanyAndNorthTree);
  std::string pinned = read_text(source_path(kSurvey));

  std::string path(const std::string& query = "", const std::string& token = "") {
    return "/api/v1/invite/" + (token.empty() ? acme.tokens["north"] : token) + "/survey" + query;
  }
  static std::string narrowed(const std::string& survey, const std::string& language) {
    auto out = narrow_survey_to_language(survey, language);
    EXPECT_TRUE(out.ok()) << out.error().to_string();
    return out.ok() ? out.value() : "";
  }
  // What an administrator can see of the store: it must not change.
  std::string stored() {
    return sos_ok({"invite", "list", "--store", store, "acme"}) + sos_ok({"wave", "list", "--store", store, "acme"});
  }
};

// The headers a response shares with the full survey's.
void expect_same_headers(const httplib::Response& narrow, const httplib::Response& full) {
  for (const char* name : {"Content-Type", "Cache-Control", "Vary", "Content-Encoding", "X-Content-Type-Options",
                           "Referrer-Policy", "Content-Security-Policy", "Permissions-Policy"})
    EXPECT_EQ(narrow.get_header_value(name), full.get_header_value(name)) << name;
}

TEST_F(InviteSurveyLanguage, EachLanguageIsTheEnginesNarrowingGzippedOrNot) {
  ServerProcess server(store);
  ASSERT_TRUE(server.running()) << server.output();
  auto c = server.client();  // gzip bodies are inflated by the client, headers kept
  auto full_zipped = c->Get(path().c_str(), kBrowser);
  auto full_plain = c->Get(path().c_str(), kPlainOnly);
  ASSERT_TRUE(full_zipped && full_plain);
  EXPECT_EQ(full_zipped->get_header_value("Content-Encoding"), "gzip");
  for (const char* language : {"en", "sv", "nb"}) {
    SCOPED_TRACE(language);
    const std::string expected = narrowed(pinned, language);
    EXPECT_LT(expected.size(), pinned.size());
    auto zipped = c->Get(path(std::string("?lang=") + language).c_str(), kBrowser);
    ASSERT_TRUE(zipped);
    ASSERT_EQ(zipped->status, 200) << zipped->body;
    EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(zipped->body, expected);
    expect_same_headers(*zipped, *full_zipped);

    auto plain = c->Get(path(std::string("?lang=") + language).c_str(), kPlainOnly);
    ASSERT_TRUE(plain);
    ASSERT_EQ(plain->status, 200) << plain->body;
    EXPECT_FALSE(plain->has_header("Content-Encoding"));
    EXPECT_EQ(plain->body, expected);
    expect_same_headers(*plain, *full_plain);

    // What the app does with it: the narrowed survey loads in that language.
    LoadResult loaded = load_survey(plain->body);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.survey->languages, std::vector<std::string>{language});
  }
}

TEST_F(InviteSurveyLanguage, WithoutLangTheFullSurveyByteForByte) {
  ServerProcess server(store);
  auto c = server.client();
  auto plain = c->Get(path().c_str(), kPlainOnly);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  EXPECT_EQ(plain->body, pinned);
  // Other parameters are ignored, as they always were.
  auto other = c->Get(path("?language=en").c_str(), kBrowser);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->body, pinned);
}

TEST_F(InviteSurveyLanguage, ABadLangIsRefusedWith400AndChangesNothing) {
  ServerProcess server(store);
  auto c = server.client();
  const std::string before = stored();
  struct Bad {
    const char* query;
    const char* says;
  };
  const Bad cases[] = {
      {"?lang=de", "query parameter \"lang\" \"de\" is not one of the survey's languages (en, sv, nb)"},
      {"?lang=EN", "query parameter \"lang\" \"EN\" is not one of the survey's languages (en, sv, nb)"},
      {"?lang=en%20", "query parameter \"lang\" \"en \" is not one of the survey's languages (en, sv, nb)"},
      {"?lang=", "query parameter \"lang\" is empty: name one of the survey's languages"},
      {"?lang", "query parameter \"lang\" is empty: name one of the survey's languages"},
      {"?lang=en&lang=sv", "query parameter \"lang\" is given more than once"},
      {"?lang=en&lang=en", "query parameter \"lang\" is given more than once"},
  };
  for (const Bad& bad : cases) {
    SCOPED_TRACE(bad.query);
    auto r = c->Get(path(bad.query).c_str(), kBrowser);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    Json body = Json::parse(r->body);
    EXPECT_EQ(body["format"], "sos-error/1");
    EXPECT_EQ(body["error"]["code"], "request.bad_parameter");
    EXPECT_EQ(body["error"]["pointer"], "");
    EXPECT_EQ(body["error"]["message"], bad.says);
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  }
  EXPECT_EQ(stored(), before);
  auto after = c->Get(path("?lang=sv").c_str(), kPlainOnly);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(after->body, narrowed(pinned, "sv"));
}

TEST_F(InviteSurveyLanguage, AnUnknownTokenIs404WhateverTheLang) {
  ServerProcess server(store);
  auto c = server.client();
  const std::string unknown = "AAAAAAAAAAAAAAAAAAAAAA";
  for (const char* query : {"?lang=en", "?lang=de", "?lang=", ""}) {
    SCOPED_TRACE(query);
    auto r = c->Get(path(query, unknown).c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(Json::parse(r->body)["error"]["code"], "link.unknown");
  }
}

// The standard survey, as a wave runs it: every language narrows, and the
// narrowed body is what the respondent's first screen downloads.
TEST_F(InviteSurveyLanguage, TheStandardSurveyNarrowsInEachLanguage) {
  const std::string standard = source_path("surveys/standard/survey.json");
  sos_ok({"wave", "create", "--store", store, "acme", "w2", "--survey", standard, "--closes", "2099-01-01"});
  std::string issued = sos_ok({"invite", "issue", "--store", store, "acme", "w2", "--group", "north"});
  std::string token = issued.substr(issued.find("/#/i/") + 5);
  token = token.substr(0, token.find_first_of(" \t\n"));
  ServerProcess server(store);
  auto c = server.client();
  const std::string full = read_text(standard);
  for (const char* language : {"sv", "en", "nb"}) {
    SCOPED_TRACE(language);
    auto r = c->Get(path(std::string("?lang=") + language, token).c_str(), kBrowser);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(r->body, narrowed(full, language));
  }
}

}  // namespace
}  // namespace sos::test
