// Tests for the survey loader's one-pass JSON reader (engine/src/json_doc.h):
// it must accept exactly what nlohmann accepts, read the same values (keys
// sorted, the last of duplicates winning) and refuse what nlohmann refuses,
// with json.parse_error saying where (as nlohmann did) and why.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "json_adapter.h"
#include "json_doc.h"

namespace {

using sos::detail::JsonDoc;
using sos::detail::JsonRef;

// The document as an nlohmann value, to compare with nlohmann's own reading.
nlohmann::json tree_of(JsonRef value) {
  if (value.is_null()) return nullptr;
  if (value.is_boolean()) return value.boolean();
  if (value.is_string()) return std::string(value.string());
  if (value.is_number()) return value.number();
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(tree_of(value[i]));
    return out;
  }
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < value.size(); ++i) {
    // Members come sorted and unique, so each key is new and larger.
    if (i > 0) {
      EXPECT_LT(value.key_at(i - 1), value.key_at(i));
    }
    out[std::string(value.key_at(i))] = tree_of(value.value_at(i));
  }
  return out;
}

// nlohmann keeps integers apart from doubles; compare numbers as doubles.
nlohmann::json as_doubles(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_array() || value.is_object()) {
    nlohmann::json out = value;
    for (auto& item : out) item = as_doubles(item);
    return out;
  }
  return value;
}

TEST(JsonDocTest, ReadsWhatNlohmannReads) {
  const char* accepted[] = {
      "{}", "[]", "null", "true", "false", "0", "-0", "12", "-12.5e3", "1E+2", "0.000001", "123456789012345678901234",
      "18446744073709551616", "-9223372036854775809", "1.7976931348623157e308", "\"\"", "\"plain\"",
      R"("esc \" \\ \/ \b \f \n \r \t")", R"("\u00e5\u00C5 \ud83d\ude00 \u0000")", "\"r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s \xF0\x9F\x98\x80\"",
      " \t\r\n{ \"b\" : 1 , \"a\" : [ 1 , { } , [ ] ] } \n", R"({"k": 1, "k": 2, "a": 0, "k": 3})",
      R"({"\u0061": 1, "a ": 2, "A": 3, "\u00e5": 4})", "\xEF\xBB\xBF{\"bom\": true}", R"([[[[[]]]],{"x":[null]}])",
  };
  for (const char* text : accepted) {
    SCOPED_TRACE(text);
    auto doc = JsonDoc::parse(text);
    ASSERT_TRUE(doc.ok()) << doc.error().to_string();
    EXPECT_EQ(tree_of(doc.value().root()), as_doubles(nlohmann::json::parse(text)));
  }
}

// Larger objects are sorted another way than small ones; duplicates still end last-wins.
TEST(JsonDocTest, LargeObjectsWithDuplicates) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string((i * 7) % 23) + "\": " + std::to_string(i) + ",";
  text += "\"k3\": \"last\"}";
  auto doc = JsonDoc::parse(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().root().size(), 23u);
  EXPECT_EQ(doc.value().root().find("k3").string(), "last");
  EXPECT_EQ(tree_of(doc.value().root()), as_doubles(nlohmann::json::parse(text)));
}

// "line 1, column 4" of a parse error's message.
std::string position_of(const std::string& message) { return message.substr(0, message.find(':')); }

TEST(JsonDocTest, RefusesWhatNlohmannRefuses) {
  const char* refused[] = {
      "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-", "1.", ".5", "1e", "1e+",
      "+1", "tru", "nul", "[true false]", "\"open", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
      "\"\\ud800\\u0041\"", "\"tab\there\"", "\"\xC3\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF5\x80\x80\x80\"",
      "1e999", "-1e999", "{} {}", "[] x", "\xEF\xBB", "nan", "Infinity",
  };
  for (const char* text : refused) {
    SCOPED_TRACE(text);
    auto doc = JsonDoc::parse(text);
    ASSERT_FALSE(doc.ok());
    auto expected = sos::detail::parse_json(text);
    ASSERT_FALSE(expected.ok());
    EXPECT_EQ(doc.error().code, "json.parse_error");
    EXPECT_EQ(doc.error().pointer, "");
    EXPECT_EQ(doc.error().message.rfind("line ", 0), 0u) << doc.error().message;
  }
}

// The reason, after the position, for each kind of mistake.
TEST(JsonDocTest, ErrorsSayWhereAndWhy) {
  struct Row {
    const char* text;
    const char* message;
  } rows[] = {
      {"", "line 1, column 1: unexpected end of input"},
      {"{\n  \"a\": tru }", "line 2, column 11: invalid literal; last read: 'tru '"},
      {"[1,]", "line 1, column 4: invalid literal; last read: ']'"},
      {"[1 2]", "line 1, column 4: expected ',' or ']'"},
      {"{\"a\" 1}", "line 1, column 6: expected ':' after the member's name"},
      {"{a:1}", "line 1, column 2: expected a string as the member's name"},
      {"-x", "line 1, column 2: invalid number; expected a digit; last read: '-x'"},
      {"\"tab\there\"", "line 1, column 5: invalid string: control characters must be escaped; last read: '\"tab<U+0009>'"},
      {"\"\\ud800\"", "line 1, column 8: invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '\"\\ud800\"'"},
      {"\"x\x8D\"", "line 1, column 3: invalid string: ill-formed UTF-8 byte; last read: '\"x\xEF\xBF\xBD'"},
      {"1e999", "line 1, column 1: number overflow parsing '1e999'"},
      {"{} {}", "line 1, column 4: unexpected text after the value"},
  };
  for (const Row& row : rows) {
    auto doc = JsonDoc::parse(row.text);
    ASSERT_FALSE(doc.ok()) << row.text;
    EXPECT_EQ(doc.error().message, row.message) << row.text;
  }
}

// nlohmann takes a NUL byte outside a string for the end of the input.
TEST(JsonDocTest, NulEndsTheText) {
  for (std::string text : {std::string("[1]\0 ignored", 13), std::string("{\"a\":\0}", 7), std::string("\0", 1),
                           std::string("\"a\0\"", 4)}) {
    auto doc = JsonDoc::parse(text);
    auto expected = sos::detail::parse_json(text);
    ASSERT_EQ(doc.ok(), expected.ok()) << text;
    if (doc.ok()) EXPECT_EQ(tree_of(doc.value().root()), as_doubles(expected.value()));
    else EXPECT_EQ(position_of(doc.error().message), position_of(expected.error().message));
  }
}

TEST(JsonDocTest, DeepNestingNeedsNoStack) {
  std::string text = std::string(100000, '[') + std::string(100000, ']');
  auto doc = JsonDoc::parse(text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().root().size(), 1u);
}

TEST(JsonDocTest, DumpWritesAsNlohmannDid) {
  struct Row {
    const char* text;
    const char* dump;
  } rows[] = {
      {R"("a\"b\u0001")", R"("a\"b\u0001")"}, {"1E2", "100.0"}, {"12", "12"}, {"-0.5", "-0.5"},
      {R"({"b": [1, true], "a": null, "b": {}})", R"({"a":null,"b":{}})"},
  };
  for (const Row& row : rows) {
    auto doc = JsonDoc::parse(row.text);
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc.value().root().dump(), row.dump) << row.text;
  }
}

}  // namespace
