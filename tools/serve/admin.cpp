// This file offers the administration of organisations, trees, waves, links
// and tokens, the close of a wave with its release, export and benchmarks.
#include "admin.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "clock.h"
#include "crypto.h"
#include "sos/release.h"
#include "sos/session.h"
#include "sos/survey.h"

namespace sos::serve {

using Json = nlohmann::json;

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

namespace {

bool valid_origin(std::string_view origin) {
  std::string_view rest;
  if (origin.rfind("https://", 0) == 0)
    rest = origin.substr(8);
  else if (origin.rfind("http://", 0) == 0)
    rest = origin.substr(7);
  else
    return false;
  if (rest.empty()) return false;
  for (char c : rest)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' || c == '[' ||
          c == ']'))
      return false;
  return true;
}

// One CSV record per line; quoted fields may hold commas and doubled quotes.
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      any = false;
      ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) return Error{"groups.bad_csv", "", "a quoted field is not closed (line " + std::to_string(line) + ")"};
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Json csv_value(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  if (!text.empty() && text.find_first_not_of("0123456789.-") == std::string::npos) {
    auto number = Json::parse(text, nullptr, false);
    if (number.is_number()) return number;
  }
  return text;
}

Error group_error(std::string kind, std::size_t index, const std::string& field, std::string message) {
  return Error{"groups." + kind, "/groups/" + std::to_string(index) + (field.empty() ? "" : "/" + field),
               std::move(message)};
}

}  // namespace

Status create_organisation(Store& store, const Organisation& org) {
  if (!valid_id(org.id)) return Error{"org.bad_id", "/id", "\"" + org.id + "\" is not 1-64 of A-Z a-z 0-9 _ . -"};
  if (org.k < kMinimumK)
    return Error{"org.bad_k", "/k", "k must be at least " + std::to_string(kMinimumK) + ", got " + std::to_string(org.k)};
  if (org.comment_k < org.k)
    return Error{"org.bad_k", "/comment_k", "the comment threshold must be at least k (" + std::to_string(org.k) + ")"};
  for (std::size_t i = 0; i < org.origins.size(); ++i)
    if (!valid_origin(org.origins[i]))
      return Error{"org.bad_origin", "/origins/" + std::to_string(i),
                   "\"" + org.origins[i] + "\" is not an origin like https://intranet.example.com"};
  return store.put_organisation(org);
}

Result<std::vector<Group>> parse_groups(std::string_view text, std::string_view format) {
  std::vector<Group> out;
  if (format == "csv") {
    auto rows = parse_csv(text);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return Error{"groups.bad_csv", "", "no header line"};
    const auto& header = rows->front();
    static const char* const kColumns[] = {"id", "parent", "name", "headcount"};
    for (int i = 0; i < 4; ++i)
      if (header.size() <= static_cast<std::size_t>(i) || header[i] != kColumns[i])
        return Error{"groups.bad_csv", "", std::string("the header must start with id,parent,name,headcount; column ") +
                                               std::to_string(i + 1) + " should be " + kColumns[i]};
    for (std::size_t r = 1; r < rows->size(); ++r) {
      const auto& row = rows.value()[r];
      std::size_t index = r - 1;
      if (row.size() != header.size())
        return group_error("bad_csv", index, "", "line " + std::to_string(r + 1) + " has " + std::to_string(row.size()) +
                                                     " fields, the header " + std::to_string(header.size()));
      Group g{row[0], row[1], row[2], "{}", 0};
      Json headcount = csv_value(row[3]);
      if (!headcount.is_number_unsigned())
        return group_error("bad_headcount", index, "headcount", "\"" + row[3] + "\" is not a whole number >= 0");
      g.headcount = headcount.get<std::int64_t>();
      Json attributes = Json::object();
      for (std::size_t c = 4; c < header.size(); ++c)
        if (!row[c].empty()) attributes[header[c]] = csv_value(row[c]);
      g.attributes_json = attributes.dump();
      out.push_back(std::move(g));
    }
  } else if (format == "json") {
    Json doc = Json::parse(text, nullptr, false);
    if (doc.is_discarded()) return Error{"groups.bad_json", "", "not valid JSON"};
    if (!doc.is_object() || doc.value("format", "") != "sos-groups/1")
      return Error{"groups.bad_format", "/format", "must be \"sos-groups/1\""};
    if (!doc.contains("groups") || !doc["groups"].is_array())
      return Error{"groups.bad_format", "/groups", "must be an array"};
    for (std::size_t i = 0; i < doc["groups"].size(); ++i) {
      const Json& item = doc["groups"][i];
      if (!item.is_object()) return group_error("bad_format", i, "", "must be an object");
      for (auto it = item.begin(); it != item.end(); ++it)
        if (it.key() != "id" && it.key() != "parent" && it.key() != "name" && it.key() != "headcount" &&
            it.key() != "attributes")
          return group_error("unknown_field", i, it.key(), "unknown field");
      for (const char* key : {"id", "name"})
        if (!item.contains(key) || !item[key].is_string()) return group_error("bad_format", i, key, "missing or not a string");
      if (item.contains("parent") && !item["parent"].is_string() && !item["parent"].is_null())
        return group_error("bad_format", i, "parent", "must be a string or null");
      if (!item.contains("headcount") || !item["headcount"].is_number_unsigned())
        return group_error("bad_headcount", i, "headcount", "must be a whole number >= 0");
      if (item.contains("attributes") && !item["attributes"].is_object())
        return group_error("bad_format", i, "attributes", "must be an object");
      Group g;
      g.id = item["id"];
      g.name = item["name"];
      g.parent = item.contains("parent") && item["parent"].is_string() ? item["parent"].get<std::string>() : "";
      g.headcount = item["headcount"].get<std::int64_t>();
      g.attributes_json = item.value("attributes", Json::object()).dump();
      out.push_back(std::move(g));
    }
  } else {
    return Error{"groups.bad_format", "", "unknown format \"" + std::string(format) + "\" (csv or json)"};
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!valid_id(out[i].id)) return group_error("bad_id", i, "id", "\"" + out[i].id + "\" is not 1-64 of A-Z a-z 0-9 _ . -");
    if (out[i].name.empty()) return group_error("bad_name", i, "name", "a group needs a name");
    if (out[i].headcount > 1000000) return group_error("bad_headcount", i, "headcount", "more than 1,000,000");
  }
  return out;
}

Status import_groups(Store& store, const std::string& org, const std::vector<Group>& groups) {
  auto existing_org = store.organisation(org);
  if (!existing_org.ok()) return existing_org.error();
  if (!existing_org.value()) return Error{"org.unknown", "", "no organisation " + org};
  auto current = store.groups(org);
  if (!current.ok()) return current.error();
  std::map<std::string, std::string> parent_of;
  for (const Group& g : current.value()) parent_of[g.id] = g.parent;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (!seen.insert(groups[i].id).second)
      return group_error("duplicate_id", i, "id", "\"" + groups[i].id + "\" appears twice in the import");
    parent_of[groups[i].id] = groups[i].parent;
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const std::string& parent = groups[i].parent;
    if (!parent.empty() && !parent_of.count(parent))
      return group_error("unknown_parent", i, "parent", "no group \"" + parent + "\" in the import or the tree");
    // Walking up more steps than there are groups means a cycle.
    std::string at = groups[i].id;
    for (std::size_t steps = 0; !at.empty(); ++steps) {
      if (steps > parent_of.size())
        return group_error("cycle", i, "parent", "moving \"" + groups[i].id + "\" here would make a cycle");
      at = parent_of[at];
    }
  }
  return store.put_groups(org, groups);
}

Result<Wave> create_wave(Store& store, const WaveSpec& spec) {
  auto org = store.organisation(spec.org);
  if (!org.ok()) return org.error();
  if (!org.value()) return Error{"org.unknown", "", "no organisation " + spec.org};
  if (!valid_id(spec.id)) return Error{"wave.bad_id", "/id", "\"" + spec.id + "\" is not 1-64 of A-Z a-z 0-9 _ . -"};
  if (spec.closes_at <= spec.opens_at) return Error{"wave.bad_dates", "/closes", "the wave must close after it opens"};
  if (spec.grace_seconds < 0) return Error{"wave.bad_dates", "/grace", "the grace period cannot be negative"};
  LoadResult loaded = load_survey(spec.survey_json);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.diagnostics)
      if (d.severity == Severity::error) return d.error;
    return Error{"wave.bad_survey", "", "the survey does not load"};
  }
  auto existing = store.wave(spec.org, spec.id);
  if (!existing.ok()) return existing.error();
  if (existing.value()) return Error{"wave.exists", "/id", "the organisation has a wave " + spec.id + " already"};
  auto tree = store.groups(spec.org);
  if (!tree.ok()) return tree.error();
  if (tree->empty()) return Error{"wave.no_groups", "", "import the organisation's groups first"};
  const Survey& survey = *loaded.survey;
  for (const Group& g : tree.value()) {
    auto session = Session::start(loaded.survey, SessionStart{survey.roles.front().id, "", g.attributes_json});
    if (!session.ok())
      return Error{"wave.bad_group_attributes", "/groups/" + g.id +
                       (session.error().pointer.size() > 6 ? session.error().pointer.substr(6) : ""),
                   "group " + g.id + ": " + session.error().message};
  }
  Wave w;
  w.org = spec.org;
  w.id = spec.id;
  w.title = spec.title.empty() ? spec.id : spec.title;
  w.survey_json = spec.survey_json;
  w.survey_id = survey.id;
  w.survey_version = survey.version;
  w.opens_at = spec.opens_at;
  w.closes_at = spec.closes_at;
  w.grace_seconds = spec.grace_seconds;
  auto key = store.create_wave(w, tree.value());
  if (!key.ok()) return key.error();
  w.key = key.value();
  return w;
}

namespace {

// The whole-organisation aggregate of the latest closed wave of `survey_id`
// for each organisation other than `except`.
Result<std::map<std::string, Aggregate, std::less<>>> benchmark_inputs(Store& store, const std::string& survey_id,
                                                                       const std::string& except) {
  std::map<std::string, Aggregate, std::less<>> out;
  auto orgs = store.organisations();
  if (!orgs.ok()) return orgs.error();
  for (const Organisation& o : orgs.value()) {
    if (o.id == except) continue;
    auto waves = store.waves(o.id);
    if (!waves.ok()) return waves.error();
    const Wave* latest = nullptr;
    for (const Wave& w : waves.value())
      if (w.closed && w.survey_id == survey_id && (!latest || w.closes_at >= latest->closes_at)) latest = &w;
    if (!latest) continue;
    auto cells = store.cells(latest->key);
    if (!cells.ok()) return cells.error();
    Aggregate total{latest->survey_id, latest->survey_version, "", {}};
    for (const CellRow& row : cells.value()) {
      Statistic& s = total.cells[row.cell];
      for (const StatisticField& f : kStatisticFields) s.*f.member += row.statistic.*f.member;
    }
    out.emplace(o.id, std::move(total));
  }
  return out;
}

std::string today() { return iso_time(now_seconds()).substr(0, 10); }

Result<std::string> compute_release(Store& store, const Organisation& org, const Wave& wave) {
  LoadResult loaded = load_survey(wave.survey_json);
  if (!loaded.ok()) return Error{"wave.bad_survey", "", "the wave's pinned survey no longer loads"};
  const Survey& survey = *loaded.survey;
  auto tree = store.wave_groups(wave.key);
  if (!tree.ok()) return tree.error();
  auto cells = store.cells(wave.key);
  if (!cells.ok()) return cells.error();
  ReleaseInput in;
  for (const Group& g : tree.value()) in.groups.push_back({g.id, g.parent, g.headcount});
  std::map<std::pair<std::string, std::string>, Aggregate> by_group_role;
  for (const CellRow& row : cells.value()) {
    auto& a = by_group_role[{row.group, row.role}];
    a.survey = survey.id;
    a.version = survey.version;
    a.role = row.role;
    a.cells[row.cell] = row.statistic;
  }
  for (auto& [key, aggregate] : by_group_role) in.aggregates.push_back({key.first, std::move(aggregate)});
  in.options.k = org.k;
  in.options.comment_threshold = org.comment_k;
  auto release = release_figures(survey, in);
  if (!release.ok()) return release.error();
  auto comment_ok = comment_groups(survey, in);
  if (!comment_ok.ok()) return comment_ok.error();
  std::set<std::string> released_comment_groups(comment_ok->begin(), comment_ok->end());
  auto comments = store.comments(wave.key);
  if (!comments.ok()) return comments.error();
  Json released_comments = Json::array();
  for (const StoredComment& c : comments.value())
    if (released_comment_groups.count(c.group))
      released_comments.push_back({{"group", c.group}, {"question", c.question}, {"text", c.text}});

  Json body = {{"format", "sos-wave-release/1"},
               {"organisation", org.id},
               {"wave", wave.id},
               {"release", Json::parse(release_to_json(release.value()))},
               {"comments", released_comments},
               {"benchmark", nullptr},
               {"imported_benchmark", nullptr}};
  auto others = benchmark_inputs(store, survey.id, org.id);
  if (!others.ok()) return others.error();
  BenchmarkOptions options;
  options.k = std::max(org.k, kDefaultK);
  options.source = "this installation";
  options.date = today();
  auto benchmark = compute_benchmark(survey, others.value(), org.id, options);
  if (!benchmark.ok()) return benchmark.error();
  body["benchmark"] = Json::parse(benchmark_to_json(benchmark.value()));
  auto imported = store.benchmarks();
  if (!imported.ok()) return imported.error();
  for (const ImportedBenchmark& b : imported.value())
    if (b.survey_id == survey.id) body["imported_benchmark"] = Json::parse(b.json);  // the latest by date wins
  return body.dump();
}

}  // namespace

Status close_wave(Store& store, const std::string& org_id, const std::string& wave_id) {
  auto org = store.organisation(org_id);
  if (!org.ok()) return org.error();
  if (!org.value()) return Error{"org.unknown", "", "no organisation " + org_id};
  auto wave = store.wave(org_id, wave_id);
  if (!wave.ok()) return wave.error();
  if (!wave.value()) return Error{"wave.unknown", "", "no wave " + wave_id + " in " + org_id};
  auto released = store.release(wave.value()->key);
  if (!released.ok()) return released.error();
  if (released.value()) return Error{"wave.closed", "", "the wave is closed and its figures released already"};
  // First close (no merge lands after this commits), then read and release:
  // the figures are computed over exactly what the store holds for good.
  if (auto closed = store.close_wave(wave.value()->key); !closed.ok()) return closed.error();
  auto body = compute_release(store, *org.value(), *wave.value());
  if (!body.ok()) return body.error();
  Status put = store.put_release(wave.value()->key, body.value());
  // Another process on the store (a server's close check, say) released it
  // between our check and now: for the caller that is simply a closed wave.
  if (!put.ok() && put.error().code == "store.released")
    return Error{"wave.closed", "", "the wave was closed and its figures released a moment ago"};
  return put;
}

Result<int> close_due_waves(Store& store, std::int64_t now) {
  auto orgs = store.organisations();
  if (!orgs.ok()) return orgs.error();
  int closed = 0;
  for (const Organisation& o : orgs.value()) {
    auto waves = store.waves(o.id);
    if (!waves.ok()) return waves.error();
    for (const Wave& w : waves.value()) {
      if (now < w.closes_at + w.grace_seconds) continue;
      auto released = store.release(w.key);
      if (!released.ok()) return released.error();
      if (released.value()) continue;
      // Another process sharing the store may have released it a moment ago.
      Status st = close_wave(store, o.id, w.id);
      if (!st.ok() && st.error().code == "wave.closed") continue;
      if (!st.ok()) return st.error();
      ++closed;
    }
  }
  return closed;
}

Result<IssuedToken> issue_link(Store& store, const std::string& org, const std::string& wave_id,
                               const std::string& group, LinkMode mode) {
  auto wave = store.wave(org, wave_id);
  if (!wave.ok()) return wave.error();
  if (!wave.value()) return Error{"wave.unknown", "", "no wave " + wave_id + " in " + org};
  if (wave.value()->closed) return Error{"wave.closed", "", "the wave is closed"};
  auto g = store.wave_group(wave.value()->key, group);
  if (!g.ok()) return g.error();
  if (!g.value()) return Error{"group.unknown", "", "no group " + group + " in wave " + wave_id};
  IssuedToken out{random_token(), ""};
  std::string hash = keyed_hash(store.secret(), "link", out.token);
  out.id = hash.substr(0, 12);
  Link link{out.id, org, wave_id, wave.value()->key, group, mode, false, hash};
  if (Status st = store.put_link(hash, link); !st.ok()) return st.error();
  return out;
}

Result<IssuedToken> issue_viewer(Store& store, const std::string& org, const std::string& subtree,
                                 const std::string& label, std::int64_t expires_at) {
  auto o = store.organisation(org);
  if (!o.ok()) return o.error();
  if (!o.value()) return Error{"org.unknown", "", "no organisation " + org};
  if (!subtree.empty()) {
    auto groups = store.groups(org);
    if (!groups.ok()) return groups.error();
    if (std::none_of(groups->begin(), groups->end(), [&](const Group& g) { return g.id == subtree; }))
      return Error{"group.unknown", "", "no group " + subtree + " in " + org};
  }
  if (expires_at <= now_seconds()) return Error{"viewer.bad_expiry", "", "the token would expire before it is used"};
  IssuedToken out{random_token(), ""};
  std::string hash = keyed_hash(store.secret(), "viewer", out.token);
  out.id = hash.substr(0, 12);
  if (Status st = store.put_viewer(hash, ViewerToken{out.id, org, subtree, label, expires_at, false, hash}); !st.ok())
    return st.error();
  return out;
}

Result<std::string> export_organisation(Store& store, const std::string& org_id) {
  auto org = store.organisation(org_id);
  if (!org.ok()) return org.error();
  if (!org.value()) return Error{"org.unknown", "", "no organisation " + org_id};
  const Organisation& o = *org.value();
  Json doc = {{"format", "sos-org-export/1"},
              {"organisation",
               {{"id", o.id}, {"name", o.name}, {"origins", o.origins}, {"k", o.k}, {"comment_k", o.comment_k},
                {"synthetic", o.synthetic}}},
              {"groups", Json::array()},
              {"waves", Json::array()}};
  auto groups = store.groups(o.id);
  if (!groups.ok()) return groups.error();
  auto group_json = [](const Group& g) {
    return Json{{"id", g.id}, {"parent", g.parent.empty() ? Json() : Json(g.parent)}, {"name", g.name},
                {"headcount", g.headcount}, {"attributes", Json::parse(g.attributes_json)}};
  };
  for (const Group& g : groups.value()) doc["groups"].push_back(group_json(g));
  auto waves = store.waves(o.id);
  if (!waves.ok()) return waves.error();
  for (const Wave& w : waves.value()) {
    Json wave = {{"id", w.id}, {"title", w.title}, {"opens", iso_time(w.opens_at)}, {"closes", iso_time(w.closes_at)},
                 {"grace_seconds", w.grace_seconds}, {"closed", w.closed},
                 {"survey", Json::parse(w.survey_json)}, {"groups", Json::array()}, {"aggregates", Json::array()},
                 {"comments", Json::array()}, {"release", nullptr}};
    auto tree = store.wave_groups(w.key);
    if (!tree.ok()) return tree.error();
    for (const Group& g : tree.value()) wave["groups"].push_back(group_json(g));
    auto cells = store.cells(w.key);
    if (!cells.ok()) return cells.error();
    for (const CellRow& row : cells.value()) {
      Json r = {{"group", row.group}, {"role", row.role}, {"cell", row.cell}};
      for (const StatisticField& f : kStatisticFields) r[std::string(f.name)] = row.statistic.*f.member;
      wave["aggregates"].push_back(std::move(r));
    }
    auto comments = store.comments(w.key);
    if (!comments.ok()) return comments.error();
    for (const StoredComment& c : comments.value())
      wave["comments"].push_back({{"group", c.group}, {"question", c.question}, {"text", c.text}});
    auto release = store.release(w.key);
    if (!release.ok()) return release.error();
    if (release.value()) wave["release"] = Json::parse(*release.value());
    doc["waves"].push_back(std::move(wave));
  }
  return doc.dump(2);
}

Result<std::string> export_benchmark(Store& store, const std::string& survey_id, const std::string& source,
                                     const std::string& date) {
  auto inputs = benchmark_inputs(store, survey_id, "");
  if (!inputs.ok()) return inputs.error();
  // The survey definition of the latest closed wave that used it gives the
  // dimensions.
  std::string survey_json;
  std::int64_t latest = -1;
  auto orgs = store.organisations();
  if (!orgs.ok()) return orgs.error();
  for (const Organisation& o : orgs.value()) {
    auto waves = store.waves(o.id);
    if (!waves.ok()) return waves.error();
    for (const Wave& w : waves.value())
      if (w.closed && w.survey_id == survey_id && w.closes_at > latest) {
        latest = w.closes_at;
        survey_json = w.survey_json;
      }
  }
  if (survey_json.empty()) return Error{"benchmark.no_waves", "", "no closed wave used the survey " + survey_id};
  LoadResult loaded = load_survey(survey_json);
  if (!loaded.ok()) return Error{"wave.bad_survey", "", "the pinned survey does not load"};
  BenchmarkOptions options;
  options.source = source;
  options.date = date.empty() ? today() : date;
  auto benchmark = compute_benchmark(*loaded.survey, inputs.value(), "", options);
  if (!benchmark.ok()) return benchmark.error();
  return benchmark_to_json(benchmark.value());
}

Result<ImportedBenchmark> import_benchmark(Store& store, std::string_view json_text) {
  auto benchmark = parse_benchmark(json_text);
  if (!benchmark.ok()) return benchmark.error();
  ImportedBenchmark b{benchmark->survey + "@" + benchmark->source + "@" + benchmark->date, benchmark->survey,
                      benchmark->source, benchmark->date, benchmark_to_json(benchmark.value())};
  if (b.source.empty()) return Error{"benchmark.no_source", "/source", "an imported benchmark must name its source"};
  if (Status st = store.put_benchmark(b); !st.ok()) return st.error();
  return b;
}

}  // namespace sos::serve
