// Tests for open_sealed's two readers of the envelope (the quick one for the
// plain shape devices send, the JSON reader for anything else) and for
// from_base64url: every spelling of one envelope opens to the same text, and
// each refusal names the same field whichever reader saw it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "crypto.h"
#include "sealing.h"
#include "server_keys.h"

namespace sos::test {
namespace {

using Json = nlohmann::json;

class EnvelopeRead : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("sos-envelope-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    auto ring = serve::KeyRing::open(folder_.string(), true);
    ASSERT_TRUE(ring.ok()) << ring.error().to_string();
    ring_.emplace(std::move(ring.value()));
    auto sealed = serve::seal(ring_->current().id, ring_->current().public_point, "contribution", kPlain);
    ASSERT_TRUE(sealed.ok()) << sealed.error().to_string();
    envelope_ = Json::parse(sealed.value());
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // The envelope's fields in a given order, spaced with `gap`.
  std::string spelled(const std::vector<std::string>& order, const std::string& gap) const {
    std::string out = "{" + gap;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (i) out += "," + gap;
      out += "\"" + order[i] + "\"" + gap + ":" + gap + envelope_[order[i]].dump();
    }
    return out + gap + "}";
  }

  static constexpr const char* kPlain = "{\"hello\": \"hej\"}";
  std::filesystem::path folder_;
  std::optional<serve::KeyRing> ring_;
  Json envelope_;
};

TEST_F(EnvelopeRead, EverySpellingOfOneEnvelopeOpensToTheSameText) {
  const std::vector<std::string> usual = {"format", "key", "epk", "iv", "data"};
  const std::vector<std::string> reversed = {"data", "iv", "epk", "key", "format"};
  std::string escaped = spelled(usual, "");
  escaped.replace(escaped.find("sos-sealed/1"), 12, "sos-sealed\\/1");
  std::string repeated = spelled(usual, "");
  repeated.insert(1, "\"format\":\"other\",");  // the last of a repeated key wins, as in the JSON reader
  struct Case {
    const char* name;
    std::string body;
  };
  const Case cases[] = {
      {"compact", spelled(usual, "")},
      {"spaced", spelled(usual, " \n\t\r ")},
      {"reordered", spelled(reversed, "")},
      {"escaped_slash", escaped},
      {"format_repeated", repeated},
  };
  for (const Case& c : cases) {
    auto plain = serve::open_sealed(*ring_, "contribution", c.body);
    ASSERT_TRUE(plain.ok()) << c.name << ": " << plain.error().to_string();
    EXPECT_EQ(plain.value(), kPlain) << c.name;
  }
}

TEST_F(EnvelopeRead, EachRefusalNamesItsFieldWhicheverReaderSawIt) {
  auto with = [&](const std::string& field, const Json& value) {
    Json copy = envelope_;
    if (value.is_null())
      copy.erase(field);
    else
      copy[field] = value;
    return copy.dump();
  };
  std::string data = envelope_["data"];
  std::string flipped = data;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  struct Case {
    const char* name;
    std::string body;
    const char* code;
    const char* pointer;
  };
  const Case cases[] = {
      {"empty", "", "seal.bad_envelope", ""},
      {"cut_short", spelled({"format", "key", "epk", "iv", "data"}, "").substr(0, 40), "seal.bad_envelope", ""},
      {"trailing_text", with("iv", envelope_["iv"]) + "x", "seal.bad_envelope", ""},
      {"other_format", with("format", "sos-sealed/2"), "seal.bad_envelope", "/format"},
      {"format_number", with("format", 1), "seal.bad_envelope", "/format"},
      {"extra_field", with("role", "seller"), "seal.bad_envelope", "/role"},
      {"no_iv", with("iv", nullptr), "seal.bad_envelope", "/iv"},
      {"key_not_string", with("key", Json::array()), "seal.bad_envelope", "/key"},
      {"epk_bad_character", with("epk", "B" + std::string(envelope_["epk"]).substr(1, 80) + "+"), "seal.bad_envelope",
       "/epk"},
      {"iv_bad_character", with("iv", "AAAAAAAAAAAAAAA="), "seal.bad_envelope", "/iv"},
      {"data_leftover_bits", with("data", data.substr(0, data.size() - data.size() % 4) + "AB"), "seal.bad_envelope",
       "/data"},
      {"data_changed", with("data", flipped), "seal.failed", "/data"},
      {"unknown_key", with("key", "k20200101T000000-AAAA"), "seal.unknown_key", "/key"},
  };
  for (const Case& c : cases) {
    auto plain = serve::open_sealed(*ring_, "contribution", c.body);
    ASSERT_FALSE(plain.ok()) << c.name;
    EXPECT_EQ(plain.error().code, c.code) << c.name;
    EXPECT_EQ(plain.error().pointer, c.pointer) << c.name;
  }
  EXPECT_FALSE(serve::open_sealed(*ring_, "comment", envelope_.dump()).ok());
}

TEST(Base64url, DecodesEveryLengthAndRefusesTheRest) {
  struct Case {
    const char* text;
    bool ok;
    std::string bytes;
  };
  const Case cases[] = {
      {"", true, ""},
      {"AA", true, std::string(1, '\0')},
      {"AAA", true, std::string(2, '\0')},
      {"AAAA", true, std::string(3, '\0')},
      {"_-_-", true, "\xff\xef\xfe"},
      {"aGVq", true, "hej"},
      {"aGVqIQ", true, "hej!"},
      {"aGVqISE", true, "hej!!"},
      {"A", false, ""},
      {"AAAAA", false, ""},
      {"AB", false, ""},      // leftover bits not zero
      {"AAB", false, ""},     // leftover bits not zero
      {"AA==", false, ""},    // padding is not base64url
      {"+AAA", false, ""},    // base64, not base64url
      {"AAA/", false, ""},
      {"AA\nA", false, ""},
      {"aGVq\x80QQ", false, ""},
  };
  for (const Case& c : cases) {
    std::string out;
    EXPECT_EQ(serve::from_base64url(c.text, out), c.ok) << c.text;
    if (c.ok) EXPECT_EQ(out, c.bytes) << c.text;
  }
  // Every byte value there and back.
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    std::string back;
    ASSERT_TRUE(serve::from_base64url(serve::base64url(all.substr(0, n)), back)) << n;
    EXPECT_EQ(back, all.substr(0, n)) << n;
  }
}

}  // namespace
}  // namespace sos::test
