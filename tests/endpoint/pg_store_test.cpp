// The PostgreSQL store's own parts: locations (what goes to libpq, what sos
// reads), and migrations that are versioned, idempotent and safe to run from
// two processes at once.
#include "pg_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "harness.h"
#include "pg_harness.h"
#include "pg_schema.h"

namespace sos::test {
namespace {

struct LocationCase {
  const char* name;
  const char* location;
  const char* conninfo;  // expected, when it parses
  const char* key_file;
  int pool;
  const char* code;  // expected error, else ""
  const char* pointer;
};

TEST(PostgresLocation, SosParametersAreTakenOutTheRestGoesToLibpq) {
  const LocationCase cases[] = {
      {"key", "postgresql://h/db?sos_key=/k/secret.key", "postgresql://h/db", "/k/secret.key", serve::kPgDefaultPool,
       "", ""},
      {"kept_params", "postgres://u@h:5433/db?sslmode=disable&sos_key=%2Fk%20x&connect_timeout=3",
       "postgres://u@h:5433/db?sslmode=disable&connect_timeout=3", "/k x", serve::kPgDefaultPool, "", ""},
      {"pool", "postgresql://h/db?sos_pool=4&sos_key=/k", "postgresql://h/db", "/k", 4, "", ""},
      {"no_key", "postgresql://h/db", "", "", 0, "store.secret", "/sos_key"},
      {"pool_zero", "postgresql://h/db?sos_key=/k&sos_pool=0", "", "", 0, "store.location", "/sos_pool"},
      {"pool_text", "postgresql://h/db?sos_key=/k&sos_pool=many", "", "", 0, "store.location", "/sos_pool"},
  };
  unsetenv("SOS_KEY_FILE");
  for (const auto& c : cases) {
    auto parsed = serve::parse_pg_location(c.location);
    if (*c.code) {
      ASSERT_FALSE(parsed.ok()) << c.name;
      EXPECT_EQ(parsed.error().code, c.code) << c.name;
      EXPECT_EQ(parsed.error().pointer, c.pointer) << c.name;
      continue;
    }
    ASSERT_TRUE(parsed.ok()) << c.name << ": " << parsed.error().to_string();
    EXPECT_EQ(parsed->conninfo, c.conninfo) << c.name;
    EXPECT_EQ(parsed->key_file, c.key_file) << c.name;
    EXPECT_EQ(parsed->pool, c.pool) << c.name;
  }
  setenv("SOS_KEY_FILE", "/from/env.key", 1);
  EXPECT_EQ(serve::parse_pg_location("postgresql://h/db").value().key_file, "/from/env.key");
  unsetenv("SOS_KEY_FILE");
  EXPECT_TRUE(serve::is_postgresql_location("postgres://h/db"));
  EXPECT_FALSE(serve::is_postgresql_location("/var/lib/sos"));
  EXPECT_EQ(serve::open_store("mysql://h/db").error().code, "store.unsupported");
}

TEST(PostgresMigrate, VersionedIdempotentAndSafeFromTwoProcessesAtOnce) {
  SOS_SKIP_WITHOUT_PG();
  TempDir dir;
  PgDatabase database(dir.path());
  auto unmigrated = serve::open_store(database.location());
  ASSERT_FALSE(unmigrated.ok());
  EXPECT_EQ(unmigrated.error().code, "store.schema");

  CommandResult a, b;
  std::thread other([&] { a = run_sos({"store", "migrate", "--store", database.location()}); });
  b = run_sos({"store", "migrate", "--store", database.location()});
  other.join();
  EXPECT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(b.status, 0) << b.err;
  // One of the two applied version 1, the other found it applied.
  EXPECT_EQ((a.out.find("applied 1") != std::string::npos) + (b.out.find("applied 1") != std::string::npos), 1)
      << a.out << b.out;
  auto again = serve::migrate_store(database.location());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, serve::kPgSchemaVersion);
  EXPECT_TRUE(again->applied.empty());
  std::string info = sos_ok({"store", "info", "--store", database.location()});
  EXPECT_NE(info.find("backend\tpostgresql\n"), std::string::npos) << info;
  EXPECT_NE(info.find("synchronous_commit\ton\n"), std::string::npos) << info;
  EXPECT_NE(info.find("fsync\ton\n"), std::string::npos) << info;
  auto db = database.connect();
  EXPECT_EQ(db.exec("SELECT COUNT(*) FROM sos_schema").value().int64(0, 0), serve::kPgSchemaVersion);

  // A statistic column lost (or not yet added) is named, and the next
  // migration puts it back.
  ASSERT_TRUE(db.exec("ALTER TABLE aggregates DROP COLUMN sumsq").ok());
  auto missing = serve::open_store(database.location());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "store.schema");
  EXPECT_NE(missing.error().message.find("sumsq"), std::string::npos);
  ASSERT_TRUE(serve::migrate_store(database.location()).ok());
  EXPECT_TRUE(serve::open_store(database.location()).ok());

  // A database newer than this sos is refused, not changed.
  ASSERT_TRUE(db.exec("INSERT INTO sos_schema(version, description) VALUES(99, 'from the future')").ok());
  auto newer = serve::migrate_store(database.location());
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().code, "store.schema");
}

TEST(SqliteMigrate, OpeningIsTheMigrationAndRunningTwiceChangesNothing) {
  TempDir dir;
  EXPECT_EQ(sos_ok({"store", "migrate", "--store", dir.path() + "/s"}),
            "sqlite store at schema version 2 (applied 2)\n");
  EXPECT_EQ(sos_ok({"store", "migrate", "--store", dir.path() + "/s"}),
            "sqlite store at schema version 2 (up to date)\n");
}

}  // namespace
}  // namespace sos::test
