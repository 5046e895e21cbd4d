// This file offers `sos store migrate|copy|info`: the store's schema, moving
// an installation to another store, and its durability settings.
#include <cstdio>

#include "cli_support.h"
#include "pg_store.h"
#include "sos/commands.h"
#include "store_copy.h"

namespace sos::cli {

void add_store_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("store", "Create or upgrade the store's schema, or copy an installation");
  cmd->require_subcommand(1);
  struct Args {
    std::string store = serve::default_store_location(), from, to;
  };
  auto a = std::make_shared<Args>();

  auto* migrate = cmd->add_subcommand("migrate", "Create or upgrade the schema (safe to run twice)");
  migrate->add_option("--store", a->store, "Store folder or postgresql:// URI; $SOS_STORE")->capture_default_str();
  migrate->callback([a] {
    auto report = serve::migrate_store(a->store);
    if (!report.ok()) serve::exit_with(report.error());
    std::string applied;
    for (int v : report->applied) applied += (applied.empty() ? "" : ", ") + std::to_string(v);
    std::printf("%s store at schema version %d (%s)\n", report->backend.c_str(), report->version,
                applied.empty() ? "up to date" : ("applied " + applied).c_str());
  });

  auto* info = cmd->add_subcommand("info", "Print the backend and its durability settings");
  info->add_option("--store", a->store, "Store folder or postgresql:// URI; $SOS_STORE")->capture_default_str();
  info->callback([a] {
    auto s = serve::open_store_or_exit(a->store);
    auto settings = s->settings();
    if (!settings.ok()) serve::exit_with(settings.error());
    for (const auto& [name, value] : settings.value()) std::printf("%s\t%s\n", name.c_str(), value.c_str());
  });

  auto* copy = cmd->add_subcommand(
      "copy", "Copy everything of one store into an empty one (e.g. SQLite to PostgreSQL), then compare every figure");
  copy->add_option("--from", a->from, "Source store folder or URI")->required();
  copy->add_option("--to", a->to, "Target store (migrated and empty)")->required();
  copy->callback([a] {
    auto from = serve::open_store_or_exit(a->from);
    // The target hashes tokens with the source's key, so every link, viewer
    // token and submission id keeps matching.
    if (serve::is_postgresql_location(a->to)) {
      auto where = serve::parse_pg_location(a->to);
      if (!where.ok()) serve::exit_with(where.error());
      if (Status st = serve::install_secret(where->key_file, from->secret()); !st.ok()) serve::exit_with(st.error());
    }
    auto to = serve::open_store_or_exit(a->to);
    auto report = serve::copy_store(*from, *to);
    if (!report.ok()) serve::exit_with(report.error());
    const serve::CopyReport& r = report.value();
    std::printf(
        "copied %lld organisations, %lld groups, %lld waves, %lld aggregate cells, %lld comments, %lld dedupe "
        "hashes, %lld links, %lld viewer tokens, %lld releases, %lld benchmarks\n"
        "verified: every aggregate, comment, hash, link, token, release and benchmark matches the source\n",
        static_cast<long long>(r.organisations), static_cast<long long>(r.groups), static_cast<long long>(r.waves),
        static_cast<long long>(r.cells), static_cast<long long>(r.comments), static_cast<long long>(r.dedupe),
        static_cast<long long>(r.links), static_cast<long long>(r.viewers), static_cast<long long>(r.releases),
        static_cast<long long>(r.benchmarks));
  });
}

}  // namespace sos::cli
