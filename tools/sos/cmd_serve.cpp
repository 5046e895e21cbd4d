// This file offers `sos serve`: the endpoint over a store (docs/operations.md).
#include "server.h"
#include "cli_support.h"
#include "sos/commands.h"

namespace sos::cli {

void add_serve_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Run the endpoint: the respondent app, contributions in, released figures out");
  auto options = std::make_shared<serve::ServeOptions>();
  options->store = serve::default_store_location();
  auto insecure = std::make_shared<bool>(false);
  cmd->add_option("--store", options->store, "Store: a folder (SQLite database and server key) or a postgresql:// URI "
                  "(run sos store migrate first; see docs/scale.md); $SOS_STORE")
      ->capture_default_str();
  cmd->add_option("--keys", options->keys,
                  "Folder of the sealed-submission key pairs, made on first start (default: STORE/keys)");
  cmd->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", options->port, "Port (0: any free port, printed when listening)")->capture_default_str();
  cmd->add_option("--www", options->www, "Folder of the built respondent app")->capture_default_str();
  cmd->add_option("--max-body", options->max_body, "Largest request body in bytes")->capture_default_str();
  cmd->add_option("--threads", options->threads, "Connections served at once; more get 503")
      ->check(CLI::Range(4, 4096))
      ->capture_default_str();
  cmd->add_option("--keep-alive", options->keep_alive_seconds, "Seconds an idle keep-alive connection is kept")
      ->capture_default_str();
  cmd->add_option("--read-timeout", options->read_timeout_seconds, "Seconds a slow client may take per read")
      ->capture_default_str();
  cmd->add_option("--token-rate", options->token_per_minute, "Requests a minute per token (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--token-burst", options->token_burst, "Burst per token")->capture_default_str();
  cmd->add_option("--address-rate", options->address_per_minute, "API requests a minute per client address (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--address-burst", options->address_burst, "Burst per client address")->capture_default_str();
  cmd->add_option("--forwarded-header", options->forwarded_header,
                  "Header with the client address set by a trusted reverse proxy (e.g. X-Real-IP)");
  cmd->add_option("--session", options->session_seconds, "Viewer session lifetime in seconds")->capture_default_str();
  cmd->add_option("--close-check", options->close_check_seconds, "Seconds between checks for waves to close")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_flag("--insecure-cookies", *insecure, "Viewer cookies without Secure (plain-HTTP tests only)");
  cmd->callback([options, insecure] {
    options->secure_cookies = !*insecure;
    int status = serve::run_server(*options);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace sos::cli
