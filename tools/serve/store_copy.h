// Moving an installation from one store to another (`sos store copy`), e.g.
// from the SQLite folder to PostgreSQL, and proving afterwards that nothing
// was lost: every aggregate, comment, hash, link, token, release and
// benchmark is compared.
#pragma once

#include <cstdint>
#include <string>

#include "store.h"

namespace sos::serve {

struct CopyReport {
  std::int64_t organisations = 0, groups = 0, waves = 0, cells = 0, comments = 0, dedupe = 0, links = 0, viewers = 0,
               releases = 0, benchmarks = 0;
};

// Copies everything of `from` into `to`, keeping wave numbers and hashes,
// then runs verify_copy. Errors: "copy.target_not_empty" (pointer
// /organisations/ID), "copy.secret_mismatch" (the two stores hash tokens with
// different server keys), "copy.mismatch", "store.*".
Result<CopyReport> copy_store(Store& from, Store& to);

// Compares what `from` holds with what `to` holds. Errors: "copy.mismatch"
// with the JSON Pointer of the first difference, e.g.
// /organisations/acme/waves/w1/cells/north/seller/dimension~1goals/sum.
Status verify_copy(Store& from, Store& to);

// Writes `secret` to `path` (mode 0600) unless the file exists. Errors:
// "store.secret".
Status install_secret(const std::string& path, const std::string& secret);

}  // namespace sos::serve
