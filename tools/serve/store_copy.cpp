// This file offers copy_store and verify_copy: a whole installation moved
// between stores through the Store interface, then compared item by item.
#include "store_copy.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

namespace sos::serve {
namespace {

using Json = nlohmann::json;

// A JSON Pointer token: ~ and / escaped (RFC 6901).
std::string token(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return "/" + out;
}

Error mismatch(const std::string& pointer, const std::string& what) {
  return Error{"copy.mismatch", pointer, what + " differs after the copy"};
}

Json org_json(const Organisation& o) {
  return {{"name", o.name}, {"origins", o.origins}, {"k", o.k}, {"comment_k", o.comment_k}, {"synthetic", o.synthetic}};
}
Json group_json(const Group& g) {
  return {{"parent", g.parent}, {"name", g.name}, {"attributes", g.attributes_json}, {"headcount", g.headcount}};
}
Json wave_json(const Wave& w) {
  return {{"key", w.key},
          {"title", w.title},
          {"survey", w.survey_json},
          {"survey_id", w.survey_id},
          {"version", w.survey_version},
          {"opens_at", w.opens_at},
          {"closes_at", w.closes_at},
          {"grace", w.grace_seconds},
          {"closed", w.closed}};
}
Json link_json(const Link& l) {
  return {{"hash", l.hash},
          {"wave", l.wave},
          {"wave_key", l.wave_key},
          {"group", l.group},
          {"mode", link_mode_name(l.mode)},
          {"revoked", l.revoked}};
}
Json viewer_json(const ViewerToken& v) {
  return {{"hash", v.hash},
          {"subtree", v.subtree},
          {"label", v.label},
          {"expires_at", v.expires_at},
          {"revoked", v.revoked}};
}

// Two lists keyed by id: the first id missing on either side or differing.
template <typename T, typename Id, typename Describe>
Status same_items(const std::string& pointer, const std::string& what, const std::vector<T>& a, const std::vector<T>& b,
                  Id id, Describe describe) {
  std::map<std::string, Json> left, right;
  for (const T& x : a) left[id(x)] = describe(x);
  for (const T& x : b) right[id(x)] = describe(x);
  for (const auto& [key, value] : left) {
    auto it = right.find(key);
    if (it == right.end()) return Error{"copy.mismatch", pointer + token(key), what + " missing after the copy"};
    if (it->second != value) return mismatch(pointer + token(key), what);
  }
  for (const auto& [key, value] : right)
    if (!left.count(key)) return Error{"copy.mismatch", pointer + token(key), what + " not in the source"};
  return {};
}

Status same_cells(const std::string& pointer, const std::vector<CellRow>& a, const std::vector<CellRow>& b) {
  auto index = [](const std::vector<CellRow>& rows) {
    std::map<std::string, Statistic> out;
    for (const CellRow& r : rows) out[token(r.group) + token(r.role) + token(r.cell)] = r.statistic;
    return out;
  };
  auto left = index(a), right = index(b);
  for (const auto& [key, statistic] : left) {
    auto it = right.find(key);
    if (it == right.end()) return Error{"copy.mismatch", pointer + key, "aggregate cell missing after the copy"};
    for (const StatisticField& f : kStatisticFields)
      if (statistic.*f.member != it->second.*f.member)
        return Error{"copy.mismatch", pointer + key + token(std::string(f.name)),
                     "aggregate differs after the copy: " + std::to_string(statistic.*f.member) + " in the source, " +
                         std::to_string(it->second.*f.member) + " in the copy"};
  }
  for (const auto& [key, statistic] : right)
    if (!left.count(key)) return Error{"copy.mismatch", pointer + key, "aggregate cell not in the source"};
  return {};
}

}  // namespace

Status verify_copy(Store& from, Store& to) {
  auto benchmarks_a = from.benchmarks(), benchmarks_b = to.benchmarks();
  if (!benchmarks_a.ok()) return benchmarks_a.error();
  if (!benchmarks_b.ok()) return benchmarks_b.error();
  auto benchmark_json = [](const ImportedBenchmark& b) {
    return Json{{"survey_id", b.survey_id}, {"source", b.source}, {"date", b.date}, {"json", b.json}};
  };
  if (Status st = same_items(
          "/benchmarks", "imported benchmark", benchmarks_a.value(), benchmarks_b.value(),
          [](const ImportedBenchmark& b) { return b.id; }, benchmark_json);
      !st.ok())
    return st;

  auto orgs_a = from.organisations(), orgs_b = to.organisations();
  if (!orgs_a.ok()) return orgs_a.error();
  if (!orgs_b.ok()) return orgs_b.error();
  auto org_id = [](const Organisation& o) { return o.id; };
  if (Status st = same_items("/organisations", "organisation", orgs_a.value(), orgs_b.value(), org_id, org_json);
      !st.ok())
    return st;

  for (const Organisation& org : orgs_a.value()) {
    std::string at = "/organisations" + token(org.id);
    auto groups_a = from.groups(org.id), groups_b = to.groups(org.id);
    if (!groups_a.ok()) return groups_a.error();
    if (!groups_b.ok()) return groups_b.error();
    auto group_id = [](const Group& g) { return g.id; };
    if (Status st = same_items(at + "/groups", "group", groups_a.value(), groups_b.value(), group_id, group_json);
        !st.ok())
      return st;
    auto links_a = from.links(org.id, ""), links_b = to.links(org.id, "");
    if (!links_a.ok()) return links_a.error();
    if (!links_b.ok()) return links_b.error();
    if (Status st = same_items(
            at + "/links", "link", links_a.value(), links_b.value(), [](const Link& l) { return l.id; }, link_json);
        !st.ok())
      return st;
    auto viewers_a = from.viewers(org.id), viewers_b = to.viewers(org.id);
    if (!viewers_a.ok()) return viewers_a.error();
    if (!viewers_b.ok()) return viewers_b.error();
    if (Status st = same_items(
            at + "/viewers", "viewer token", viewers_a.value(), viewers_b.value(),
            [](const ViewerToken& v) { return v.id; }, viewer_json);
        !st.ok())
      return st;

    auto waves_a = from.waves(org.id), waves_b = to.waves(org.id);
    if (!waves_a.ok()) return waves_a.error();
    if (!waves_b.ok()) return waves_b.error();
    auto wave_id = [](const Wave& w) { return w.id; };
    if (Status st = same_items(at + "/waves", "wave", waves_a.value(), waves_b.value(), wave_id, wave_json); !st.ok())
      return st;
    for (const Wave& w : waves_a.value()) {
      std::string wave_at = at + "/waves" + token(w.id);
      auto tree_a = from.wave_groups(w.key), tree_b = to.wave_groups(w.key);
      if (!tree_a.ok()) return tree_a.error();
      if (!tree_b.ok()) return tree_b.error();
      if (Status st =
              same_items(wave_at + "/groups", "wave group", tree_a.value(), tree_b.value(), group_id, group_json);
          !st.ok())
        return st;
      auto cells_a = from.cells(w.key), cells_b = to.cells(w.key);
      if (!cells_a.ok()) return cells_a.error();
      if (!cells_b.ok()) return cells_b.error();
      if (Status st = same_cells(wave_at + "/cells", cells_a.value(), cells_b.value()); !st.ok()) return st;
      auto comments_a = from.comments(w.key), comments_b = to.comments(w.key);
      if (!comments_a.ok()) return comments_a.error();
      if (!comments_b.ok()) return comments_b.error();
      auto comment_json = [](const StoredComment& c) {
        return Json{{"group", c.group}, {"question", c.question}, {"text", c.text}};
      };
      if (Status st = same_items(
              wave_at + "/comments", "comment", comments_a.value(), comments_b.value(),
              [](const StoredComment& c) { return c.key; }, comment_json);
          !st.ok())
        return st;
      auto dedupe_a = from.dedupe_hashes(w.key), dedupe_b = to.dedupe_hashes(w.key);
      if (!dedupe_a.ok()) return dedupe_a.error();
      if (!dedupe_b.ok()) return dedupe_b.error();
      auto hash_id = [](const std::string& h) { return h; };
      auto hash_json = [](const std::string&) { return Json(true); };
      if (Status st =
              same_items(wave_at + "/dedupe", "dedupe hash", dedupe_a.value(), dedupe_b.value(), hash_id, hash_json);
          !st.ok())
        return st;
      auto release_a = from.release(w.key), release_b = to.release(w.key);
      if (!release_a.ok()) return release_a.error();
      if (!release_b.ok()) return release_b.error();
      if (release_a.value() != release_b.value()) return mismatch(wave_at + "/release", "released figures");
    }
  }
  return {};
}

Result<CopyReport> copy_store(Store& from, Store& to) {
  if (from.secret() != to.secret())
    return Error{"copy.secret_mismatch", "",
                 "the target's server key differs from the source's: links, tokens and dedupe hashes would no "
                 "longer match (give the target the source's secret.key)"};
  auto existing = to.organisations();
  if (!existing.ok()) return existing.error();
  if (!existing->empty())
    return Error{"copy.target_not_empty", "/organisations" + token(existing->front().id),
                 "the target store holds organisations already; copy into an empty store"};
  CopyReport report;
  auto benchmarks = from.benchmarks();
  if (!benchmarks.ok()) return benchmarks.error();
  for (const ImportedBenchmark& b : benchmarks.value()) {
    if (Status st = to.put_benchmark(b); !st.ok()) return st.error();
    ++report.benchmarks;
  }
  auto orgs = from.organisations();
  if (!orgs.ok()) return orgs.error();
  for (const Organisation& org : orgs.value()) {
    if (Status st = to.put_organisation(org); !st.ok()) return st.error();
    ++report.organisations;
    auto groups = from.groups(org.id);
    if (!groups.ok()) return groups.error();
    if (Status st = to.put_groups(org.id, groups.value()); !st.ok()) return st.error();
    report.groups += static_cast<std::int64_t>(groups->size());

    auto waves = from.waves(org.id);
    if (!waves.ok()) return waves.error();
    for (const Wave& w : waves.value()) {
      auto tree = from.wave_groups(w.key);
      if (!tree.ok()) return tree.error();
      Wave open = w;
      open.closed = false;
      auto key = to.create_wave(open, tree.value());
      if (!key.ok()) return key.error();
      if (key.value() != w.key)
        return Error{
            "copy.mismatch", "/organisations" + token(org.id) + "/waves" + token(w.id) + "/key",
            "the target numbered the wave " + std::to_string(key.value()) + " instead of " + std::to_string(w.key)};
      WaveContents contents;
      auto cells = from.cells(w.key);
      if (!cells.ok()) return cells.error();
      auto comments = from.comments(w.key);
      if (!comments.ok()) return comments.error();
      auto dedupe = from.dedupe_hashes(w.key);
      if (!dedupe.ok()) return dedupe.error();
      contents.cells = std::move(cells.value());
      contents.comments = std::move(comments.value());
      contents.dedupe = std::move(dedupe.value());
      if (Status st = to.import_wave_contents(w.key, contents); !st.ok()) return st.error();
      report.cells += static_cast<std::int64_t>(contents.cells.size());
      report.comments += static_cast<std::int64_t>(contents.comments.size());
      report.dedupe += static_cast<std::int64_t>(contents.dedupe.size());
      if (w.closed) {
        if (auto closed = to.close_wave(w.key); !closed.ok()) return closed.error();
        auto release = from.release(w.key);
        if (!release.ok()) return release.error();
        if (release->has_value()) {
          if (Status st = to.put_release(w.key, *release.value()); !st.ok()) return st.error();
          ++report.releases;
        }
      }
      ++report.waves;
    }

    // Adding a link revokes the live one of its wave, group and mode: the
    // revoked ones go first, then the live ones, then the revocations.
    auto links = from.links(org.id, "");
    if (!links.ok()) return links.error();
    std::stable_sort(links->begin(), links->end(), [](const Link& a, const Link& b) { return a.revoked > b.revoked; });
    for (const Link& l : links.value())
      if (Status st = to.put_link(l.hash, l); !st.ok()) return st.error();
    for (const Link& l : links.value()) {
      if (!l.revoked) continue;
      if (auto r = to.revoke_link(org.id, l.id); !r.ok()) return r.error();
    }
    report.links += static_cast<std::int64_t>(links->size());
    auto viewers = from.viewers(org.id);
    if (!viewers.ok()) return viewers.error();
    for (const ViewerToken& v : viewers.value()) {
      if (Status st = to.put_viewer(v.hash, v); !st.ok()) return st.error();
      if (v.revoked)
        if (auto r = to.revoke_viewer(org.id, v.id); !r.ok()) return r.error();
    }
    report.viewers += static_cast<std::int64_t>(viewers->size());
  }
  if (Status st = verify_copy(from, to); !st.ok()) return st.error();
  return report;
}

Status install_secret(const std::string& path, const std::string& secret) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return Error{"store.secret", "", "cannot create the server key " + path + ": " + std::strerror(errno)};
  }
  bool ok = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error{"store.secret", "", "cannot write the server key " + path + ": " + std::strerror(errno)};
  return {};
}

}  // namespace sos::serve
