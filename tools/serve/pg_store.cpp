// This file offers the PostgreSQL store: a pool of connections, merges and
// comments as short transactions with row locks, and the administration and
// reads of the Store interface.
#include "pg_store.h"

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>

#include "crypto.h"
#include "pg_db.h"
#include "pg_schema.h"

namespace sos::serve {

bool is_postgresql_location(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

namespace {

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      std::string hex_digits(text.substr(i + 1, 2));
      char* end = nullptr;
      long value = std::strtol(hex_digits.c_str(), &end, 16);
      if (end == hex_digits.c_str() + 2) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

Result<PgLocation> parse_pg_location(const std::string& location) {
  PgLocation out;
  std::string base = location, query;
  if (auto q = location.find('?'); q != std::string::npos) {
    base = location.substr(0, q);
    query = location.substr(q + 1);
  }
  std::string kept;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    std::string name = pair.substr(0, pair.find('='));
    std::string value = pair.find('=') == std::string::npos ? "" : percent_decode(pair.substr(pair.find('=') + 1));
    if (name == "sos_key") {
      out.key_file = value;
    } else if (name == "sos_pool") {
      char* rest = nullptr;
      long pool = std::strtol(value.c_str(), &rest, 10);
      if (value.empty() || *rest || pool < 1 || pool > 1000)
        return Error{"store.location", "/sos_pool", "sos_pool must be a number of connections from 1 to 1000"};
      out.pool = static_cast<int>(pool);
    } else if (!pair.empty()) {
      kept += (kept.empty() ? "?" : "&") + pair;
    }
    start = end + 1;
  }
  out.conninfo = base + kept;
  if (out.key_file.empty()) {
    const char* env = std::getenv("SOS_KEY_FILE");
    if (env && *env) out.key_file = env;
  }
  if (out.key_file.empty())
    return Error{"store.secret", "/sos_key",
                 "a PostgreSQL store needs the server key file: add ?sos_key=/path/to/secret.key to the URI "
                 "or set SOS_KEY_FILE (every process on one database uses the same file)"};
  return out;
}

namespace {

using pg::Connection;
using pg::Params;
using pg::Rows;

// PostgreSQL's array literal of texts: each element quoted, \ and " escaped.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string int_array(const std::vector<std::int64_t>& items) {
  std::string out = "{";
  for (std::int64_t item : items) out += (out.size() > 1 ? "," : "") + std::to_string(item);
  return out + "}";
}

Organisation read_org(const Rows& r, int i) {
  Organisation o;
  o.id = r.text(i, 0);
  o.name = r.text(i, 1);
  auto origins = nlohmann::json::parse(r.text(i, 2), nullptr, false);
  if (origins.is_array())
    for (const auto& v : origins)
      if (v.is_string()) o.origins.push_back(v.get<std::string>());
  o.k = static_cast<int>(r.int64(i, 3));
  o.comment_k = static_cast<int>(r.int64(i, 4));
  o.synthetic = r.boolean(i, 5);
  return o;
}
constexpr const char* kOrgColumns = "SELECT id, name, origins, k, comment_k, synthetic FROM organisations ";

Group read_group(const Rows& r, int i) {
  return Group{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.int64(i, 4)};
}

Wave read_wave(const Rows& r, int i) {
  Wave w;
  w.key = r.int64(i, 0);
  w.org = r.text(i, 1);
  w.id = r.text(i, 2);
  w.title = r.text(i, 3);
  w.survey_json = r.text(i, 4);
  w.survey_id = r.text(i, 5);
  w.survey_version = r.text(i, 6);
  w.opens_at = r.int64(i, 7);
  w.closes_at = r.int64(i, 8);
  w.grace_seconds = r.int64(i, 9);
  w.closed = r.boolean(i, 10);
  return w;
}
constexpr const char* kWaveColumns =
    "SELECT key, org, id, title, survey, survey_id, survey_version, opens_at, closes_at, grace_seconds, closed "
    "FROM waves ";

Link read_link(const Rows& r, int i) {
  Link l;
  l.id = r.text(i, 0);
  l.org = r.text(i, 1);
  l.wave_key = r.int64(i, 2);
  l.wave = r.text(i, 3);
  l.group = r.text(i, 4);
  l.mode = r.text(i, 5) == "kiosk" ? LinkMode::kiosk : LinkMode::respondent;
  l.revoked = r.boolean(i, 6);
  l.hash = r.text(i, 7);
  return l;
}
constexpr const char* kLinkColumns =
    "SELECT l.id, l.org, l.wave, w.id, l.grp, l.mode, l.revoked, l.hash FROM links l JOIN waves w ON w.key = l.wave ";

ViewerToken read_viewer(const Rows& r, int i) {
  ViewerToken v;
  v.id = r.text(i, 0);
  v.org = r.text(i, 1);
  v.subtree = r.text(i, 2);
  v.label = r.text(i, 3);
  v.expires_at = r.int64(i, 4);
  v.revoked = r.boolean(i, 5);
  v.hash = r.text(i, 6);
  return v;
}
constexpr const char* kViewerColumns = "SELECT id, org, subtree, label, expires_at, revoked, hash FROM viewers ";

// Connections for one process: at most `size`, each used by one thread at a
// time; a thread waits when all are busy.
class Pool {
 public:
  Pool(std::string conninfo, int size) : conninfo_(std::move(conninfo)), size_(size) {}

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_) pool_->give_back(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  Result<Lease> lease() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (c->broken()) PQreset(c->handle());
      return Lease(this, std::move(c));
    }
    ++open_;
    lock.unlock();
    auto c = connect(conninfo_);
    if (!c.ok()) {
      std::lock_guard relock(mutex_);
      --open_;
      cv_.notify_one();
      return c.error();
    }
    return Lease(this, std::make_unique<Connection>(std::move(c.value())));
  }

  // Every connection commits durably: synchronous_commit on for the session
  // whatever the server's default (fsync is checked once at open).
  static Result<Connection> connect(const std::string& conninfo) {
    auto c = Connection::open(conninfo);
    if (!c.ok()) return c.error();
    if (Status st = c->exec("SET synchronous_commit TO on").status(); !st.ok()) return st.error();
    return c;
  }

 private:
  void give_back(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
  }

  std::string conninfo_;
  int size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

class PgStore final : public Store {
 public:
  PgStore(std::string secret, PgLocation location)
      : secret_(std::move(secret)), location_(std::move(location)), pool_(location_.conninfo, location_.pool) {}

  const std::string& secret() const override { return secret_; }

  // --- organisations -------------------------------------------------------

  Status put_organisation(const Organisation& org) override {
    Params p;
    p.add(org.id).add(org.name).add(nlohmann::json(org.origins).dump()).add(org.k).add(org.comment_k);
    p.add(org.synthetic);
    return run(
        "INSERT INTO organisations(id, name, origins, k, comment_k, synthetic) VALUES($1, $2, $3, $4, $5, $6) "
        "ON CONFLICT(id) DO UPDATE SET name = EXCLUDED.name, origins = EXCLUDED.origins, k = EXCLUDED.k, "
        "comment_k = EXCLUDED.comment_k, synthetic = EXCLUDED.synthetic",
        p);
  }

  Result<std::optional<Organisation>> organisation(const std::string& id) override {
    return one<Organisation>(std::string(kOrgColumns) + "WHERE id = $1", Params().add(id), read_org);
  }

  Result<std::vector<Organisation>> organisations() override {
    return all<Organisation>(std::string(kOrgColumns) + "ORDER BY id", {}, read_org);
  }

  Status delete_organisation(const std::string& id) override {
    return in_transaction([&](Connection& db) -> Status {
      // Locks the organisation's waves first: merges in flight finish, later
      // ones find no wave, and nothing is added behind the deletes.
      Params p;
      p.add(id);
      if (Status st = db.exec("SELECT key FROM waves WHERE org = $1 FOR UPDATE", p).status(); !st.ok()) return st;
      for (const char* sql : {
               "DELETE FROM aggregates WHERE wave IN (SELECT key FROM waves WHERE org = $1)",
               "DELETE FROM dedupe WHERE wave IN (SELECT key FROM waves WHERE org = $1)",
               "DELETE FROM comments WHERE wave IN (SELECT key FROM waves WHERE org = $1)",
               "DELETE FROM releases WHERE wave IN (SELECT key FROM waves WHERE org = $1)",
               "DELETE FROM wave_groups WHERE wave IN (SELECT key FROM waves WHERE org = $1)",
               "DELETE FROM links WHERE org = $1",
               "DELETE FROM viewers WHERE org = $1",
               "DELETE FROM waves WHERE org = $1",
               "DELETE FROM org_groups WHERE org = $1",
               "DELETE FROM organisations WHERE id = $1",
           })
        if (Status st = db.exec(sql, p).status(); !st.ok()) return st;
      return {};
    });
  }

  Status put_groups(const std::string& org, const std::vector<Group>& groups) override {
    return in_transaction([&](Connection& db) -> Status {
      for (const Group& g : groups) {
        Params p;
        p.add(org).add(g.id).add(g.parent).add(g.name).add(g.attributes_json).add(g.headcount);
        Status st = db.exec(
                          "INSERT INTO org_groups(org, id, parent, name, attributes, headcount) "
                          "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(org, id) DO UPDATE SET parent = EXCLUDED.parent, "
                          "name = EXCLUDED.name, attributes = EXCLUDED.attributes, headcount = EXCLUDED.headcount",
                          p)
                        .status();
        if (!st.ok()) return st;
      }
      return {};
    });
  }

  Result<std::vector<Group>> groups(const std::string& org) override {
    return all<Group>("SELECT id, parent, name, attributes, headcount FROM org_groups WHERE org = $1 ORDER BY id",
                      Params().add(org), read_group);
  }

  // --- waves ---------------------------------------------------------------

  Result<std::int64_t> create_wave(const Wave& w, const std::vector<Group>& tree) override {
    std::int64_t key = 0;
    Status st = in_transaction([&](Connection& db) -> Status {
      Params p;
      p.add(w.org).add(w.id).add(w.title).add(w.survey_json).add(w.survey_id).add(w.survey_version);
      p.add(w.opens_at).add(w.closes_at).add(w.grace_seconds);
      std::string columns = "org, id, title, survey, survey_id, survey_version, opens_at, closes_at, grace_seconds";
      std::string values = "$1, $2, $3, $4, $5, $6, $7, $8, $9";
      if (w.key > 0) {
        p.add(w.key);
        columns += ", key";
        values += ", $10";
      }
      auto inserted = db.exec("INSERT INTO waves(" + columns + ") VALUES(" + values + ") RETURNING key", p);
      if (!inserted.ok()) return inserted.error();
      key = inserted->int64(0, 0);
      if (w.key > 0) {
        // A wave numbered by its copy moves the sequence past it.
        auto moved = db.exec("SELECT setval(pg_get_serial_sequence('waves', 'key'), (SELECT MAX(key) FROM waves))");
        if (!moved.ok()) return moved.error();
      }
      for (const Group& g : tree) {
        Params gp;
        gp.add(key).add(g.id).add(g.parent).add(g.name).add(g.attributes_json).add(g.headcount);
        Status r = db.exec(
                         "INSERT INTO wave_groups(wave, id, parent, name, attributes, headcount) "
                         "VALUES($1, $2, $3, $4, $5, $6)",
                         gp)
                       .status();
        if (!r.ok()) return r;
      }
      return {};
    });
    if (!st.ok()) return st.error();
    return key;
  }

  Result<std::optional<Wave>> wave(const std::string& org, const std::string& id) override {
    return one<Wave>(std::string(kWaveColumns) + "WHERE org = $1 AND id = $2", Params().add(org).add(id), read_wave);
  }

  Result<std::optional<Wave>> wave_by_key(std::int64_t key) override {
    return one<Wave>(std::string(kWaveColumns) + "WHERE key = $1", Params().add(key), read_wave);
  }

  Result<std::vector<Wave>> waves(const std::string& org) override {
    return all<Wave>(std::string(kWaveColumns) + "WHERE org = $1 ORDER BY opens_at, id", Params().add(org), read_wave);
  }

  Status set_wave_schedule(std::int64_t key, std::int64_t opens_at, std::int64_t closes_at,
                           std::int64_t grace_seconds) override {
    return run("UPDATE waves SET opens_at = $1, closes_at = $2, grace_seconds = $3 WHERE key = $4",
               Params().add(opens_at).add(closes_at).add(grace_seconds).add(key));
  }

  Result<std::vector<Group>> wave_groups(std::int64_t key) override {
    return all<Group>("SELECT id, parent, name, attributes, headcount FROM wave_groups WHERE wave = $1 ORDER BY id",
                      Params().add(key), read_group);
  }

  Result<std::optional<Group>> wave_group(std::int64_t key, const std::string& id) override {
    return one<Group>("SELECT id, parent, name, attributes, headcount FROM wave_groups WHERE wave = $1 AND id = $2",
                      Params().add(key).add(id), read_group);
  }

  Status set_wave_headcount(std::int64_t key, const std::string& group, std::int64_t headcount) override {
    auto db = pool_.lease();
    if (!db.ok()) return db.error();
    auto r = db.value()->exec("UPDATE wave_groups SET headcount = $1 WHERE wave = $2 AND id = $3",
                              Params().add(headcount).add(key).add(group));
    if (!r.ok()) return r.error();
    if (r->affected() == 0) return Error{"store.not_found", "", "no group " + group + " in this wave"};
    return {};
  }

  Result<bool> close_wave(std::int64_t key) override {
    bool changed = false;
    Status st = in_transaction([&](Connection& db) -> Status {
      // FOR UPDATE waits for every merge holding the row FOR SHARE; merges
      // after this commit see the wave closed.
      auto row = db.exec("SELECT closed FROM waves WHERE key = $1 FOR UPDATE", Params().add(key));
      if (!row.ok()) return row.error();
      changed = !row->empty() && !row->boolean(0, 0);
      if (!changed) return {};
      if (Status s = db.exec("UPDATE waves SET closed = true WHERE key = $1", Params().add(key)).status(); !s.ok())
        return s;
      return db.exec("DELETE FROM dedupe WHERE wave = $1", Params().add(key)).status();
    });
    if (!st.ok()) return st.error();
    return changed;
  }

  Status put_release(std::int64_t key, const std::string& release_json) override {
    auto db = pool_.lease();
    if (!db.ok()) return db.error();
    auto r = db.value()->exec("INSERT INTO releases(wave, body) SELECT key, $1 FROM waves WHERE key = $2 AND closed",
                              Params().add(release_json).add(key));
    if (!r.ok()) {
      if (db.value()->last_sqlstate() == "23505")
        return Error{"store.released", "", "this wave's figures were released already and never change"};
      return r.error();
    }
    if (r->affected() != 1) return Error{"store.not_closed", "", "the wave is not closed"};
    return {};
  }

  Result<std::optional<std::string>> release(std::int64_t key) override {
    return one<std::string>("SELECT body FROM releases WHERE wave = $1", Params().add(key),
                            [](const Rows& r, int i) { return r.text(i, 0); });
  }

  // --- links and viewer tokens ---------------------------------------------

  Status put_link(const std::string& hash, const Link& link) override {
    return in_transaction([&](Connection& db) -> Status {
      std::string mode = link_mode_name(link.mode);
      Status st = db.exec("UPDATE links SET revoked = true WHERE wave = $1 AND grp = $2 AND mode = $3",
                          Params().add(link.wave_key).add(link.group).add(mode))
                      .status();
      if (!st.ok()) return st;
      return db
          .exec("INSERT INTO links(hash, id, org, wave, grp, mode) VALUES($1, $2, $3, $4, $5, $6)",
                Params().add(hash).add(link.id).add(link.org).add(link.wave_key).add(link.group).add(mode))
          .status();
    });
  }

  Result<std::optional<Link>> link(const std::string& hash) override {
    return one<Link>(std::string(kLinkColumns) + "WHERE l.hash = $1", Params().add(hash), read_link);
  }

  Result<std::vector<Link>> links(const std::string& org, const std::string& wave) override {
    return all<Link>(std::string(kLinkColumns) +
                         "WHERE l.org = $1 AND ($2 = '' OR w.id = $2) ORDER BY w.id, l.grp, l.mode, l.revoked",
                     Params().add(org).add(wave), read_link);
  }

  Result<bool> revoke_link(const std::string& org, const std::string& id) override {
    return changed("UPDATE links SET revoked = true WHERE org = $1 AND id = $2", Params().add(org).add(id));
  }

  Status put_viewer(const std::string& hash, const ViewerToken& v) override {
    return run("INSERT INTO viewers(hash, id, org, subtree, label, expires_at) VALUES($1, $2, $3, $4, $5, $6)",
               Params().add(hash).add(v.id).add(v.org).add(v.subtree).add(v.label).add(v.expires_at));
  }

  Result<std::optional<ViewerToken>> viewer(const std::string& hash) override {
    return one<ViewerToken>(std::string(kViewerColumns) + "WHERE hash = $1", Params().add(hash), read_viewer);
  }

  Result<std::optional<ViewerToken>> viewer_by_id(const std::string& id) override {
    return one<ViewerToken>(std::string(kViewerColumns) + "WHERE id = $1", Params().add(id), read_viewer);
  }

  Result<std::vector<ViewerToken>> viewers(const std::string& org) override {
    return all<ViewerToken>(std::string(kViewerColumns) + "WHERE org = $1 ORDER BY expires_at, id", Params().add(org),
                            read_viewer);
  }

  Result<bool> revoke_viewer(const std::string& org, const std::string& id) override {
    return changed("UPDATE viewers SET revoked = true WHERE org = $1 AND id = $2", Params().add(org).add(id));
  }

  // --- contributions -------------------------------------------------------

  Result<Outcome> merge_contribution(const ContributionRecord& record) override {
    Outcome outcome = Outcome::accepted;
    Status st = in_transaction([&](Connection& db) -> Status {
      auto admitted = admit(db, record.wave_key, record.group, record.dedupe, record.link);
      if (!admitted.ok()) return admitted.error();
      outcome = admitted.value();
      if (outcome != Outcome::accepted) return rollback(db);
      // The group's respondents so far, under the group row's lock: the cap
      // holds across processes.
      auto count = db.exec(
          "SELECT COALESCE(SUM(\"n\"), 0) FROM aggregates WHERE wave = $1 AND grp = $2 AND cell = 'respondents'",
          Params().add(record.wave_key).add(record.group));
      if (!count.ok()) return count.error();
      if (count->int64(0, 0) + record.statistics->respondents() > record.headcount) {
        outcome = Outcome::limit_reached;
        return rollback(db);
      }
      return add_cells(db, record.wave_key, record.group, record.statistics->role, record.statistics->cells);
    });
    if (!st.ok() && st.error().code != "store.rolled_back") return st.error();
    return outcome;
  }

  Result<Outcome> store_comment(const CommentRecord& record) override {
    Outcome outcome = Outcome::accepted;
    Status st = in_transaction([&](Connection& db) -> Status {
      auto admitted = admit(db, record.wave_key, record.group, record.dedupe, record.link);
      if (!admitted.ok()) return admitted.error();
      outcome = admitted.value();
      if (outcome != Outcome::accepted) return rollback(db);
      auto count = db.exec("SELECT COUNT(*) FROM comments WHERE wave = $1 AND grp = $2 AND question = $3",
                           Params().add(record.wave_key).add(record.group).add(record.question));
      if (!count.ok()) return count.error();
      if (count->int64(0, 0) >= record.limit) {
        outcome = Outcome::limit_reached;
        return rollback(db);
      }
      // A random key, not an order of arrival (as in the SQLite store).
      return db
          .exec("INSERT INTO comments(wave, key, grp, question, text) VALUES($1, $2, $3, $4, $5)",
                Params()
                    .add(record.wave_key)
                    .add(hex(random_bytes(16)))
                    .add(record.group)
                    .add(record.question)
                    .add(record.text))
          .status();
    });
    if (!st.ok() && st.error().code != "store.rolled_back") return st.error();
    return outcome;
  }

  Result<std::map<std::string, std::int64_t>> respondents(std::int64_t key) override {
    auto rows = query("SELECT grp, SUM(\"n\") FROM aggregates WHERE wave = $1 AND cell = 'respondents' GROUP BY grp",
                      Params().add(key));
    if (!rows.ok()) return rows.error();
    std::map<std::string, std::int64_t> out;
    for (int i = 0; i < rows->size(); ++i) out[rows->text(i, 0)] = rows->int64(i, 1);
    return out;
  }

  Result<std::vector<CellRow>> cells(std::int64_t key) override {
    std::string sql = "SELECT grp, role, cell";
    for (const StatisticField& f : kStatisticFields) sql += ", \"" + std::string(f.name) + "\"";
    // COLLATE "C": the same byte order as SQLite's, so both stores list
    // cells alike.
    sql += " FROM aggregates WHERE wave = $1 ORDER BY grp COLLATE \"C\", role COLLATE \"C\", cell COLLATE \"C\"";
    return all<CellRow>(sql, Params().add(key), [](const Rows& r, int i) {
      CellRow row{r.text(i, 0), r.text(i, 1), r.text(i, 2), {}};
      int column = 3;
      for (const StatisticField& f : kStatisticFields) row.statistic.*f.member = r.int64(i, column++);
      return row;
    });
  }

  Result<std::vector<StoredComment>> comments(std::int64_t key) override {
    return all<StoredComment>(
        "SELECT grp, question, text, key FROM comments WHERE wave = $1 ORDER BY key COLLATE \"C\"", Params().add(key),
        [](const Rows& r, int i) {
          return StoredComment{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)};
        });
  }

  Result<std::int64_t> dedupe_count(std::int64_t key) override {
    auto rows = query("SELECT COUNT(*) FROM dedupe WHERE wave = $1", Params().add(key));
    if (!rows.ok()) return rows.error();
    return rows->int64(0, 0);
  }

  Result<std::vector<std::string>> dedupe_hashes(std::int64_t key) override {
    return all<std::string>("SELECT hash FROM dedupe WHERE wave = $1 ORDER BY hash COLLATE \"C\"", Params().add(key),
                            [](const Rows& r, int i) { return r.text(i, 0); });
  }

  Status import_wave_contents(std::int64_t key, const WaveContents& contents) override {
    return in_transaction([&](Connection& db) -> Status {
      std::map<std::pair<std::string, std::string>, std::map<std::string, Statistic, std::less<>>> by_group_role;
      for (const CellRow& row : contents.cells) by_group_role[{row.group, row.role}][row.cell] = row.statistic;
      for (const auto& [group_role, cells] : by_group_role)
        if (Status st = add_cells(db, key, group_role.first, group_role.second, cells); !st.ok()) return st;
      for (const StoredComment& c : contents.comments) {
        Status st = db.exec("INSERT INTO comments(wave, key, grp, question, text) VALUES($1, $2, $3, $4, $5)",
                            Params().add(key).add(c.key).add(c.group).add(c.question).add(c.text))
                        .status();
        if (!st.ok()) return st;
      }
      if (contents.dedupe.empty()) return {};
      return db
          .exec("INSERT INTO dedupe(wave, hash) SELECT $1, h FROM unnest($2::text[]) AS h",
                Params().add(key).add(text_array(contents.dedupe)))
          .status();
    });
  }

  Status put_benchmark(const ImportedBenchmark& b) override {
    return run(
        "INSERT INTO benchmarks(id, survey_id, source, date, body) VALUES($1, $2, $3, $4, $5) ON CONFLICT(id) DO "
        "UPDATE SET survey_id = EXCLUDED.survey_id, source = EXCLUDED.source, date = EXCLUDED.date, "
        "body = EXCLUDED.body",
        Params().add(b.id).add(b.survey_id).add(b.source).add(b.date).add(b.json));
  }

  Result<std::vector<ImportedBenchmark>> benchmarks() override {
    return all<ImportedBenchmark>(
        "SELECT id, survey_id, source, date, body FROM benchmarks ORDER BY date COLLATE \"C\", id COLLATE \"C\"", {},
        [](const Rows& r, int i) {
          return ImportedBenchmark{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)};
        });
  }

  Result<std::map<std::string, std::string>> settings() override {
    auto db = pool_.lease();
    if (!db.ok()) return db.error();
    std::map<std::string, std::string> out{{"backend", "postgresql"}, {"journal_mode", "wal"}};
    for (const char* name : {"synchronous_commit", "fsync", "server_version", "default_transaction_isolation"}) {
      auto v = db.value()->exec(std::string("SHOW ") + name);
      if (!v.ok()) return v.error();
      out[name] = v->text(0, 0);
    }
    out["synchronous"] = out["synchronous_commit"];
    auto version = pg_schema_version(*db.value());
    if (!version.ok()) return version.error();
    out["schema_version"] = std::to_string(version.value());
    out["pool"] = std::to_string(location_.pool);
    return out;
  }

 private:
  // Outcome of the checks every contribution and comment pass: the wave is
  // open (row held FOR SHARE until commit), the hash is new (inserted now,
  // ON CONFLICT DO NOTHING), and the group's row is locked FOR UPDATE so
  // counts against a cap are exact across processes.
  Result<Outcome> admit(Connection& db, std::int64_t wave, const std::string& group, const std::string& hash,
                        const std::string& link) {
    auto open = db.exec("SELECT closed FROM waves WHERE key = $1 FOR SHARE", Params().add(wave));
    if (!open.ok()) return open.error();
    if (open->empty() || open->boolean(0, 0)) return Outcome::wave_closed;
    if (!link.empty()) {
      // Under the link row's lock: a revoke by any process commits before or
      // after this merge, never in between.
      auto live = db.exec("SELECT revoked FROM links WHERE hash = $1 FOR SHARE", Params().add(link));
      if (!live.ok()) return live.error();
      if (live->empty() || live->boolean(0, 0)) return Outcome::link_revoked;
    }
    auto fresh =
        db.exec("INSERT INTO dedupe(wave, hash) VALUES($1, $2) ON CONFLICT DO NOTHING", Params().add(wave).add(hash));
    if (!fresh.ok()) return fresh.error();
    if (fresh->affected() == 0) return Outcome::duplicate;
    auto locked =
        db.exec("SELECT 1 FROM wave_groups WHERE wave = $1 AND id = $2 FOR UPDATE", Params().add(wave).add(group));
    if (!locked.ok()) return locked.error();
    return Outcome::accepted;
  }

  Status add_cells(Connection& db, std::int64_t wave, const std::string& group, const std::string& role,
                   const std::map<std::string, Statistic, std::less<>>& cells) {
    std::vector<std::string> keys;
    std::vector<std::vector<std::int64_t>> columns(kStatisticFields.size());
    for (const auto& [cell, statistic] : cells) {
      keys.push_back(cell);
      for (std::size_t f = 0; f < kStatisticFields.size(); ++f)
        columns[f].push_back(statistic.*kStatisticFields[f].member);
    }
    Params p;
    p.add(wave).add(group).add(role).add(text_array(keys));
    for (const auto& column : columns) p.add(int_array(column));
    auto r = db.exec(upsert_sql_, p);
    if (!r.ok() && db.last_sqlstate() == "22003")
      return Error{"aggregate.overflow", "", "a sum would leave the 64-bit range"};
    return r.status();
  }

  // Ends the transaction without its changes and tells in_transaction so.
  static Status rollback(Connection&) { return Error{"store.rolled_back", "", ""}; }

  Status in_transaction(const std::function<Status(Connection&)>& body) {
    auto db = pool_.lease();
    if (!db.ok()) return db.error();
    Connection& c = *db.value();
    return pg::transaction(c, [&] { return body(c); });
  }

  Result<Rows> query(const std::string& sql, const Params& params) {
    auto db = pool_.lease();
    if (!db.ok()) return db.error();
    return db.value()->exec(sql, params);
  }

  Status run(const std::string& sql, const Params& params) { return query(sql, params).status(); }

  Result<bool> changed(const std::string& sql, const Params& params) {
    auto r = query(sql, params);
    if (!r.ok()) return r.error();
    return r->affected() > 0;
  }

  template <typename T, typename Read>
  Result<std::vector<T>> all(const std::string& sql, const Params& params, Read read) {
    auto rows = query(sql, params);
    if (!rows.ok()) return rows.error();
    std::vector<T> out;
    out.reserve(rows->size());
    for (int i = 0; i < rows->size(); ++i) out.push_back(read(rows.value(), i));
    return out;
  }

  template <typename T, typename Read>
  Result<std::optional<T>> one(const std::string& sql, const Params& params, Read read) {
    auto rows = all<T>(sql, params, read);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return std::optional<T>();
    return std::optional<T>(std::move(rows->front()));
  }

  std::string secret_;
  PgLocation location_;
  Pool pool_;
  const std::string upsert_sql_ = pg_aggregate_upsert_sql();
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(const std::string& location) {
  auto where = parse_pg_location(location);
  if (!where.ok()) return where.error();
  auto db = Pool::connect(where->conninfo);
  if (!db.ok()) return db.error();
  if (Status st = pg_check_schema(db.value()); !st.ok()) return st.error();
  // Acknowledged means on disk: refuse a server that does not sync.
  auto fsync = db->exec("SHOW fsync");
  if (!fsync.ok()) return fsync.error();
  if (fsync->text(0, 0) != "on")
    return Error{"store.not_durable", "",
                 "the PostgreSQL server runs with fsync off: acknowledged contributions "
                 "could be lost in a crash"};
  auto secret = load_or_create_secret(where->key_file);
  if (!secret.ok()) return secret.error();
  return std::unique_ptr<Store>(std::make_unique<PgStore>(std::move(secret.value()), std::move(where.value())));
}

Result<MigrateReport> migrate_pg_store(const std::string& location) {
  auto where = parse_pg_location(location);
  if (!where.ok()) return where.error();
  auto db = Pool::connect(where->conninfo);
  if (!db.ok()) return db.error();
  auto applied = pg_migrate(db.value());
  if (!applied.ok()) return applied.error();
  auto version = pg_schema_version(db.value());
  if (!version.ok()) return version.error();
  return MigrateReport{"postgresql", version.value(), applied.value()};
}

}  // namespace sos::serve
