// `sos store copy` from an SQLite folder to PostgreSQL: everything arrives
// (compared item by item, every aggregate exactly), submissions sent again
// to a server on the copy are still recognised, and a difference is found
// and named by its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "harness.h"
#include "pg_harness.h"
#include "sos/release.h"
#include "store_copy.h"

namespace sos::test {
namespace {

constexpr const char* kTree =
    "id,parent,name,headcount,performance_pay,selling,field_visits\n"
    "acme,,Acme,0,true,volume,true\n"
    "north,acme,North,50,true,volume,true\n"
    "south,acme,South,50,true,volume,true\n";

struct Sent {
  std::string path;
  std::string body;
};

// Posts `n` simulated respondents (contributions and comments) of a group.
std::vector<Sent> send(ServerProcess& server, OrgSetup& org, const std::string& group, int n, std::uint64_t seed) {
  Simulated s = simulate_group(org.attributes[group], n, seed);
  std::string base = "/api/v1/invite/" + org.tokens[group];
  auto c = server.client();
  std::vector<Sent> sent;
  for (const std::string& body : s.contributions) sent.push_back({base + "/contributions", body});
  for (const std::string& body : s.comments) sent.push_back({base + "/comments", body});
  for (const Sent& x : sent) {
    auto r = post_json(*c, x.path, x.body);
    EXPECT_TRUE(r && r->status == 200) << x.path << " " << (r ? r->body : "no answer");
  }
  return sent;
}

TEST(PostgresCopy, SqliteToPostgresKeepsEveryFigure) {
  SOS_SKIP_WITHOUT_PG();
  TempDir dir;
  const std::string folder = dir.path() + "/store";
  OrgSetup acme = setup_org(folder, "acme", kTree);
  OrgSetup beta = setup_org(folder, "beta", kTree);
  std::vector<Sent> acme_sent;
  {
    ServerProcess server(folder, {"--token-rate", "0", "--address-rate", "0"});
    ASSERT_TRUE(server.running());
    acme_sent = send(server, acme, "north", 6, 1);
    send(server, acme, "south", 4, 2);
    send(server, beta, "north", 5, 3);
    send(server, beta, "south", 5, 4);
  }
  // A closed wave with released figures, a revoked link, viewer tokens and an
  // imported benchmark.
  sos_ok({"wave", "close", "--store", folder, "beta", "w1"});
  sos_ok({"invite", "revoke", "--store", folder, "acme", acme.link_ids["south"]});
  sos_ok({"viewer", "issue", "--store", folder, "acme"});
  sos_ok({"viewer", "issue", "--store", folder, "beta"});
  Benchmark published;
  published.survey = "fixture_basic";
  published.source = "Published SOS benchmark (test)";
  published.date = "2026-01-15";
  published.dimensions = {{"goals", 3.4, 12}};
  std::ofstream(dir.path() + "/benchmark.json") << benchmark_to_json(published);
  sos_ok({"benchmark", "import", "--store", folder, dir.path() + "/benchmark.json"});

  PgDatabase database(dir.path());
  const std::string target = database.location();
  CommandResult unmigrated = run_sos({"store", "copy", "--from", folder, "--to", target});
  EXPECT_EQ(unmigrated.status, 1);
  EXPECT_NE(unmigrated.err.find("[store.schema]"), std::string::npos) << unmigrated.err;
  sos_ok({"store", "migrate", "--store", target});
  std::string copied = sos_ok({"store", "copy", "--from", folder, "--to", target});
  EXPECT_NE(copied.find("copied 2 organisations"), std::string::npos) << copied;
  EXPECT_NE(copied.find("1 releases, 1 benchmarks"), std::string::npos) << copied;
  EXPECT_NE(copied.find("verified"), std::string::npos) << copied;

  // Compared here again, independently of the command's own check.
  auto from = serve::open_store(folder);
  auto to = serve::open_store(target);
  ASSERT_TRUE(from.ok() && to.ok());
  EXPECT_EQ(to.value()->settings().value().at("backend"), "postgresql");
  EXPECT_EQ(to.value()->secret(), from.value()->secret());
  for (const char* org : {"acme", "beta"}) {
    auto waves = from.value()->waves(org).value();
    ASSERT_EQ(waves.size(), 1u);
    auto copy = to.value()->wave(org, "w1").value();
    ASSERT_TRUE(copy.has_value());
    EXPECT_EQ(copy->key, waves[0].key);
    EXPECT_EQ(copy->closed, waves[0].closed);
    std::map<std::string, Statistic> a, b;
    auto cells_a = from.value()->cells(waves[0].key), cells_b = to.value()->cells(copy->key);
    ASSERT_TRUE(cells_a.ok() && cells_b.ok());
    for (const auto& row : cells_a.value()) a[row.group + row.role + row.cell] = row.statistic;
    for (const auto& row : cells_b.value()) b[row.group + row.role + row.cell] = row.statistic;
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, b) << org;
    EXPECT_EQ(to.value()->comments(copy->key).value().size(), from.value()->comments(waves[0].key).value().size());
    EXPECT_EQ(to.value()->dedupe_hashes(copy->key).value(), from.value()->dedupe_hashes(waves[0].key).value());
    EXPECT_EQ(to.value()->release(copy->key).value(), from.value()->release(waves[0].key).value());
  }
  EXPECT_TRUE(to.value()->release(to.value()->wave("beta", "w1").value()->key).value().has_value());
  auto links = to.value()->links("acme", "").value();
  EXPECT_EQ(links.size(), from.value()->links("acme", "").value().size());
  EXPECT_EQ(std::count_if(links.begin(), links.end(), [](const serve::Link& l) { return l.revoked; }), 1);
  EXPECT_EQ(to.value()->benchmarks().value().size(), 1u);

  // A server on the copy knows what was sent before: sending it again
  // changes nothing.
  std::int64_t acme_wave = to.value()->wave("acme", "w1").value()->key;
  std::int64_t before = to.value()->respondents(acme_wave).value().at("north");
  {
    ServerProcess server(target, {"--keys", folder + "/keys", "--token-rate", "0", "--address-rate", "0"});
    ASSERT_TRUE(server.running());
    auto c = server.client();
    for (const Sent& x : acme_sent) {
      auto r = post_json(*c, x.path, x.body);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200) << r->body;
    }
    EXPECT_EQ(to.value()->respondents(acme_wave).value().at("north"), before);
    send(server, acme, "north", 1, 99);
  }
  EXPECT_EQ(to.value()->respondents(acme_wave).value().at("north"), before + 1);

  // A second copy into a store that holds organisations is refused.
  CommandResult again = run_sos({"store", "copy", "--from", folder, "--to", target});
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("[copy.target_not_empty] (/organisations/acme)"), std::string::npos) << again.err;

  // A figure that differs is found, with its place.
  serve::CellRow first;
  auto source_cells = from.value()->cells(acme_wave);
  for (const auto& row : source_cells.value())
    if (row.cell == "respondents") {
      first = row;
      break;
    }
  Aggregate extra{"fixture_basic", "3", first.role, {{"respondents", {1, 0, 0}}}};
  serve::ContributionRecord record{acme_wave, first.group, &extra, "an-extra-one", 1000};
  ASSERT_EQ(to.value()->merge_contribution(record).value(), serve::Outcome::accepted);
  Status differs = serve::verify_copy(*from.value(), *to.value());
  ASSERT_FALSE(differs.ok());
  EXPECT_EQ(differs.error().code, "copy.mismatch");
  EXPECT_EQ(differs.error().pointer,
            "/organisations/acme/waves/w1/cells/" + first.group + "/" + first.role + "/respondents/n");
}

}  // namespace
}  // namespace sos::test
