// This file offers the "sos-release/1" JSON form: release_to_json and
// parse_release (docs/release-format.md).
#include "release_json.h"

#include <charconv>
#include <set>

#include "json_adapter.h"
#include "sos/release.h"

namespace sos {

namespace {

// A release of a large organisation holds millions of cells, so the text is
// written directly rather than through a JSON tree.
void append_string(std::string& out, std::string_view text) { out += detail::Json(text).dump(); }

void append_integer(std::string& out, std::int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

// A released cell as [n, sum, sumsq] (the order of kStatisticFields), a
// withheld one as null.
void append_statistic(std::string& out, const std::optional<Statistic>& cell) {
  if (!cell) {
    out += "null";
    return;
  }
  out += '[';
  bool first = true;
  for (const StatisticField& field : kStatisticFields) {
    if (!first) out += ',';
    first = false;
    append_integer(out, (*cell).*field.member);
  }
  out += ']';
}

const char* state_name(WaveState state) { return state == WaveState::open ? "open" : "closed"; }

}  // namespace

std::string release_to_json(const Release& release) {
  std::string out;
  std::size_t role_count = 0;
  for (const GroupFigures& group : release.groups) role_count += group.roles.size();
  out.reserve(256 + release.groups.size() * 160 + role_count * (32 + release.keys.size() * 6));
  out += "{\"format\":";
  append_string(out, kReleaseFormat);
  out += ",\"survey\":";
  append_string(out, release.survey);
  out += ",\"version\":";
  append_string(out, release.version);
  out += ",\"state\":\"";
  out += state_name(release.state);
  out += "\",\"k\":" + std::to_string(release.k) + ",\"managerRole\":";
  append_string(out, release.manager_role);
  out += ",\"keys\":[";
  for (std::size_t i = 0; i < release.keys.size(); ++i) {
    if (i) out += ',';
    append_string(out, release.keys[i]);
  }
  out += "],\"groups\":[";
  for (std::size_t g = 0; g < release.groups.size(); ++g) {
    const GroupFigures& group = release.groups[g];
    out += g ? ",{\"id\":" : "{\"id\":";
    append_string(out, group.group);
    out += ",\"parent\":";
    append_string(out, group.parent);
    out += ",\"headcount\":";
    append_integer(out, group.headcount);
    out += ",\"respondents\":";
    if (group.respondents)
      append_integer(out, *group.respondents);
    else
      out += "null";
    out += std::string(",\"managersIncluded\":") + (group.managers_included ? "true" : "false");
    out += std::string(",\"comments\":") + (group.comments ? "true" : "false");
    out += ",\"roles\":[";
    for (std::size_t j = 0; j < group.roles.size(); ++j) {
      const RoleFigures& figures = group.roles[j];
      out += j ? ",{\"role\":" : "{\"role\":";
      append_string(out, figures.role);
      out += ",\"cells\":[";
      for (std::size_t c = 0; c < release.keys.size(); ++c) {
        if (c) out += ',';
        append_statistic(out, c < figures.cells.size() ? figures.cells[c] : std::nullopt);
      }
      out += "]}";
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

namespace {

const std::string kCode = "release.bad_format";

Error bad(const std::string& pointer, const std::string& message) { return Error{kCode, pointer, message}; }

Error type_error(const std::string& pointer, std::string_view expected, const detail::Json& value) {
  return bad(pointer, "must be " + std::string(expected) + ", but is " + detail::json_type_name(value));
}

Status check_fields(const detail::Json& object, const std::string& pointer,
                    std::initializer_list<std::string_view> fields) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (std::string_view f : fields) known = known || it.key() == f;
    if (!known) return bad(detail::pointer_join(pointer, it.key()), "unknown field \"" + it.key() + "\"");
  }
  for (std::string_view f : fields)
    if (!object.contains(std::string(f))) return bad(detail::pointer_join(pointer, f), "missing");
  return {};
}

Result<std::int64_t> read_count(const detail::Json& value, const std::string& pointer) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
    return type_error(pointer, "a non-negative integer", value);
  return value.get<std::int64_t>();
}

Result<std::string> read_string(const detail::Json& value, const std::string& pointer) {
  if (!value.is_string()) return type_error(pointer, "a string", value);
  return value.get<std::string>();
}

Result<std::optional<Statistic>> read_statistic(const detail::Json& value, const std::string& pointer) {
  if (value.is_null()) return std::optional<Statistic>();
  if (!value.is_array() || value.size() != kStatisticFields.size())
    return bad(pointer, "must be null (withheld) or [n, sum, sumsq], but is " + value.dump());
  Statistic out;
  for (std::size_t i = 0; i < kStatisticFields.size(); ++i) {
    if (!value[i].is_number_integer()) return type_error(detail::pointer_join(pointer, i), "an integer", value[i]);
    out.*kStatisticFields[i].member = value[i].get<std::int64_t>();
  }
  return std::optional<Statistic>(out);
}

Result<RoleFigures> read_role(const detail::Json& value, const std::string& pointer, std::size_t key_count) {
  if (!value.is_object()) return type_error(pointer, "an object", value);
  if (Status st = check_fields(value, pointer, {"role", "cells"}); !st.ok()) return st.error();
  RoleFigures out;
  auto role = read_string(value["role"], pointer + "/role");
  if (!role.ok()) return role.error();
  out.role = role.value();
  const detail::Json& cells = value["cells"];
  const std::string at = pointer + "/cells";
  if (!cells.is_array()) return type_error(at, "an array", cells);
  if (cells.size() != key_count)
    return bad(at, "holds " + std::to_string(cells.size()) + " cells, one per key would be " +
                       std::to_string(key_count) + " (a withheld cell is null)");
  out.cells.reserve(key_count);
  for (std::size_t i = 0; i < key_count; ++i) {
    auto stat = read_statistic(cells[i], detail::pointer_join(at, i));
    if (!stat.ok()) return stat.error();
    out.cells.push_back(stat.value());
  }
  return out;
}

Result<GroupFigures> read_group(const detail::Json& value, const std::string& pointer, std::size_t key_count) {
  if (!value.is_object()) return type_error(pointer, "an object", value);
  if (Status st = check_fields(value, pointer,
                               {"id", "parent", "headcount", "respondents", "managersIncluded", "comments", "roles"});
      !st.ok())
    return st.error();
  GroupFigures out;
  auto id = read_string(value["id"], pointer + "/id");
  if (!id.ok()) return id.error();
  if (id.value().empty()) return bad(pointer + "/id", "a group needs an id");
  out.group = id.value();
  auto parent = read_string(value["parent"], pointer + "/parent");
  if (!parent.ok()) return parent.error();
  out.parent = parent.value();
  auto headcount = read_count(value["headcount"], pointer + "/headcount");
  if (!headcount.ok()) return headcount.error();
  out.headcount = headcount.value();
  if (!value["respondents"].is_null()) {
    auto respondents = read_count(value["respondents"], pointer + "/respondents");
    if (!respondents.ok()) return respondents.error();
    out.respondents = respondents.value();
  }
  for (auto [key, into] : {std::pair{"managersIncluded", &out.managers_included}, {"comments", &out.comments}}) {
    if (!value[key].is_boolean()) return type_error(pointer + "/" + key, "a boolean", value[key]);
    *into = value[key].get<bool>();
  }
  const detail::Json& roles = value["roles"];
  if (!roles.is_array()) return type_error(pointer + "/roles", "an array", roles);
  std::set<std::string> seen;
  for (std::size_t j = 0; j < roles.size(); ++j) {
    const std::string at = detail::pointer_join(pointer + "/roles", j);
    auto role = read_role(roles[j], at, key_count);
    if (!role.ok()) return role.error();
    if (!seen.insert(role->role).second) return bad(at + "/role", "the role \"" + role->role + "\" appears twice");
    out.roles.push_back(std::move(role).value());
  }
  return out;
}

}  // namespace

Result<Release> parse_release(std::string_view json_text) {
  auto parsed = detail::parse_json(json_text);
  if (!parsed.ok()) return bad("", parsed.error().message);
  return detail::release_from_json(parsed.value());
}

Result<Release> detail::release_from_json(const detail::Json& doc) {
  if (!doc.is_object()) return type_error("", "an object", doc);
  if (Status st = check_fields(doc, "", {"format", "survey", "version", "state", "k", "managerRole", "keys", "groups"});
      !st.ok())
    return st.error();
  if (!doc["format"].is_string() || doc["format"].get<std::string>() != kReleaseFormat)
    return bad("/format", "must be \"" + std::string(kReleaseFormat) + "\"");
  Release out;
  for (auto [key, into] :
       {std::pair{"survey", &out.survey}, {"version", &out.version}, {"managerRole", &out.manager_role}}) {
    auto text = read_string(doc[key], std::string("/") + key);
    if (!text.ok()) return text.error();
    *into = text.value();
  }
  const detail::Json& state = doc["state"];
  if (state == "open")
    out.state = WaveState::open;
  else if (state == "closed")
    out.state = WaveState::closed;
  else
    return bad("/state", "must be \"open\" or \"closed\"");
  const detail::Json& k = doc["k"];
  if (!k.is_number_integer() || k.get<std::int64_t>() < kMinimumK || k.get<std::int64_t>() > 1'000'000)
    return type_error("/k", "an integer of at least " + std::to_string(kMinimumK), k);
  out.k = k.get<int>();
  const detail::Json& keys = doc["keys"];
  if (!keys.is_array()) return type_error("/keys", "an array", keys);
  std::set<std::string, std::less<>> seen_keys;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto key = read_string(keys[i], detail::pointer_join("/keys", i));
    if (!key.ok()) return key.error();
    if (!seen_keys.insert(key.value()).second)
      return bad(detail::pointer_join("/keys", i), "the key \"" + key.value() + "\" appears twice");
    out.keys.push_back(key.value());
  }
  const detail::Json& groups = doc["groups"];
  if (!groups.is_array()) return type_error("/groups", "an array", groups);
  std::set<std::string> seen_groups;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string at = detail::pointer_join("/groups", g);
    auto group = read_group(groups[g], at, out.keys.size());
    if (!group.ok()) return group.error();
    if (!seen_groups.insert(group->group).second)
      return bad(at + "/id", "the group \"" + group->group + "\" appears twice");
    if (out.state == WaveState::open && !group->roles.empty())
      return bad(at + "/roles", "an open wave releases no figures");
    out.groups.push_back(std::move(group).value());
  }
  if (out.state == WaveState::open && !out.keys.empty()) return bad("/keys", "an open wave releases no figures");
  return out;
}

}  // namespace sos
