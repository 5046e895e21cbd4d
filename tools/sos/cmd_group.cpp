// This file offers `sos group import|list`.
#include <cstdio>

#include "admin.h"
#include "cli_support.h"
#include "sos/commands.h"

namespace sos::cli {

void add_group_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("group", "Administer an organisation's tree of groups");
  cmd->require_subcommand(1);
  auto store = std::make_shared<std::string>(serve::default_store_location());
  cmd->add_option("--store", *store, "Store folder; $SOS_STORE")->capture_default_str();

  auto* import = cmd->add_subcommand("import", "Add or update groups from CSV or JSON (ids are kept: renames and "
                                               "moves keep history)");
  auto org = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>();
  import->add_option("org", *org, "Organisation id")->required();
  import->add_option("file", *file, "CSV (id,parent,name,headcount,attributes...) or JSON (sos-groups/1); '-' stdin")
      ->required();
  import->add_option("--format", *format, "csv or json (default: from the file name)");
  import->callback([store, org, file, format] {
    std::string fmt = *format;
    if (fmt.empty()) fmt = file->size() > 4 && file->substr(file->size() - 4) == ".csv" ? "csv" : "json";
    auto groups = serve::parse_groups(serve::read_text_or_exit(*file), fmt);
    if (!groups.ok()) serve::exit_with(groups.error());
    auto s = serve::open_store_or_exit(*store);
    if (Status st = serve::import_groups(*s, *org, groups.value()); !st.ok()) serve::exit_with(st.error());
    std::printf("%zu group(s) imported into %s\n", groups->size(), org->c_str());
  });

  auto* list = cmd->add_subcommand("list", "List the current tree");
  auto list_org = std::make_shared<std::string>();
  list->add_option("org", *list_org, "Organisation id")->required();
  list->callback([store, list_org] {
    auto s = serve::open_store_or_exit(*store);
    auto groups = s->groups(*list_org);
    if (!groups.ok()) serve::exit_with(groups.error());
    for (const auto& g : groups.value())
      std::printf("%s\t%s\t%s\t%lld\t%s\n", g.id.c_str(), g.parent.empty() ? "-" : g.parent.c_str(), g.name.c_str(),
                  static_cast<long long>(g.headcount), g.attributes_json.c_str());
  });
  // --store may come after the subcommand too.
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
