// Two `sos serve` processes on one PostgreSQL database, with concurrent
// clients posting the same and different contributions through both: every
// aggregate is the exact sum of the distinct contributions, each counted
// once however often and wherever it was sent.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "harness.h"
#include "pg_harness.h"

namespace sos::test {
namespace {

constexpr const char* kTree =
    "id,parent,name,headcount,performance_pay,selling,field_visits\n"
    "acme,,Acme,0,true,volume,true\n"
    "north,acme,North,1000,true,volume,true\n"
    "south,acme,South,1000,true,volume,true\n";

TEST(PostgresTwoServers, ConcurrentClientsLoseAndDoubleCountNothing) {
  SOS_SKIP_WITHOUT_PG();
  TempDir dir;
  PgDatabase database(dir.path());
  const std::string store = database.location();
  EXPECT_NE(sos_ok({"store", "migrate", "--store", store}).find("applied 1"), std::string::npos);
  EXPECT_NE(sos_ok({"store", "migrate", "--store", store}).find("up to date"), std::string::npos);
  OrgSetup acme = setup_org(store, "acme", kTree);

  // Distinct contributions per group; each one is sent four times: twice
  // through each server, from different threads at the same time.
  std::vector<std::pair<std::string, Json>> distinct;  // group, contribution
  for (const char* group : {"north", "south"}) {
    Simulated s = simulate_group(acme.attributes[group], 30, group[0]);
    for (const std::string& c : s.contributions) distinct.emplace_back(group, Json::parse(c));
  }
  const std::string keys = dir.path() + "/keys";
  std::vector<std::string> flags{"--keys", keys, "--token-rate", "0", "--address-rate", "0"};
  ServerProcess first(store, flags);
  ServerProcess second(store, flags);
  ASSERT_TRUE(first.running() && second.running());
  ASSERT_NE(first.port(), second.port());

  constexpr int kThreads = 8;
  std::atomic<int> refused{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t)
    clients.emplace_back([&, t] {
      // Threads 2k and 2k+1 send the same share, one through each server.
      auto c = (t % 2 ? second : first).client();
      for (int round = 0; round < 2; ++round)
        for (std::size_t i = static_cast<std::size_t>(t / 2); i < distinct.size(); i += kThreads / 2) {
          const auto& [group, body] = distinct[i];
          auto r = post_json(*c, "/api/v1/invite/" + acme.tokens[group] + "/contributions", body.dump());
          if (!r)
            ++failed;
          else if (r->status != 200)
            ++refused;
        }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(refused.load(), 0);

  std::map<std::string, Statistic> expected;
  for (const auto& [group, body] : distinct)
    for (const auto& [cell, figures] : body["cells"].items()) {
      Statistic& s = expected[group + "|" + body["role"].get<std::string>() + "|" + cell];
      s.n += figures.value("n", std::int64_t{0});
      s.sum += figures.value("sum", std::int64_t{0});
      s.sumsq += figures.value("sumsq", std::int64_t{0});
    }
  auto opened = serve::open_store(store);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  auto& s = *opened.value();
  std::int64_t wave = s.wave("acme", "w1").value()->key;
  std::map<std::string, Statistic> stored;
  auto cells = s.cells(wave);  // kept: a loop over a temporary's value() would dangle
  ASSERT_TRUE(cells.ok());
  for (const serve::CellRow& row : cells.value()) stored[row.group + "|" + row.role + "|" + row.cell] = row.statistic;
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(s.respondents(wave).value(), (std::map<std::string, std::int64_t>{{"north", 30}, {"south", 30}}));
  EXPECT_EQ(s.dedupe_count(wave).value(), 60);
}

}  // namespace
}  // namespace sos::test
