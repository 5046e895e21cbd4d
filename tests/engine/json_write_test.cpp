// Tests for the engine's JSON writer and number conversions (json_write.h,
// decimal.h, detail/number.h): the text must be byte for byte what the
// nlohmann-based writer wrote, and numbers must read back exactly, checked
// against nlohmann, strtod and printf on fixed tables and random doubles.
#include "json_write.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "decimal.h"
#include "json_doc.h"
#include "sos/detail/number.h"

namespace {

using sos::detail::JsonDoc;
using sos::detail::JsonObject;
using sos::detail::JsonWriter;

double from_bits(std::uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Finite doubles of every magnitude, half of them with few digits.
std::vector<double> sample_doubles() {
  std::vector<double> out = {0.1, 0.25, 1, 2.5, 3.25, 4.0, 100, 1e15, 1e16, 1e-5, 1e-4, 0.000123, 1e21, 1e22, 1e23,
                             5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.30000000000000004,
                             9007199254740993.0, 123456789.123, 99999.99, -0.75, 12.3, 1.1};
  std::mt19937_64 rng(20261123);
  while (out.size() < 20000) {
    double value = from_bits(rng());
    if (std::isfinite(value) && value != 0) out.push_back(value);
    double few = static_cast<double>(static_cast<std::int64_t>(rng() % 2000001) - 1000000) / std::pow(10, rng() % 7);
    if (few != 0) out.push_back(few);
  }
  return out;
}

TEST(JsonWriteTest, NumbersAsNlohmannWroteThem) {
  // nlohmann's Grisu2 is not always shortest or nearest: for some doubles
  // that need 17 digits its last digit differs from the nearest one written
  // here. Both read back as the same double; no text may be longer.
  int differ = 0, count = 0;
  for (double value : sample_doubles()) {
    ++count;
    std::string ours = sos::detail::json_number(value);
    std::string theirs = nlohmann::json(value).dump();
    ASSERT_EQ(std::strtod(ours.c_str(), nullptr), value) << ours;
    if (ours != theirs) {
      ++differ;
      EXPECT_LE(ours.size(), theirs.size()) << ours << " vs " << theirs;
      EXPECT_EQ(std::strtod(theirs.c_str(), nullptr), value) << theirs;
    }
  }
  EXPECT_LT(differ * 100, count) << differ << " of " << count << " texts differ from nlohmann's";
  // Numbers with few digits, the ones surveys and sessions hold, never differ.
  for (double value : {0.1, 0.25, 2.5, 3.25, 1e15, 1e16, 1e-5, 123456789.123, 99999.99, -0.75, 1e-7, 5e-324})
    EXPECT_EQ(sos::detail::json_number(value), nlohmann::json(value).dump());
  EXPECT_EQ(sos::detail::json_number(0.0), "0.0");
  EXPECT_EQ(sos::detail::json_number(-0.0), "-0.0");
  EXPECT_EQ(sos::detail::json_number(1e-7), "1e-07");
  EXPECT_EQ(sos::detail::json_number(1e100), "1e+100");
  EXPECT_EQ(sos::detail::json_number(100), "100.0");
  EXPECT_EQ(sos::detail::json_number(NAN), "null");
}

TEST(JsonWriteTest, DecimalsReadAsStrtodReadsThem) {
  std::mt19937_64 rng(7);
  const char* fixed[] = {"0", "-0", "1e-400", "2.4703282292062328e-324", "2.4703282292062327e-324",
                         "1.7976931348623158e308", "9007199254740993", "0.1e1", "123456789012345678901234567890",
                         "4.9e-324", "1e23", "8.589973e9", "00012.5000", "+3.5", "1.", ".5"};
  for (const char* text : fixed) {
    EXPECT_EQ(sos::detail::decimal_to_double(text), std::strtod(text, nullptr)) << text;
  }
  std::string long_digits = "1." + std::string(900, '0') + "1";
  EXPECT_EQ(sos::detail::decimal_to_double(long_digits), 1.0);
  EXPECT_EQ(sos::detail::decimal_to_double("1e999"), HUGE_VAL);
  for (int i = 0; i < 20000; ++i) {
    double value = from_bits(rng());
    if (!std::isfinite(value)) continue;
    char text[64];
    std::snprintf(text, sizeof text, "%.*e", static_cast<int>(rng() % 20), value);
    ASSERT_EQ(sos::detail::decimal_to_double(text), std::strtod(text, nullptr)) << text;
  }
}

// The engine's earlier format_number, by printf and strtod.
std::string printf_format(double value) {
  if (value == 0) return "0";
  char buffer[64];
  double magnitude = std::fabs(value);
  if (magnitude >= 1e-6 && magnitude < 1e15) {
    for (int decimals = 0; decimals <= 17; ++decimals) {
      std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
      if (std::strtod(buffer, nullptr) == value) return buffer;
    }
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

TEST(JsonWriteTest, FormatNumberAsPrintfWroteIt) {
  for (double value : sample_doubles()) ASSERT_EQ(sos::detail::format_number(value), printf_format(value)) << value;
  EXPECT_EQ(sos::detail::format_number(NAN), "nan");
  EXPECT_EQ(sos::detail::format_number(-INFINITY), "-inf");
}

TEST(JsonWriteTest, StringsEscapedAsNlohmannEscapedThem) {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all += static_cast<char>(c);
  all += std::string("\0 r\xC3\xA4ksm\xC3\xB6rg\xC3\xA5s \xF0\x9F\x98\x80 \xE2\x80\xA8", 21);
  EXPECT_EQ(sos::detail::json_string(all), nlohmann::json(all).dump());
  // Invalid UTF-8 is replaced as nlohmann's replacing writer did.
  for (std::string bad : {std::string("a\xC3"), std::string("\xE2\x82" "A"), std::string("\xC0\xAF"),
                          std::string("\xED\xA0\x80"), std::string("\xF5\x80"), std::string("\xF0\x9F\x98")}) {
    EXPECT_EQ(sos::detail::json_string(bad),
              nlohmann::json(bad).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << bad;
  }
}

TEST(JsonWriteTest, ValuesOfADocumentAsTheyRead) {
  const char* texts[] = {R"({"b":[1,-0,2.50,1E2,18446744073709551615,18446744073709551616,-9223372036854775808,
                            -9223372036854775809,1e-7],"a":{"y":null,"x":true,"y":"z"},"c":"\u00e5\n"})",
                         "[]", "{}", "\"\"", "-12", "0.1"};
  for (const char* text : texts) {
    auto doc = JsonDoc::parse(text);
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(JsonWriter().value(doc.value().root()).take(), nlohmann::json::parse(text).dump()) << text;
  }
}

TEST(JsonWriteTest, ObjectsSortTheirMembers) {
  JsonObject object;
  object.integer("b", 1).string("a", "x").boolean("B", true).null("ab").number("a", 2);
  EXPECT_EQ(object.str(), R"({"B":true,"a":2.0,"ab":null,"b":1})");
  JsonWriter writer;
  writer.begin_array().begin_object().key("k").begin_array().end_array().end_object().integer(-3).raw("{}").end_array();
  EXPECT_EQ(writer.text(), R"([{"k":[]},-3,{}])");
}

}  // namespace
