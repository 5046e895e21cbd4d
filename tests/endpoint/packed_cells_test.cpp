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
