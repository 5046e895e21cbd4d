// The PostgreSQL store's schema: numbered migrations kept in a version table,
// and the aggregate table's statistic columns generated from
// sos::kStatisticFields.
#pragma once

#include <string>
#include <vector>

#include "pg_db.h"
#include "sos/result.h"

namespace sos::serve {

inline constexpr int kPgSchemaVersion = 1;

// ALTER TABLE aggregates ADD COLUMN IF NOT EXISTS for each statistic field:
// a new field becomes a column at the next `sos store migrate`.
std::string pg_aggregate_columns_sql();
// The merge of a contribution's cells: one row per cell from arrays, each
// statistic added in the database (column = column + EXCLUDED.column).
// Parameters: $1 wave, $2 group, $3 role, $4 cell keys, then one bigint
// array per statistic field.
std::string pg_aggregate_upsert_sql();

// Runs every migration not yet applied, each in its own transaction under an
// advisory lock, so two `sos store migrate` at once are safe. Returns the
// versions applied now (none when up to date). Errors: "store.schema" when
// the database is newer than this sos, "store.sql".
Result<std::vector<int>> pg_migrate(pg::Connection& db);

// The version recorded in the database (0: no schema yet).
Result<int> pg_schema_version(pg::Connection& db);

// "store.schema" unless the database is at kPgSchemaVersion with a column for
// every statistic field.
Status pg_check_schema(pg::Connection& db);

}  // namespace sos::serve
