// This file offers `sos keys list|rotate|retire|seal`: the endpoint's key
// pairs for sealed submissions (docs/sealed-submission.md).
#include <cstdio>
#include <sstream>
#include <string>

#include "cli_support.h"
#include "clock.h"
#include "crypto.h"
#include "sealing.h"
#include "server_keys.h"
#include "sos/commands.h"

namespace sos::cli {

namespace {

struct KeysArgs {
  std::string store = serve::default_store_location();
  std::string keys;
  std::string id;
  std::string purpose = serve::kSealContribution;
  std::string input = "-";

  std::string folder() const {
    std::string f = keys.empty() ? serve::default_keys_location(store) : keys;
    if (f.empty()) serve::exit_with(Error{"keys.folder", "", "a store given as a URL needs --keys FOLDER"});
    return f;
  }
};

serve::KeyRing open_or_exit(const std::string& folder, bool create = false) {
  auto ring = serve::KeyRing::open(folder, create);
  if (!ring.ok()) serve::exit_with(ring.error());
  return std::move(ring.value());
}

}  // namespace

void add_keys_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("keys", "List, rotate and retire the endpoint's sealed-submission keys");
  cmd->require_subcommand(1);
  auto a = std::make_shared<KeysArgs>();
  cmd->add_option("--store", a->store, "Store folder; $SOS_STORE")->capture_default_str();
  cmd->add_option("--keys", a->keys, "Keys folder (default: STORE/keys)");

  auto* list = cmd->add_subcommand("list", "One line per key: id, created, public key, and which is current");
  list->callback([a] {
    serve::KeyRing ring = open_or_exit(a->folder());
    for (const serve::ServerKey& k : ring.keys())
      std::printf("%s\t%s\t%s%s\n", k.id.c_str(), serve::iso_time(k.created).c_str(),
                  serve::base64url(k.public_point).c_str(), k.id == ring.current().id ? "\tcurrent" : "");
  });

  auto* rotate =
      cmd->add_subcommand("rotate", "Make a new current key; older keys stay so outboxes sealed to them still open");
  rotate->callback([a] {
    auto key = serve::rotate_keys(a->folder());
    if (!key.ok()) serve::exit_with(key.error());
    std::printf("key %s is current; a running sos serve publishes it within a second\n", key->id.c_str());
  });

  auto* retire = cmd->add_subcommand("retire", "Delete an old key: envelopes sealed to it can never be opened again");
  retire->add_option("id", a->id, "Key id (from `sos keys list`)")->required();
  retire->callback([a] {
    if (Status st = serve::retire_key(a->folder(), a->id); !st.ok()) serve::exit_with(st.error());
    std::printf("key %s retired\n", a->id.c_str());
  });

  auto* seal =
      cmd->add_subcommand("seal",
                          "Seal each line of the input to the current key (made if there is none, as sos serve would), "
                          "one envelope a line (tests, benchmarks)");
  seal->add_option("input", a->input, "File of JSON bodies, one a line; - for standard input")->capture_default_str();
  seal->add_option("--purpose", a->purpose, "contribution or comment")
      ->check(CLI::IsMember({serve::kSealContribution, serve::kSealComment}))
      ->capture_default_str();
  seal->callback([a] {
    serve::KeyRing ring = open_or_exit(a->folder(), true);
    const serve::ServerKey& key = ring.current();
    std::istringstream lines(serve::read_text_or_exit(a->input));
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      auto sealed = serve::seal(key.id, key.public_point, a->purpose, line);
      if (!sealed.ok()) serve::exit_with(sealed.error());
      std::printf("%s\n", sealed->c_str());
    }
  });
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
