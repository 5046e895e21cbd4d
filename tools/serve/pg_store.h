// The shared store: one PostgreSQL database for several `sos serve`
// processes. Each contribution is merged in the database (column = column +
// value) in one transaction with its dedupe hash; the wave's row is locked
// FOR SHARE by merges and FOR UPDATE by the close, so no merge lands after a
// close commits. Commits are durable before they are acknowledged
// (synchronous_commit on, fsync on: checked at open).
//
//   postgresql://sos@db.internal:5432/sos?sos_key=/etc/sos/secret.key
//
// The server key for keyed hashes stays outside the database, in the file
// named by the `sos_key` parameter (else $SOS_KEY_FILE); every process on one
// database needs the same file. `sos_pool` sets the connections per process.
#pragma once

#include <memory>
#include <string>

#include "store.h"

namespace sos::serve {

inline constexpr int kPgDefaultPool = 16;

// A postgresql:// or postgres:// URI.
bool is_postgresql_location(const std::string& location);

// A location split into what libpq reads and what sos reads.
struct PgLocation {
  std::string conninfo;  // the URI without the sos_* parameters
  std::string key_file;
  int pool = kPgDefaultPool;
};
// Errors: "store.location" (with the parameter at fault), "store.secret"
// when no key file is named.
Result<PgLocation> parse_pg_location(const std::string& location);

// Opens the store; the schema must be current (`sos store migrate`).
// Errors: "store.open", "store.schema", "store.not_durable", "store.secret".
Result<std::unique_ptr<Store>> open_pg_store(const std::string& location);

// Creates or upgrades the schema (pg_schema.h).
Result<MigrateReport> migrate_pg_store(const std::string& location);

}  // namespace sos::serve
