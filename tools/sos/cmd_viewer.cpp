// This file offers `sos viewer issue|list|revoke`: viewer tokens scoped to an
// organisation and optionally a subtree.
#include <cstdio>

#include "admin.h"
#include "cli_support.h"
#include "clock.h"
#include "invitation.h"
#include "sos/commands.h"

namespace sos::cli {

void add_viewer_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("viewer", "Issue, list and revoke viewer tokens for released figures");
  cmd->require_subcommand(1);
  auto store = std::make_shared<std::string>(serve::default_store_location());
  cmd->add_option("--store", *store, "Store folder; $SOS_STORE")->capture_default_str();
  struct Args {
    std::string org, subtree, label, expires = "30d", base = "http://127.0.0.1:8080", id;
  };
  auto a = std::make_shared<Args>();

  auto* issue = cmd->add_subcommand("issue", "Issue a viewer token and print its link (shown only now)");
  issue->add_option("org", a->org, "Organisation id")->required();
  issue->add_option("--subtree", a->subtree, "Limit to this group and the groups below it");
  issue->add_option("--label", a->label, "Who it is for, as a reminder (e.g. 'region north managers')");
  issue->add_option("--expires", a->expires, "Lifetime, e.g. 30d, or a UTC date")->capture_default_str();
  issue->add_option("--base-url", a->base, "Public address of the endpoint")->capture_default_str();
  issue->callback([store, a] {
    std::int64_t expires = 0;
    if (auto d = serve::parse_duration(a->expires); d.ok()) {
      expires = serve::now_seconds() + d.value();
    } else if (auto t = serve::parse_time(a->expires); t.ok()) {
      expires = t.value();
    } else {
      serve::exit_with(t.error());
    }
    auto s = serve::open_store_or_exit(*store);
    auto issued = serve::issue_viewer(*s, a->org, a->subtree, a->label, expires);
    if (!issued.ok()) serve::exit_with(issued.error());
    std::printf("%s\t%s\t%s\n", issued->id.c_str(), serve::iso_time(expires).c_str(),
                serve::viewer_link(a->base, issued->token).c_str());
  });

  auto* list = cmd->add_subcommand("list", "List viewer tokens (ids, scope, expiry; tokens are not kept)");
  list->add_option("org", a->org, "Organisation id")->required();
  list->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto viewers = s->viewers(a->org);
    if (!viewers.ok()) serve::exit_with(viewers.error());
    std::int64_t now = serve::now_seconds();
    for (const auto& v : viewers.value())
      std::printf("%s\t%s\t%s\t%s\t%s\n", v.id.c_str(), v.subtree.empty() ? "(all)" : v.subtree.c_str(),
                  serve::iso_time(v.expires_at).c_str(),
                  v.revoked ? "revoked" : (v.expires_at <= now ? "expired" : "live"), v.label.c_str());
  });

  auto* revoke = cmd->add_subcommand("revoke", "Revoke a viewer token by its id (its sessions end too)");
  revoke->add_option("org", a->org, "Organisation id")->required();
  revoke->add_option("id", a->id, "Token id")->required();
  revoke->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto done = s->revoke_viewer(a->org, a->id);
    if (!done.ok()) serve::exit_with(done.error());
    if (!done.value()) serve::exit_with(Error{"viewer.unknown", "", "no viewer token " + a->id + " in " + a->org});
    std::printf("viewer token %s revoked\n", a->id.c_str());
  });
  // --store may come after the subcommand too.
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
