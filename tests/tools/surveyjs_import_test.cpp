// Tests of `sos import surveyjs` (tools/import): SurveyJS snippets and the
// converted JSON with every warning (code and JSON Pointer into the SurveyJS
// file); conditions and their translations; survey-core's parser and value
// semantics; the fixtures; the command line and `sos trace`.
#include "import/surveyjs.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "import/sj_expr.h"
#include "import/sj_value.h"
#include "sos/survey.h"

namespace sos::import {
namespace {

using Json = nlohmann::json;
using Found = std::vector<std::pair<std::string, std::string>>;  // (code, pointer)

Json single_page(const Json& elements) {
  return {{"clearInvisibleValues", "onHiddenContainer"}, {"pages", {{{"name", "p"}, {"elements", elements}}}}};
}

Conversion convert_or_fail(const Json& surveyjs, const Options& options = {}) {
  auto result = convert_surveyjs(surveyjs.dump(), options);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().to_string());
  return result.ok() ? std::move(result).value() : Conversion{};
}

Found warnings_of(const Conversion& c) {
  Found out;
  for (const Warning& w : c.warnings) out.emplace_back(w.code, w.pointer);
  return out;
}

Json plain(const nlohmann::ordered_json& j) { return Json::parse(j.dump()); }

// ---------------------------------------------------------------------------
// Elements: {SurveyJS elements of one page, converted elements, warnings}.

struct ElementRow {
  const char* name;
  const char* surveyjs;
  const char* converted;
  Found warnings;
};

const ElementRow kElementRows[] = {
    {"radiogroup with numbers",
     R"([{"type": "radiogroup", "name": "q1", "title": "Pick", "choices": [1, 2, {"value": 3, "text": "Three"}], "isRequired": true}])",
     R"([{"type": "choice", "id": "q1", "text": {"en": "Pick"}, "required": true, "options": [
          {"value": "1", "text": {"en": "1"}}, {"value": "2", "text": {"en": "2"}}, {"value": "3", "text": {"en": "Three"}}]}])",
     {}},
    {"names and values that are not ids are folded",
     R"([{"type": "dropdown", "name": "Product Used", "choices": ["Team Edition|Team", "pro|Pro", "Pro!"]}])",
     R"([{"type": "choice", "id": "product_used", "text": {"en": "Product Used"}, "options": [
          {"value": "Team_Edition", "text": {"en": "Team"}}, {"value": "pro", "text": {"en": "Pro"}},
          {"value": "Pro", "text": {"en": "Pro!"}}]}])",
     {{"import.renamed", "/pages/0/elements/0/name"}}},
    {"dropdown from choicesMin to choicesMax",
     R"([{"type": "dropdown", "name": "d", "choicesMin": 1, "choicesMax": 3}])",
     R"([{"type": "choice", "id": "d", "text": {"en": "d"}, "options": [
          {"value": "1", "text": {"en": "1"}}, {"value": "2", "text": {"en": "2"}}, {"value": "3", "text": {"en": "3"}}]}])",
     {}},
    {"checkbox: minSelectedChoices also requires an answer, as survey-core does",
     R"([{"type": "checkbox", "name": "m", "choices": ["a", "b", "c"], "minSelectedChoices": 1, "maxSelectedChoices": 2}])",
     R"([{"type": "multichoice", "id": "m", "text": {"en": "m"}, "required": true, "options": [
          {"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}, {"value": "c", "text": {"en": "c"}}],
          "minSelected": 1, "maxSelected": 2}])",
     {}},
    {"checkbox with none: an ordinary choice here, exclusive in SurveyJS",
     R"([{"type": "checkbox", "name": "m", "choices": ["a", "b"], "showNoneItem": true}])",
     R"([{"type": "multichoice", "id": "m", "text": {"en": "m"}, "options": [
          {"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}, {"value": "none", "text": {"en": "None"}}]}])",
     {{"import.exclusive_choice", "/pages/0/elements/0/showNoneItem"}}},
    {"radiogroup with other: the written text is lost",
     R"([{"type": "radiogroup", "name": "r", "choices": ["a", "b"], "showOtherItem": true, "otherText": "Else"}])",
     R"([{"type": "choice", "id": "r", "text": {"en": "r"}, "options": [
          {"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}, {"value": "other", "text": {"en": "Else"}}]}])",
     {{"import.other_text", "/pages/0/elements/0/showOtherItem"}}},
    {"a choice item with a condition",
     R"([{"type": "radiogroup", "name": "r", "choices": ["a", {"value": "b", "visibleIf": "{x} = 1"}]}])",
     R"([{"type": "choice", "id": "r", "text": {"en": "r"}, "options": [
          {"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}]}])",
     {{"import.choice_condition", "/pages/0/elements/0/choices/1"}}},
    {"boolean becomes yes/no",
     R"([{"type": "boolean", "name": "b", "title": "OK?", "labelTrue": "Sure", "valueTrue": "Y", "valueFalse": "N"}])",
     R"([{"type": "choice", "id": "b", "text": {"en": "OK?"}, "options": [
          {"value": "yes", "text": {"en": "Sure"}}, {"value": "no", "text": {"en": "No"}}]}])",
     {{"import.boolean", "/pages/0/elements/0"}}},
    {"rating 1-5 becomes Likert with its labels",
     R"([{"type": "rating", "name": "r", "minRateDescription": "Bad", "maxRateDescription": "Good"}])",
     R"([{"type": "likert", "id": "r", "text": {"en": "r"}, "minLabel": {"en": "Bad"}, "maxLabel": {"en": "Good"}}])",
     {}},
    {"rating with its own values 1-5 is Likert too",
     R"([{"type": "rating", "name": "r", "rateValues": [1, 2, 3, 4, {"value": 5, "text": "Top"}]}])",
     R"([{"type": "likert", "id": "r", "text": {"en": "r"}}])",
     {}},
    {"rating 0-10 becomes a whole number",
     R"([{"type": "rating", "name": "nps", "rateMin": 0, "rateMax": 10}])",
     R"([{"type": "number", "id": "nps", "text": {"en": "nps"}, "min": 0, "max": 10, "decimals": 0}])",
     {{"import.rating", "/pages/0/elements/0"}}},
    {"rating in steps becomes a choice",
     R"([{"type": "rating", "name": "r", "rateMin": 0, "rateMax": 20, "rateStep": 10}])",
     R"([{"type": "choice", "id": "r", "text": {"en": "r"}, "options": [
          {"value": "0", "text": {"en": "0"}}, {"value": "10", "text": {"en": "10"}}, {"value": "20", "text": {"en": "20"}}]}])",
     {{"import.rating", "/pages/0/elements/0"}}},
    {"text of numbers becomes a number",
     R"([{"type": "text", "name": "age", "inputType": "number", "min": 18, "max": "99", "step": 1}])",
     R"([{"type": "number", "id": "age", "text": {"en": "age"}, "min": 18, "max": 99, "decimals": 0}])",
     {}},
    {"a number without range and step",
     R"([{"type": "text", "name": "n", "inputType": "number"}])",
     R"([{"type": "number", "id": "n", "text": {"en": "n"}, "min": -100000, "max": 100000, "decimals": 2}])",
     {{"import.number_range", "/pages/0/elements/0"}, {"import.number_decimals", "/pages/0/elements/0"}}},
    {"text becomes a comment",
     R"([{"type": "text", "name": "name", "maxLength": 40, "description": "First name"}])",
     R"([{"type": "comment", "id": "name", "text": {"en": "name"}, "help": {"en": "First name"}, "maxLength": 40}])",
     {{"import.comment", "/pages/0/elements/0"}}},
    {"an e-mail field loses its check",
     R"([{"type": "text", "name": "mail", "inputType": "email"}])",
     R"([{"type": "comment", "id": "mail", "text": {"en": "mail"}, "maxLength": 4000}])",
     {{"import.input_type", "/pages/0/elements/0/inputType"}, {"import.comment", "/pages/0/elements/0"}}},
    {"comment with a text length validator",
     R"([{"type": "comment", "name": "c", "validators": [{"type": "text", "minLength": 5, "maxLength": 300}]}])",
     R"([{"type": "comment", "id": "c", "text": {"en": "c"}, "maxLength": 300}])",
     {{"import.comment", "/pages/0/elements/0"},
      {"import.validator", "/pages/0/elements/0/validators/0/minLength"},
      {"import.validator", "/pages/0/elements/0/validators/0/maxLength"}}},
    {"matrix of 1-5 with every row required",
     R"([{"type": "matrix", "name": "mx", "title": "Agree?", "eachRowRequired": true,
          "columns": [{"value": 1, "text": "No"}, 2, 3, 4, {"value": 5, "text": "Yes"}], "rows": ["a", {"value": "b", "text": "Bee"}]}])",
     R"([{"type": "matrix", "id": "mx", "text": {"en": "Agree?"}, "required": true,
          "rows": [{"id": "mx_a", "text": {"en": "a"}}, {"id": "mx_b", "text": {"en": "Bee"}}],
          "minLabel": {"en": "No"}, "maxLabel": {"en": "Yes"}}])",
     {}},
    {"a required matrix wants one row: a panel of rows that require each other",
     R"([{"type": "matrix", "name": "mx", "isRequired": true, "columns": [1, 2, 3, 4, 5], "rows": ["a", "b", "c"]}])",
     R"([{"type": "panel", "id": "mx", "title": {"en": "mx"}, "elements": [
          {"type": "likert", "id": "mx_a", "text": {"en": "a"}, "requiredIf": "{mx_b} empty and {mx_c} empty"},
          {"type": "likert", "id": "mx_b", "text": {"en": "b"}, "requiredIf": "{mx_a} empty and {mx_c} empty"},
          {"type": "likert", "id": "mx_c", "text": {"en": "c"}, "requiredIf": "{mx_a} empty and {mx_b} empty"}]}])",
     {{"import.matrix", "/pages/0/elements/0"}}},
    {"a matrix of other columns: a panel of choices",
     R"([{"type": "matrix", "name": "own", "columns": ["me", "you"], "rows": ["x"]}])",
     R"([{"type": "panel", "id": "own", "title": {"en": "own"}, "elements": [
          {"type": "choice", "id": "own_x", "text": {"en": "x"}, "options": [
            {"value": "me", "text": {"en": "me"}}, {"value": "you", "text": {"en": "you"}}]}]}])",
     {{"import.matrix", "/pages/0/elements/0"}}},
    {"panels nest; unnamed ones get ids",
     R"([{"type": "radiogroup", "name": "q", "choices": ["a", "b"]},
         {"type": "panel", "title": "Outer", "visibleIf": "{q} = 'a'", "elements": [
           {"type": "panel", "elements": [{"type": "rating", "name": "r"}]}]}])",
     R"([{"type": "choice", "id": "q", "text": {"en": "q"}, "options": [
           {"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}]},
         {"type": "panel", "id": "panel1", "title": {"en": "Outer"}, "visibleIf": "{q} = 'a'", "elements": [
           {"type": "panel", "id": "panel2", "elements": [{"type": "likert", "id": "r", "text": {"en": "r"}}]}]}])",
     {}},
    {"a panel shown by a question inside it: a circle the survey format refuses",
     R"([{"type": "panel", "name": "pn", "visibleIf": "{q} = 'a'", "elements": [
          {"type": "radiogroup", "name": "q", "choices": ["a", "b"]}]}])",
     R"([{"type": "panel", "id": "pn", "elements": [
          {"type": "choice", "id": "q", "text": {"en": "q"}, "options": [
            {"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}]}]}])",
     {{"import.condition_cycle", "/pages/0/elements/0/visibleIf"}}},
    {"visible false without visibleIf is never shown",
     R"([{"type": "comment", "name": "c", "visible": false}])",
     R"([{"type": "comment", "id": "c", "text": {"en": "c"}, "visibleIf": "false", "maxLength": 4000}])",
     {{"import.comment", "/pages/0/elements/0"}}},
    {"an expression validator: also an error on an unanswered question, as survey-core has",
     R"([{"type": "text", "name": "age", "inputType": "number", "min": 0, "max": 120, "step": 1,
          "validators": [{"type": "expression", "expression": "{age} >= 18", "text": "Adults only"}]}])",
     R"([{"type": "number", "id": "age", "text": {"en": "age"}, "required": true,
          "validators": [{"expression": "{age} >= 18", "message": {"en": "Adults only"}}], "min": 0, "max": 120, "decimals": 0}])",
     {}},
    {"a validator that holds when unanswered adds no requirement",
     R"([{"type": "text", "name": "age", "inputType": "number", "min": 0, "max": 120, "step": 1,
          "validators": [{"type": "expression", "expression": "{age} empty or {age} >= 18"}]}])",
     R"([{"type": "number", "id": "age", "text": {"en": "age"},
          "validators": [{"expression": "{age} empty or {age} >= 18", "message": {"en": "The answer is not valid."}}],
          "min": 0, "max": 120, "decimals": 0}])",
     {}},
    {"numeric and answer count validators",
     R"([{"type": "text", "name": "n", "inputType": "number", "min": 0, "max": 100, "step": 1,
          "validators": [{"type": "numeric", "minValue": 10, "maxValue": 20, "text": "10-20"}]},
         {"type": "checkbox", "name": "m", "choices": ["a", "b", "c"], "validators": [{"type": "answercount", "minCount": 2}]}])",
     R"([{"type": "number", "id": "n", "text": {"en": "n"},
          "validators": [{"expression": "{n} >= 10 and {n} <= 20", "message": {"en": "10-20"}}], "min": 0, "max": 100, "decimals": 0},
         {"type": "multichoice", "id": "m", "text": {"en": "m"},
          "validators": [{"expression": "count({m}) >= 2", "message": {"en": "The answer is not valid."}}],
          "options": [{"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}, {"value": "c", "text": {"en": "c"}}]}])",
     {}},
    {"requiredIf decides over isRequired",
     R"([{"type": "radiogroup", "name": "a", "choices": ["x", "y"]},
         {"type": "comment", "name": "c", "isRequired": true, "requiredIf": "{a} = 'x'"}])",
     R"([{"type": "choice", "id": "a", "text": {"en": "a"}, "options": [{"value": "x", "text": {"en": "x"}}, {"value": "y", "text": {"en": "y"}}]},
         {"type": "comment", "id": "c", "text": {"en": "c"}, "requiredIf": "{a} = 'x'", "maxLength": 4000}])",
     {{"import.comment", "/pages/0/elements/1"}}},
    {"what cannot be carried is listed, where it is",
     R"([{"type": "html", "name": "h", "html": "<b>Hi</b>"},
         {"type": "file", "name": "f"},
         {"type": "radiogroup", "name": "r", "choices": ["a", "b"], "enableIf": "{x} = 1", "defaultValue": "a", "correctAnswer": "a"},
         {"type": "radiogroup", "name": "only", "choices": ["a"]}])",
     R"([{"type": "choice", "id": "r", "text": {"en": "r"}, "options": [{"value": "a", "text": {"en": "a"}}, {"value": "b", "text": {"en": "b"}}]}])",
     {{"import.unsupported_element", "/pages/0/elements/0"},
      {"import.unsupported_element", "/pages/0/elements/1"},
      {"import.option_count", "/pages/0/elements/3"},
      {"import.property", "/pages/0/elements/2/correctAnswer"},
      {"import.property", "/pages/0/elements/2/defaultValue"},
      {"import.property", "/pages/0/elements/2/enableIf"}}},
    {"a condition without an equivalent is not dropped silently",
     R"([{"type": "text", "name": "born", "inputType": "date"},
         {"type": "comment", "name": "c", "visibleIf": "age({born}) >= 18", "requiredIf": "{calc} > 1"}])",
     R"([{"type": "comment", "id": "born", "text": {"en": "born"}, "maxLength": 4000},
         {"type": "comment", "id": "c", "text": {"en": "c"}, "maxLength": 4000}])",
     {{"import.input_type", "/pages/0/elements/0/inputType"},
      {"import.comment", "/pages/0/elements/0"},
      {"import.comment", "/pages/0/elements/1"},
      {"import.condition_dropped", "/pages/0/elements/1/visibleIf"},
      {"import.condition_dropped", "/pages/0/elements/1/requiredIf"}}},
};

class Elements : public ::testing::TestWithParam<ElementRow> {};

TEST_P(Elements, ConvertWithTheirWarnings) {
  const ElementRow& row = GetParam();
  Conversion c = convert_or_fail(single_page(Json::parse(row.surveyjs)));
  EXPECT_EQ(plain(c.survey["pages"][0]["elements"]), Json::parse(row.converted)) << plain(c.survey["pages"][0]["elements"]).dump();
  EXPECT_EQ(warnings_of(c), row.warnings);
}

std::string row_name(const ::testing::TestParamInfo<ElementRow>& info) {
  std::string out;
  for (const char* p = info.param.name; *p; ++p) out += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return out;
}

INSTANTIATE_TEST_SUITE_P(Import, Elements, ::testing::ValuesIn(kElementRows), row_name);

// ---------------------------------------------------------------------------
// Conditions: a question "probe" whose visibleIf (or validator) is the
// SurveyJS expression, in a survey of every kind of answer.

const Json kAnswers = Json::parse(R"([
  {"type": "text", "name": "n", "inputType": "number", "min": 0, "max": 10, "step": 1},
  {"type": "text", "name": "d", "inputType": "number", "min": 0, "max": 10, "step": 0.5},
  {"type": "radiogroup", "name": "c", "choices": ["a", "B", 1, "2", "03", "true"]},
  {"type": "checkbox", "name": "m", "choices": ["x", "Y", 3]},
  {"type": "boolean", "name": "b"},
  {"type": "comment", "name": "t"},
  {"type": "matrix", "name": "mx", "columns": [1, 2, 3, 4, 5], "rows": ["r1", "r2"]},
  {"type": "radiogroup", "name": "c2", "choices": ["a", "b"]},
  {"type": "radiogroup", "name": "c3", "choices": ["A", "b"]}
])");

struct ConditionRow {
  const char* surveyjs;
  const char* converted;  // "" when not carried
  const char* warning;    // the code of the warning at the probe's visibleIf, or ""
};

const ConditionRow kConditionRows[] = {
    // spellings
    {"{n} => 3 && {n} =< 5", "{n} >= 3 and {n} <= 5", ""},
    {"{n} <> 3 || {n} == 4", "{n} != 3 or {n} = 4", ""},
    {"!({n} > 3)", "not {n} > 3", ""},
    {"{n} greaterorequal 2 and {n} less 4", "{n} >= 2 and {n} < 4", ""},
    {"{t} notempty and {n} empty", "{t} notempty and {n} empty", ""},
    // survey-core shows a question only when its condition is === true
    {"{n}", "false", ""},
    {"{c}", "{c} = 'true'", ""},
    {"{b}", "{b} = 'yes'", ""},
    {"{m}", "false", ""},
    {"!{c}", "{c} empty", ""},
    {"{n} and {b}", "{n} and {b} = 'yes'", ""},
    {"{b} or {n} > 3", "{b} = 'yes' or {n} > 3", ""},
    {"{c} or {n} > 3", "{c} = 'true' or {c} empty and {n} > 3", ""},
    // choices: SurveyJS's loose equality, written out for each option
    {"{c} = 'A'", "{c} = 'a'", ""},
    {"{c} = 'b'", "{c} = 'B'", ""},
    {"{c} = 1", "{c} in ['1', 'true']", ""},  // 'true' reads as true, and true == 1
    {"{c} = 3", "{c} = '03'", ""},
    {"{c} = true", "{c} in ['1', 'true']", ""},
    {"{c} != 'a'", "{c} != 'a'", ""},
    {"{c} = ''", "{c} empty", ""},
    {"{c} > 1", "{c} in ['2', '03']", ""},
    {"{c} contains 'R'", "{c} = 'true'", ""},
    {"{c} anyof ['a', 2]", "{c} in ['a', '2']", ""},
    {"['A', 'b'] contains {c}", "{c} in ['a', 'B']", ""},
    {"{c} = 'zzz'", "false", ""},
    {"{b} = false", "{b} = 'no'", ""},
    {"{b} != true", "{b} != 'yes'", ""},
    {"{c2} = {c3}", "", "import.condition_dropped"},
    // lists of choices
    {"{m} contains 'y'", "{m} contains 'Y'", ""},
    {"{m} contains '3'", "{m} contains '3'", ""},
    {"{m} anyof ['X', 'z']", "{m} anyof ['x']", ""},
    {"{m} allof ['x', 'y']", "{m} allof ['x', 'Y']", ""},
    {"{m} noneof ['x']", "not {m} anyof ['x']", ""},
    {"{m} notcontains 'x'", "{m} notcontains 'x'", ""},
    {"{m} anyof []", "true", ""},
    {"{m} = ['x', 'Y']", "{m} allof ['x', 'Y'] and count({m}) = 2", ""},
    {"{m} = ['y']", "", "import.condition_dropped"},
    {"{m} > 1", "", "import.condition_dropped"},
    // an unticked checkbox reads as [] in survey-core: true for `!`, false
    // (made 0) as an operand of and/or, and equal to no text
    {"!{m}", "false", ""},
    {"{m} or {n} > 3", "{m} empty and {n} > 3", ""},  // a ticked list is never === true
    {"{m} = ''", "false", ""},
    {"{m} notcontains []", "{m} empty", ""},
    // numbers, and survey-core's empty answers
    {"{n} = '5'", "{n} = 5", ""},
    {"{n} = ''", "{n} empty", ""},
    {"{n} = true", "{n} = 1", ""},
    {"{n} >= ''", "{n} empty or {n} > 0", ""},
    {"{n} anyof [1, '2', 'x']", "{n} in [1, 2]", ""},
    {"{n} >= {d}", "{n} >= {d} or {n} empty and {d} empty", ""},
    {"{n} + {d} > 3", "sum({n}, {d}) > 3", "import.condition_differs"},
    {"{n} + 1 > 3", "sum({n}) + 1 > 3", ""},
    {"{n} * 2 - 1 > 3", "sum({n}) * 2 - 1 > 3", ""},
    {"{n} / 2 > 3", "sum({n}) / 2 > 3", ""},
    {"{n} ^ 2 > 3", "sum({n}) * sum({n}) > 3", ""},
    {"{n} ^ 5 > 3", "", "import.condition_dropped"},
    {"{mx.r1} >= 4", "{mx_r1} >= 4", ""},
    {"{mx} empty", "{mx_r1} empty and {mx_r2} empty", ""},
    // functions
    {"sum({n}, {mx.r1}) > 5", "sum({n}, {mx_r1}) > 5", ""},
    {"avg({n}, {mx.r1}) < 2", "sum(avg({n}, {mx_r1})) < 2", ""},
    {"max({n}, 3) > 4", "max({n}, 3) > 4", ""},
    {"count({n}, {m}) > 2", "count({n}, {m}) > 2", ""},
    {"iif({n} > 5, 'big', 'small') = 'BIG'", "iif({n} > 5, true, false)", ""},
    {"iif({n} > 5, {n}, 0) > 6", "iif({n} > 5, {n} > 6, false)", ""},
    {"iif({n} > 5, {n}, 0) > {d}", "iif({n} > 5, {n}, 0) > {d}", ""},
    {"round({d}) = 2", "round({d}) = 2", "import.condition_differs"},
    {"age({t}) > 18", "", "import.condition_dropped"},
    {"today() > 1", "", "import.condition_dropped"},
    {"myFunction({n})", "", "import.condition_dropped"},
    // text answers: case and spaces
    {"{t} = 'yes'", "{t} = 'yes'", "import.condition_differs"},
    {"{t} contains 'x'", "{t} contains 'x'", "import.condition_differs"},
    // unknown names and broken expressions
    {"{nobody} = 1", "", "import.condition_dropped"},
    {"{n} = ", "", "import.condition_dropped"},
    {"-{n} > 1", "", "import.condition_dropped"},
};

class Conditions : public ::testing::TestWithParam<ConditionRow> {};

TEST_P(Conditions, TranslateWithSurveyJSMeaning) {
  const ConditionRow& row = GetParam();
  Json elements = kAnswers;
  elements.push_back({{"type", "comment"}, {"name", "probe"}, {"visibleIf", row.surveyjs}});
  Conversion c = convert_or_fail(single_page(elements));
  Json probe = plain(c.survey["pages"][0]["elements"]).back();
  std::string pointer = "/pages/0/elements/" + std::to_string(elements.size() - 1) + "/visibleIf";
  std::string converted = probe.value("visibleIf", "");
  if (std::string(row.converted) == "true") EXPECT_FALSE(probe.contains("visibleIf"));  // always shown
  else EXPECT_EQ(converted, row.converted) << row.surveyjs;
  std::string warning;
  for (const Warning& w : c.warnings)
    if (w.pointer == pointer) warning = w.code;
  EXPECT_EQ(warning, row.warning) << row.surveyjs;
}

INSTANTIATE_TEST_SUITE_P(Import, Conditions, ::testing::ValuesIn(kConditionRows));

TEST(ImportConditions, ValidatorsHoldWhenTheirValueEqualsTrueLoosely) {
  // survey-core passes an expression validator whose value == true (1
  // counts), but shows a question only when its condition is === true.
  Json elements = kAnswers;
  elements.push_back({{"type", "text"}, {"name", "v"}, {"inputType", "number"}, {"min", 0}, {"max", 5}, {"step", 1},
                      {"validators", {{{"type", "expression"}, {"expression", "{n}"}}}}});
  Conversion c = convert_or_fail(single_page(elements));
  Json v = plain(c.survey["pages"][0]["elements"]).back();
  EXPECT_EQ(v["validators"][0]["expression"], "{n} = 1");
  EXPECT_EQ(v["requiredIf"], "{n} != 1");  // survey-core runs it on an unanswered question too
}

// ---------------------------------------------------------------------------
// The parser reads what survey-core reads: {source, survey-core's toString()}.
// The node test compares with survey-core itself for every fixture condition.

struct ParseRow {
  const char* source;
  const char* surveyjs;  // "" when survey-core cannot parse it
};

const ParseRow kParseRows[] = {
    {"!{a} = 1 and {b} = 2", "((! {a} == 1) and ({b} == 2))"},
    {"{a} + {b} contains 1", "({a} + ({b} contains 1))"},
    {"{a} =< 3 or {b} => 4", "(({a} <= 3) or ({b} >= 4))"},
    {"{a} <> 1", "({a} != 1)"},
    {"({a} + 1", "({a} + 1)"},
    {"{a} contains", "({a} contains )"},
    {"{a} - -1", "({a} - -1)"},
    {"1 < 2 < 3", "((1 < 2) < 3)"},
    {"{a} * 2 ^ 3", "({a} * (2 ^ 3))"},
    {"!!{a}", "! ! {a}"},
    {"!{a} empty", "! {a} empty"},
    {"{a} equals 3", "({a} == 3)"},
    {"{a} notequal 3", "({a} != 3)"},
    {"{a} *= 3", "({a} contains 3)"},
    {"{a} contain 3", "({a} contains 3)"},
    {"{a} = yes", "({a} == yes)"},
    {"{a}and{b}", "({a} and {b})"},
    {"1or 2", "(1 or 2)"},
    {"{a} = 'it\\'s'", "({a} == 'it's')"},
    {"{m} noneof ['a', \"b\"]", "({m} noneof ['a', 'b'])"},
    {"iif({a} > 1, 'x', 'y') = 'x'", "(iif(({a} > 1), 'x', 'y') == 'x')"},
    {"{ a b }", "{ a b }"},
    {"{#a} = 1", "({#a} == 1)"},
    {"{a} = -0.5", "({a} == -0.5)"},
    {"{a} = null", "({a} == )"},
    {"-{a}", ""},
    {"not {a}", ""},
    {"{a} = .5", ""},
    {"{a} = 1.5e3", ""},
};

class Parser : public ::testing::TestWithParam<ParseRow> {};

TEST_P(Parser, ReadsAsSurveyCoreDoes) {
  const ParseRow& row = GetParam();
  auto tree = sj::parse_expression(row.source);
  if (std::string(row.surveyjs).empty()) {
    ASSERT_FALSE(tree.ok()) << row.source;
    EXPECT_EQ(tree.error().code, "import.expression_syntax");
  } else {
    ASSERT_TRUE(tree.ok()) << row.source << ": " << tree.error().to_string();
    EXPECT_EQ(sj::to_surveyjs_string(*tree.value()), row.surveyjs);
  }
}

INSTANTIATE_TEST_SUITE_P(Import, Parser, ::testing::ValuesIn(kParseRows));

// ---------------------------------------------------------------------------
// survey-core's operators on plain values, as survey-core 3.1.1 evaluates
// "{#x} OP {#y}" (the expected column was read from survey-core itself; a
// variable without a value reads null there).

struct OperatorRow {
  const char* op;
  const char* x;  // JSON; "undefined" for no value
  const char* y;
  bool result;
};

const OperatorRow kOperatorRows[] = {
    {"equal", "1", "\"1\"", true},           {"equal", "\"A\"", "\"a \"", true},
    {"equal", "null", "\"\"", true},    {"equal", "null", "null", true},
    {"equal", "null", "0", false},      {"equal", "true", "\"TRUE\"", true},
    {"equal", "true", "1", true},            {"equal", "0", "false", true},
    {"equal", "\"03\"", "3", true},          {"equal", "[\"a\",\"b\"]", "[\"B\",\"a\"]", false},
    {"equal", "[\"a\"]", "\"a\"", false},    {"equal", "null", "[]", false},
    {"equal", "\"0x10\"", "16", true},       {"equal", "1.5", "\"1,5\"", false},
    {"less", "null", "1", false},       {"less", "1", "\"2\"", true},
    {"less", "\"B\"", "\"a\"", true},        {"less", "5", "\"\"", false},
    {"greater", "5", "\"\"", true},          {"lessorequal", "null", "\"\"", true},
    {"greaterorequal", "null", "null", true}, {"less", "true", "2", true},
    {"greater", "\"10\"", "\"9\"", false},   {"contains", "[\"A\",\"b\"]", "\"a\"", true},
    {"contains", "\"Banana\"", "\"AN\"", true}, {"contains", "12", "1", true},
    {"contains", "null", "\"a\"", false}, {"contains", "[\"a\"]", "[]", true},
    {"contains", "0", "\"0\"", true},        {"notcontains", "null", "\"a\"", true},
    {"notcontains", "null", "[]", false}, {"notcontains", "[\"a\"]", "[]", false},
    {"notcontains", "[\"a\"]", "\"\"", true}, {"anyof", "null", "[]", true},
    {"anyof", "[\"a\"]", "[]", true},        {"anyof", "null", "[\"a\"]", false},
    {"anyof", "\"x\"", "[\"X\",\"y\"]", true}, {"anyof", "[\"a\",\"b\"]", "[\"B\"]", true},
    {"allof", "null", "[]", true},      {"allof", "[\"a\"]", "[]", true},
    {"allof", "null", "[\"a\"]", false}, {"allof", "[\"a\",\"b\"]", "[\"A\",\"B\"]", true},
    {"allof", "\"banana\"", "[\"an\"]", true}, {"noneof", "null", "[\"a\"]", true},
    {"noneof", "[\"a\"]", "[\"A\"]", false},
    // what an unanswered radiogroup reads (undefined) compared in a survey
    {"equal", "undefined", "[]", true},      {"equal", "undefined", "\"\"", true},
    {"notcontains", "undefined", "[]", false},
};

sj::Value value_of(const char* json) {
  if (std::string(json) == "undefined") return sj::Value();
  return sj::Value::from_json(nlohmann::ordered_json::parse(json));
}

class Operators : public ::testing::TestWithParam<OperatorRow> {};

TEST_P(Operators, MeanWhatTheyMeanInSurveyCore) {
  const OperatorRow& row = GetParam();
  EXPECT_EQ(sj::apply(row.op, value_of(row.x), value_of(row.y)), row.result)
      << row.x << " " << row.op << " " << row.y;
}

INSTANTIATE_TEST_SUITE_P(Import, Operators, ::testing::ValuesIn(kOperatorRows));

TEST(ImportValues, VariablesReadNumericTextAsNumbers) {
  // survey-core 3.1.1 reads "{x}" with these values as the expected ones.
  const std::pair<const char*, const char*> rows[] = {
      {"\"3\"", "3"},       {"\"03\"", "\"03\""}, {"\"0.5\"", "0.5"}, {"\"0\"", "0"},     {"\"true\"", "true"},
      {"\"FALSE\"", "false"}, {"\"'q'\"", "\"q\""}, {"\" 7 \"", "7"},  {"\"1,5\"", "1.5"}, {"\"1e3\"", "1000"},
      {"\"0x1F\"", "31"},   {"\"abc\"", "\"abc\""}, {"\"\"", "\"\""}};
  for (const auto& [in, out] : rows)
    EXPECT_EQ(sj::correct_value(value_of(in)).to_json(), nlohmann::ordered_json::parse(out)) << in;
}

// ---------------------------------------------------------------------------
// Languages, names, and the survey around the pages.

TEST(ImportSurvey, DefaultTextsBecomeTheFallbackLanguageAndMissingOnesAreFilledIn) {
  Json sj = single_page(Json::parse(R"([
    {"type": "radiogroup", "name": "q", "title": {"default": "Color?", "sv": "Färg?", "no": "Farge?"},
     "choices": [{"value": "r", "text": {"default": "Red", "sv": "Röd"}}, "g"]}])"));
  Conversion c = convert_or_fail(sj, {.language = "en", .survey_id = "colours"});
  Json s = plain(c.survey);
  EXPECT_EQ(s["id"], "colours");
  EXPECT_EQ(s["languages"], Json::parse(R"(["en", "sv", "nb"])"));  // in order of first use
  EXPECT_EQ(s["fallbackLanguage"], "en");
  EXPECT_EQ(s["roles"], Json::parse(R"([{"id": "respondent", "title": {"en": "Respondent", "sv": "Svarande", "nb": "Respondent"}}])"));
  EXPECT_EQ(s["dimensions"], Json::array());
  Json q = s["pages"][0]["elements"][0];
  EXPECT_EQ(q["text"], Json::parse(R"({"en": "Color?", "sv": "Färg?", "nb": "Farge?"})"));
  EXPECT_EQ(q["options"][0]["text"], Json::parse(R"({"en": "Red", "sv": "Röd", "nb": "Red"})"));
  EXPECT_EQ(q["options"][1]["text"], Json::parse(R"({"en": "g", "sv": "g", "nb": "g"})"));  // shown as its value everywhere
  EXPECT_EQ(warnings_of(c), (Found{{"import.locale", "/pages/0/elements/0/title/no"},
                                   {"import.missing_translation", "/pages/0/elements/0/choices/0/text"}}));
}

TEST(ImportSurvey, IdsAreUniqueAcrossPagesPanelsQuestionsAndRows) {
  Json sj = {{"clearInvisibleValues", "onHiddenContainer"},
             {"pages", Json::parse(R"([
      {"name": "Q 1", "elements": [{"type": "comment", "name": "q 1"}, {"type": "comment", "name": "1st"},
                                   {"type": "comment", "name": "Nöjd kund?"}]}])")}};
  Conversion c = convert_or_fail(sj);
  Json page = plain(c.survey["pages"][0]);
  EXPECT_EQ(page["id"], "q_1");
  EXPECT_EQ(page["elements"][0]["id"], "q_1_2");
  EXPECT_EQ(page["elements"][1]["id"], "q_1st");
  EXPECT_EQ(page["elements"][2]["id"], "nojd_kund");
  EXPECT_EQ(plain(c.report["ids"][2]), Json::parse(R"({"surveyjs": "1st", "id": "q_1st", "pointer": "/pages/0/elements/1"})"));
}

TEST(ImportSurvey, HiddenAnswersWarnUnlessSurveyJSClearsThemAsTheEngineDoes) {
  Json elements = Json::parse(R"([{"type": "radiogroup", "name": "a", "choices": ["x", "y"]},
                                  {"type": "comment", "name": "c", "visibleIf": "{a} = 'x'"}])");
  Json sj = {{"pages", {{{"name", "p"}, {"elements", elements}}}}};
  Conversion by_default = convert_or_fail(sj);
  auto hidden = std::find_if(by_default.warnings.begin(), by_default.warnings.end(),
                             [](const Warning& w) { return w.code == "import.hidden_answers"; });
  ASSERT_NE(hidden, by_default.warnings.end());
  EXPECT_EQ(hidden->pointer, "");
  EXPECT_EQ(hidden->kind, WarningKind::meaning);
  sj["clearInvisibleValues"] = "onHidden";
  Found on_hidden = warnings_of(convert_or_fail(sj));
  EXPECT_EQ(std::count(on_hidden.begin(), on_hidden.end(), std::pair<std::string, std::string>{"import.hidden_answers", "/clearInvisibleValues"}), 0);
  sj["pages"][0]["visibleIf"] = "{a} = 'x'";
  sj["pages"].push_back({{"name", "q"}, {"elements", elements}});
  sj["pages"][1]["elements"][0]["name"] = "a2";
  sj["pages"][1]["elements"][1]["name"] = "c2";
  sj["pages"][0].erase("visibleIf");
  sj["pages"][1]["visibleIf"] = "{a} = 'x'";
  Found container = warnings_of(convert_or_fail(sj));
  EXPECT_EQ(std::count(container.begin(), container.end(), std::pair<std::string, std::string>{"import.hidden_answers", "/clearInvisibleValues"}), 1);
}

TEST(ImportSurvey, TriggersAndCalculatedValuesAreListed) {
  Json sj = single_page(Json::parse(R"([{"type": "comment", "name": "c", "visibleIf": "{total} > 3"}])"));
  sj["triggers"] = Json::parse(R"([{"type": "complete", "expression": "{c} notempty"}])");
  sj["calculatedValues"] = Json::parse(R"([{"name": "total", "expression": "1 + 2"}])");
  Conversion c = convert_or_fail(sj);
  EXPECT_EQ(warnings_of(c), (Found{{"import.trigger", "/triggers/0"},
                                   {"import.calculated_value", "/calculatedValues/0"},
                                   {"import.comment", "/pages/0/elements/0"},
                                   {"import.condition_dropped", "/pages/0/elements/0/visibleIf"}}));
  EXPECT_EQ(c.warnings[3].message,
            "the visibleIf \"{total} > 3\" is not carried: reads {total}, which is not a question of the converted survey");
}

TEST(ImportSurvey, ASurveyWithoutPagesIsOnePage) {
  Conversion c = convert_or_fail(Json::parse(R"({"clearInvisibleValues": "onHiddenContainer",
      "elements": [{"type": "rating", "name": "r"}]})"));
  EXPECT_EQ(plain(c.survey["pages"]), Json::parse(R"([{"id": "page1", "elements": [{"type": "likert", "id": "r", "text": {"en": "r"}}]}])"));
}

struct BadInput {
  const char* text;
  Options options;
  const char* code;
};

TEST(ImportSurvey, BadInputIsRefusedWithAReason) {
  const BadInput rows[] = {
      {"{\"pages\": [", {}, "import.bad_json"},
      {"[1, 2]", {}, "import.not_surveyjs"},
      {"{\"title\": \"x\"}", {}, "import.not_surveyjs"},
      {R"({"pages": [{"elements": [{"type": "html", "name": "h"}]}]})", {}, "import.nothing_to_import"},
      {R"({"pages": [{"elements": [{"type": "rating", "name": "r"}]}]})", {.language = "English"}, "import.bad_option"},
      {R"({"pages": [{"elements": [{"type": "rating", "name": "r"}]}]})", {.survey_id = "Bad Id"}, "import.bad_option"},
  };
  for (const BadInput& row : rows) {
    auto r = convert_surveyjs(row.text, row.options);
    ASSERT_FALSE(r.ok()) << row.text;
    EXPECT_EQ(r.error().code, row.code) << row.text;
  }
}

// ---------------------------------------------------------------------------
// The fixtures of the differential test load, without warnings about meaning.

TEST(ImportFixtures, ConvertWithoutWarningsAboutMeaningAndLoad) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SOS_SOURCE_DIR) + "/tests/import/fixtures")) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto c = convert_surveyjs(text.str(), {});
    ASSERT_TRUE(c.ok()) << entry.path() << ": " << c.error().to_string();
    for (const Warning& w : c->warnings) EXPECT_NE(w.kind, WarningKind::meaning) << entry.path() << ": " << w.to_string();
    LoadResult loaded = load_survey(c->survey.dump());
    EXPECT_TRUE(loaded.ok()) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 5);
}

// ---------------------------------------------------------------------------
// The command line.

struct CommandResult {
  int status;
  std::string out;
};

CommandResult run(const std::string& command) {
  CommandResult r{0, ""};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) r.out.append(buffer, n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string temp_file(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() / ("sos_import_test_" + name)).string();
  std::ofstream(path) << text;
  return path;
}

TEST(ImportCommand, WritesTheSurveyAndReportsWarningsWithPointers) {
  std::string in = temp_file("in.json", single_page(Json::parse(R"([
      {"type": "radiogroup", "name": "a", "choices": ["x", "y"]},
      {"type": "comment", "name": "c", "visibleIf": "age({a}) > 1"}])")).dump());
  std::string out = in + ".out";
  std::string report = in + ".report";
  CommandResult r = run(std::string(SOS_TOOL_PATH) + " import surveyjs " + in + " -o " + out + " --report " + report + " --id my_survey");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("warning (meaning): [import.condition_dropped] (/pages/0/elements/1/visibleIf)"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("[import.comment]"), std::string::npos) << "notes only with --verbose";
  std::ifstream written(out);
  std::stringstream text;
  text << written.rdbuf();
  LoadResult loaded = load_survey(text.str());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.survey->id, "my_survey");
  std::ifstream report_in(report);
  Json rep = Json::parse(report_in);
  EXPECT_EQ(rep["questions"][0], Json::parse(R"({"name": "a", "pointer": "/pages/0/elements/0", "type": "radiogroup",
                                                 "as": "choice", "id": "a", "values": [["x", "x"], ["y", "y"]]})"));
  CommandResult validate = run(std::string(SOS_TOOL_PATH) + " validate " + out);
  EXPECT_EQ(validate.status, 0) << validate.out;
  CommandResult strict = run(std::string(SOS_TOOL_PATH) + " import surveyjs " + in + " -o " + out + ".strict --strict");
  EXPECT_EQ(strict.status, 1);
  EXPECT_FALSE(std::filesystem::exists(out + ".strict"));
}

TEST(ImportCommand, RefusesWhatIsNotASurveyJSSurvey) {
  std::string in = temp_file("bad.json", "{\"pages\": [");
  CommandResult r = run(std::string(SOS_TOOL_PATH) + " import surveyjs " + in + " -o " + in + ".out");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("error: [import.bad_json]"), std::string::npos) << r.out;
}

TEST(TraceCommand, PrintsVisibilityAndMessagesAfterEachAnswer) {
  std::string in = temp_file("trace_in.json", single_page(Json::parse(R"([
      {"type": "radiogroup", "name": "a", "choices": ["x", "y"], "isRequired": true},
      {"type": "comment", "name": "c", "visibleIf": "{a} = 'x'", "isRequired": true}])")).dump());
  std::string survey = in + ".sos";
  ASSERT_EQ(run(std::string(SOS_TOOL_PATH) + " import surveyjs " + in + " -o " + survey).status, 0);
  std::string answers = temp_file("trace_answers.jsonl", "{\"answer\": \"a\", \"value\": \"x\"}\n\n"
                                                         "{\"answer\": \"a\", \"value\": \"z\"}\n"
                                                         "{\"answer\": \"c\", \"value\": \"ok\"}\n");
  CommandResult r = run(std::string(SOS_TOOL_PATH) + " trace " + survey + " --role respondent < " + answers);
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<Json> lines;
  std::istringstream stream(r.out);
  for (std::string line; std::getline(stream, line);) lines.push_back(Json::parse(line));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["visible"], Json::parse(R"(["a"])"));
  EXPECT_EQ(lines[0]["pages"][0]["messages"][0]["question"], "a");
  EXPECT_EQ(lines[1]["visible"], Json::parse(R"(["a", "c"])"));
  EXPECT_EQ(lines[1]["changes"]["shown"], Json::parse(R"(["c"])"));
  EXPECT_EQ(lines[1]["pages"][0]["messages"], Json::parse(R"([{"question": "c", "code": "required", "text": "Please answer this question."}])"));
  EXPECT_EQ(lines[2]["ok"], false);
  EXPECT_EQ(lines[2]["error"]["code"], "answer.unknown_option");
  EXPECT_EQ(lines[3]["pages"][0]["messages"], Json::array());
}

}  // namespace
}  // namespace sos::import
