// Tests of `sos report`: the golden dataset's released figures
// (tests/fixtures/report/release-*.json, converted from dataset.json by
// tools/golden/release.py) printed by the built tool must carry exactly the
// figures tools/golden/expected.py computed (expected.json), as JSON and as
// text in Swedish, English and Norwegian; a store's wave is read as the
// viewer API reads it; bad input is an error naming the place.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>

#include "run_tool.h"

namespace {

using nlohmann::json;
using sos::testing::ToolRun;

std::string source(const std::string& path) { return std::string(SOS_SOURCE_DIR) + "/" + path; }

json read_json(const std::string& path) {
  std::ifstream in(source(path));
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

const json& expected() {
  static const json doc = read_json("tests/fixtures/report/expected.json");
  return doc;
}

// The golden files, both waves (2025 then 2026), and the benchmark.
std::string golden(const std::string& group, const std::string& more = "") {
  return "report " + group + " --survey " + source("surveys/standard/survey.json") + " --release " +
         source("tests/fixtures/report/release-2025.json") + " --release " +
         source("tests/fixtures/report/release-2026.json") + " --benchmark " +
         source("tests/fixtures/report/benchmark.json") + " " + more;
}

json view_of(const std::string& arguments) {
  ToolRun r = sos::testing::run_tool(arguments + " --json", "", true);
  EXPECT_EQ(r.status, 0) << r.output;
  json doc = json::parse(r.output, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << r.output;
  return doc;
}

const json& expected_report(const std::string& wave, const std::string& group, const std::string& role) {
  for (const json& r : expected()["reports"])
    if (r["wave"] == wave && r["group"] == group && r["role"] == role) return r;
  static const json none;
  ADD_FAILURE() << "no expected report " << wave << " " << group << " " << role;
  return none;
}

const json* expected_entry(const char* list, const std::string& group, const std::string& role) {
  for (const json& t : expected()[list])
    if (t.value("group", t.value("subject", "")) == group && t["role"] == role && t.value("wave", "2026") == "2026")
      return &t;
  return nullptr;
}

struct Case {
  std::string group, role;
};

class SosReportGolden : public ::testing::TestWithParam<Case> {};

TEST_P(SosReportGolden, JsonCarriesTheGoldenFigures) {
  const Case& c = GetParam();
  json view = view_of(golden(c.group, c.role.empty() ? "" : "--role " + c.role));
  ASSERT_EQ(view["state"], "closed");
  const json& want = expected_report("2026", c.group, c.role);
  const json& report = view["report"];
  EXPECT_EQ(report["respondents"], want["respondents"]);
  ASSERT_EQ(report["dimensions"].size(), want["dimensions"].size());
  for (std::size_t i = 0; i < want["dimensions"].size(); ++i) {
    const json& w = want["dimensions"][i];
    const json& d = report["dimensions"][i];
    SCOPED_TRACE(w["id"].get<std::string>());
    EXPECT_EQ(d["id"], w["id"]);
    EXPECT_EQ(d["state"], w["state"]);
    EXPECT_EQ(d["benchmarkTenths"], w["benchmarkTenths"]);
    if (w["state"] != "shown") {
      EXPECT_TRUE(d["score"].is_null());
      continue;
    }
    EXPECT_EQ(d["score"]["n"], w["n"]);
    EXPECT_EQ(d["score"]["meanE4"], w["meanE4"]);
    EXPECT_EQ(d["score"]["tenths"], w["tenths"]);
    EXPECT_EQ(d["score"]["sdE4"], w["sdE4"]);
    EXPECT_EQ(d["colour"], w["colour"]);
    EXPECT_EQ(d["band"], w["band"]);
    EXPECT_EQ(d["rank"], w["rank"]);
  }
  EXPECT_EQ(report["strengths"], want["strengths"]);
  EXPECT_EQ(report["improvements"], want["improvements"]);

  // The change since 2025, with the chance marker.
  if (const json* trend = expected_entry("trends", c.group, c.role)) {
    for (std::size_t i = 0; i < (*trend)["dimensions"].size(); ++i) {
      const json& w = (*trend)["dimensions"][i]["sincePrevious"];
      const json& d = view["trend"]["dimensions"][i]["sincePrevious"];
      SCOPED_TRACE((*trend)["dimensions"][i]["id"].get<std::string>());
      if (w.is_null()) {
        EXPECT_TRUE(d.is_null());
        continue;
      }
      EXPECT_EQ(d["tenths"], w["tenths"]);
      EXPECT_EQ(d["differenceE4"], w["differenceE4"]);
      EXPECT_EQ(d["marginE4"], w["marginE4"]);
      EXPECT_EQ(d["withinChance"], w["withinChance"]);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, SosReportGolden,
                         ::testing::Values(Case{"acme", ""}, Case{"acme", "manager"}, Case{"north", ""},
                                           Case{"team_n1", "seller"}, Case{"team_n2", ""}, Case{"team_s1", ""},
                                           Case{"team_s2", ""}),
                         [](const auto& info) {
                           return info.param.group + (info.param.role.empty() ? "" : "_" + info.param.role);
                         });

TEST(SosReport, ComparisonWithTheParentIsTheGoldenOne) {
  json view = view_of(golden("north"));
  const json* want = expected_entry("comparisons", "north", "");
  ASSERT_NE(want, nullptr);
  ASSERT_EQ(view["comparison"]["references"], (*want)["references"]);
  for (std::size_t i = 0; i < (*want)["dimensions"].size(); ++i) {
    const json& d = view["comparison"]["dimensions"][i];
    EXPECT_EQ(d["id"], (*want)["dimensions"][i]["id"]);
    const json& difference = (*want)["dimensions"][i]["differences"][0];
    EXPECT_EQ(d["references"][0].value("differenceTenths", json()), difference) << d["id"];
    // Each coloured comparison cell carries its label.
    if (d["references"][0]["state"] == "shown") EXPECT_FALSE(d["references"][0].value("colourLabel", "").empty());
  }
}

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

TEST(SosReport, TextInEachLanguageShowsTheGoldenDisplayedValues) {
  const json& want = expected_report("2026", "north", "");
  for (const auto& [language, respondents, comma] :
       {std::tuple{"en", "Respondents: 16", "."}, std::tuple{"sv", "Svarande: 16", ","},
        std::tuple{"nb", "Svarende: 16", ","}}) {
    SCOPED_TRACE(language);
    json view = view_of(golden("north", std::string("--language ") + language));
    ToolRun text = sos::testing::run_tool(golden("north", std::string("--language ") + language), "", true);
    ASSERT_EQ(text.status, 0) << text.output;
    EXPECT_NE(text.output.find(respondents), std::string::npos) << text.output;
    EXPECT_NE(text.output.find(view["report"]["colourRule"]["text"].get<std::string>()), std::string::npos);
    for (std::size_t i = 0; i < want["dimensions"].size(); ++i) {
      const json& d = view["report"]["dimensions"][i];
      if (d["state"] != "shown") continue;
      // The displayed value is the golden one, with the language's decimal mark.
      int tenths = want["dimensions"][i]["tenths"];
      EXPECT_EQ(d["score"]["display"], std::to_string(tenths / 10) + comma + std::to_string(tenths % 10));
      std::string pattern =
          escaped(d["title"].get<std::string>()) + " +" + escaped(d["score"]["display"].get<std::string>()) + " +" +
          std::to_string(d["score"]["n"].get<int>()) + " +" + escaped(d["colourLabel"].get<std::string>()) + " +";
      EXPECT_TRUE(std::regex_search(text.output, std::regex(pattern))) << pattern << "\n" << text.output;
    }
  }
}

TEST(SosReport, AWithheldGroupIsNeverShownAsZero) {
  ToolRun text = sos::testing::run_tool(golden("team_s1"), "", true);
  ASSERT_EQ(text.status, 0) << text.output;
  EXPECT_NE(text.output.find("Respondents: Too few answers to show"), std::string::npos) << text.output;
  json view = view_of(golden("team_s1"));
  for (const json& d : view["report"]["dimensions"]) {
    EXPECT_EQ(d["state"], "withheld");
    EXPECT_TRUE(d["score"].is_null());
  }
}

TEST(SosReport, GroupAttributesMakeADimensionNotApplicable) {
  std::string attributes = ::testing::TempDir() + "report-attributes.json";
  std::ofstream(attributes) << R"({"team_n1": {"performance_pay": true, "selling": "complex", "field_visits": true},
    "team_n2": {"performance_pay": false, "selling": "complex", "field_visits": false}})";
  json view = view_of(golden("team_n2", "--attributes " + attributes));
  for (const json& d : view["report"]["dimensions"])
    EXPECT_EQ(d["state"], d["id"] == "joint_visits" ? "not_applicable" : "shown") << d["id"];
  // The region has a team with field visits: the dimension applies there.
  json north = view_of(golden("north", "--attributes " + attributes));
  for (const json& d : north["report"]["dimensions"]) EXPECT_EQ(d["state"], "shown") << d["id"];
}

struct BadCase {
  std::string arguments;
  int status;
  std::string message;
};

TEST(SosReport, BadInputIsAnErrorNamingThePlace) {
  std::string broken = ::testing::TempDir() + "report-broken-release.json";
  {
    json release = read_json("tests/fixtures/report/release-2026.json");
    release["groups"][1]["roles"][0]["cells"][1] = json::array({16, -5, 0});
    std::ofstream(broken) << release.dump();
  }
  const BadCase cases[] = {
      {golden("nowhere"), 1, "[report.unknown_group] (/waves/1/release/groups)"},
      {golden("north", "--role presales"), 1, "[report.unknown_role]"},
      {golden("north", "--green-above 7"), 1, "[report.bad_request] (/greenAbove)"},
      {"report north --survey " + source("surveys/standard/survey.json") + " --release " + broken, 1,
       "[report.bad_cell] (/waves/0/release/groups/1/roles/0/cells/1)"},
      {"report north", 2, "give --org and --wave (a store) or --survey and --release (files)"},
  };
  for (const BadCase& c : cases) {
    ToolRun r = sos::testing::run_tool(c.arguments);
    EXPECT_EQ(r.status, c.status) << c.arguments << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.arguments << "\n" << r.output;
  }
}

TEST(SosReport, ReadsAStoresReleasedWave) {
  std::string store = ::testing::TempDir() + "report-store";
  std::system(("rm -rf '" + store + "'").c_str());
  std::string csv = ::testing::TempDir() + "report-groups.csv";
  std::ofstream(csv) << "id,parent,name,headcount,performance_pay,selling,field_visits\n"
                        "acme,,Acme,2,true,complex,true\n"
                        "north,acme,North,6,false,volume,false\n";
  std::string s = " --store " + store;
  for (const std::string& step :
       {"org create acme" + s + " --name Acme", "group import" + s + " acme " + csv,
        "wave create" + s + " acme w1 --survey " + source("surveys/standard/survey.json") + " --closes 2099-01-01"}) {
    ToolRun r = sos::testing::run_tool(step);
    ASSERT_EQ(r.status, 0) << step << "\n" << r.output;
  }
  // Open: response counts and rates only.
  ToolRun open = sos::testing::run_tool("report north" + s + " --org acme --wave w1", "", true);
  EXPECT_EQ(open.status, 0) << open.output;
  EXPECT_NE(open.output.find("The wave is open: only response counts and rates are shown until it closes."),
            std::string::npos)
      << open.output;
  EXPECT_NE(open.output.find("Group  Respondents  Headcount  Response rate\nacme   0            8          0 %\n"
                             "north  0            6          0 %\n"),
            std::string::npos)
      << open.output;
  json progress = view_of("report north" + s + " --org acme --wave w1");
  EXPECT_EQ(progress["state"], "open");
  EXPECT_FALSE(progress.contains("report"));
  EXPECT_EQ(progress["responses"]["groups"][0],
            json({{"group", "acme"}, {"parent", ""}, {"respondents", 0}, {"headcount", 8}, {"ratePercent", 0}}));
  ASSERT_EQ(sos::testing::run_tool("wave close" + s + " acme w1").status, 0);
  // Nobody answered: every figure withheld, and joint visits, which the
  // group's attributes rule out, not applicable.
  json view = view_of("report north" + s + " --org acme --wave w1 --language sv");
  EXPECT_EQ(view["wave"], "w1");
  EXPECT_TRUE(view["report"]["respondents"].is_null());
  for (const json& d : view["report"]["dimensions"])
    EXPECT_EQ(d["state"], d["id"] == "joint_visits" ? "not_applicable" : "withheld") << d["id"];
  EXPECT_EQ(view["report"]["dimensions"][7]["stateLabel"], "Ej tillämpligt");
  ToolRun unknown = sos::testing::run_tool("report north" + s + " --org acme --wave w9");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.output.find("[wave.unknown]"), std::string::npos) << unknown.output;
}

}  // namespace
