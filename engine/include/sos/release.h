// Released figures: a closed wave's stored aggregates turned into per-group,
// per-role statistics with anonymity enforced (k, complementary suppression,
// the manager rule), an open wave's response counts, the benchmark across
// organisations, and their JSON forms (docs/anonymity.md,
// docs/release-format.md). Pure computation: no I/O, no clock, deterministic.
//
//   sos::ReleaseInput in;
//   in.groups = {{"acme", "", 2}, {"north", "acme", 7}, {"south", "acme", 9}};
//   in.aggregates = {{"north", seller_aggregate}, {"south", seller_aggregate2}};
//   sos::Result<sos::Release> r = sos::release_figures(survey, in);
//   if (!r.ok()) return r.error();
//   std::string body = sos::release_to_json(*r);   // "sos-release/2"
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sos/aggregate.h"
#include "sos/result.h"
#include "sos/survey.h"

namespace sos {

// What release_to_json writes; parse_release reads it and the older form.
inline constexpr std::string_view kReleaseFormat = "sos-release/2";
inline constexpr std::string_view kReleaseFormatV1 = "sos-release/1";
inline constexpr std::string_view kBenchmarkFormat = "sos-benchmark/1";
inline constexpr int kDefaultK = 5;
inline constexpr int kMinimumK = 3;
inline constexpr int kBenchmarkMinOrganisations = 5;
// The role id of the "all roles" figures (as in Aggregate::role, empty means
// mixed roles), so it never collides with a survey role id.
inline constexpr std::string_view kAllRoles = "";

// One group of the organisation's tree (any depth; several roots allowed).
struct ReleaseGroup {
  std::string id;
  std::string parent;          // empty for a root
  std::int64_t headcount = 0;  // people invited through this group's own link
};

// The merged contributions made directly through one group's link by one
// role (aggregate.role). Several entries for the same (group, role) are merged.
struct GroupAggregate {
  std::string group;
  Aggregate aggregate;
};

struct ReleaseOptions {
  int k = kDefaultK;                     // never below kMinimumK
  std::string manager_role = "manager";  // may name no survey role: no manager rule
  int comment_threshold = kDefaultK;     // never below k
};

struct ReleaseInput {
  std::vector<ReleaseGroup> groups;
  std::vector<GroupAggregate> aggregates;
  ReleaseOptions options;
};

struct RoleFigures {
  std::string role;  // kAllRoles or a survey role id
  // Aligned with Release::keys: the statistic when released, nullopt when
  // withheld. A withheld cell is never shown as zero.
  std::vector<std::optional<Statistic>> cells;
  friend bool operator==(const RoleFigures&, const RoleFigures&) = default;
};

// The figures of one group's whole subtree.
struct GroupFigures {
  std::string group;
  std::string parent;
  std::int64_t headcount = 0;  // the subtree's headcount
  // Open wave: the exact number of contributions in the subtree, all roles.
  // Closed wave: the released all-roles "respondents" count, nullopt when
  // withheld (it then excludes managers unless managers_included).
  std::optional<std::int64_t> respondents;
  // Closed wave: the all-roles figures include managers' answers (at least k
  // managers answered in the subtree); otherwise they are the other roles'.
  bool managers_included = false;
  // Closed wave: this group's own comments (made through its own link) pass
  // the comment threshold and may be released.
  bool comments = false;
  // Closed wave: all roles first, then each survey role in survey order.
  // Open wave: empty.
  std::vector<RoleFigures> roles;

  // respondents / headcount, nullopt when either is unknown or zero headcount.
  // (Closed wave: the all-roles count, which leaves managers out where
  // managers_included is false.)
  std::optional<double> response_rate() const;
  friend bool operator==(const GroupFigures&, const GroupFigures&) = default;
};

enum class WaveState { open, closed };

struct Release {
  std::string survey;
  std::string version;
  WaveState state = WaveState::closed;
  int k = kDefaultK;
  std::string manager_role;
  // Every cell key of the survey, in survey order: "respondents", then per
  // dimension "dimension/D", then per question "question/Q" and its
  // "option/Q/V" (closed wave only; empty when open).
  std::vector<std::string> keys;
  std::vector<GroupFigures> groups;  // in input order

  int key_index(std::string_view key) const;  // -1 when unknown
  // The released statistic of a group's role figures (nullptr when withheld
  // or unknown): release.find(0, sos::kAllRoles, "dimension/trust").
  const Statistic* find(std::size_t group, std::string_view role, std::string_view key) const;
  friend bool operator==(const Release&, const Release&) = default;
};

// The released figures of a closed wave, computed once for the whole
// organisation (the same for every viewer). Errors (pointers into the input
// as if it were JSON: /groups/3/parent, /aggregates/2/cells/...):
// "release.bad_options", "release.bad_group", "release.duplicate_group",
// "release.unknown_parent", "release.cycle", "release.unknown_group",
// "release.unknown_role", "release.survey_mismatch", "release.unknown_cell",
// "release.bad_cell", "aggregate.overflow".
Result<Release> release_figures(const Survey& survey, const ReleaseInput& input);

// What an open wave (or one in its grace period) shows: per group, the
// subtree's exact contribution count and headcount; no figures, no role split.
// Same input checks as release_figures.
Result<Release> wave_progress(const Survey& survey, const ReleaseInput& input);

// The ids of the groups (input order) whose own comments may be released
// after close: at least comment_threshold respondents (all roles) answered
// through that group's own link. Same input checks as release_figures.
Result<std::vector<std::string>> comment_groups(const Survey& survey, const ReleaseInput& input);

// "sos-release/2" JSON (docs/release-format.md); parse_release also reads
// "sos-release/1" (releases stored before). Parse errors are
// "release.bad_format" with the pointer of the problem.
std::string release_to_json(const Release& release);
Result<Release> parse_release(std::string_view json_text);

// ---- Benchmark -------------------------------------------------------------

struct BenchmarkOptions {
  int k = kDefaultK;                                   // never below kMinimumK
  int min_organisations = kBenchmarkMinOrganisations;  // never below 5
  std::string source;                                  // who computed it, shown with it
  std::string date;                                    // when (YYYY-MM-DD), shown with it
};

struct BenchmarkDimension {
  std::string dimension;
  std::optional<double> mean;  // 1..5; nullopt with fewer than min_organisations
  int organisations = 0;       // organisations whose mean counts
  friend bool operator==(const BenchmarkDimension&, const BenchmarkDimension&) = default;
};

struct Benchmark {
  std::string survey;
  std::string source;
  std::string date;
  int k = kDefaultK;
  int min_organisations = kBenchmarkMinOrganisations;
  std::vector<BenchmarkDimension> dimensions;  // the survey's, in survey order
  friend bool operator==(const Benchmark&, const Benchmark&) = default;
};

// Per dimension of the standard survey: the mean of organisation means over
// `organisations` (organisation id -> whole-organisation aggregate of its
// latest closed wave of that survey, any version), counting only other
// organisations than `viewer_organisation` with at least k respondents and
// at least k scored on the dimension; given only when at least
// min_organisations count. Aggregates of other surveys are ignored. Errors:
// "benchmark.bad_options", "benchmark.bad_cell".
Result<Benchmark> compute_benchmark(const Survey& standard,
                                    const std::map<std::string, Aggregate, std::less<>>& organisations,
                                    std::string_view viewer_organisation, const BenchmarkOptions& options = {});

// "sos-benchmark/1" JSON; parse errors are "benchmark.bad_format".
std::string benchmark_to_json(const Benchmark& benchmark);
Result<Benchmark> parse_benchmark(std::string_view json_text);

}  // namespace sos
