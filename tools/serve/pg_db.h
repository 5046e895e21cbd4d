// A thin RAII layer over libpq: connections and results, parameters passed
// as text (never spliced into SQL), errors as values with the server's
// SQLSTATE kept for callers that tell conflicts from failures.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"

namespace sos::serve::pg {

// A statement's parameters: text, or SQL NULL when empty optional.
class Params {
 public:
  Params& add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add(std::int64_t value) { return add(std::to_string(value)); }
  Params& add(int value) { return add(std::int64_t{value}); }
  Params& add(bool value) { return add(value ? "true" : "false"); }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class Rows {
 public:
  explicit Rows(PGresult* result = nullptr) : result_(result, PQclear) {}
  int size() const { return result_ ? PQntuples(result_.get()) : 0; }
  bool empty() const { return size() == 0; }
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  bool boolean(int row, int column) const { return text(row, column) == "t"; }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;

 private:
  std::shared_ptr<PGresult> result_;
};

class Connection {
 public:
  Connection() = default;
  Connection(Connection&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Connects with a libpq URI or key=value string. Errors: "store.open".
  static Result<Connection> open(const std::string& conninfo);

  // Runs one statement with $1.. parameters. Errors: "store.retry" for a
  // serialization failure or deadlock (try the transaction again),
  // "store.sql" for anything else, with the server's message.
  Result<Rows> exec(std::string_view sql, const Params& params = {});
  // Runs several statements without parameters (schema scripts).
  Status exec_script(std::string_view sql);
  // SQLSTATE of the last failed exec, empty after success.
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  bool broken() const { return !conn_ || PQstatus(conn_) != CONNECTION_OK; }
  PGconn* handle() const { return conn_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  // The outcome of a statement's result: ok, or the error with its SQLSTATE kept.
  Status judge(PGresult* result, std::string_view sql);
  PGconn* conn_ = nullptr;
  std::string last_sqlstate_;
};

// Runs `body` in BEGIN ... COMMIT with `isolation` (e.g. "READ COMMITTED"),
// rolling back on any error; the transaction is retried a few times when
// the server reports a serialization failure or deadlock. The commit is acknowledged by the server only
// once it is durable (synchronous_commit on).
Status transaction(Connection& db, const std::function<Status()>& body, const char* isolation = "READ COMMITTED");

}  // namespace sos::serve::pg
