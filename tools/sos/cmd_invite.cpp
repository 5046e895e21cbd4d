// This file offers `sos invite issue|list|revoke`: one link per wave and
// group, its QR code and invitation texts, and for an organisation that
// allows embedding, the link's embed form and one-line script tag.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "admin.h"
#include "cli_support.h"
#include "clock.h"
#include "invitation.h"
#include "sos/commands.h"

namespace sos::cli {

namespace {
void write_or_exit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) serve::exit_with(Error{"io.write_error", "", "cannot write " + path});
}

// The base URL goes into HTML attributes as the operator typed it.
std::string attribute_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// docs/embedding.md: the same app under /o/ORG/, where the endpoint allows
// the organisation's origins as frame ancestors, and the script tag that
// inserts it as a cross-origin iframe into an intranet page.
struct EmbedForm {
  std::string link;
  std::string script_tag;
};

EmbedForm embed_form(std::string base, const std::string& org, const std::string& token) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string link = serve::survey_link(base + "/o/" + org, token);
  return {link, "<script src=\"" + attribute_text(base + "/embed.js") + "\" data-sos-invite=\"" + attribute_text(link) +
                    "\" async></script>"};
}
}  // namespace

void add_invite_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("invite", "Issue, list and revoke invite links (one per wave and group)");
  cmd->require_subcommand(1);
  auto store = std::make_shared<std::string>(serve::default_store_location());
  cmd->add_option("--store", *store, "Store folder; $SOS_STORE")->capture_default_str();
  struct Args {
    std::string org, wave, base = "http://127.0.0.1:8080", output, id;
    std::vector<std::string> groups;
    bool kiosk = false;
  };
  auto a = std::make_shared<Args>();

  auto* issue = cmd->add_subcommand("issue", "Issue new links (replacing the live ones) and print them");
  issue->add_option("org", a->org, "Organisation id")->required();
  issue->add_option("wave", a->wave, "Wave id")->required();
  issue->add_option("--group", a->groups, "Group id (default: every group of the wave)");
  issue->add_flag("--kiosk", a->kiosk, "Kiosk links for shared tablets (separate from the respondent links)");
  issue->add_option("--base-url", a->base, "Public address of the endpoint")->capture_default_str();
  issue->add_option("--output,-o", a->output,
                    "Folder for GROUP.svg (QR code) and GROUP.txt (invitation and reminder in sv, en, nb)");
  issue->footer(
      "Prints one line per group: GROUP, link id, link, separated by tabs; for an organisation with "
      "allowed origins (sos org create --origin) also the embed link and the script tag for its intranet "
      "(docs/embedding.md), and with -o GROUP.embed.html. The token is shown only now; the store keeps a "
      "keyed hash.");
  issue->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto wave = s->wave(a->org, a->wave);
    if (!wave.ok()) serve::exit_with(wave.error());
    if (!wave.value()) serve::exit_with(Error{"wave.unknown", "", "no wave " + a->wave + " in " + a->org});
    auto org = s->organisation(a->org);
    if (!org.ok()) serve::exit_with(org.error());
    const bool embeddable = org.value() && !org.value()->origins.empty();
    auto tree = s->wave_groups(wave.value()->key);
    if (!tree.ok()) serve::exit_with(tree.error());
    std::vector<serve::Group> chosen;
    for (const auto& g : tree.value())
      if (a->groups.empty() || std::find(a->groups.begin(), a->groups.end(), g.id) != a->groups.end())
        chosen.push_back(g);
    if (!a->output.empty() && ::mkdir(a->output.c_str(), 0755) != 0 && errno != EEXIST)
      serve::exit_with(Error{"io.write_error", "", "cannot create " + a->output + ": " + std::strerror(errno)});
    std::string closes = serve::iso_time(wave.value()->closes_at).substr(0, 10);
    for (const auto& requested : a->groups)
      if (std::none_of(chosen.begin(), chosen.end(), [&](const serve::Group& g) { return g.id == requested; }))
        serve::exit_with(Error{"group.unknown", "", "no group " + requested + " in wave " + a->wave});
    for (const auto& g : chosen) {
      auto issued =
          serve::issue_link(*s, a->org, a->wave, g.id, a->kiosk ? serve::LinkMode::kiosk : serve::LinkMode::respondent);
      if (!issued.ok()) serve::exit_with(issued.error());
      std::string link = serve::survey_link(a->base, issued->token);
      std::optional<EmbedForm> embed;
      if (embeddable) embed = embed_form(a->base, a->org, issued->token);
      std::printf("%s\t%s\t%s", g.id.c_str(), issued->id.c_str(), link.c_str());
      if (embed) std::printf("\t%s\t%s", embed->link.c_str(), embed->script_tag.c_str());
      std::printf("\n");
      if (a->output.empty()) continue;
      const std::string stem = a->output + "/" + g.id + (a->kiosk ? ".kiosk" : "");
      if (embed) write_or_exit(stem + ".embed.html", embed->script_tag + "\n");
      auto svg = serve::qr_svg(link);
      if (!svg.ok()) serve::exit_with(svg.error());
      write_or_exit(stem + ".svg", svg.value());
      std::string text;
      for (const char* language : {"sv", "en", "nb"}) {
        auto t = serve::invitation_text(language, g.name, link, closes, a->kiosk);
        text += std::string("[") + language + " invitation]\n" + t.invitation + "\n[" + language + " reminder]\n" +
                t.reminder + "\n";
      }
      write_or_exit(stem + ".txt", text);
    }
  });

  auto* list = cmd->add_subcommand("list", "List links (ids and state; tokens are not kept)");
  list->add_option("org", a->org, "Organisation id")->required();
  list->add_option("wave", a->wave, "Wave id (default: all)");
  list->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto links = s->links(a->org, a->wave);
    if (!links.ok()) serve::exit_with(links.error());
    for (const auto& l : links.value())
      std::printf("%s\t%s\t%s\t%s\t%s\n", l.id.c_str(), l.wave.c_str(), l.group.c_str(), serve::link_mode_name(l.mode),
                  l.revoked ? "revoked" : "live");
  });

  auto* revoke = cmd->add_subcommand("revoke", "Revoke a link by its id");
  revoke->add_option("org", a->org, "Organisation id")->required();
  revoke->add_option("id", a->id, "Link id (from issue or list)")->required();
  revoke->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto done = s->revoke_link(a->org, a->id);
    if (!done.ok()) serve::exit_with(done.error());
    if (!done.value()) serve::exit_with(Error{"link.unknown", "", "no link " + a->id + " in " + a->org});
    std::printf("link %s revoked\n", a->id.c_str());
  });
  // --store may come after the subcommand too.
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
