// What leaves the respondent's device: one contribution of integer
// statistics, and each open comment apart (docs/contribution-format.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sos/aggregate.h"
#include "sos/result.h"
#include "sos/session.h"

namespace sos {

inline constexpr std::string_view kContributionFormat = "sos-contribution/1";
inline constexpr std::string_view kCommentFormat = "sos-comment/1";
inline constexpr std::size_t kIdBytes = 16;  // random bytes per submission or comment id

struct Contribution {
  std::string submission;  // 32 lowercase hex digits, random
  Aggregate statistics;    // survey, version, role and the cells of one respondent
};

struct Submission {
  std::string contribution_json;
  std::vector<std::string> comment_jsons;  // one request each, unlinked
};

// Random bytes the caller must supply for a submission of this session:
// kIdBytes for the contribution and kIdBytes per answered comment.
std::size_t submission_entropy_bytes(const Session& session);

// Builds the contribution and the comments of a complete session. `entropy`
// comes from the caller (crypto.getRandomValues in the browser, a seeded
// generator in simulations) so the engine stays deterministic. Errors:
// "session.incomplete" (with the first message's question), "submission.entropy".
Result<Submission> build_submission(const Session& session, std::string_view entropy);

// The statistics of one respondent (without ids): used by build_submission.
Aggregate contribution_statistics(const Session& session);

std::string contribution_to_json(const Contribution& contribution);

// Parses and checks a contribution as the endpoint receives it: format,
// survey id and version equal to the pinned survey, a known role, a
// well-formed submission id, known keys only, and figures consistent with
// exactly one respondent answering this survey for a group with these
// attributes (dimension scores recomputed from the item answers). Errors:
// "contribution.*" with the JSON Pointer of the first problem.
Result<Contribution> validate_contribution(const Survey& survey, std::string_view group_json,
                                           std::string_view json_text);

}  // namespace sos
