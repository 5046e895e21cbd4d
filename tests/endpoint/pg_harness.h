// PostgreSQL for the endpoint tests: the throwaway server named by
// $SOS_TEST_PG (tools/dev/pg-test-cluster, started by the test command), and
// a fresh database per test, dropped afterwards.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "crypto.h"
#include "pg_db.h"

namespace sos::test {

// The server's URI, or nullptr when the tests run without PostgreSQL.
inline const char* pg_test_uri() {
  const char* uri = std::getenv("SOS_TEST_PG");
  return uri && *uri ? uri : nullptr;
}

#define SOS_SKIP_WITHOUT_PG()                                               \
  if (!::sos::test::pg_test_uri())                                          \
  GTEST_SKIP() << "SOS_TEST_PG is not set: PostgreSQL tests need a server " \
                  "(tools/dev/pg-test-cluster start prints its URI; tools/dev/run-tests sets it)"

// A database of its own on the test server, with the server key in `key_dir`.
class PgDatabase {
 public:
  explicit PgDatabase(const std::string& key_dir) : key_file_(key_dir + "/secret.key") {
    name_ = "sos_test_" + serve::hex(serve::random_bytes(6));
    std::string admin = pg_test_uri();
    auto scheme = admin.find("://");
    auto slash = admin.find('/', scheme + 3);
    auto query = admin.find('?');
    std::string tail = query == std::string::npos ? "" : admin.substr(query);
    conninfo_ = (slash == std::string::npos ? admin.substr(0, query) : admin.substr(0, slash)) + "/" + name_ + tail;
    admin_ = slash == std::string::npos ? admin : admin.substr(0, slash) + "/postgres" + tail;
    auto c = serve::pg::Connection::open(admin_);
    if (!c.ok()) {
      ADD_FAILURE() << c.error().to_string();
      return;
    }
    auto made = c->exec("CREATE DATABASE " + name_);
    if (!made.ok()) ADD_FAILURE() << made.error().to_string();
  }
  ~PgDatabase() {
    auto c = serve::pg::Connection::open(admin_);
    if (c.ok()) (void)c->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  // libpq's URI of the database.
  const std::string& conninfo() const { return conninfo_; }
  // The store location: the URI with the key file.
  std::string location() const {
    return conninfo_ + (conninfo_.find('?') == std::string::npos ? "?" : "&") + "sos_key=" + key_file_;
  }
  serve::pg::Connection connect() const {
    auto c = serve::pg::Connection::open(conninfo_);
    EXPECT_TRUE(c.ok()) << c.error().to_string();
    return c.ok() ? std::move(c.value()) : serve::pg::Connection();
  }

 private:
  std::string name_, conninfo_, admin_, key_file_;
};

}  // namespace sos::test
