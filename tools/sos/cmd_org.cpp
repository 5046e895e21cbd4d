// This file offers `sos org create|list|export|delete`.
#include <cstdio>
#include <fstream>

#include "admin.h"
#include "cli_support.h"
#include "sos/commands.h"

namespace sos::cli {

void add_org_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("org", "Administer organisations (tenants) in the store");
  cmd->require_subcommand(1);
  auto store = std::make_shared<std::string>(serve::default_store_location());
  cmd->add_option("--store", *store, "Store folder; $SOS_STORE")->capture_default_str();

  auto* create = cmd->add_subcommand("create", "Create an organisation, or update its settings");
  auto org = std::make_shared<serve::Organisation>();
  create->add_option("id", org->id, "Stable id (A-Z a-z 0-9 _ . -)")->required();
  create->add_option("--name", org->name, "Display name")->required();
  create->add_option("--origin", org->origins, "Origin allowed to embed the survey, e.g. https://intranet.example.com");
  create->add_option("--k", org->k, "Anonymity threshold (at least 3)")->capture_default_str();
  create->add_option("--comment-k", org->comment_k, "Respondents a group needs before its comments are shown")
      ->capture_default_str();
  create->add_flag("--synthetic", org->synthetic, "Label the organisation as synthetic demo data");
  create->callback([store, org] {
    auto s = serve::open_store_or_exit(*store);
    if (Status st = serve::create_organisation(*s, *org); !st.ok()) serve::exit_with(st.error());
    std::printf("organisation %s saved\n", org->id.c_str());
  });

  auto* list = cmd->add_subcommand("list", "List organisations");
  list->callback([store] {
    auto s = serve::open_store_or_exit(*store);
    auto orgs = s->organisations();
    if (!orgs.ok()) serve::exit_with(orgs.error());
    for (const auto& o : orgs.value())
      std::printf("%s\t%s\tk=%d\tcomment_k=%d%s\n", o.id.c_str(), o.name.c_str(), o.k, o.comment_k,
                  o.synthetic ? "\tsynthetic" : "");
  });

  auto* exp = cmd->add_subcommand("export", "Write all of an organisation's data as JSON (sos-org-export/1)");
  auto id = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>("-");
  exp->add_option("id", *id, "Organisation id")->required();
  exp->add_option("--output,-o", *output, "File to write ('-': standard output)")->capture_default_str();
  exp->callback([store, id, output] {
    auto s = serve::open_store_or_exit(*store);
    auto doc = serve::export_organisation(*s, *id);
    if (!doc.ok()) serve::exit_with(doc.error());
    if (*output == "-") {
      std::printf("%s\n", doc->c_str());
    } else {
      std::ofstream out(*output, std::ios::binary);
      out << doc.value() << "\n";
      if (!out) serve::exit_with(Error{"io.write_error", "", "cannot write " + *output});
    }
  });

  auto* del = cmd->add_subcommand("delete", "Delete an organisation and all its data, for good");
  auto del_id = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  del->add_option("id", *del_id, "Organisation id")->required();
  del->add_flag("--yes", *yes, "Confirm: nothing of the organisation can be recovered from the store after this");
  del->callback([store, del_id, yes] {
    if (!*yes) serve::exit_with(Error{"org.confirm", "", "add --yes to delete " + *del_id + " for good"});
    auto s = serve::open_store_or_exit(*store);
    auto org = s->organisation(*del_id);
    if (!org.ok()) serve::exit_with(org.error());
    if (!org.value()) serve::exit_with(Error{"org.unknown", "", "no organisation " + *del_id});
    if (Status st = s->delete_organisation(*del_id); !st.ok()) serve::exit_with(st.error());
    std::printf("organisation %s deleted\n", del_id->c_str());
  });
  // --store may come after the subcommand too.
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
