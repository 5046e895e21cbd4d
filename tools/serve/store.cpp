// This file offers open_store and migrate_store: the location chooses the
// backend (a postgresql:// URI PostgreSQL, anything else an SQLite folder).
#include "store.h"

#include <sys/stat.h>

#include "pg_store.h"
#include "sqlite_store.h"

namespace sos::serve {

namespace {

std::string sqlite_folder(const std::string& location) {
  return location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& location) {
  if (is_postgresql_location(location)) return open_pg_store(location);
  std::string folder = sqlite_folder(location);
  if (folder.find("://") != std::string::npos)
    return Error{"store.unsupported", "", "no store backend for " + location + " (a folder or postgresql://...)"};
  return open_sqlite_store(folder);
}

Result<MigrateReport> migrate_store(const std::string& location) {
  if (is_postgresql_location(location)) return migrate_pg_store(location);
  // The SQLite store creates its schema when opened and refuses a version it
  // does not know; opening is its migration.
  struct stat info;
  bool existed = ::stat((sqlite_folder(location) + "/sos.sqlite").c_str(), &info) == 0;
  auto store = open_store(location);
  if (!store.ok()) return store.error();
  MigrateReport report{"sqlite", kSqliteSchemaVersion, {}};
  auto settings = store.value()->settings();
  if (!settings.ok()) return settings.error();
  if (!existed || settings->count("converted_from")) report.applied.push_back(kSqliteSchemaVersion);
  return report;
}

}  // namespace sos::serve
