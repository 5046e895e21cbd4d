// This file offers the PostgreSQL schema: migrations, the version table and
// the aggregate columns generated from kStatisticFields.
#include "pg_schema.h"

#include <set>

#include "sos/aggregate.h"

namespace sos::serve {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Append only: a released migration never changes; a change of the schema
// is a new entry.
const Migration kMigrations[] = {
    {1, "organisations, groups, waves, links, viewers, aggregates, dedupe, comments, releases, benchmarks", R"sql(
CREATE TABLE IF NOT EXISTS organisations(id TEXT PRIMARY KEY, name TEXT NOT NULL, origins TEXT NOT NULL,
  k INTEGER NOT NULL, comment_k INTEGER NOT NULL, synthetic BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS org_groups(org TEXT NOT NULL, id TEXT NOT NULL, parent TEXT NOT NULL, name TEXT NOT NULL,
  attributes TEXT NOT NULL, headcount BIGINT NOT NULL, PRIMARY KEY(org, id));
CREATE TABLE IF NOT EXISTS waves(key BIGSERIAL PRIMARY KEY, org TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL,
  survey TEXT NOT NULL, survey_id TEXT NOT NULL, survey_version TEXT NOT NULL, opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL, grace_seconds BIGINT NOT NULL, closed BOOLEAN NOT NULL DEFAULT false, UNIQUE(org, id));
CREATE TABLE IF NOT EXISTS wave_groups(wave BIGINT NOT NULL, id TEXT NOT NULL, parent TEXT NOT NULL,
  name TEXT NOT NULL, attributes TEXT NOT NULL, headcount BIGINT NOT NULL, PRIMARY KEY(wave, id));
CREATE TABLE IF NOT EXISTS links(hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, org TEXT NOT NULL,
  wave BIGINT NOT NULL, grp TEXT NOT NULL, mode TEXT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX IF NOT EXISTS links_by_wave ON links(wave, grp, mode);
CREATE TABLE IF NOT EXISTS viewers(hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, org TEXT NOT NULL,
  subtree TEXT NOT NULL, label TEXT NOT NULL, expires_at BIGINT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT false);
CREATE TABLE IF NOT EXISTS dedupe(wave BIGINT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY(wave, hash));
CREATE TABLE IF NOT EXISTS comments(wave BIGINT NOT NULL, key TEXT NOT NULL, grp TEXT NOT NULL,
  question TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(wave, key));
CREATE INDEX IF NOT EXISTS comments_by_group ON comments(wave, grp, question);
CREATE TABLE IF NOT EXISTS releases(wave BIGINT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS benchmarks(id TEXT PRIMARY KEY, survey_id TEXT NOT NULL, source TEXT NOT NULL,
  date TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aggregates(wave BIGINT NOT NULL, grp TEXT NOT NULL, role TEXT NOT NULL,
  cell TEXT NOT NULL, PRIMARY KEY(wave, grp, role, cell));
)sql"},
};

// Any fixed number: it names this application's lock among others'.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7051700901)";

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

}  // namespace

std::string pg_aggregate_columns_sql() {
  std::string sql;
  for (const StatisticField& f : kStatisticFields)
    sql += "ALTER TABLE aggregates ADD COLUMN IF NOT EXISTS " + quoted(f.name) + " BIGINT NOT NULL DEFAULT 0;\n";
  return sql;
}

std::string pg_aggregate_upsert_sql() {
  std::string columns, selects, updates;
  int param = 5;
  for (const StatisticField& f : kStatisticFields) {
    columns += ", " + quoted(f.name);
    selects += ", $" + std::to_string(param++) + "::bigint[]";
    updates += std::string(updates.empty() ? "" : ", ") + quoted(f.name) + " = aggregates." + quoted(f.name) +
               " + EXCLUDED." + quoted(f.name);
  }
  return "INSERT INTO aggregates(wave, grp, role, cell" + columns + ") SELECT $1, $2, $3, u.* FROM unnest($4::text[]" +
         selects + ") AS u ON CONFLICT(wave, grp, role, cell) DO UPDATE SET " + updates;
}

Result<int> pg_schema_version(pg::Connection& db) {
  auto exists = db.exec("SELECT to_regclass('sos_schema') IS NOT NULL");
  if (!exists.ok()) return exists.error();
  if (!exists->boolean(0, 0)) return 0;
  auto version = db.exec("SELECT COALESCE(MAX(version), 0) FROM sos_schema");
  if (!version.ok()) return version.error();
  return static_cast<int>(version->int64(0, 0));
}

Result<std::vector<int>> pg_migrate(pg::Connection& db) {
  std::vector<int> applied;
  Status st = pg::transaction(db, [&]() -> Status {
    applied.clear();
    if (Status s = db.exec(kMigrationLock).status(); !s.ok()) return s;
    if (Status s = db.exec_script(
            "CREATE TABLE IF NOT EXISTS sos_schema(version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        !s.ok())
      return s;
    auto current = pg_schema_version(db);
    if (!current.ok()) return current.error();
    if (current.value() > kPgSchemaVersion)
      return Error{"store.schema", "",
                   "the database has schema version " + std::to_string(current.value()) + "; this sos knows up to " +
                       std::to_string(kPgSchemaVersion)};
    for (const Migration& m : kMigrations) {
      if (m.version <= current.value()) continue;
      if (Status s = db.exec_script(m.sql); !s.ok()) return s;
      pg::Params p;
      p.add(m.version).add(m.description);
      if (Status s = db.exec("INSERT INTO sos_schema(version, description) VALUES($1::integer, $2)", p).status();
          !s.ok())
        return s;
      applied.push_back(m.version);
    }
    return db.exec_script(pg_aggregate_columns_sql());
  });
  if (!st.ok()) return st.error();
  return applied;
}

Status pg_check_schema(pg::Connection& db) {
  auto version = pg_schema_version(db);
  if (!version.ok()) return version.error();
  if (version.value() != kPgSchemaVersion)
    return Error{"store.schema", "",
                 "the database has schema version " + std::to_string(version.value()) + "; this sos needs " +
                     std::to_string(kPgSchemaVersion) + " (run: sos store migrate --store URI)"};
  auto columns = db.exec(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND "
      "table_name = 'aggregates'");
  if (!columns.ok()) return columns.error();
  std::set<std::string> have;
  for (int i = 0; i < columns->size(); ++i) have.insert(columns->text(i, 0));
  for (const StatisticField& f : kStatisticFields)
    if (!have.count(std::string(f.name)))
      return Error{
          "store.schema", "",
          "the aggregate table has no column " + std::string(f.name) + " (run: sos store migrate --store URI)"};
  return {};
}

}  // namespace sos::serve
