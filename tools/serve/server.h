// `sos serve`: the endpoint. Serves the respondent app's static files and the
// JSON API (docs/api.md) over one store, with limits on bodies, rates and
// connections. Keeps no log line about any contribution.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store.h"

namespace sos::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string store = "sos-store";
  std::string www = "www/dist";
  std::string keys;                   // sealed-submission keys folder; empty: STORE/keys
  std::size_t max_body = 64 * 1024;   // bytes; a contribution is a few KB
  std::size_t threads = 256;          // connections served at once
  int keep_alive_seconds = 5;
  int keep_alive_requests = 100;
  int read_timeout_seconds = 5;
  double token_per_minute = 600, token_burst = 200;      // per invite or viewer token
  double address_per_minute = 1200, address_burst = 400; // per client address
  std::string forwarded_header;       // e.g. X-Real-IP, only behind a proxy that sets it
  int session_seconds = 900;          // viewer session cookie lifetime
  bool secure_cookies = true;
  int close_check_seconds = 30;       // how often waves past their grace are closed
};

// Runs until SIGINT or SIGTERM. Prints one line when listening:
// "sos serve: listening on http://HOST:PORT". Returns the exit status.
int run_server(const ServeOptions& options);

}  // namespace sos::serve
