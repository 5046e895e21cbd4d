// The endpoint's key pairs for sealed submissions (docs/sealed-submission.md):
// P-256 private keys kept as files in one folder, never in the store, so a
// copy of the database cannot open an outbox.
//
//   auto ring = sos::serve::KeyRing::open("/var/lib/sos/keys", true);
//   const ServerKey& k = ring->current();   // published in the invite lookup
//   auto r = sos::serve::rotate_keys("/var/lib/sos/keys");  // a new current key
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"

namespace sos::serve {

struct ServerKey {
  std::string id;            // [A-Za-z0-9_-], the file name without ".pem"
  std::int64_t created = 0;  // unix seconds (the file's modification time)
  std::string public_point;  // 65 bytes: the uncompressed P-256 point
  std::shared_ptr<EVP_PKEY> private_key;
};

// All keys of a folder. The current key is the one the file "current" names.
class KeyRing {
 public:
  // Reads every KEY.pem of `folder`. With `create`, a missing folder (mode
  // 0700) and a first key are made. Errors: "keys.folder" (cannot read or
  // create), "keys.bad_file" (a key file that does not load), "keys.none"
  // (no current key and not asked to create one).
  static Result<KeyRing> open(const std::string& folder, bool create);

  const ServerKey& current() const { return keys_[current_]; }
  // nullptr when no key of the folder has this id.
  const ServerKey* find(std::string_view id) const;
  // Oldest first.
  const std::vector<ServerKey>& keys() const { return keys_; }

 private:
  std::vector<ServerKey> keys_;
  std::size_t current_ = 0;
};

// Adds a fresh key to `folder` (created if missing) and makes it current.
// The previous keys stay: outboxes sealed to them must still open.
Result<ServerKey> rotate_keys(const std::string& folder);

// Removes a key that is not the current one. Errors: "keys.unknown",
// "keys.current", "keys.folder".
Status retire_key(const std::string& folder, std::string_view id);

// The keys folder that goes with a store location: FOLDER/keys for a SQLite
// folder (or "sqlite:FOLDER"); empty for a store given as a URL, whose keys
// folder must be named explicitly.
std::string default_keys_location(const std::string& store);

// A key ring that follows the folder while the endpoint runs: `sos keys
// rotate` takes effect within a second, with no restart.
class LiveKeyRing {
 public:
  explicit LiveKeyRing(std::string folder, KeyRing ring);
  std::shared_ptr<const KeyRing> get();

 private:
  std::string folder_;
  std::mutex mutex_;
  std::shared_ptr<const KeyRing> ring_;
  std::chrono::steady_clock::time_point checked_;
  std::int64_t stamp_ = 0;
};

}  // namespace sos::serve
