// Hard kill in the middle of a load: no acknowledged contribution is lost, the
// store stays consistent (every merge whole, with its dedupe hash) and the
// server starts again cleanly.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "harness.h"

namespace sos::test {
namespace {

std::string id_for(int thread, int i) {
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%08x%08x%016x", 0xd0d0d0d0u, static_cast<unsigned>(thread),
                static_cast<unsigned>(i));
  return buffer;
}

TEST(Durability, KillNineDuringLoadLosesNoAcknowledgedContribution) {
  TempDir dir;
  std::string store = dir.path() + "/store";
  OrgSetup acme = setup_org(store, "acme",
                            "id,parent,name,headcount,performance_pay,selling,field_visits\n"
                            "big,,Big group,1000000,true,volume,true\n");
  Json contribution = Json::parse(simulate_group(acme.attributes["big"], 1, 3).contributions[0]);
  const std::string path = "/api/v1/invite/" + acme.tokens["big"] + "/contributions";
  std::vector<std::string> acked;
  std::mutex mutex;
  {
    ServerProcess server(store, {"--token-rate", "0", "--address-rate", "0"});
    ASSERT_TRUE(server.running());
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t)
      clients.emplace_back([&, t] {
        auto c = server.client();
        c->set_read_timeout(5);
        Json body = contribution;
        for (int i = 0; !stop; ++i) {
          body["submission"] = id_for(t, i);
          auto r = post_json(*c, path, body.dump());
          if (!r) return;  // the server is gone
          if (r->status == 200) {
            std::lock_guard lock(mutex);
            acked.push_back(body["submission"]);
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    server.kill_hard();
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GT(acked.size(), 50u) << "the load did not get going";

  // The database file is intact.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((store + "/sos.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  ServerProcess again(store, {"--token-rate", "0", "--address-rate", "0"});
  ASSERT_TRUE(again.running()) << "no clean restart";
  auto count = [&]() -> std::pair<std::int64_t, std::int64_t> {
    auto s = serve::open_store(store);
    auto wave = s.value()->wave("acme", "w1");
    std::int64_t respondents = s.value()->respondents(wave.value()->key).value()["big"];
    std::int64_t hashes = s.value()->dedupe_count(wave.value()->key).value();
    EXPECT_GT(respondents, 0);
    // Every merge is whole: each cell holds a whole number of this one
    // respondent's figures, the same number as the respondents.
    auto cells = s.value()->cells(wave.value()->key);
    for (const serve::CellRow& row : cells.value()) {
      if (!contribution["cells"].contains(row.cell)) {
        ADD_FAILURE() << "a cell no contribution has: " << row.cell;
        continue;
      }
      const Json& cell = contribution["cells"].at(row.cell);
      EXPECT_EQ(row.statistic.n, cell.value("n", 0) * respondents) << row.cell;
      EXPECT_EQ(row.statistic.sum, cell.value("sum", 0LL) * respondents) << row.cell;
    }
    return std::make_pair(respondents, hashes);
  };
  auto [stored, hashes] = count();
  EXPECT_GE(stored, static_cast<std::int64_t>(acked.size()));
  EXPECT_EQ(hashes, stored);
  // Sending every acknowledged one again changes nothing: each is there.
  auto c = again.client();
  Json body = contribution;
  for (const std::string& id : acked) {
    body["submission"] = id;
    auto r = post_json(*c, path, body.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(count().first, stored);
  EXPECT_EQ(again.stop(), 0);
  EXPECT_NE(again.output().find("sos serve: stopped"), std::string::npos) << again.output();
}

}  // namespace
}  // namespace sos::test
