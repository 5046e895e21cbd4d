// Tests of `sos invite issue`: one tab-separated line per group with the
// survey link, and for an organisation with allowed origins also the embed
// link under /o/ORG/ and the one-line script tag (docs/embedding.md), also
// written to GROUP.embed.html with -o.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_tool.h"

namespace {

using sos::testing::ToolRun;

std::string source(const std::string& path) { return std::string(SOS_SOURCE_DIR) + "/" + path; }

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A store with organisation ORG (its allowed origins as given), groups north
// and south, and wave w1 of the fixture survey.
std::string store_with(const std::string& name, const std::string& org, const std::string& origins) {
  std::string store = ::testing::TempDir() + "invite-store-" + name;
  std::system(("rm -rf '" + store + "'").c_str());
  std::string csv = ::testing::TempDir() + "invite-groups.csv";
  std::ofstream(csv) << "id,parent,name,headcount,performance_pay,selling,field_visits\n"
                        "top,,Top,0,true,volume,true\n"
                        "north,top,North,6,true,volume,true\n"
                        "south,top,South,6,true,volume,true\n";
  std::string s = " --store " + store;
  for (const std::string& step :
       {"org create " + org + s + " --name Test" + origins, "group import" + s + " " + org + " " + csv,
        "wave create" + s + " " + org + " w1 --survey " + source("tests/fixtures/surveys/basic.json") +
            " --closes 2099-01-01"}) {
    ToolRun r = sos::testing::run_tool(step);
    EXPECT_EQ(r.status, 0) << step << "\n" << r.output;
  }
  return store;
}

TEST(SosInvite, PrintsTheEmbedFormOnlyWhereTheOrganisationAllowsOrigins) {
  struct Case {
    std::string name, org, origins, base;
    bool embed;
    std::string site;  // the base as it appears in links: no trailing slash
  };
  const Case cases[] = {
      {"none", "acme", "", "https://survey.example", false, "https://survey.example"},
      {"one", "acme", " --origin https://intranet.acme.example", "https://survey.example", true,
       "https://survey.example"},
      {"two-slash", "beta", " --origin https://a.example --origin https://b.example:8443", "https://survey.example/",
       true, "https://survey.example"},
      {"path", "acme", " --origin https://intranet.acme.example", "https://host.example/sos", true,
       "https://host.example/sos"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string store = store_with(c.name, c.org, c.origins);
    ToolRun r =
        sos::testing::run_tool("invite issue " + c.org + " w1 --store " + store + " --base-url " + c.base, "", true);
    ASSERT_EQ(r.status, 0) << r.output;
    std::vector<std::string> lines = split(r.output, '\n');
    ASSERT_EQ(lines.size(), 3u) << r.output;  // top, north, south
    for (const std::string& line : lines) {
      std::vector<std::string> f = split(line, '\t');
      ASSERT_EQ(f.size(), c.embed ? 5u : 3u) << line;
      const std::string prefix = c.site + "/#/i/";
      ASSERT_EQ(f[2].rfind(prefix, 0), 0u) << line;
      const std::string token = f[2].substr(prefix.size());
      EXPECT_FALSE(token.empty());
      if (!c.embed) continue;
      const std::string embed = c.site + "/o/" + c.org + "/#/i/" + token;
      EXPECT_EQ(f[3], embed);
      EXPECT_EQ(f[4], "<script src=\"" + c.site + "/embed.js\" data-sos-invite=\"" + embed + "\" async></script>");
    }
  }
}

TEST(SosInvite, EscapesTheBaseInsideTheScriptTag) {
  std::string store = store_with("escape", "acme", " --origin https://intranet.acme.example");
  ToolRun r = sos::testing::run_tool(
      "invite issue acme w1 --group north --store " + store + " --base-url 'https://survey.example/a\"b&c<d>'", "",
      true);
  ASSERT_EQ(r.status, 0) << r.output;
  std::vector<std::string> f = split(split(r.output, '\n').at(0), '\t');
  ASSERT_EQ(f.size(), 5u) << r.output;
  const std::string token = f[2].substr(f[2].find("/#/i/") + 5);
  EXPECT_EQ(f[4],
            "<script src=\"https://survey.example/a&quot;b&amp;c&lt;d&gt;/embed.js\" data-sos-invite=\""
            "https://survey.example/a&quot;b&amp;c&lt;d&gt;/o/acme/#/i/" +
                token + "\" async></script>");
}

TEST(SosInvite, WritesTheScriptTagBesideTheQrCodeAndTexts) {
  std::string store = store_with("output", "acme", " --origin https://intranet.acme.example");
  std::string folder = ::testing::TempDir() + "invite-output";
  std::system(("rm -rf '" + folder + "'").c_str());
  for (const std::string kiosk : {"", " --kiosk"}) {
    SCOPED_TRACE(kiosk);
    ToolRun r = sos::testing::run_tool("invite issue acme w1 --group north" + kiosk + " --store " + store +
                                           " --base-url https://survey.example -o " + folder,
                                       "", true);
    ASSERT_EQ(r.status, 0) << r.output;
    std::vector<std::string> f = split(split(r.output, '\n').at(0), '\t');
    ASSERT_EQ(f.size(), 5u) << r.output;
    const std::string stem = folder + "/north" + (kiosk.empty() ? "" : ".kiosk");
    EXPECT_EQ(read_file(stem + ".embed.html"), f[4] + "\n");
    EXPECT_NE(read_file(stem + ".txt").find(f[2]), std::string::npos);
  }
  // Without allowed origins there is no embed form to write.
  std::string bare = store_with("output-bare", "acme", "");
  std::string plain = ::testing::TempDir() + "invite-output-bare";
  std::system(("rm -rf '" + plain + "'").c_str());
  ToolRun r = sos::testing::run_tool(
      "invite issue acme w1 --group north --store " + bare + " --base-url https://survey.example -o " + plain, "",
      true);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(std::ifstream(plain + "/north.svg").good());
  EXPECT_FALSE(std::ifstream(plain + "/north.embed.html").good());
}

}  // namespace
