// The embedded default store: one SQLite database in WAL mode with full
// synchronous commits, contributions merged by one writer thread that groups
// concurrent requests into one transaction (one fsync for many).
#pragma once

#include <memory>
#include <string>

#include "store.h"

namespace sos::serve {

// The schema version kept in the database's meta table. Version 2 keeps each
// (wave, group, role) aggregate as one row of packed cells (packed_cells.h);
// a version 1 store is converted when opened.
inline constexpr int kSqliteSchemaVersion = 2;

// Opens or creates `folder`/sos.sqlite and `folder`/secret.key.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& folder);

}  // namespace sos::serve
