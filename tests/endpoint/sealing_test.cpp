// Sealed submissions over real HTTP: each envelope error with its code and
// pointer, key rotation (an old key still opens, a retired one is refused),
// the same envelope resent counted once, and a contribution after the grace
// period refused with a reason the app can tell from a transient failure.
#include "sealing.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "admin.h"
#include "crypto.h"
#include "harness.h"
#include "server_keys.h"

namespace sos::test {
namespace {

const char* const kTree =
    "id,parent,name,headcount,performance_pay,selling,field_visits\n"
    "acme,,Acme,0,true,complex,true\n"
    "north,acme,North,40,true,volume,true\n";

std::string keys_of(const std::string& store) { return serve::default_keys_location(store); }

serve::ServerKey current_key(const std::string& store) {
  auto ring = serve::KeyRing::open(keys_of(store), false);
  EXPECT_TRUE(ring.ok()) << ring.error().to_string();
  return ring->current();
}

std::string seal_to(const serve::ServerKey& key, const std::string& purpose, const std::string& body) {
  auto out = serve::seal(key.id, key.public_point, purpose, body);
  EXPECT_TRUE(out.ok()) << out.error().to_string();
  return out.value();
}

// Submissions counted by the store (contributions and comments alike, each
// once by its id's keyed hash).
std::int64_t respondents(const std::string& store) {
  auto s = serve::open_store(store);
  auto wave = s.value()->wave("acme", "w1");
  return s.value()->dedupe_count(wave.value()->key).value();
}

// Polls the invite lookup until it publishes `key_id` (the server follows the
// keys folder within a second).
bool publishes(httplib::Client& c, const std::string& lookup, const std::string& key_id) {
  for (int i = 0; i < 40; ++i) {
    auto r = c.Get(lookup.c_str());
    if (r && r->status == 200 && Json::parse(r->body)["sealing"]["key"] == key_id) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(Sealing, EnvelopesSealedByWebCryptoOpenWithOpenSSL) {
  Json fixture = Json::parse(read_text(source_path("tests/endpoint/sealed_by_webcrypto.json")));
  TempDir dir;
  const std::string id = fixture["sealing"]["key"];
  std::ofstream(dir.path() + "/" + id + ".pem") << fixture["privateKeyPem"].get<std::string>();
  std::ofstream(dir.path() + "/current") << id << "\n";
  auto ring = serve::KeyRing::open(dir.path(), false);
  ASSERT_TRUE(ring.ok()) << ring.error().to_string();
  EXPECT_EQ(serve::base64url(ring->current().public_point), fixture["sealing"]["publicKey"]);
  auto contribution = serve::open_sealed(ring.value(), "contribution", fixture["contribution"].get<std::string>());
  ASSERT_TRUE(contribution.ok()) << contribution.error().to_string();
  EXPECT_EQ(contribution.value(), fixture["plaintext"]);
  auto comment = serve::open_sealed(ring.value(), "comment", fixture["commentEnvelope"].get<std::string>());
  ASSERT_TRUE(comment.ok()) << comment.error().to_string();
  EXPECT_EQ(comment.value(), fixture["plaintext"]);
  // Each opens for its own purpose only.
  auto crossed = serve::open_sealed(ring.value(), "comment", fixture["contribution"].get<std::string>());
  ASSERT_FALSE(crossed.ok());
  EXPECT_EQ(crossed.error().code, "seal.failed");
}

TEST(Sealing, TheInviteLookupPublishesTheCurrentKey) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store);
  auto c = server.client();
  auto r = c->Get(("/api/v1/invite/" + acme.tokens["north"]).c_str());
  ASSERT_EQ(r->status, 200);
  Json sealing = Json::parse(r->body)["sealing"];
  serve::ServerKey key = current_key(store);
  EXPECT_EQ(sealing["format"], "sos-sealed/1");
  EXPECT_EQ(sealing["key"], key.id);
  EXPECT_EQ(sealing["publicKey"], serve::base64url(key.public_point));
  // The private key is a file of its own, readable by the owner only.
  struct stat st {};
  ASSERT_EQ(stat((keys_of(store) + "/" + key.id + ".pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(server.output().find("keys " + keys_of(store)), std::string::npos) << server.output();
}

TEST(Sealing, EachEnvelopeErrorHasItsCodeAndPointerAndChangesNothing) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store);
  auto c = server.client();
  const std::string base = "/api/v1/invite/" + acme.tokens["north"];
  Simulated sim = simulate_group(acme.attributes["north"], 4, 7);
  ASSERT_FALSE(sim.comments.empty());
  serve::ServerKey key = current_key(store);
  const std::string good = seal_to(key, "contribution", sim.contributions[0]);
  auto with = [&](const char* field, const Json& value) {
    Json doc = Json::parse(good);
    if (value.is_null())
      doc.erase(field);
    else
      doc[field] = value;
    return doc.dump();
  };
  std::string tampered = Json::parse(good)["data"];
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  std::string off_curve = std::string(1, '\x04') + std::string(64, '\x01');

  struct Case {
    std::string name, path, body;
    std::string code, pointer;
  };
  const std::vector<Case> cases = {
      {"plaintext_contribution", base + "/contributions", sim.contributions[0], "seal.bad_envelope", "/format"},
      {"plaintext_comment", base + "/comments", sim.comments[0], "seal.bad_envelope", "/format"},
      {"not_json", base + "/contributions", "sealed?", "seal.bad_envelope", ""},
      {"not_an_object", base + "/contributions", "[1, 2]", "seal.bad_envelope", ""},
      {"other_format", base + "/contributions", with("format", "sos-sealed/2"), "seal.bad_envelope", "/format"},
      {"unknown_field", base + "/contributions", with("role", "seller"), "seal.bad_envelope", "/role"},
      {"no_key", base + "/contributions", with("key", nullptr), "seal.bad_envelope", "/key"},
      {"no_epk", base + "/contributions", with("epk", nullptr), "seal.bad_envelope", "/epk"},
      {"epk_not_base64url", base + "/contributions", with("epk", "AAAA+AAA"), "seal.bad_envelope", "/epk"},
      {"epk_short", base + "/contributions", with("epk", "BAAA"), "seal.bad_envelope", "/epk"},
      {"epk_off_curve", base + "/contributions", with("epk", serve::base64url(off_curve)), "seal.bad_envelope", "/epk"},
      {"iv_wrong_length", base + "/contributions", with("iv", serve::base64url("12345678")), "seal.bad_envelope",
       "/iv"},
      {"data_too_short", base + "/contributions", with("data", "AAAA"), "seal.bad_envelope", "/data"},
      {"data_number", base + "/contributions", with("data", 5), "seal.bad_envelope", "/data"},
      {"unknown_key", base + "/contributions", with("key", "k20200101T000000-AAAA"), "seal.unknown_key", "/key"},
      {"tampered_data", base + "/contributions", with("data", tampered), "seal.failed", "/data"},
      {"contribution_sent_as_comment", base + "/comments", good, "seal.failed", "/data"},
      {"comment_sent_as_contribution", base + "/contributions", seal_to(key, "comment", sim.comments[0]), "seal.failed",
       "/data"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    auto r = post_plain(*c, k.path, k.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    Json body = Json::parse(r->body, nullptr, false);
    EXPECT_EQ(body["error"]["code"], k.code) << r->body;
    EXPECT_EQ(body["error"]["pointer"], k.pointer) << r->body;
  }
  EXPECT_EQ(respondents(store), 0);
  // The untouched envelope opens.
  EXPECT_EQ(post_plain(*c, base + "/contributions", good)->status, 200);
  EXPECT_EQ(respondents(store), 1);
}

TEST(Sealing, TheSameEnvelopeResentCountsOnce) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store);
  auto c = server.client();
  const std::string base = "/api/v1/invite/" + acme.tokens["north"];
  Simulated sim = simulate_group(acme.attributes["north"], 2, 9);
  serve::ServerKey key = current_key(store);
  std::string envelope = seal_to(key, "contribution", sim.contributions[0]);
  std::string comment = seal_to(key, "comment", sim.comments.at(0));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(post_plain(*c, base + "/contributions", envelope)->status, 200);
    EXPECT_EQ(post_plain(*c, base + "/comments", comment)->status, 200);
  }
  // One contribution and one comment, each counted once.
  EXPECT_EQ(respondents(store), 2);
}

TEST(Sealing, RotationKeepsOldKeysOpeningUntilRetired) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  ServerProcess server(store);
  auto c = server.client();
  const std::string lookup = "/api/v1/invite/" + acme.tokens["north"];
  Simulated sim = simulate_group(acme.attributes["north"], 4, 11);
  serve::ServerKey old_key = current_key(store);
  // Sealed on a device before the rotation, sent after it.
  std::string early = seal_to(old_key, "contribution", sim.contributions[0]);
  std::string late = seal_to(old_key, "contribution", sim.contributions[1]);

  std::string rotated = sos_ok({"keys", "rotate", "--store", store});
  serve::ServerKey new_key = current_key(store);
  ASSERT_NE(new_key.id, old_key.id);
  EXPECT_NE(rotated.find(new_key.id), std::string::npos);
  ASSERT_TRUE(publishes(*c, lookup, new_key.id));
  std::string listed = sos_ok({"keys", "list", "--store", store});
  EXPECT_NE(listed.find(old_key.id + "\t"), std::string::npos) << listed;
  EXPECT_NE(listed.find(new_key.id + "\t"), std::string::npos) << listed;
  EXPECT_NE(listed.find("current"), std::string::npos);
  EXPECT_EQ(listed.find("current"), listed.rfind("current"));

  EXPECT_EQ(post_plain(*c, lookup + "/contributions", early)->status, 200);
  EXPECT_EQ(post_plain(*c, lookup + "/contributions", seal_to(new_key, "contribution", sim.contributions[2]))->status,
            200);
  // An envelope naming the new key but sealed to the old one does not open.
  Json swapped = Json::parse(seal_to(old_key, "contribution", sim.contributions[3]));
  swapped["key"] = new_key.id;
  auto wrong = post_plain(*c, lookup + "/contributions", swapped.dump());
  EXPECT_EQ(Json::parse(wrong->body)["error"]["code"], "seal.failed");

  // The current key cannot be retired; an old one can, and then is unknown.
  CommandResult refused = run_sos({"keys", "retire", "--store", store, new_key.id});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("[keys.current]"), std::string::npos) << refused.err;
  sos_ok({"keys", "retire", "--store", store, old_key.id});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto gone = post_plain(*c, lookup + "/contributions", late);
  EXPECT_EQ(gone->status, 400);
  EXPECT_EQ(Json::parse(gone->body)["error"]["code"], "seal.unknown_key");
  EXPECT_EQ(Json::parse(gone->body)["error"]["pointer"], "/key");
  EXPECT_EQ(respondents(store), 2);
}

TEST(Sealing, SealCommandMakesEnvelopesTheEndpointOpens) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  sos_ok({"keys", "rotate", "--store", store});  // the folder is made on first use
  Simulated sim = simulate_group(acme.attributes["north"], 3, 13);
  CommandResult sealed =
      run_sos({"keys", "seal", "--store", store, "-"}, sim.contributions[0] + "\n" + sim.contributions[1] + "\n");
  ASSERT_EQ(sealed.status, 0) << sealed.err;
  ServerProcess server(store);
  auto c = server.client();
  std::istringstream lines(sealed.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n)
    EXPECT_EQ(post_plain(*c, "/api/v1/invite/" + acme.tokens["north"] + "/contributions", line)->status, 200);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(respondents(store), 2);
}

TEST(Sealing, AfterTheGracePeriodAContributionIsRefusedAsClosed) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme", kTree);
  sos_ok({"wave", "schedule", "--store", store, "acme", "w1", "--opens", "2020-01-01", "--closes", "2021-01-01",
          "--grace", "36500d"});
  // No periodic close during the test: the refusal comes from the clock alone.
  ServerProcess server(store, {"--close-check", "3600"});
  auto c = server.client();
  const std::string base = "/api/v1/invite/" + acme.tokens["north"];
  Simulated sim = simulate_group(acme.attributes["north"], 2, 17);
  serve::ServerKey key = current_key(store);
  // Closed but within its grace period: answers made offline still count.
  auto lookup = c->Get(base.c_str());
  EXPECT_EQ(Json::parse(lookup->body)["wave"]["state"], "grace");
  EXPECT_EQ(post_plain(*c, base + "/contributions", seal_to(key, "contribution", sim.contributions[0]))->status, 200);
  sos_ok({"wave", "schedule", "--store", store, "acme", "w1", "--grace", "0"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto late = post_plain(*c, base + "/contributions", seal_to(key, "contribution", sim.contributions[1]));
  EXPECT_EQ(late->status, 410);
  EXPECT_EQ(Json::parse(late->body)["error"]["code"], "wave.closed");
  EXPECT_EQ(respondents(store), 1);
}

}  // namespace
}  // namespace sos::test
