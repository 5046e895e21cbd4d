// This file offers the SQLite store: schema, administration, grouped commits
// of contributions and comments, and the reads the server and release need.
#include "sqlite_store.h"

#include <sys/stat.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "crypto.h"
#include "packed_cells.h"
#include "sqlite_db.h"

namespace sos::serve {

namespace {

using sqlite::Connection;
using sqlite::Statement;

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organisations(id TEXT PRIMARY KEY, name TEXT NOT NULL, origins TEXT NOT NULL,
  k INTEGER NOT NULL, comment_k INTEGER NOT NULL, synthetic INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS org_groups(org TEXT NOT NULL, id TEXT NOT NULL, parent TEXT NOT NULL, name TEXT NOT NULL,
  attributes TEXT NOT NULL, headcount INTEGER NOT NULL, PRIMARY KEY(org, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS waves(key INTEGER PRIMARY KEY, org TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL,
  survey TEXT NOT NULL, survey_id TEXT NOT NULL, survey_version TEXT NOT NULL, opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL, grace_seconds INTEGER NOT NULL, closed INTEGER NOT NULL DEFAULT 0, UNIQUE(org, id));
CREATE TABLE IF NOT EXISTS wave_groups(wave INTEGER NOT NULL, id TEXT NOT NULL, parent TEXT NOT NULL,
  name TEXT NOT NULL, attributes TEXT NOT NULL, headcount INTEGER NOT NULL, PRIMARY KEY(wave, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links(hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, org TEXT NOT NULL,
  wave INTEGER NOT NULL, grp TEXT NOT NULL, mode TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS links_by_wave ON links(wave, grp, mode);
CREATE TABLE IF NOT EXISTS viewers(hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, org TEXT NOT NULL,
  subtree TEXT NOT NULL, label TEXT NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS role_aggregates(wave INTEGER NOT NULL, grp TEXT NOT NULL, role TEXT NOT NULL,
  respondents INTEGER NOT NULL, cells BLOB NOT NULL, PRIMARY KEY(wave, grp, role));
CREATE TABLE IF NOT EXISTS dedupe(wave INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY(wave, hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comments(wave INTEGER NOT NULL, key TEXT NOT NULL, grp TEXT NOT NULL,
  question TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(wave, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS comments_by_group ON comments(wave, grp, question);
CREATE TABLE IF NOT EXISTS releases(wave INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS benchmarks(id TEXT PRIMARY KEY, survey_id TEXT NOT NULL, source TEXT NOT NULL,
  date TEXT NOT NULL, body TEXT NOT NULL);
)sql";

Error sql_error(sqlite3* db) { return Error{"store.sql", "", sqlite3_errmsg(db)}; }

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back on any error.
Status transaction(Connection& db, const std::function<Status()>& body) {
  if (Status st = db.exec("BEGIN IMMEDIATE"); !st.ok()) return st;
  Status st = body();
  if (st.ok()) st = db.exec("COMMIT");
  if (!st.ok()) db.exec("ROLLBACK");
  return st;
}

// One contribution or comment waiting for the writer.
struct Job {
  const ContributionRecord* contribution = nullptr;
  const CommentRecord* comment = nullptr;
  std::optional<Result<Outcome>> result;
  // Its own, so that a finished batch wakes only the requests it answers.
  std::condition_variable done;
};

Organisation read_org(Statement& s) {
  Organisation o;
  o.id = s.text(0);
  o.name = s.text(1);
  auto origins = nlohmann::json::parse(s.text(2), nullptr, false);
  if (origins.is_array())
    for (const auto& v : origins)
      if (v.is_string()) o.origins.push_back(v.get<std::string>());
  o.k = static_cast<int>(s.int64(3));
  o.comment_k = static_cast<int>(s.int64(4));
  o.synthetic = s.int64(5) != 0;
  return o;
}

Wave read_wave(Statement& s) {
  Wave w;
  w.key = s.int64(0);
  w.org = s.text(1);
  w.id = s.text(2);
  w.title = s.text(3);
  w.survey_json = s.text(4);
  w.survey_id = s.text(5);
  w.survey_version = s.text(6);
  w.opens_at = s.int64(7);
  w.closes_at = s.int64(8);
  w.grace_seconds = s.int64(9);
  w.closed = s.int64(10) != 0;
  return w;
}
constexpr const char* kWaveColumns =
    "SELECT key, org, id, title, survey, survey_id, survey_version, opens_at, closes_at, grace_seconds, closed "
    "FROM waves ";

Link read_link(Statement& s) {
  Link l;
  l.id = s.text(0);
  l.org = s.text(1);
  l.wave_key = s.int64(2);
  l.wave = s.text(3);
  l.group = s.text(4);
  l.mode = s.text(5) == "kiosk" ? LinkMode::kiosk : LinkMode::respondent;
  l.revoked = s.int64(6) != 0;
  l.hash = s.text(7);
  return l;
}
constexpr const char* kLinkColumns =
    "SELECT l.id, l.org, l.wave, w.id, l.grp, l.mode, l.revoked, l.hash FROM links l JOIN waves w ON w.key = l.wave ";

ViewerToken read_viewer(Statement& s) {
  ViewerToken v;
  v.id = s.text(0);
  v.org = s.text(1);
  v.subtree = s.text(2);
  v.label = s.text(3);
  v.expires_at = s.int64(4);
  v.revoked = s.int64(5) != 0;
  v.hash = s.text(6);
  return v;
}
constexpr const char* kViewerColumns = "SELECT id, org, subtree, label, expires_at, revoked, hash FROM viewers ";

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string secret, Connection admin, Connection writer, std::string path)
      : secret_(std::move(secret)), admin_(std::move(admin)), writer_(std::move(writer)), path_(std::move(path)) {
    thread_ = std::thread([this] { write_loop(); });
  }
  ~SqliteStore() override {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    thread_.join();
  }

  Status prepare_writer() {
    const std::pair<Statement*, const char*> statements[] = {
        {&stored_, "SELECT cells FROM role_aggregates WHERE wave = ? AND grp = ? AND role = ?"},
        {&upsert_,
         "INSERT INTO role_aggregates(wave, grp, role, respondents, cells) VALUES(?, ?, ?, ?, ?) "
         "ON CONFLICT(wave, grp, role) DO UPDATE SET respondents = excluded.respondents, cells = excluded.cells"},
        {&closed_, "SELECT closed FROM waves WHERE key = ?"},
        {&seen_, "SELECT 1 FROM dedupe WHERE wave = ? AND hash = ?"},
        {&link_revoked_, "SELECT revoked FROM links WHERE hash = ?"},
        {&remember_, "INSERT INTO dedupe(wave, hash) VALUES(?, ?)"},
        {&count_, "SELECT COALESCE(SUM(respondents), 0) FROM role_aggregates WHERE wave = ? AND grp = ?"},
        {&comment_count_, "SELECT COUNT(*) FROM comments WHERE wave = ? AND grp = ? AND question = ?"},
        {&comment_insert_, "INSERT INTO comments(wave, key, grp, question, text) VALUES(?, ?, ?, ?, ?)"},
    };
    for (auto [target, sql] : statements) {
      auto s = writer_.prepare(sql);
      if (!s.ok()) return s.error();
      *target = std::move(s.value());
    }
    return {};
  }

  const std::string& secret() const override { return secret_; }
  void set_converted_from(std::string version) { converted_from_ = std::move(version); }

  // --- organisations -------------------------------------------------------

  Status put_organisation(const Organisation& org) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare(
        "INSERT INTO organisations(id, name, origins, k, comment_k, synthetic) VALUES(?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, origins = excluded.origins, k = excluded.k, "
        "comment_k = excluded.comment_k, synthetic = excluded.synthetic");
    if (!s.ok()) return s.error();
    s->bind(1, org.id).bind(2, org.name).bind(3, nlohmann::json(org.origins).dump());
    s->bind(4, std::int64_t{org.k}).bind(5, std::int64_t{org.comment_k}).bind(6, std::int64_t{org.synthetic});
    return s->run();
  }

  Result<std::optional<Organisation>> organisation(const std::string& id) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare("SELECT id, name, origins, k, comment_k, synthetic FROM organisations WHERE id = ?");
    if (!s.ok()) return s.error();
    s->bind(1, id);
    int rc = s->step();
    if (rc == SQLITE_ROW) return std::optional<Organisation>(read_org(s.value()));
    if (rc == SQLITE_DONE) return std::optional<Organisation>();
    return s->error();
  }

  Result<std::vector<Organisation>> organisations() override {
    std::lock_guard lock(admin_mutex_);
    return rows<Organisation>("SELECT id, name, origins, k, comment_k, synthetic FROM organisations ORDER BY id",
                              read_org, [](Statement&) {});
  }

  Status delete_organisation(const std::string& id) override {
    std::lock_guard lock(admin_mutex_);
    return transaction(admin_, [&]() -> Status {
      for (const char* sql : {
               "DELETE FROM role_aggregates WHERE wave IN (SELECT key FROM waves WHERE org = ?1)",
               "DELETE FROM dedupe WHERE wave IN (SELECT key FROM waves WHERE org = ?1)",
               "DELETE FROM comments WHERE wave IN (SELECT key FROM waves WHERE org = ?1)",
               "DELETE FROM releases WHERE wave IN (SELECT key FROM waves WHERE org = ?1)",
               "DELETE FROM wave_groups WHERE wave IN (SELECT key FROM waves WHERE org = ?1)",
               "DELETE FROM links WHERE org = ?1",
               "DELETE FROM viewers WHERE org = ?1",
               "DELETE FROM waves WHERE org = ?1",
               "DELETE FROM org_groups WHERE org = ?1",
               "DELETE FROM organisations WHERE id = ?1",
           }) {
        auto s = admin_.prepare(sql);
        if (!s.ok()) return s.error();
        s->bind(1, id);
        if (Status st = s->run(); !st.ok()) return st;
      }
      return {};
    });
  }

  Status put_groups(const std::string& org, const std::vector<Group>& groups) override {
    std::lock_guard lock(admin_mutex_);
    return transaction(admin_, [&]() -> Status {
      auto s = admin_.prepare(
          "INSERT INTO org_groups(org, id, parent, name, attributes, headcount) VALUES(?, ?, ?, ?, ?, ?) "
          "ON CONFLICT(org, id) DO UPDATE SET parent = excluded.parent, name = excluded.name, "
          "attributes = excluded.attributes, headcount = excluded.headcount");
      if (!s.ok()) return s.error();
      for (const Group& g : groups) {
        s->bind(1, org).bind(2, g.id).bind(3, g.parent).bind(4, g.name).bind(5, g.attributes_json).bind(6, g.headcount);
        if (Status st = s->run(); !st.ok()) return st;
      }
      return {};
    });
  }

  Result<std::vector<Group>> groups(const std::string& org) override {
    std::lock_guard lock(admin_mutex_);
    return rows<Group>("SELECT id, parent, name, attributes, headcount FROM org_groups WHERE org = ? ORDER BY id",
                       read_group, [&](Statement& s) { s.bind(1, org); });
  }

  // --- waves ---------------------------------------------------------------

  Result<std::int64_t> create_wave(const Wave& w, const std::vector<Group>& tree) override {
    std::lock_guard lock(admin_mutex_);
    std::int64_t key = 0;
    Status st = transaction(admin_, [&]() -> Status {
      auto s = admin_.prepare(
          "INSERT INTO waves(key, org, id, title, survey, survey_id, survey_version, opens_at, closes_at, "
          "grace_seconds) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!s.ok()) return s.error();
      if (w.key > 0)
        s->bind(1, w.key);
      else
        s->bind_null(1);
      s->bind(2, w.org).bind(3, w.id).bind(4, w.title).bind(5, w.survey_json).bind(6, w.survey_id);
      s->bind(7, w.survey_version).bind(8, w.opens_at).bind(9, w.closes_at).bind(10, w.grace_seconds);
      if (Status r = s->run(); !r.ok()) return r;
      key = sqlite3_last_insert_rowid(admin_.handle());
      auto g = admin_.prepare(
          "INSERT INTO wave_groups(wave, id, parent, name, attributes, headcount) VALUES(?, ?, ?, ?, ?, ?)");
      if (!g.ok()) return g.error();
      for (const Group& group : tree) {
        g->bind(1, key).bind(2, group.id).bind(3, group.parent).bind(4, group.name);
        g->bind(5, group.attributes_json).bind(6, group.headcount);
        if (Status r = g->run(); !r.ok()) return r;
      }
      return {};
    });
    if (!st.ok()) return st.error();
    return key;
  }

  Result<std::optional<Wave>> wave(const std::string& org, const std::string& id) override {
    std::lock_guard lock(admin_mutex_);
    return one<Wave>(std::string(kWaveColumns) + "WHERE org = ? AND id = ?", read_wave,
                     [&](Statement& s) { s.bind(1, org).bind(2, id); });
  }

  Result<std::optional<Wave>> wave_by_key(std::int64_t key) override {
    auto reader = lease();
    return one_on<Wave>(*reader, std::string(kWaveColumns) + "WHERE key = ?", read_wave,
                        [&](Statement& s) { s.bind(1, key); });
  }

  Result<std::optional<Group>> wave_group(std::int64_t key, const std::string& id) override {
    auto reader = lease();
    return one_on<Group>(*reader,
                         "SELECT id, parent, name, attributes, headcount FROM wave_groups WHERE wave = ? AND id = ?",
                         read_group, [&](Statement& s) { s.bind(1, key).bind(2, id); });
  }

  Result<std::vector<Wave>> waves(const std::string& org) override {
    std::lock_guard lock(admin_mutex_);
    return rows<Wave>(std::string(kWaveColumns) + "WHERE org = ? ORDER BY opens_at, id", read_wave,
                      [&](Statement& s) { s.bind(1, org); });
  }

  Status set_wave_schedule(std::int64_t key, std::int64_t opens_at, std::int64_t closes_at,
                           std::int64_t grace_seconds) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare("UPDATE waves SET opens_at = ?, closes_at = ?, grace_seconds = ? WHERE key = ?");
    if (!s.ok()) return s.error();
    s->bind(1, opens_at).bind(2, closes_at).bind(3, grace_seconds).bind(4, key);
    return s->run();
  }

  Result<std::vector<Group>> wave_groups(std::int64_t key) override {
    std::lock_guard lock(admin_mutex_);
    return rows<Group>("SELECT id, parent, name, attributes, headcount FROM wave_groups WHERE wave = ? ORDER BY id",
                       read_group, [&](Statement& s) { s.bind(1, key); });
  }

  Status set_wave_headcount(std::int64_t key, const std::string& group, std::int64_t headcount) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare("UPDATE wave_groups SET headcount = ? WHERE wave = ? AND id = ?");
    if (!s.ok()) return s.error();
    s->bind(1, headcount).bind(2, key).bind(3, group);
    if (Status st = s->run(); !st.ok()) return st;
    if (sqlite3_changes(admin_.handle()) == 0)
      return Error{"store.not_found", "", "no group " + group + " in this wave"};
    return {};
  }

  Result<bool> close_wave(std::int64_t key) override {
    // Through the writer's lock and connection: the close commits between
    // two batches, and every later batch sees the wave closed.
    std::lock_guard lock(writer_mutex_);
    bool changed = false;
    Status st = transaction(writer_, [&]() -> Status {
      auto closed = writer_.prepare("UPDATE waves SET closed = 1 WHERE key = ? AND closed = 0");
      if (!closed.ok()) return closed.error();
      closed->bind(1, key);
      if (Status r = closed->run(); !r.ok()) return r;
      changed = sqlite3_changes(writer_.handle()) == 1;
      auto forget = writer_.prepare("DELETE FROM dedupe WHERE wave = ?");
      if (!forget.ok()) return forget.error();
      forget->bind(1, key);
      return forget->run();
    });
    if (!st.ok()) return st.error();
    return changed;
  }

  Status put_release(std::int64_t key, const std::string& release_json) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare("INSERT INTO releases(wave, body) SELECT key, ? FROM waves WHERE key = ? AND closed = 1");
    if (!s.ok()) return s.error();
    s->bind(1, release_json).bind(2, key);
    if (Status st = s->run(); !st.ok()) {
      if (sqlite3_extended_errcode(admin_.handle()) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Error{"store.released", "", "this wave's figures were released already and never change"};
      return st;
    }
    if (sqlite3_changes(admin_.handle()) != 1) return Error{"store.not_closed", "", "the wave is not closed"};
    return {};
  }

  Result<std::optional<std::string>> release(std::int64_t key) override {
    std::lock_guard lock(admin_mutex_);
    return one<std::string>("SELECT body FROM releases WHERE wave = ?", [](Statement& s) { return s.text(0); },
                            [&](Statement& s) { s.bind(1, key); });
  }

  // --- links and viewer tokens ---------------------------------------------

  Status put_link(const std::string& hash, const Link& link) override {
    std::lock_guard lock(admin_mutex_);
    return transaction(admin_, [&]() -> Status {
      auto revoke = admin_.prepare("UPDATE links SET revoked = 1 WHERE wave = ? AND grp = ? AND mode = ?");
      if (!revoke.ok()) return revoke.error();
      revoke->bind(1, link.wave_key).bind(2, link.group).bind(3, std::string_view(link_mode_name(link.mode)));
      if (Status st = revoke->run(); !st.ok()) return st;
      auto s = admin_.prepare("INSERT INTO links(hash, id, org, wave, grp, mode) VALUES(?, ?, ?, ?, ?, ?)");
      if (!s.ok()) return s.error();
      s->bind(1, hash).bind(2, link.id).bind(3, link.org).bind(4, link.wave_key).bind(5, link.group);
      s->bind(6, std::string_view(link_mode_name(link.mode)));
      return s->run();
    });
  }

  Result<std::optional<Link>> link(const std::string& hash) override {
    auto reader = lease();
    return one_on<Link>(*reader, std::string(kLinkColumns) + "WHERE l.hash = ?", read_link,
                        [&](Statement& s) { s.bind(1, hash); });
  }

  Result<std::vector<Link>> links(const std::string& org, const std::string& wave) override {
    std::lock_guard lock(admin_mutex_);
    return rows<Link>(std::string(kLinkColumns) + "WHERE l.org = ? AND (? = '' OR w.id = ?) ORDER BY w.id, l.grp, l.mode, l.revoked",
                      read_link, [&](Statement& s) { s.bind(1, org).bind(2, wave).bind(3, wave); });
  }

  Result<bool> revoke_link(const std::string& org, const std::string& id) override {
    return revoke("UPDATE links SET revoked = 1 WHERE org = ? AND id = ?", org, id);
  }

  Status put_viewer(const std::string& hash, const ViewerToken& v) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare(
        "INSERT INTO viewers(hash, id, org, subtree, label, expires_at) VALUES(?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return s.error();
    s->bind(1, hash).bind(2, v.id).bind(3, v.org).bind(4, v.subtree).bind(5, v.label).bind(6, v.expires_at);
    return s->run();
  }

  Result<std::optional<ViewerToken>> viewer(const std::string& hash) override {
    auto reader = lease();
    return one_on<ViewerToken>(*reader, std::string(kViewerColumns) + "WHERE hash = ?", read_viewer,
                               [&](Statement& s) { s.bind(1, hash); });
  }

  Result<std::optional<ViewerToken>> viewer_by_id(const std::string& id) override {
    auto reader = lease();
    return one_on<ViewerToken>(*reader, std::string(kViewerColumns) + "WHERE id = ?", read_viewer,
                               [&](Statement& s) { s.bind(1, id); });
  }

  Result<std::vector<ViewerToken>> viewers(const std::string& org) override {
    std::lock_guard lock(admin_mutex_);
    return rows<ViewerToken>(std::string(kViewerColumns) + "WHERE org = ? ORDER BY expires_at, id", read_viewer,
                             [&](Statement& s) { s.bind(1, org); });
  }

  Result<bool> revoke_viewer(const std::string& org, const std::string& id) override {
    return revoke("UPDATE viewers SET revoked = 1 WHERE org = ? AND id = ?", org, id);
  }

  // --- contributions -------------------------------------------------------

  Result<Outcome> merge_contribution(const ContributionRecord& record) override {
    Job job;
    job.contribution = &record;
    return submit(job);
  }

  Result<Outcome> store_comment(const CommentRecord& record) override {
    Job job;
    job.comment = &record;
    return submit(job);
  }

  Result<std::map<std::string, std::int64_t>> respondents(std::int64_t key) override {
    auto reader = lease();
    auto s = reader->prepare("SELECT grp, SUM(respondents) FROM role_aggregates WHERE wave = ? GROUP BY grp");
    if (!s.ok()) return s.error();
    s->bind(1, key);
    std::map<std::string, std::int64_t> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) out[s->text(0)] = s->int64(1);
    if (rc != SQLITE_DONE) return s->error();
    return out;
  }

  Result<std::vector<CellRow>> cells(std::int64_t key) override {
    auto reader = lease();
    auto s = reader->prepare("SELECT grp, role, cells FROM role_aggregates WHERE wave = ? ORDER BY grp, role");
    if (!s.ok()) return s.error();
    s->bind(1, key);
    std::vector<CellRow> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) {
      auto cells = unpack_cells(s->blob(2));
      if (!cells.ok()) return cells.error();
      for (auto& [cell, statistic] : cells.value()) out.push_back(CellRow{s->text(0), s->text(1), cell, statistic});
    }
    if (rc != SQLITE_DONE) return s->error();
    return out;
  }

  Result<std::vector<StoredComment>> comments(std::int64_t key) override {
    auto reader = lease();
    return rows_on<StoredComment>(
        *reader, "SELECT grp, question, text, key FROM comments WHERE wave = ? ORDER BY key",
        [](Statement& s) { return StoredComment{s.text(0), s.text(1), s.text(2), s.text(3)}; },
        [&](Statement& s) { s.bind(1, key); });
  }

  Result<std::vector<std::string>> dedupe_hashes(std::int64_t key) override {
    auto reader = lease();
    return rows_on<std::string>(*reader, "SELECT hash FROM dedupe WHERE wave = ? ORDER BY hash",
                                [](Statement& s) { return s.text(0); }, [&](Statement& s) { s.bind(1, key); });
  }

  Status import_wave_contents(std::int64_t key, const WaveContents& contents) override {
    std::lock_guard lock(writer_mutex_);
    return transaction(writer_, [&]() -> Status {
      std::map<std::pair<std::string, std::string>, Cells> added;
      for (const CellRow& row : contents.cells) {
        Statistic& into = added[{row.group, row.role}][row.cell];
        for (const StatisticField& f : kStatisticFields) into.*f.member += row.statistic.*f.member;
      }
      for (const auto& [group_role, cells] : added)
        if (Status r = add_to_stored(key, group_role.first, group_role.second, cells); !r.ok()) return r;
      for (const StoredComment& c : contents.comments) {
        comment_insert_.bind(1, key).bind(2, c.key).bind(3, c.group).bind(4, c.question).bind(5, c.text);
        if (Status r = comment_insert_.run(); !r.ok()) return r;
      }
      for (const std::string& hash : contents.dedupe) {
        remember_.bind(1, key).bind(2, hash);
        if (Status r = remember_.run(); !r.ok()) return r;
      }
      return {};
    });
  }

  Result<std::int64_t> dedupe_count(std::int64_t key) override {
    auto reader = lease();
    auto s = reader->prepare("SELECT COUNT(*) FROM dedupe WHERE wave = ?");
    if (!s.ok()) return s.error();
    s->bind(1, key);
    if (s->step() != SQLITE_ROW) return s->error();
    return s->int64(0);
  }

  Status put_benchmark(const ImportedBenchmark& b) override {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare(
        "INSERT INTO benchmarks(id, survey_id, source, date, body) VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
        "SET survey_id = excluded.survey_id, source = excluded.source, date = excluded.date, body = excluded.body");
    if (!s.ok()) return s.error();
    s->bind(1, b.id).bind(2, b.survey_id).bind(3, b.source).bind(4, b.date).bind(5, b.json);
    return s->run();
  }

  Result<std::vector<ImportedBenchmark>> benchmarks() override {
    std::lock_guard lock(admin_mutex_);
    return rows<ImportedBenchmark>(
        "SELECT id, survey_id, source, date, body FROM benchmarks ORDER BY date, id",
        [](Statement& s) { return ImportedBenchmark{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)}; },
        [](Statement&) {});
  }

  Result<std::map<std::string, std::string>> settings() override {
    // Read back from the writer's own connection: the one that commits.
    std::lock_guard lock(writer_mutex_);
    std::map<std::string, std::string> out{{"backend", "sqlite"}, {"path", path_}};
    for (const char* pragma : {"journal_mode", "synchronous"}) {
      auto v = writer_.scalar(std::string("PRAGMA ") + pragma);
      if (!v.ok()) return v.error();
      out[pragma] = v.value();
    }
    out["sqlite_version"] = sqlite3_libversion();
    out["schema_version"] = std::to_string(kSqliteSchemaVersion);
    if (!converted_from_.empty()) out["converted_from"] = converted_from_;
    return out;
  }

 private:
  static Group read_group(Statement& s) {
    return Group{s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4)};
  }

  template <typename T, typename Read, typename Bind>
  Result<std::vector<T>> rows_on(Connection& db, const std::string& sql, Read read, Bind bind) {
    auto s = db.prepare(sql);
    if (!s.ok()) return s.error();
    bind(s.value());
    std::vector<T> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) out.push_back(read(s.value()));
    if (rc != SQLITE_DONE) return s->error();
    return out;
  }
  template <typename T, typename Read, typename Bind>
  Result<std::vector<T>> rows(const std::string& sql, Read read, Bind bind) {
    return rows_on<T>(admin_, sql, read, bind);
  }
  template <typename T, typename Read, typename Bind>
  Result<std::optional<T>> one_on(Connection& db, const std::string& sql, Read read, Bind bind) {
    auto all = rows_on<T>(db, sql, read, bind);
    if (!all.ok()) return all.error();
    if (all->empty()) return std::optional<T>();
    return std::optional<T>(std::move(all->front()));
  }
  template <typename T, typename Read, typename Bind>
  Result<std::optional<T>> one(const std::string& sql, Read read, Bind bind) {
    return one_on<T>(admin_, sql, read, bind);
  }

  Result<bool> revoke(const char* sql, const std::string& org, const std::string& id) {
    std::lock_guard lock(admin_mutex_);
    auto s = admin_.prepare(sql);
    if (!s.ok()) return s.error();
    s->bind(1, org).bind(2, id);
    if (Status st = s->run(); !st.ok()) return st.error();
    return sqlite3_changes(admin_.handle()) > 0;
  }

  // Readers: a small pool of connections, each used by one thread at a time.
  struct Lease {
    SqliteStore* store;
    std::unique_ptr<Connection> connection;
    Connection* operator->() { return connection.get(); }
    Connection& operator*() { return *connection; }
    ~Lease() {
      if (!connection) return;
      std::lock_guard lock(store->pool_mutex_);
      store->pool_.push_back(std::move(connection));
    }
  };
  Lease lease() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!pool_.empty()) {
        auto c = std::move(pool_.back());
        pool_.pop_back();
        return Lease{this, std::move(c)};
      }
    }
    auto c = Connection::open(path_);
    if (!c.ok()) {
      // Extremely unlikely (the file is open already); fall back to a fresh
      // attempt that reports through the statement errors.
      std::fprintf(stderr, "sos: store: %s\n", c.error().to_string().c_str());
      std::abort();
    }
    return Lease{this, std::make_unique<Connection>(std::move(c.value()))};
  }

  // --- the writer: grouped commits ------------------------------------------

  Result<Outcome> submit(Job& job) {
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&job);
    queue_cv_.notify_one();  // only the writer waits on it
    job.done.wait(lock, [&] { return job.result.has_value(); });
    return std::move(*job.result);
  }

  void write_loop() {
    std::unique_lock lock(queue_mutex_);
    for (;;) {
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      std::vector<Job*> batch;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      write_batch(batch);
      lock.lock();
    }
  }

  static constexpr std::size_t kMaxBatch = 1000;

  // Adds `cells` into the stored row of (wave, group, role) on the writer's
  // connection, inside the caller's transaction: one read and one write for
  // everything a batch brings to that row.
  Status add_to_stored(std::int64_t wave, const std::string& group, const std::string& role, const Cells& cells) {
    stored_.bind(1, wave).bind(2, group).bind(3, role);
    int rc = stored_.step();
    // Summed straight from the stored bytes into new ones: no map of the
    // stored cells is built (about 180 keys for the standard survey).
    std::int64_t respondents = 0;
    Result<std::string> packed = add_to_packed(rc == SQLITE_ROW ? stored_.blob(0) : std::string_view(), cells, &respondents);
    stored_.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_error(writer_.handle());
    if (!packed.ok()) return packed.error();
    upsert_.bind(1, wave).bind(2, group).bind(3, role).bind(4, respondents);
    upsert_.bind_blob(5, packed.value());
    return upsert_.run();
  }

  void write_batch(std::vector<Job*>& batch) {
    std::lock_guard writer_lock(writer_mutex_);
    std::vector<std::optional<Result<Outcome>>> results(batch.size());
    // Per batch: which waves are closed, respondents and comments counted so
    // far, hashes already in this batch, and the merged statistics to add.
    std::map<std::int64_t, bool> closed;
    std::map<std::string, bool> revoked;  // by link hash
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> counts;
    std::map<std::tuple<std::int64_t, std::string, std::string>, std::int64_t> comment_counts;
    std::set<std::pair<std::int64_t, std::string>> hashes;
    // A row that one contribution of the batch touches (the common case with
    // many groups) takes its statistics as they are; only a second one makes
    // a merged copy.
    struct Pending {
      const Aggregate* only = nullptr;
      Aggregate sum;
    };
    std::map<std::tuple<std::int64_t, std::string, std::string>, Pending> merged;

    Status st = transaction(writer_, [&]() -> Status {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        Job& job = *batch[i];
        std::int64_t wave = job.contribution ? job.contribution->wave_key : job.comment->wave_key;
        const std::string& group = job.contribution ? job.contribution->group : job.comment->group;
        const std::string& hash = job.contribution ? job.contribution->dedupe : job.comment->dedupe;
        const std::string& link = job.contribution ? job.contribution->link : job.comment->link;
        if (!closed.count(wave)) {
          closed_.bind(1, wave);
          int rc = closed_.step();
          bool is_closed = rc != SQLITE_ROW || closed_.int64(0) != 0;
          closed_.reset();
          if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_error(writer_.handle());
          closed[wave] = is_closed;
        }
        if (closed[wave]) {
          results[i] = Outcome::wave_closed;
          continue;
        }
        if (!link.empty()) {
          auto known = revoked.find(link);
          if (known == revoked.end()) {
            link_revoked_.bind(1, link);
            int rc = link_revoked_.step();
            bool gone = rc != SQLITE_ROW || link_revoked_.int64(0) != 0;
            link_revoked_.reset();
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_error(writer_.handle());
            known = revoked.emplace(link, gone).first;
          }
          if (known->second) {
            results[i] = Outcome::link_revoked;
            continue;
          }
        }
        bool seen = hashes.count({wave, hash}) > 0;
        if (!seen) {
          seen_.bind(1, wave).bind(2, hash);
          int rc = seen_.step();
          seen_.reset();
          if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_error(writer_.handle());
          seen = rc == SQLITE_ROW;
        }
        if (seen) {
          results[i] = Outcome::duplicate;
          continue;
        }
        if (job.contribution) {
          const ContributionRecord& c = *job.contribution;
          auto count_key = std::make_pair(wave, group);
          auto it = counts.find(count_key);
          if (it == counts.end()) {
            count_.bind(1, wave).bind(2, group);
            if (count_.step() != SQLITE_ROW) return sql_error(writer_.handle());
            it = counts.emplace(count_key, count_.int64(0)).first;
            count_.reset();
          }
          if (it->second + c.statistics->respondents() > c.headcount) {
            results[i] = Outcome::limit_reached;
            continue;
          }
          auto merge_key = std::make_tuple(wave, group, c.statistics->role);
          auto m = merged.find(merge_key);
          if (m == merged.end()) {
            merged.emplace(merge_key, Pending{c.statistics, {}});
          } else {
            Pending& pending = m->second;
            if (pending.only) {
              pending.sum = *pending.only;
              pending.only = nullptr;
            }
            if (Status merge = merge_into(pending.sum, *c.statistics); !merge.ok()) {
              results[i] = Result<Outcome>(merge.error());
              continue;
            }
          }
          it->second += c.statistics->respondents();
        } else {
          const CommentRecord& c = *job.comment;
          auto count_key = std::make_tuple(wave, group, c.question);
          auto it = comment_counts.find(count_key);
          if (it == comment_counts.end()) {
            comment_count_.bind(1, wave).bind(2, group).bind(3, c.question);
            if (comment_count_.step() != SQLITE_ROW) return sql_error(writer_.handle());
            it = comment_counts.emplace(count_key, comment_count_.int64(0)).first;
            comment_count_.reset();
          }
          if (it->second >= c.limit) {
            results[i] = Outcome::limit_reached;
            continue;
          }
          // A random key, not an order of arrival: reading comments by key
          // gives a random order and says nothing about when each came.
          comment_insert_.bind(1, wave).bind(2, hex(random_bytes(16))).bind(3, group).bind(4, c.question);
          comment_insert_.bind(5, c.text);
          if (Status r = comment_insert_.run(); !r.ok()) return r;
          ++it->second;
        }
        remember_.bind(1, wave).bind(2, hash);
        if (Status r = remember_.run(); !r.ok()) return r;
        hashes.insert({wave, hash});
        results[i] = Outcome::accepted;
      }
      for (const auto& [key, pending] : merged) {
        const Cells& cells = pending.only ? pending.only->cells : pending.sum.cells;
        if (Status r = add_to_stored(std::get<0>(key), std::get<1>(key), std::get<2>(key), cells); !r.ok()) return r;
      }
      return {};
    });
    std::lock_guard lock(queue_mutex_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = st.ok() ? std::move(*results[i]) : Result<Outcome>(st.error());
      batch[i]->done.notify_one();
    }
  }

  std::string converted_from_;  // the schema version this process converted, if any
  std::string secret_;
  std::mutex admin_mutex_;
  Connection admin_;
  std::mutex writer_mutex_;
  Connection writer_;
  std::string path_;
  Statement stored_, upsert_, link_revoked_, closed_, seen_, remember_, count_, comment_count_, comment_insert_;

  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> pool_;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// Version 1 kept one row per cell in `aggregates`; version 2 one row per
// (wave, group, role) with the cells packed (packed_cells.h), which a
// contribution updates once instead of once per cell.
Status migrate_cells_from_v1(Connection& db) {
  std::string sql = "SELECT wave, grp, role, cell";
  for (const StatisticField& f : kStatisticFields) sql += ", \"" + std::string(f.name) + "\"";
  sql += " FROM aggregates ORDER BY wave, grp, role, cell";
  auto read = db.prepare(sql);
  if (!read.ok()) return read.error();
  auto write = db.prepare("INSERT INTO role_aggregates(wave, grp, role, respondents, cells) VALUES(?, ?, ?, ?, ?)");
  if (!write.ok()) return write.error();
  std::tuple<std::int64_t, std::string, std::string> row_key;
  Aggregate row;
  auto flush = [&]() -> Status {
    if (row.cells.empty()) return {};
    std::string packed = pack_cells(row.cells);
    write->bind(1, std::get<0>(row_key)).bind(2, std::get<1>(row_key)).bind(3, std::get<2>(row_key));
    write->bind(4, row.respondents()).bind_blob(5, packed);
    Status st = write->run();
    row.cells.clear();
    return st;
  };
  int rc;
  while ((rc = read->step()) == SQLITE_ROW) {
    auto key = std::make_tuple(read->int64(0), read->text(1), read->text(2));
    if (key != row_key)
      if (Status st = flush(); !st.ok()) return st;
    row_key = std::move(key);
    Statistic& statistic = row.cells[read->text(3)];
    int column = 4;
    for (const StatisticField& f : kStatisticFields) statistic.*f.member = read->int64(column++);
  }
  if (rc != SQLITE_DONE) return read->error();
  if (Status st = flush(); !st.ok()) return st;
  read = Statement();
  return db.exec("DROP TABLE aggregates");
}

}  // namespace

const char* link_mode_name(LinkMode mode) { return mode == LinkMode::kiosk ? "kiosk" : "respondent"; }

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& folder) {
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    return Error{"store.open", "", "cannot create " + folder + ": " + std::strerror(errno)};
  auto secret = load_or_create_secret(folder + "/secret.key");
  if (!secret.ok()) return secret.error();
  std::string path = folder + "/sos.sqlite";
  auto admin = Connection::open(path);
  if (!admin.ok()) return admin.error();
  std::string converted_from;
  if (Status st = transaction(admin.value(), [&]() -> Status {
        if (Status s = admin->exec(kSchema); !s.ok()) return s;
        auto version = admin->scalar("SELECT value FROM meta WHERE key = 'schema_version'");
        if (!version.ok()) return version.error();
        if (version->empty())
          return admin->exec("INSERT INTO meta(key, value) VALUES('schema_version', '" +
                             std::to_string(kSqliteSchemaVersion) + "')");
        if (version.value() == "1") {
          if (Status s = migrate_cells_from_v1(admin.value()); !s.ok()) return s;
          converted_from = "1";
          return admin->exec("UPDATE meta SET value = '" + std::to_string(kSqliteSchemaVersion) +
                             "' WHERE key = 'schema_version'");
        }
        if (version.value() != std::to_string(kSqliteSchemaVersion))
          return Error{"store.schema", "", "the store has schema version " + version.value() + "; this sos knows " +
                                               std::to_string(kSqliteSchemaVersion)};
        return {};
      });
      !st.ok())
    return st.error();
  auto writer = Connection::open(path);
  if (!writer.ok()) return writer.error();
  auto store = std::make_unique<SqliteStore>(std::move(secret.value()), std::move(admin.value()),
                                             std::move(writer.value()), path);
  if (Status st = store->prepare_writer(); !st.ok()) return st.error();
  store->set_converted_from(converted_from);
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace sos::serve
