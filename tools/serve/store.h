// The endpoint's store: the one narrow interface between the server and a
// database. SQLite is the embedded default (sqlite_store.h), PostgreSQL the
// shared one for several processes (pg_store.h); nothing else changes.
//
//   auto store = sos::serve::open_store("/var/lib/sos");   // a folder: SQLite
//   auto pg = sos::serve::open_store("postgresql://db.internal/sos?sos_key=/etc/sos/secret.key");
//   auto outcome = store.value()->merge_contribution(record);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sos/aggregate.h"
#include "sos/result.h"

namespace sos::serve {

// A tenant. Ids are stable slugs ([a-z0-9_-], 1..64).
struct Organisation {
  std::string id;
  std::string name;
  std::vector<std::string> origins;  // origins allowed to embed the survey (CORS, frame-ancestors)
  int k = 5;                         // anonymity threshold, never below 3
  int comment_k = 10;                // respondents a group needs before its comments are released
  bool synthetic = false;            // demo or test data, labelled as such wherever shown
};

// A group of the organisation's tree. The id stays when the group is renamed
// or moved, so its history follows it.
struct Group {
  std::string id;
  std::string parent;  // empty for a root
  std::string name;
  std::string attributes_json = "{}";  // the group attributes the survey reads
  std::int64_t headcount = 0;          // current headcount, copied into each new wave
};

// A survey round. The survey text is pinned when the wave is created.
struct Wave {
  std::int64_t key = 0;  // the store's own number for the wave
  std::string org;
  std::string id;
  std::string title;
  std::string survey_json;
  std::string survey_id;
  std::string survey_version;
  std::int64_t opens_at = 0;   // Unix seconds (administrative times, never a contribution's)
  std::int64_t closes_at = 0;
  std::int64_t grace_seconds = 0;
  bool closed = false;         // closed for good: figures released, dedupe hashes gone
};

enum class LinkMode { respondent, kiosk };
const char* link_mode_name(LinkMode mode);

// An invite link as the store keeps it: never the token, only its keyed hash.
struct Link {
  std::string id;  // public handle: the first 12 hex digits of the hash
  std::string org;
  std::string wave;
  std::int64_t wave_key = 0;
  std::string group;
  LinkMode mode = LinkMode::respondent;
  bool revoked = false;
  std::string hash;  // the keyed hash it is found by, filled on reading (for sos store copy)
};

struct ViewerToken {
  std::string id;  // public handle, as for links
  std::string org;
  std::string subtree;  // empty: the whole organisation
  std::string label;
  std::int64_t expires_at = 0;
  bool revoked = false;
  std::string hash;  // as for links
};

// One row of a wave's merged statistics.
struct CellRow {
  std::string group;
  std::string role;
  std::string cell;
  Statistic statistic;
};

// One respondent's statistics on the way into the store.
struct ContributionRecord {
  std::int64_t wave_key = 0;
  std::string group;
  const Aggregate* statistics = nullptr;  // role included
  std::string dedupe;                     // keyed hash of the submission id
  std::int64_t headcount = 0;             // the group's cap in this wave
  // The keyed hash of the invite token it came through, checked in the same
  // transaction as the merge: a link revoked (or deleted) by any process
  // before the commit refuses it as link_revoked, whatever a cache held.
  // Empty: no link to check (imports, tests).
  std::string link;
};

struct CommentRecord {
  std::int64_t wave_key = 0;
  std::string group;
  std::string question;
  std::string text;
  std::string dedupe;       // keyed hash of the comment id
  std::int64_t limit = 0;   // at most this many comments per group and question
  std::string link;         // as for ContributionRecord
};

enum class Outcome { accepted, duplicate, limit_reached, wave_closed, link_revoked };

struct StoredComment {
  std::string group;
  std::string question;
  std::string text;
  std::string key;  // the random key that orders comments
};

// What a wave holds besides its definition, as moved by `sos store copy`.
struct WaveContents {
  std::vector<CellRow> cells;
  std::vector<StoredComment> comments;
  std::vector<std::string> dedupe;  // keyed hashes of submission and comment ids
};

// A benchmark brought from another installation (sos benchmark import).
struct ImportedBenchmark {
  std::string id;
  std::string survey_id;
  std::string source;
  std::string date;
  std::string json;  // the sos-benchmark/1 document
};

class Store {
 public:
  virtual ~Store() = default;

  // Organisations and their trees.
  virtual Status put_organisation(const Organisation& org) = 0;  // create or update
  virtual Result<std::optional<Organisation>> organisation(const std::string& id) = 0;
  virtual Result<std::vector<Organisation>> organisations() = 0;
  // Removes the organisation and everything it owns, in one transaction.
  virtual Status delete_organisation(const std::string& id) = 0;
  virtual Status put_groups(const std::string& org, const std::vector<Group>& groups) = 0;  // upsert
  virtual Result<std::vector<Group>> groups(const std::string& org) = 0;

  // Waves: created with the tree and headcounts of that moment. The store
  // numbers the wave unless `wave.key` is set (copying keeps the numbers,
  // which the dedupe hashes include).
  virtual Result<std::int64_t> create_wave(const Wave& wave, const std::vector<Group>& tree) = 0;
  virtual Result<std::optional<Wave>> wave(const std::string& org, const std::string& id) = 0;
  virtual Result<std::optional<Wave>> wave_by_key(std::int64_t key) = 0;
  virtual Result<std::vector<Wave>> waves(const std::string& org) = 0;
  virtual Status set_wave_schedule(std::int64_t wave_key, std::int64_t opens_at, std::int64_t closes_at,
                                   std::int64_t grace_seconds) = 0;
  virtual Result<std::vector<Group>> wave_groups(std::int64_t wave_key) = 0;
  virtual Result<std::optional<Group>> wave_group(std::int64_t wave_key, const std::string& group) = 0;
  virtual Status set_wave_headcount(std::int64_t wave_key, const std::string& group, std::int64_t headcount) = 0;
  // Closes a wave for good in one transaction: marks it closed (no merge is
  // accepted after this commits) and deletes its dedupe hashes. Returns false
  // when it was closed already.
  virtual Result<bool> close_wave(std::int64_t wave_key) = 0;
  // Keeps the released figures of a closed wave; they never change, so a
  // second release for the same wave is refused ("store.released").
  virtual Status put_release(std::int64_t wave_key, const std::string& release_json) = 0;
  virtual Result<std::optional<std::string>> release(std::int64_t wave_key) = 0;

  // Links and viewer tokens, found by the keyed hash of the token.
  // Adding a link revokes the live one of the same wave, group and mode.
  virtual Status put_link(const std::string& hash, const Link& link) = 0;
  virtual Result<std::optional<Link>> link(const std::string& hash) = 0;
  virtual Result<std::vector<Link>> links(const std::string& org, const std::string& wave) = 0;
  virtual Result<bool> revoke_link(const std::string& org, const std::string& id) = 0;
  virtual Status put_viewer(const std::string& hash, const ViewerToken& token) = 0;
  virtual Result<std::optional<ViewerToken>> viewer(const std::string& hash) = 0;
  virtual Result<std::optional<ViewerToken>> viewer_by_id(const std::string& id) = 0;
  virtual Result<std::vector<ViewerToken>> viewers(const std::string& org) = 0;
  virtual Result<bool> revoke_viewer(const std::string& org, const std::string& id) = 0;

  // Contributions: the merge (column = column + value) and the dedupe hash in
  // one durable transaction; returns only after it is committed.
  virtual Result<Outcome> merge_contribution(const ContributionRecord& record) = 0;
  virtual Result<Outcome> store_comment(const CommentRecord& record) = 0;
  // Respondents per group of a wave (the "respondents" cell over all roles).
  virtual Result<std::map<std::string, std::int64_t>> respondents(std::int64_t wave_key) = 0;
  virtual Result<std::vector<CellRow>> cells(std::int64_t wave_key) = 0;
  // Comments in the order of their random keys.
  virtual Result<std::vector<StoredComment>> comments(std::int64_t wave_key) = 0;
  virtual Result<std::int64_t> dedupe_count(std::int64_t wave_key) = 0;
  virtual Result<std::vector<std::string>> dedupe_hashes(std::int64_t wave_key) = 0;
  // Adds a copied wave's cells (column = column + value), comments and
  // dedupe hashes in one transaction, without the checks of a contribution.
  virtual Status import_wave_contents(std::int64_t wave_key, const WaveContents& contents) = 0;

  virtual Status put_benchmark(const ImportedBenchmark& benchmark) = 0;
  virtual Result<std::vector<ImportedBenchmark>> benchmarks() = 0;

  // Backend facts for operators and tests, e.g. {"journal_mode": "wal"}.
  virtual Result<std::map<std::string, std::string>> settings() = 0;
  // The server key for keyed hashes, kept outside the database.
  virtual const std::string& secret() const = 0;
};

// Opens the store at `location`: a folder (created if missing) holding an
// SQLite database and the server key, or a postgresql:// URI (pg_store.h),
// whose schema `migrate_store` must have created. Errors: "store.*".
Result<std::unique_ptr<Store>> open_store(const std::string& location);

// Creates or upgrades the schema at `location` (safe to run twice, and from
// several processes at once). Errors: "store.*".
struct MigrateReport {
  std::string backend;
  int version = 0;
  std::vector<int> applied;  // migrations run now; empty when up to date
};
Result<MigrateReport> migrate_store(const std::string& location);

}  // namespace sos::serve
