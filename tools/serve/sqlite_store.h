// The embedded default store: one SQLite database in WAL mode with full
// synchronous commits, contributions merged by one writer thread that groups
// concurrent requests into one transaction (one fsync for many).
#pragma once

#include <memory>
#include <string>

#include "store.h"

namespace sos::serve {

// The schema version kept in the database's meta table.
inline constexpr int kSqliteSchemaVersion = 1;

// The aggregate table's statements, generated from sos::kStatisticFields so
// a new statistic field becomes a column without touching this code.
std::string aggregate_table_sql();
std::string aggregate_upsert_sql();

// Opens or creates `folder`/sos.sqlite and `folder`/secret.key.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& folder);

}  // namespace sos::serve
