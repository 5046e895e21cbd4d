// The store on its own, one suite run against each backend (SQLite, and
// PostgreSQL when $SOS_TEST_PG names a server): durability settings read back
// from the database, the aggregates' layout (PostgreSQL: columns generated
// from kStatisticFields; SQLite: packed cells per group and role),
// merges as column additions, dedupe, caps, and the close of a wave.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "admin.h"
#include "crypto.h"
#include "harness.h"
#include "pg_harness.h"
#include "pg_schema.h"
#include "sqlite_store.h"

namespace sos::test {
namespace {

// The backend under test: "sqlite" or "postgresql".
struct StoreFixture : ::testing::TestWithParam<std::string> {
  TempDir dir;
  std::string folder = dir.path() + "/store";
  std::unique_ptr<PgDatabase> database;
  std::unique_ptr<serve::Store> store;
  std::int64_t wave_key = 0;

  bool postgres() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    if (postgres()) {
      SOS_SKIP_WITHOUT_PG();
      database = std::make_unique<PgDatabase>(dir.path());
      auto migrated = serve::migrate_store(database->location());
      ASSERT_TRUE(migrated.ok()) << migrated.error().to_string();
    }
    auto s = serve::open_store(postgres() ? database->location() : folder);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    store = std::move(s.value());
    ASSERT_TRUE(serve::create_organisation(*store, {"acme", "Acme", {}, 3, 3, true}).ok());
    std::vector<serve::Group> groups{
        {"acme", "", "Acme", R"({"performance_pay":true,"selling":"volume","field_visits":true})", 5},
        {"north", "acme", "North", R"({"performance_pay":true,"selling":"volume","field_visits":true})", 3}};
    ASSERT_TRUE(serve::import_groups(*store, "acme", groups).ok());
    serve::WaveSpec spec{"acme", "w1", "", read_text(source_path(kSurvey)), 0, 4102444800, 0};
    auto w = serve::create_wave(*store, spec);
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    wave_key = w->key;
  }

  // The columns of a table, in order, as the database has them.
  std::vector<std::string> table_columns(const std::string& table) {
    std::vector<std::string> columns;
    if (postgres()) {
      auto db = database->connect();
      auto rows =
          db.exec("SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
                  serve::pg::Params().add(table));
      EXPECT_TRUE(rows.ok());
      for (int i = 0; rows.ok() && i < rows->size(); ++i) columns.push_back(rows->text(i, 0));
      return columns;
    }
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2((folder + "/sos.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, ("SELECT name FROM pragma_table_info('" + table + "')").c_str(), -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW)
      columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return columns;
  }

  std::int64_t count_rows(const std::string& table) {
    if (postgres()) {
      auto rows = database->connect().exec("SELECT COUNT(*) FROM " + table);
      EXPECT_TRUE(rows.ok());
      return rows.ok() ? rows->int64(0, 0) : -1;
    }
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2((folder + "/sos.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM " + table).c_str(), -1, &stmt, nullptr);
    std::int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
  }

  Aggregate one(const std::string& role, std::int64_t score) {
    Aggregate a{"fixture_basic", "3", role, {}};
    a.cells["respondents"] = {1, 0, 0};
    a.cells["dimension/goals"] = {1, score, score * score};
    return a;
  }

  serve::Outcome merge_into_wave(std::int64_t key, const std::string& id) {
    Aggregate a = one("seller", 1);
    serve::ContributionRecord r{key, "north", &a, id, 3};
    return store->merge_contribution(r).value();
  }

  serve::Outcome merge(const Aggregate& a, const std::string& id, const std::string& group = "north",
                       std::int64_t headcount = 3) {
    serve::ContributionRecord r{wave_key, group, &a, id, headcount};
    auto outcome = store->merge_contribution(r);
    EXPECT_TRUE(outcome.ok()) << outcome.error().to_string();
    return outcome.value();
  }
};

TEST_P(StoreFixture, CommitsAreDurableBeforeTheyAreAcknowledged) {
  auto settings = store->settings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->at("backend"), GetParam());
  if (postgres()) {
    // A commit returns once its WAL record is flushed to disk.
    EXPECT_EQ(settings->at("synchronous_commit"), "on");
    EXPECT_EQ(settings->at("fsync"), "on");
    EXPECT_EQ(settings->at("schema_version"), std::to_string(serve::kPgSchemaVersion));
    return;
  }
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

TEST_P(StoreFixture, AggregateColumnsComeFromStatisticFields) {
  if (postgres()) {
    std::string table = serve::pg_aggregate_columns_sql();
    std::string upsert = serve::pg_aggregate_upsert_sql();
    for (const StatisticField& f : kStatisticFields) {
      std::string column = "\"" + std::string(f.name) + "\"";
      EXPECT_NE(table.find(column + " BIGINT NOT NULL"), std::string::npos) << table;
      EXPECT_NE(upsert.find(column + " = aggregates." + column + " + EXCLUDED." + column), std::string::npos) << upsert;
    }
    std::vector<std::string> expected{"wave", "grp", "role", "cell"};
    for (const StatisticField& f : kStatisticFields) expected.emplace_back(f.name);
    EXPECT_EQ(table_columns("aggregates"), expected);
    return;
  }
  // SQLite keeps one row per (wave, group, role) with the cells packed, every
  // statistic field of every cell in it (packed_cells_test.cpp).
  EXPECT_EQ(table_columns("role_aggregates"),
            (std::vector<std::string>{"wave", "grp", "role", "respondents", "cells"}));
  Aggregate a = one("seller", 30000);
  a.cells["question/q"] = {1, 7, 49};
  EXPECT_EQ(merge(a, "h1"), serve::Outcome::accepted);
  EXPECT_EQ(merge(a, "h2"), serve::Outcome::accepted);
  EXPECT_EQ(count_rows("role_aggregates"), 1);
  auto cells = store->cells(wave_key);
  ASSERT_TRUE(cells.ok());
  ASSERT_EQ(cells->size(), 3u);
  EXPECT_EQ(cells.value()[1].cell, "question/q");
  EXPECT_EQ(cells.value()[1].statistic, (Statistic{2, 14, 98}));
}

TEST_P(StoreFixture, MergesAddDedupesAndCapsAtHeadcount) {
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

TEST_P(StoreFixture, ARevokedOrUnknownLinkIsRefusedInTheMergesOwnTransaction) {
  auto issued = serve::issue_link(*store, "acme", "w1", "north", serve::LinkMode::respondent);
  ASSERT_TRUE(issued.ok()) << issued.error().to_string();
  std::string hash = serve::keyed_hash(store->secret(), "link", issued->token);
  Aggregate a = one("seller", 30000);
  Aggregate comment_free = one("manager", 20000);
  serve::ContributionRecord live{wave_key, "north", &a, "h1", 3, hash};
  EXPECT_EQ(store->merge_contribution(live).value(), serve::Outcome::accepted);
  serve::ContributionRecord unknown{wave_key, "north", &a, "h2", 3, std::string(64, '0')};
  EXPECT_EQ(store->merge_contribution(unknown).value(), serve::Outcome::link_revoked);
  ASSERT_TRUE(store->revoke_link("acme", issued->id).value());
  serve::ContributionRecord revoked{wave_key, "north", &comment_free, "h3", 3, hash};
  EXPECT_EQ(store->merge_contribution(revoked).value(), serve::Outcome::link_revoked);
  serve::CommentRecord comment{wave_key, "north", "free_words", "hej", "c1", 3, hash};
  EXPECT_EQ(store->store_comment(comment).value(), serve::Outcome::link_revoked);
  EXPECT_EQ(store->respondents(wave_key).value().at("north"), 1);
  EXPECT_EQ(store->dedupe_count(wave_key).value(), 1);
  EXPECT_TRUE(store->comments(wave_key).value().empty());
}

TEST_P(StoreFixture, ConcurrentMergesLoseNothing) {
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

TEST_P(StoreFixture, CloseDuringMergesLetsNoneInAfterAndLosesNoneBefore) {
  // Every merge acknowledged as accepted is in the aggregate; once the close
  // has returned, every merge finds the wave closed.
  constexpr int kThreads = 6;
  std::atomic<int> accepted{0}, late_accepted{0};
  std::atomic<bool> closed{false};
  Aggregate a = one("seller", 35000);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) {
        bool after_close = closed.load();
        serve::ContributionRecord r{wave_key, "acme", &a, "r" + std::to_string(t) + "-" + std::to_string(i), 100000};
        auto outcome = store->merge_contribution(r);
        ASSERT_TRUE(outcome.ok()) << outcome.error().to_string();
        if (outcome.value() == serve::Outcome::accepted) {
          ++accepted;
          if (after_close) ++late_accepted;
        } else {
          EXPECT_EQ(outcome.value(), serve::Outcome::wave_closed);
        }
        if (after_close) return;
      }
    });
  while (accepted.load() < 50) std::this_thread::yield();
  ASSERT_TRUE(store->close_wave(wave_key).value());
  closed = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(late_accepted.load(), 0);
  EXPECT_EQ(store->respondents(wave_key).value().at("acme"), accepted.load());
  EXPECT_EQ(store->dedupe_count(wave_key).value(), 0);
}

TEST_P(StoreFixture, CommentsAreCappedAndReadInKeyOrder) {
  for (int i = 0; i < 4; ++i) {
    serve::CommentRecord c{wave_key, "north", "free_words", "text " + std::to_string(i), "c" + std::to_string(i), 3};
    auto outcome = store->store_comment(c);
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome.value(), i < 3 ? serve::Outcome::accepted : serve::Outcome::limit_reached);
  }
  EXPECT_EQ(store->comments(wave_key).value().size(), 3u);
}

TEST_P(StoreFixture, CloseStopsMergesForgetsHashesAndReleasesOnce) {
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

TEST_P(StoreFixture, DeletingAnOrganisationLeavesNothingOfIt) {
  EXPECT_EQ(merge(one("seller", 30000), "h1"), serve::Outcome::accepted);
  ASSERT_TRUE(serve::issue_link(*store, "acme", "w1", "north", serve::LinkMode::respondent).ok());
  ASSERT_TRUE(serve::issue_viewer(*store, "acme", "", "x", 4102444800).ok());
  ASSERT_TRUE(store->delete_organisation("acme").ok());
  for (const char* table : {"organisations", "org_groups", "waves", "wave_groups", "links", "viewers",
                            postgres() ? "aggregates" : "role_aggregates", "dedupe", "comments", "releases"})
    EXPECT_EQ(count_rows(table), 0) << table;
}

TEST_P(StoreFixture, CopyReadsBackHashesKeysAndWaveNumbers) {
  ASSERT_TRUE(serve::issue_link(*store, "acme", "w1", "north", serve::LinkMode::respondent).ok());
  ASSERT_TRUE(serve::issue_viewer(*store, "acme", "", "x", 4102444800).ok());
  serve::CommentRecord c{wave_key, "north", "free_words", "hej", "c1", 3};
  ASSERT_EQ(store->store_comment(c).value(), serve::Outcome::accepted);
  EXPECT_EQ(merge(one("seller", 30000), "h1"), serve::Outcome::accepted);
  auto links = store->links("acme", "w1").value();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].hash.substr(0, 12), links[0].id);
  EXPECT_EQ(store->link(links[0].hash).value()->id, links[0].id);
  auto viewers = store->viewers("acme").value();
  ASSERT_EQ(viewers.size(), 1u);
  EXPECT_EQ(store->viewer(viewers[0].hash).value()->id, viewers[0].id);
  auto comments = store->comments(wave_key).value();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].key.size(), 32u);
  EXPECT_EQ(store->dedupe_hashes(wave_key).value(), (std::vector<std::string>{"c1", "h1"}));

  // A wave numbered by its source keeps the number, and later waves are
  // numbered past it.
  serve::Wave copied = store->wave_by_key(wave_key).value().value();
  copied.id = "w-copied";
  copied.key = wave_key + 40;
  auto key = store->create_wave(copied, store->wave_groups(wave_key).value());
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ(key.value(), wave_key + 40);
  serve::WaveContents contents{store->cells(wave_key).value(), {{"north", "free_words", "hej", "00ff"}}, {"h9"}};
  ASSERT_TRUE(store->import_wave_contents(key.value(), contents).ok());
  EXPECT_EQ(store->respondents(key.value()).value().at("north"), 1);
  EXPECT_EQ(store->comments(key.value()).value()[0].key, "00ff");
  EXPECT_EQ(merge_into_wave(key.value(), "h9"), serve::Outcome::duplicate);
  serve::Wave later = copied;
  later.id = "w-later";
  later.key = 0;
  EXPECT_GT(store->create_wave(later, {}).value(), wave_key + 40);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreFixture, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

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
      {"unknown_parent", "csv", "id,parent,name,headcount\na,,A,1\nb,zz,B,1\n", "groups.unknown_parent",
       "/groups/1/parent"},
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
