// This file offers the RAII wrappers over SQLite connections and statements.
#include "sqlite_db.h"

namespace sos::serve::sqlite {

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

int Statement::step() { return sqlite3_step(stmt_); }

Status Statement::run() {
  int rc;
  while ((rc = step()) == SQLITE_ROW) {
  }
  Status st = rc == SQLITE_DONE ? Status() : Status(error());
  reset();
  return st;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column)) : std::string();
}

std::string_view Statement::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, column)) : std::string_view();
}

Error Statement::error() const { return Error{"store.sql", "", sqlite3_errmsg(db_)}; }

Connection::~Connection() {
  if (db_) sqlite3_close_v2(db_);
}

Result<Connection> Connection::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection out(db);
  if (rc != SQLITE_OK)
    return Error{"store.open", "", "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
  sqlite3_busy_timeout(db, 10000);
  // WAL lets readers go on while one writer commits; FULL syncs the log at
  // every commit, so an acknowledged contribution survives a power cut.
  if (Status st = out.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;"); !st.ok())
    return st.error();
  return out;
}

Status Connection::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error e{"store.sql", "", message ? message : sqlite3_errmsg(db_)};
    sqlite3_free(message);
    return e;
  }
  return {};
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK)
    return Error{"store.sql", "", std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql)};
  return Statement(db_, stmt);
}

Result<std::string> Connection::scalar(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt.ok()) return stmt.error();
  int rc = stmt->step();
  if (rc == SQLITE_ROW) return stmt->text(0);
  if (rc == SQLITE_DONE) return std::string();
  return stmt->error();
}

}  // namespace sos::serve::sqlite
