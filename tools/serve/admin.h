// Administration of the store: organisations, group trees, waves, links,
// viewer tokens, closing a wave (the one place figures are released), export
// and deletion, and benchmarks. Used by the `sos` subcommands.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"
#include "store.h"

namespace sos::serve {

// Ids of organisations, groups and waves: 1..64 of [A-Za-z0-9_.-].
bool valid_id(std::string_view id);

// Checks and stores an organisation. Errors: "org.bad_id", "org.bad_k",
// "org.bad_origin".
Status create_organisation(Store& store, const Organisation& org);

// Reads a group tree from CSV (header: id,parent,name,headcount, then one
// column per group attribute) or JSON ({"format": "sos-groups/1", "groups":
// [...]}, see docs/operations.md). Errors: "groups.*" with the pointer
// /groups/<index>/<field>.
Result<std::vector<Group>> parse_groups(std::string_view text, std::string_view format);
// Upserts groups into the organisation's tree after checking that every
// parent exists and that there is no cycle. Errors: "groups.*".
Status import_groups(Store& store, const std::string& org, const std::vector<Group>& groups);

struct WaveSpec {
  std::string org, id, title;
  std::string survey_json;  // pinned as given
  std::int64_t opens_at = 0, closes_at = 0, grace_seconds = 0;
};
// Creates a wave with a copy of the current tree and headcounts, after
// checking that the survey loads and that every group's attributes suit it.
// Errors: "wave.*", "org.unknown", and the survey's own diagnostics.
Result<Wave> create_wave(Store& store, const WaveSpec& spec);

// Closes the wave for good: computes the released figures (anonymity rules of
// sos/release.h), the comments that may be shown and the benchmark of other
// organisations, stores them once, and deletes the dedupe hashes.
// Errors: "wave.unknown", "wave.closed", "release.*".
Status close_wave(Store& store, const std::string& org, const std::string& wave);
// Closes every wave whose grace period has ended; returns how many.
Result<int> close_due_waves(Store& store, std::int64_t now);

struct IssuedToken {
  std::string token;  // shown once, never stored
  std::string id;     // the public handle
};
Result<IssuedToken> issue_link(Store& store, const std::string& org, const std::string& wave,
                               const std::string& group, LinkMode mode);
Result<IssuedToken> issue_viewer(Store& store, const std::string& org, const std::string& subtree,
                                 const std::string& label, std::int64_t expires_at);

// The organisation's data as one JSON document ("sos-org-export/1"): the
// tree, waves with pinned surveys, aggregates, comments and releases; never
// tokens, hashes or the server key.
Result<std::string> export_organisation(Store& store, const std::string& org);

// The benchmark over every organisation's latest closed wave of a survey
// ("sos-benchmark/1"), and reading one into the store.
Result<std::string> export_benchmark(Store& store, const std::string& survey_id, const std::string& source,
                                     const std::string& date);
Result<ImportedBenchmark> import_benchmark(Store& store, std::string_view json_text);

}  // namespace sos::serve
