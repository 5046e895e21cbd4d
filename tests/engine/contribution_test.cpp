// Tests of sos/contribution.h: what leaves the device, and the endpoint's
// check of what arrives.
#include "sos/contribution.h"

#include <gtest/gtest.h>

#include <random>

#include "test_support.h"

namespace sos {
namespace {

using nlohmann::json;
using testing::basic_survey;
using testing::kAllGroupOn;
using testing::start_basic;

Session complete_session() {
  Session s = start_basic("seller", kAllGroupOn);
  for (auto [id, value] : std::initializer_list<std::pair<const char*, const char*>>{
           {"goals_clear", "\"na\""}, {"goals_followed", "2"}, {"goals_unfair", "1"}, {"pay_fair", "5"},
           {"coached", "\"yes\""}, {"coach_regular", "5"}, {"coach_useful", "4"}, {"kpis", R"(["win_rate", "meetings"])"},
           {"meetings_week", "12.5"}, {"visits_planned", "3"}, {"free_words", "\"Name: Anna. More coaching please.\""}}) {
    auto r = s.set_answer(id, value);
    EXPECT_TRUE(r.ok()) << id << ": " << r.error().to_string();
  }
  return s;
}

std::string entropy(std::size_t n) {
  std::string bytes;
  for (std::size_t i = 0; i < n; ++i) bytes += static_cast<char>(i * 37 + 11);
  return bytes;
}

TEST(Submission, HoldsIntegerStatisticsAndNoFreeText) {
  Session s = complete_session();
  ASSERT_EQ(submission_entropy_bytes(s), 32u);
  auto submission = build_submission(s, entropy(32));
  ASSERT_TRUE(submission.ok()) << submission.error().to_string();
  json c = json::parse(submission->contribution_json);
  EXPECT_EQ(c["format"], "sos-contribution/1");
  EXPECT_EQ(c["role"], "seller");
  EXPECT_EQ(c["submission"], "0b30557a9fc4e90e33587da2c7ec1136");
  EXPECT_EQ(submission->contribution_json.find("Anna"), std::string::npos);
  EXPECT_EQ(c["cells"]["dimension/goals"], json::parse(R"({"n":1,"sum":35000,"sumsq":1225000000})"));  // (2*2+5+5)/4
  EXPECT_EQ(c["cells"]["dimension/coaching"], json::parse(R"({"n":1,"sum":45000,"sumsq":2025000000})"));
  EXPECT_EQ(c["cells"]["option/goals_clear/na"], json::parse(R"({"n":1})"));
  EXPECT_EQ(c["cells"]["question/meetings_week"], json::parse(R"({"n":1,"sum":1250,"sumsq":1562500})"));
  EXPECT_EQ(c["cells"]["option/kpis/meetings"], json::parse(R"({"n":1})"));
  EXPECT_FALSE(c["cells"].contains("question/free_words"));
  for (auto& [key, cell] : c["cells"].items())
    for (auto& [field, value] : cell.items()) EXPECT_TRUE(value.is_number_integer()) << key << "/" << field;
  std::set<std::string> fields;
  for (auto& [key, value] : c.items()) fields.insert(key);
  EXPECT_EQ(fields, (std::set<std::string>{"cells", "format", "role", "submission", "survey", "version"}));
}

TEST(Submission, CommentsTravelApartWithTheirOwnIds) {
  Session s = complete_session();
  auto submission = build_submission(s, entropy(32));
  ASSERT_TRUE(submission.ok());
  ASSERT_EQ(submission->comment_jsons.size(), 1u);
  json comment = json::parse(submission->comment_jsons[0]);
  EXPECT_EQ(comment["format"], "sos-comment/1");
  EXPECT_EQ(comment["question"], "free_words");
  EXPECT_EQ(comment["text"], "Name: Anna. More coaching please.");
  std::string contribution_id = json::parse(submission->contribution_json)["submission"];
  EXPECT_NE(comment["id"], contribution_id);
  EXPECT_EQ(submission->comment_jsons[0].find(contribution_id), std::string::npos);
  EXPECT_FALSE(comment.contains("role"));
}

TEST(Submission, NeedsACompleteSessionAndEnoughEntropy) {
  Session incomplete = start_basic();
  auto refused = build_submission(incomplete, entropy(64));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "session.incomplete");
  EXPECT_EQ(refused.error().pointer, "/answers/goals_clear");
  Session s = complete_session();
  auto short_entropy = build_submission(s, entropy(31));
  ASSERT_FALSE(short_entropy.ok());
  EXPECT_EQ(short_entropy.error().code, "submission.entropy");
}

TEST(ValidateContribution, AcceptsWhatTheDeviceBuilt) {
  Session s = complete_session();
  auto submission = build_submission(s, entropy(32));
  auto checked = validate_contribution(*basic_survey(), kAllGroupOn, submission->contribution_json);
  ASSERT_TRUE(checked.ok()) << checked.error().to_string();
  EXPECT_EQ(checked->statistics, contribution_statistics(s));
  EXPECT_EQ(checked->submission, "0b30557a9fc4e90e33587da2c7ec1136");
}

TEST(ValidateContribution, RefusesAnythingOneRespondentCouldNotHaveSent) {
  Session s = complete_session();
  const json good = json::parse(build_submission(s, entropy(32))->contribution_json);
  struct Row {
    const char* name;
    std::function<void(json&)> change;
    const char* code;
    const char* pointer;
  };
  const std::vector<Row> rows = {
      {"extra field", [](json& c) { c["device"] = "iPhone"; }, "contribution.unknown_field", "/device"},
      {"wrong format", [](json& c) { c["format"] = "sos-contribution/0"; }, "contribution.bad_format", "/format"},
      {"missing role", [](json& c) { c.erase("role"); }, "contribution.bad_format", "/role"},
      {"inflated item", [](json& c) { c["cells"].erase("option/goals_followed/2"); c["cells"]["option/goals_followed/5"] = {{"n", 1}}; },
       "contribution.inconsistent", "/cells/dimension~1goals"},
      {"other version", [](json& c) { c["version"] = "2"; }, "contribution.survey_mismatch", "/version"},
      {"unknown role", [](json& c) { c["role"] = "ceo"; }, "contribution.unknown_role", "/role"},
      {"short submission id", [](json& c) { c["submission"] = "abc"; }, "contribution.bad_submission_id", "/submission"},
      {"uppercase submission id", [](json& c) { c["submission"] = "0B30557AA0C5EAF0153A5F84A9CEF419"; },
       "contribution.bad_submission_id", "/submission"},
      {"two respondents", [](json& c) { c["cells"]["respondents"]["n"] = 2; }, "contribution.inconsistent",
       "/cells/respondents"},
      {"inflated score", [](json& c) { c["cells"]["dimension/goals"]["sum"] = 50000; }, "contribution.inconsistent",
       "/cells/dimension~1goals"},
      {"score without answers", [](json& c) { c["cells"]["dimension/goals"] = {{"n", 1}, {"sum", 30000}, {"sumsq", 900000000}};
                                              c["cells"].erase("option/goals_unfair/1"); c["cells"].erase("question/goals_unfair");
                                              c["cells"].erase("option/goals_followed/2"); c["cells"].erase("question/goals_followed");
                                              c["cells"].erase("option/pay_fair/5"); c["cells"].erase("question/pay_fair"); },
       "contribution.inconsistent", "/cells/dimension~1goals"},
      {"two options on a single choice", [](json& c) { c["cells"]["option/coached/no"] = {{"n", 1}}; },
       "contribution.inconsistent", "/cells/question~1coached"},
      {"option count above one", [](json& c) { c["cells"]["option/coached/yes"]["n"] = 3; }, "contribution.inconsistent",
       "/cells/option~1coached~1yes"},
      {"unknown option", [](json& c) { c["cells"]["option/coached/maybe"] = {{"n", 1}}; }, "contribution.unknown_cell",
       "/cells/option~1coached~1maybe"},
      {"likert point 6", [](json& c) { c["cells"]["option/goals_clear/6"] = {{"n", 1}}; }, "contribution.unknown_cell",
       "/cells/option~1goals_clear~16"},
      {"unknown question", [](json& c) { c["cells"]["question/ghost"] = {{"n", 1}}; }, "contribution.unknown_cell",
       "/cells/question~1ghost"},
      {"comment text smuggled as a cell", [](json& c) { c["cells"]["question/free_words"] = {{"n", 1}}; },
       "contribution.unknown_cell", "/cells/question~1free_words"},
      {"unknown kind", [](json& c) { c["cells"]["time/started"] = {{"n", 1}}; }, "contribution.unknown_cell",
       "/cells/time~1started"},
      {"number out of range", [](json& c) { c["cells"]["question/meetings_week"] = {{"n", 1}, {"sum", 9000}, {"sumsq", 81000000}}; },
       "contribution.out_of_range", "/cells/question~1meetings_week"},
      {"number squares do not match", [](json& c) { c["cells"]["question/meetings_week"]["sumsq"] = 1; },
       "contribution.inconsistent", "/cells/question~1meetings_week"},
      {"answer without its question cell", [](json& c) { c["cells"].erase("question/coached"); }, "contribution.inconsistent",
       "/cells/question~1coached"},
      {"non-integer", [](json& c) { c["cells"]["respondents"]["n"] = 1.5; }, "contribution.bad_format",
       "/cells/respondents/n"},
      {"cells not an object", [](json& c) { c["cells"] = json::array(); }, "contribution.bad_format", "/cells"},
      {"question asked of another role", [](json& c) { c["role"] = "manager"; }, "contribution.role_not_allowed",
       "/cells/option~1visits_feedback~14"},
  };
  for (const Row& row : rows) {
    json changed = good;
    if (std::string(row.name) == "question asked of another role") changed["cells"]["option/visits_feedback/4"] = {{"n", 1}},
                                                                   changed["cells"]["question/visits_feedback"] = {{"n", 1}};
    row.change(changed);
    auto checked = validate_contribution(*basic_survey(), kAllGroupOn, changed.dump());
    ASSERT_FALSE(checked.ok()) << row.name;
    EXPECT_EQ(checked.error().code, row.code) << row.name << ": " << checked.error().to_string();
    EXPECT_EQ(checked.error().pointer, row.pointer) << row.name << ": " << checked.error().to_string();
  }
}

// The endpoint reads a body in the expected shape without a JSON tree and
// leaves every other body to the full reader: the same JSON, however its keys
// are ordered or repeated, gets the same answer.
TEST(ValidateContribution, JudgesTheSameJsonAlikeWhateverItsLayout) {
  Session s = complete_session();
  const std::string built = build_submission(s, entropy(32))->contribution_json;
  const json good = json::parse(built);
  std::string reversed = "{";
  std::vector<std::string> members;
  for (const auto& [key, value] : good.items()) {
    if (key != "cells") {
      members.push_back(json(key).dump() + ":" + value.dump());
      continue;
    }
    std::vector<std::string> cells;
    for (const auto& [cell, figures] : value.items()) cells.push_back(json(cell).dump() + ":" + figures.dump());
    std::string text = "\"cells\":{";
    for (auto c = cells.rbegin(); c != cells.rend(); ++c) text += (c == cells.rbegin() ? "" : ",") + *c;
    members.push_back(text + "}");
  }
  for (auto m = members.rbegin(); m != members.rend(); ++m) reversed += (m == members.rbegin() ? "" : ",") + *m;
  reversed += "}";
  const std::string respondents = "\"respondents\":{\"n\":1}";
  ASSERT_NE(built.find(respondents), std::string::npos);
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = built;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  struct Row {
    const char* name;
    std::string body;
    const char* code;     // empty: accepted
    const char* pointer;
  };
  const std::vector<Row> rows = {
      {"as built", built, "", ""},
      {"keys in reverse order", reversed, "", ""},
      {"spaces between tokens", with(respondents, "\"respondents\" : { \"n\" : 1 }"), "", ""},
      {"a cell twice, the last one right", with(respondents, "\"respondents\":{\"n\":2},\"respondents\":{\"n\":1}"), "", ""},
      {"a cell twice, the last one wrong", with(respondents, "\"respondents\":{\"n\":1},\"respondents\":{\"n\":2}"),
       "contribution.inconsistent", "/cells/respondents"},
      {"a field twice", with(respondents, "\"respondents\":{\"n\":3,\"n\":1}"), "", ""},
      {"a header field twice", with("\"format\"", "\"format\":\"x\",\"format\""), "", ""},
      {"an integer written as a float", with(respondents, "\"respondents\":{\"n\":1.0}"), "contribution.bad_format",
       "/cells/respondents/n"},
      {"a negative count", with(respondents, "\"respondents\":{\"n\":-1}"), "contribution.inconsistent",
       "/cells/respondents"},
      {"a count past 64 bits", with(respondents, "\"respondents\":{\"n\":18446744073709551617}"),
       "contribution.bad_format", "/cells/respondents/n"},
      {"trailing text", built + "x", "contribution.bad_format", ""},
      {"two documents", built + built, "contribution.bad_format", ""},
      {"an array", "[" + built + "]", "contribution.bad_format", ""},
      {"null cells", [&] {
         json c = good;
         c["cells"] = nullptr;
         return c.dump();
       }(), "contribution.bad_format", "/cells"},
  };
  for (const Row& row : rows) {
    auto checked = validate_contribution(*basic_survey(), kAllGroupOn, row.body);
    if (std::string(row.code).empty()) {
      ASSERT_TRUE(checked.ok()) << row.name << ": " << checked.error().to_string();
      EXPECT_EQ(checked->statistics, contribution_statistics(s)) << row.name;
      continue;
    }
    ASSERT_FALSE(checked.ok()) << row.name;
    EXPECT_EQ(checked.error().code, row.code) << row.name << ": " << checked.error().to_string();
    EXPECT_EQ(checked.error().pointer, row.pointer) << row.name << ": " << checked.error().to_string();
  }
}

// Bodies mangled at random: each is judged exactly as the same JSON written
// plainly (nlohmann's reading, dumped again), or refused as bad JSON when
// nlohmann cannot read it. Catches a quick reader that reads a body otherwise.
TEST(ValidateContribution, JudgesMangledBodiesAsTheirPlainJson) {
  Session s = complete_session();
  const std::string built = build_submission(s, entropy(32))->contribution_json;
  std::mt19937 random(20261122);
  const std::string alphabet = "{}[]\",:0123456789-.eE \t\n\\/xnau";
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string body = built;
    for (int edits = 1 + static_cast<int>(pick(3)); edits > 0; --edits) {
      std::size_t at = pick(body.size());
      switch (pick(4)) {
        case 0: body[at] = alphabet[pick(alphabet.size())]; break;
        case 1: body.insert(at, 1, alphabet[pick(alphabet.size())]); break;
        case 2: body.erase(at, 1 + pick(3)); break;
        default: body.insert(at, body.substr(pick(body.size()), 1 + pick(30))); break;
      }
      if (body.empty()) body = "{";
    }
    auto checked = validate_contribution(*basic_survey(), kAllGroupOn, body);
    json tree = json::parse(body, nullptr, false);
    if (tree.is_discarded()) {
      ASSERT_FALSE(checked.ok()) << body;
      EXPECT_EQ(checked.error().code, "contribution.bad_format") << body;
      EXPECT_EQ(checked.error().pointer, "") << body;
      continue;
    }
    ++parsed;
    auto plain = validate_contribution(*basic_survey(), kAllGroupOn, tree.dump());
    ASSERT_EQ(checked.ok(), plain.ok()) << body;
    if (checked.ok()) {
      EXPECT_EQ(checked->statistics, plain->statistics) << body;
      EXPECT_EQ(checked->submission, plain->submission) << body;
    } else {
      EXPECT_EQ(checked.error().code, plain.error().code) << body;
      EXPECT_EQ(checked.error().pointer, plain.error().pointer) << body;
      EXPECT_EQ(checked.error().message, plain.error().message) << body;
    }
  }
  EXPECT_GT(parsed, 300);  // enough mangled bodies that still parse to mean something
}

TEST(ValidateContribution, RefusesScoresForADimensionThatDoesNotApplyToTheGroup) {
  Session s = complete_session();
  auto submission = build_submission(s, entropy(32));
  auto checked = validate_contribution(*basic_survey(), testing::kAllGroupOff, submission->contribution_json);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, "contribution.not_applicable");
  EXPECT_EQ(checked.error().pointer, "/cells/dimension~1joint_visits");
}

}  // namespace
}  // namespace sos
