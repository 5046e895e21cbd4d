// Tests for packed_cells.h (the SQLite store's packed form of one group and
// role's cells) and the conversion of a version 1 store, which kept a row per
// cell, when it is opened.
#include "packed_cells.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <limits>

#include "harness.h"
#include "sqlite_store.h"

namespace sos::test {
namespace {

TEST(PackedCells, EveryFieldOfEveryCellComesBack) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max(), small = std::numeric_limits<std::int64_t>::min();
  const serve::Cells cases[] = {
      {},
      {{"respondents", {1, 0, 0}}},
      {{"dimension/goals", {3, 90000, 2700000000}}, {"option/q/na", {1, 0, 0}}, {"question/n", {2, -5, 25}}},
      {{"", {0, 0, 0}}, {"x", {big, small, -1}}},
      {{std::string(300, 'k'), {7, 8, 9}}},
  };
  for (const serve::Cells& cells : cases) {
    auto back = serve::unpack_cells(serve::pack_cells(cells));
    ASSERT_TRUE(back.ok()) << back.error().to_string();
    EXPECT_EQ(back.value(), cells);
  }
  EXPECT_EQ(serve::pack_cells({{"ab", {1, 2, 3}}}).size(), 4 + 2 + 8 * kStatisticFields.size());
}

TEST(PackedCells, DamagedBytesAreRefused) {
  std::string good = serve::pack_cells({{"a", {1, 2, 3}}, {"b", {4, 5, 6}}});
  std::string reversed = serve::pack_cells({{"b", {4, 5, 6}}}) + serve::pack_cells({{"a", {1, 2, 3}}});
  std::string repeated = serve::pack_cells({{"a", {1, 2, 3}}}) + serve::pack_cells({{"a", {1, 2, 3}}});
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"length_cut", good.substr(0, 2)},
      {"key_cut", good.substr(0, 5)},
      {"fields_cut", good.substr(0, good.size() - 1)},
      {"length_too_big", std::string("\xff\xff\xff\x7f", 4) + "a"},
      {"keys_out_of_order", reversed},
      {"key_repeated", repeated},
  };
  for (const Case& c : cases) {
    auto back = serve::unpack_cells(c.bytes);
    ASSERT_FALSE(back.ok()) << c.name;
    EXPECT_EQ(back.error().code, "store.corrupt") << c.name;
    EXPECT_EQ(back.error().pointer, "") << c.name;
  }
}

TEST(PackedCells, AddingToPackedBytesEqualsMergingTheMaps) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  struct Case {
    const char* name;
    serve::Cells stored, add;
  };
  const Case cases[] = {
      {"both_empty", {}, {}},
      {"nothing_stored", {}, {{"respondents", {1, 0, 0}}, {"question/q", {1, 0, 0}}}},
      {"nothing_added", {{"respondents", {4, 0, 0}}}, {}},
      {"same_keys", {{"a", {1, 2, 3}}, {"respondents", {2, 0, 0}}}, {{"a", {4, 5, 6}}, {"respondents", {1, 0, 0}}}},
      {"interleaved",
       {{"b", {1, 1, 1}}, {"d", {2, 2, 2}}, {"f", {3, 3, 3}}},
       {{"a", {9, 9, 9}}, {"c", {8, 8, 8}}, {"d", {1, -4, 16}}, {"g", {7, 7, 7}}}},
      {"added_before_all", {{"x", {1, 0, 0}}}, {{"a", {1, 0, 0}}, {"b", {1, 0, 0}}}},
      {"added_after_all", {{"a", {1, 0, 0}}}, {{"x", {1, 0, 0}}, {"y", {1, 0, 0}}}},
      {"up_to_the_limit", {{"a", {big - 1, 0, 0}}}, {{"a", {1, 0, 0}}}},
  };
  for (const Case& c : cases) {
    std::int64_t respondents = -1;
    auto packed = serve::add_to_packed(serve::pack_cells(c.stored), c.add, &respondents);
    ASSERT_TRUE(packed.ok()) << c.name << ": " << packed.error().to_string();
    Aggregate expected{"s", "1", "r", c.stored};
    ASSERT_TRUE(merge_into(expected, Aggregate{"s", "1", "r", c.add}).ok()) << c.name;
    EXPECT_EQ(packed.value(), serve::pack_cells(expected.cells)) << c.name;
    EXPECT_EQ(respondents, expected.respondents()) << c.name;
  }
}

TEST(PackedCells, AddingRefusesDamagedBytesAndOverflowAndNamesTheCell) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max(), small = std::numeric_limits<std::int64_t>::min();
  std::string good = serve::pack_cells({{"a", {1, 2, 3}}, {"b", {4, 5, 6}}});
  std::string reversed = serve::pack_cells({{"b", {4, 5, 6}}}) + serve::pack_cells({{"a", {1, 2, 3}}});
  struct Case {
    const char* name;
    std::string stored;
    serve::Cells add;
    const char* code;
    const char* pointer;
  };
  const Case cases[] = {
      {"length_cut", good.substr(0, 2), {}, "store.corrupt", ""},
      {"fields_cut", good.substr(0, good.size() - 1), {{"a", {1, 0, 0}}}, "store.corrupt", ""},
      {"keys_out_of_order", reversed, {}, "store.corrupt", ""},
      {"n_overflows", serve::pack_cells({{"a", {big, 0, 0}}}), {{"a", {1, 0, 0}}}, "aggregate.overflow", "/cells/a/n"},
      {"sumsq_overflows", serve::pack_cells({{"q", {1, 0, big}}}), {{"q", {1, 0, 1}}}, "aggregate.overflow",
       "/cells/q/sumsq"},
      {"sum_underflows", serve::pack_cells({{"q", {1, small, 0}}}), {{"q", {1, -1, 0}}}, "aggregate.overflow",
       "/cells/q/sum"},
  };
  for (const Case& c : cases) {
    std::int64_t respondents = 0;
    auto packed = serve::add_to_packed(c.stored, c.add, &respondents);
    ASSERT_FALSE(packed.ok()) << c.name;
    EXPECT_EQ(packed.error().code, c.code) << c.name;
    EXPECT_EQ(packed.error().pointer, c.pointer) << c.name;
  }
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "") << sql;
}

TEST(PackedCells, AVersion1StoreIsConvertedWhenOpened) {
  TempDir dir;
  std::string folder = dir.path() + "/store";
  {
    auto created = serve::open_store(folder);
    ASSERT_TRUE(created.ok()) << created.error().to_string();
  }
  // Turn the fresh store back into version 1: the per-cell table with rows.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((folder + "/sos.sqlite").c_str(), &db), SQLITE_OK);
  exec(db,
       "DROP TABLE role_aggregates; UPDATE meta SET value = '1' WHERE key = 'schema_version';"
       "CREATE TABLE aggregates(wave INTEGER NOT NULL, grp TEXT NOT NULL, role TEXT NOT NULL, cell TEXT NOT NULL,"
       " \"n\" INTEGER NOT NULL DEFAULT 0, \"sum\" INTEGER NOT NULL DEFAULT 0, \"sumsq\" INTEGER NOT NULL DEFAULT 0,"
       " PRIMARY KEY(wave, grp, role, cell)) WITHOUT ROWID;"
       "INSERT INTO aggregates VALUES(1, 'north', 'seller', 'respondents', 2, 0, 0),"
       " (1, 'north', 'seller', 'dimension/goals', 2, 70000, 2500000000),"
       " (1, 'north', 'manager', 'respondents', 1, 0, 0), (1, 'south', 'seller', 'respondents', 4, 0, 0),"
       " (2, 'north', 'seller', 'respondents', 5, 0, 0);");
  sqlite3_close(db);

  EXPECT_EQ(sos_ok({"store", "migrate", "--store", folder}), "sqlite store at schema version 2 (applied 2)\n");
  auto store = serve::open_store(folder);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  EXPECT_EQ(store.value()->respondents(1).value(), (std::map<std::string, std::int64_t>{{"north", 3}, {"south", 4}}));
  EXPECT_EQ(store.value()->respondents(2).value().at("north"), 5);
  auto cells = store.value()->cells(1);
  ASSERT_TRUE(cells.ok()) << cells.error().to_string();
  std::vector<std::string> listed;
  for (const serve::CellRow& row : cells.value()) listed.push_back(row.group + ":" + row.role + ":" + row.cell);
  EXPECT_EQ(listed, (std::vector<std::string>{"north:manager:respondents", "north:seller:dimension/goals",
                                              "north:seller:respondents", "south:seller:respondents"}));
  EXPECT_EQ(cells.value()[1].statistic, (Statistic{2, 70000, 2500000000}));

  ASSERT_EQ(sqlite3_open((folder + "/sos.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT (SELECT value FROM meta WHERE key = 'schema_version'),"
                     " (SELECT COUNT(*) FROM sqlite_master WHERE name = 'aggregates')",
                     -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))),
            std::to_string(serve::kSqliteSchemaVersion));
  EXPECT_EQ(sqlite3_column_int64(stmt, 1), 0) << "the per-cell table is gone";
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace sos::test
