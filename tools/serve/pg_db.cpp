// This file offers the RAII wrappers over libpq connections and results.
#include "pg_db.h"

#include <cstdlib>

namespace sos::serve::pg {

std::string Rows::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Rows::int64(int row, int column) const {
  return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
}

std::int64_t Rows::affected() const {
  const char* n = result_ ? PQcmdTuples(result_.get()) : "";
  return *n ? std::strtoll(n, nullptr, 10) : 0;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = other.conn_;
    other.conn_ = nullptr;
  }
  return *this;
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Result<Connection> Connection::open(const std::string& conninfo) {
  Connection out(PQconnectdb(conninfo.c_str()));
  if (!out.conn_) return Error{"store.open", "", "cannot connect to PostgreSQL: out of memory"};
  if (PQstatus(out.conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(out.conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return Error{"store.open", "", "cannot connect to PostgreSQL: " + message};
  }
  // Server notices (e.g. "relation already exists, skipping") are not for
  // the operator's terminal.
  PQsetNoticeProcessor(
      out.conn_, [](void*, const char*) {}, nullptr);
  return out;
}

namespace {

Error failure(PGconn* conn, PGresult* result, std::string_view sql) {
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // Serialization failures and deadlocks are worth one more try, the rest
  // is a real failure.
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string code =
      state && (std::string_view(state) == "40001" || std::string_view(state) == "40P01") ? "store.retry" : "store.sql";
  return Error{code, "", message + " in: " + std::string(sql.substr(0, 120))};
}

std::string sqlstate_of(PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state ? state : "";
}

}  // namespace

Result<Rows> Connection::exec(std::string_view sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.values().size());
  for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
  std::string text(sql);
  PGresult* result =
      PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
  Rows rows(result);
  if (Status st = judge(result, sql); !st.ok()) return st.error();
  return rows;
}

Status Connection::judge(PGresult* result, std::string_view sql) {
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    last_sqlstate_ = sqlstate_of(result);
    return failure(conn_, result, sql);
  }
  last_sqlstate_.clear();
  return {};
}

Status Connection::exec_script(std::string_view sql) {
  std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  Rows rows(result);  // frees the result
  return judge(result, sql);
}

Status transaction(Connection& db, const std::function<Status()>& body, const char* isolation) {
  constexpr int kAttempts = 5;
  Status st;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    st = db.exec(std::string("BEGIN ISOLATION LEVEL ") + isolation).status();
    if (!st.ok()) return st;
    st = body();
    if (st.ok()) st = db.exec("COMMIT").status();
    if (st.ok()) return st;
    (void)db.exec("ROLLBACK");
    if (st.error().code != "store.retry") return st;
  }
  return st;
}

}  // namespace sos::serve::pg
