// The SQLite store on its own: durability settings read back from the
// database, the aggregate table generated from kStatisticFields, merges as
// column additions, dedupe, caps, and the close of a wave.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "admin.h"
#include "harness.h"
#include "sqlite_store.h"

namespace sos::test {
namespace {

struct StoreFixture : ::testing::Test {
  TempDir dir;
  std::string folder = dir.path() + "/store";
  std::unique_ptr<serve::Store> store = [this] {
    auto s = serve::open_store(folder);
    EXPECT_TRUE(s.ok());
    return std::move(s.value());
  }();
  std::int64_t wave_key = 0;

  void SetUp() override {
    ASSERT_TRUE(serve::create_organisation(*store, {"acme", "Acme", {}, 3, 3, true}).ok());
    std::vector<serve::Group> groups{{"acme", "", "Acme", R"({"performance_pay":true,"selling":"volume","field_visits":true})", 5},
                                     {"north", "acme", "North", R"({"performance_pay":true,"selling":"volume","field_visits":true})", 3}};
    ASSERT_TRUE(serve::import_groups(*store, "acme", groups).ok());
    serve::WaveSpec spec{"acme", "w1", "", read_text(source_path(kSurvey)), 0, 4102444800, 0};
    auto w = serve::create_wave(*store, spec);
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    wave_key = w->key;
  }

  Aggregate one(const std::string& role, std::int64_t score) {
    Aggregate a{"fixture_basic", "3", role, {}};
    a.cells["respondents"] = {1, 0, 0};
    a.cells["dimension/goals"] = {1, score, score * score};
    return a;
  }

  serve::Outcome merge(const Aggregate& a, const std::string& id, const std::string& group = "north",
                       std::int64_t headcount = 3) {
    serve::ContributionRecord r{wave_key, group, &a, id, headcount};
    auto outcome = store->merge_contribution(r);
    EXPECT_TRUE(outcome.ok()) << outcome.error().to_string();
    return outcome.value();
  }
};

TEST_F(StoreFixture, CommitsAreDurableWalWithFullSync) {
  auto settings = store->settings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->at("journal_mode"), "wal");
  EXPECT_EQ(settings->at("synchronous"), "2");  // FULL
  // And in the file itself: WAL is a property of the database.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((folder + "/sos.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(StoreFixture, AggregateColumnsComeFromStatisticFields) {
  std::string table = serve::aggregate_table_sql(), upsert = serve::aggregate_upsert_sql();
  for (const StatisticField& f : kStatisticFields) {
    std::string column = "\"" + std::string(f.name) + "\"";
    EXPECT_NE(table.find(column + " INTEGER NOT NULL"), std::string::npos) << table;
    EXPECT_NE(upsert.find(column + " = " + column + " + excluded." + column), std::string::npos) << upsert;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((folder + "/sos.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('aggregates')", -1, &stmt, nullptr);
  std::vector<std::string> columns;
  while (sqlite3_step(stmt) == SQLITE_ROW) columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  std::vector<std::string> expected{"wave", "grp", "role", "cell"};
  for (const StatisticField& f : kStatisticFields) expected.emplace_back(f.name);
  EXPECT_EQ(columns, expected);
}

TEST_F(StoreFixture, MergesAddDedupesAndCapsAtHeadcount) {
  EXPECT_EQ(merge(one("seller", 30000), "h1"), serve::Outcome::accepted);
  EXPECT_EQ(merge(one("seller", 40000), "h2"), serve::Outcome::accepted);
  EXPECT_EQ(merge(one("seller", 50000), "h1"), serve::Outcome::duplicate);
  EXPECT_EQ(merge(one("manager", 20000), "h3"), serve::Outcome::accepted);
  EXPECT_EQ(merge(one("seller", 10000), "h4"), serve::Outcome::limit_reached);  // headcount 3
  auto cells = store->cells(wave_key);
  ASSERT_TRUE(cells.ok());
  std::map<std::string, Statistic> by_key;
  for (const serve::CellRow& row : cells.value()) by_key[row.role + ":" + row.cell] = row.statistic;
  EXPECT_EQ(by_key["seller:dimension/goals"], (Statistic{2, 70000, 30000LL * 30000 + 40000LL * 40000}));
  EXPECT_EQ(by_key["seller:respondents"], (Statistic{2, 0, 0}));
  EXPECT_EQ(by_key["manager:dimension/goals"], (Statistic{1, 20000, 20000LL * 20000}));
  EXPECT_EQ(store->respondents(wave_key).value().at("north"), 3);
  EXPECT_EQ(store->dedupe_count(wave_key).value(), 3);
}

TEST_F(StoreFixture, ConcurrentMergesLoseNothing) {
  constexpr int kThreads = 8, kEach = 200;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  Aggregate a = one("seller", 35000);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        serve::ContributionRecord r{wave_key, "acme", &a, "t" + std::to_string(t) + "-" + std::to_string(i), 100000};
        auto outcome = store->merge_contribution(r);
        if (outcome.ok() && outcome.value() == serve::Outcome::accepted) ++accepted;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), kThreads * kEach);
  EXPECT_EQ(store->respondents(wave_key).value().at("acme"), kThreads * kEach);
  auto cells = store->cells(wave_key);
  for (const serve::CellRow& row : cells.value())
    if (row.cell == "dimension/goals") {
      EXPECT_EQ(row.statistic.sum, 35000LL * kThreads * kEach);
    }
}

TEST_F(StoreFixture, CommentsAreCappedAndReadInKeyOrder) {
  for (int i = 0; i < 4; ++i) {
    serve::CommentRecord c{wave_key, "north", "free_words", "text " + std::to_string(i), "c" + std::to_string(i), 3};
    auto outcome = store->store_comment(c);
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome.value(), i < 3 ? serve::Outcome::accepted : serve::Outcome::limit_reached);
  }
  EXPECT_EQ(store->comments(wave_key).value().size(), 3u);
}

TEST_F(StoreFixture, CloseStopsMergesForgetsHashesAndReleasesOnce) {
  EXPECT_EQ(merge(one("seller", 30000), "h1"), serve::Outcome::accepted);
  auto closed = store->close_wave(wave_key);
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(closed.value());
  EXPECT_FALSE(store->close_wave(wave_key).value());
  EXPECT_EQ(store->dedupe_count(wave_key).value(), 0);
  EXPECT_EQ(merge(one("seller", 30000), "h2"), serve::Outcome::wave_closed);
  EXPECT_EQ(merge(one("seller", 30000), "h1"), serve::Outcome::wave_closed);
  ASSERT_TRUE(store->put_release(wave_key, "{\"x\":1}").ok());
  Status again = store->put_release(wave_key, "{\"x\":2}");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "store.released");
  EXPECT_EQ(*store->release(wave_key).value(), "{\"x\":1}");
}

TEST_F(StoreFixture, DeletingAnOrganisationLeavesNothingOfIt) {
  EXPECT_EQ(merge(one("seller", 30000), "h1"), serve::Outcome::accepted);
  ASSERT_TRUE(serve::issue_link(*store, "acme", "w1", "north", serve::LinkMode::respondent).ok());
  ASSERT_TRUE(serve::issue_viewer(*store, "acme", "", "x", 4102444800).ok());
  ASSERT_TRUE(store->delete_organisation("acme").ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((folder + "/sos.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  for (const char* table : {"organisations", "org_groups", "waves", "wave_groups", "links", "viewers", "aggregates",
                            "dedupe", "comments", "releases"}) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, (std::string("SELECT COUNT(*) FROM ") + table).c_str(), -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(stmt, 0), 0) << table;
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
}

struct GroupImportCase {
  const char* name;
  const char* format;
  const char* text;
  const char* code;
  const char* pointer;
};

TEST(GroupImport, BadTreesAreRefusedWithThePlace) {
  const GroupImportCase cases[] = {
      {"no_header", "csv", "", "groups.bad_csv", ""},
      {"wrong_header", "csv", "name,id\n", "groups.bad_csv", ""},
      {"short_line", "csv", "id,parent,name,headcount\na,,A\n", "groups.bad_csv", "/groups/0"},
      {"bad_headcount", "csv", "id,parent,name,headcount\na,,A,-1\n", "groups.bad_headcount", "/groups/0/headcount"},
      {"bad_id", "csv", "id,parent,name,headcount\na b,,A,1\n", "groups.bad_id", "/groups/0/id"},
      {"unknown_parent", "csv", "id,parent,name,headcount\na,,A,1\nb,zz,B,1\n", "groups.unknown_parent", "/groups/1/parent"},
      {"cycle", "csv", "id,parent,name,headcount\na,b,A,1\nb,a,B,1\n", "groups.cycle", "/groups/0/parent"},
      {"duplicate", "csv", "id,parent,name,headcount\na,,A,1\na,,A,1\n", "groups.duplicate_id", "/groups/1/id"},
      {"json_format", "json", R"({"groups": []})", "groups.bad_format", "/format"},
      {"json_unknown", "json", R"({"format":"sos-groups/1","groups":[{"id":"a","name":"A","headcount":1,"x":1}]})",
       "groups.unknown_field", "/groups/0/x"},
      {"json_headcount", "json", R"({"format":"sos-groups/1","groups":[{"id":"a","name":"A","headcount":1.5}]})",
       "groups.bad_headcount", "/groups/0/headcount"},
  };
  TempDir dir;
  auto store = serve::open_store(dir.path() + "/s");
  ASSERT_TRUE(serve::create_organisation(*store.value(), {"acme", "Acme", {}, 5, 5, false}).ok());
  for (const auto& c : cases) {
    auto groups = serve::parse_groups(c.text, c.format);
    Error e = groups.ok() ? serve::import_groups(*store.value(), "acme", groups.value()).error() : groups.error();
    EXPECT_EQ(e.code, c.code) << c.name;
    EXPECT_EQ(e.pointer, c.pointer) << c.name;
  }
  EXPECT_TRUE(store.value()->groups("acme").value().empty());
}

}  // namespace
}  // namespace sos::test
