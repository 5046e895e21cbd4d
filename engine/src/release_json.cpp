// This file offers the release's JSON form: release_to_json ("sos-release/2")
// and parse_release, which reads it and the older "sos-release/1"
// (docs/release-format.md), through the one-pass reader of json_doc.h.
#include "release_json.h"

#include <charconv>
#include <cmath>
#include <set>
#include <unordered_set>

#include "json_adapter.h"
#include "json_doc.h"
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
      // Most roles of a large tree's small groups are withheld whole: one
      // null instead of one per key is most of the form's saving.
      bool any = false;
      for (const auto& cell : figures.cells) any = any || cell.has_value();
      if (!any) {
        out += ",\"cells\":null}";
        continue;
      }
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

Error type_error(const std::string& pointer, std::string_view expected, detail::JsonRef value) {
  return bad(pointer, "must be " + std::string(expected) + ", but is " + std::string(value.type_name()));
}

Status check_fields(detail::JsonRef object, const std::string& pointer,
                    std::initializer_list<std::string_view> fields) {
  for (std::size_t i = 0; i < object.size(); ++i) {
    std::string_view key = object.key_at(i);
    bool known = false;
    for (std::string_view f : fields) known = known || key == f;
    if (!known) return bad(detail::pointer_join(pointer, key), "unknown field \"" + std::string(key) + "\"");
  }
  for (std::string_view f : fields)
    if (!object.contains(f)) return bad(detail::pointer_join(pointer, f), "missing");
  return {};
}

// A whole number as nlohmann reads it: exactly, beyond 2^53 too (a sum of
// squares can be that large), and only when it fits 64 bits.
std::optional<std::int64_t> integer_of(detail::JsonRef value) {
  if (!value.is_number_integer()) return std::nullopt;
  const double number = value.number();
  if (std::fabs(number) < 9e15) return static_cast<std::int64_t>(number);
  const std::string text = value.dump();  // rare: the exact digits
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

Result<std::int64_t> read_count(detail::JsonRef value, const std::string& pointer) {
  std::optional<std::int64_t> n = integer_of(value);
  if (!n || *n < 0) return type_error(pointer, "a non-negative integer", value);
  return *n;
}

Result<std::string> read_string(detail::JsonRef value, const std::string& pointer) {
  if (!value.is_string()) return type_error(pointer, "a string", value);
  return std::string(value.string());
}

Result<std::optional<Statistic>> read_statistic(detail::JsonRef value, const std::string& pointer) {
  if (value.is_null()) return std::optional<Statistic>();
  if (!value.is_array() || value.size() != kStatisticFields.size())
    return bad(pointer, "must be null (withheld) or [n, sum, sumsq], but is " + value.dump());
  Statistic out;
  for (std::size_t i = 0; i < kStatisticFields.size(); ++i) {
    std::optional<std::int64_t> n = integer_of(value[i]);
    if (!n) return type_error(detail::pointer_join(pointer, i), "an integer", value[i]);
    out.*kStatisticFields[i].member = *n;
  }
  return std::optional<Statistic>(out);
}

// `compact`: the sos-release/2 form, where a role whose every cell is
// withheld writes its cells as one null.
Result<RoleFigures> read_role(detail::JsonRef value, const std::string& pointer, std::size_t key_count,
                              bool compact) {
  if (!value.is_object()) return type_error(pointer, "an object", value);
  if (Status st = check_fields(value, pointer, {"role", "cells"}); !st.ok()) return st.error();
  RoleFigures out;
  auto role = read_string(value.find("role"), pointer + "/role");
  if (!role.ok()) return role.error();
  out.role = std::move(role).value();
  const detail::JsonRef cells = value.find("cells");
  const std::string at = pointer + "/cells";
  if (compact && cells.is_null()) {
    out.cells.resize(key_count);
    return out;
  }
  if (!cells.is_array()) return type_error(at, compact ? "an array or null" : "an array", cells);
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

Result<GroupFigures> read_group(detail::JsonRef value, const std::string& pointer, std::size_t key_count,
                                bool compact) {
  if (!value.is_object()) return type_error(pointer, "an object", value);
  if (Status st = check_fields(value, pointer,
                               {"id", "parent", "headcount", "respondents", "managersIncluded", "comments", "roles"});
      !st.ok())
    return st.error();
  GroupFigures out;
  auto id = read_string(value.find("id"), pointer + "/id");
  if (!id.ok()) return id.error();
  if (id.value().empty()) return bad(pointer + "/id", "a group needs an id");
  out.group = std::move(id).value();
  auto parent = read_string(value.find("parent"), pointer + "/parent");
  if (!parent.ok()) return parent.error();
  out.parent = std::move(parent).value();
  auto headcount = read_count(value.find("headcount"), pointer + "/headcount");
  if (!headcount.ok()) return headcount.error();
  out.headcount = headcount.value();
  if (const detail::JsonRef respondents = value.find("respondents"); !respondents.is_null()) {
    auto n = read_count(respondents, pointer + "/respondents");
    if (!n.ok()) return n.error();
    out.respondents = n.value();
  }
  for (auto [key, into] : {std::pair{"managersIncluded", &out.managers_included}, {"comments", &out.comments}}) {
    const detail::JsonRef flag = value.find(key);
    if (!flag.is_boolean()) return type_error(pointer + "/" + key, "a boolean", flag);
    *into = flag.boolean();
  }
  const detail::JsonRef roles = value.find("roles");
  if (!roles.is_array()) return type_error(pointer + "/roles", "an array", roles);
  out.roles.reserve(roles.size());
  for (std::size_t j = 0; j < roles.size(); ++j) {
    const std::string at = detail::pointer_join(pointer + "/roles", j);
    auto role = read_role(roles[j], at, key_count, compact);
    if (!role.ok()) return role.error();
    // Roles are a handful: a scan is cheaper than a set per group.
    for (const RoleFigures& seen : out.roles)
      if (seen.role == role->role) return bad(at + "/role", "the role \"" + role->role + "\" appears twice");
    out.roles.push_back(std::move(role).value());
  }
  return out;
}

}  // namespace

Result<Release> parse_release(std::string_view json_text) {
  auto parsed = detail::JsonDoc::parse(json_text);
  if (!parsed.ok()) return bad("", parsed.error().message);
  return detail::release_from_doc(parsed->root());
}

Result<Release> detail::release_from_doc(detail::JsonRef doc) {
  if (!doc.is_object()) return type_error("", "an object", doc);
  if (Status st = check_fields(doc, "", {"format", "survey", "version", "state", "k", "managerRole", "keys", "groups"});
      !st.ok())
    return st.error();
  const detail::JsonRef format = doc.find("format");
  const bool compact = format.is_string() && format.string() == kReleaseFormat;
  if (!compact && !(format.is_string() && format.string() == kReleaseFormatV1))
    return bad("/format", "must be \"" + std::string(kReleaseFormat) + "\" (or the older \"" +
                              std::string(kReleaseFormatV1) + "\")");
  Release out;
  for (auto [key, into] :
       {std::pair{"survey", &out.survey}, {"version", &out.version}, {"managerRole", &out.manager_role}}) {
    auto text = read_string(doc.find(key), std::string("/") + key);
    if (!text.ok()) return text.error();
    *into = text.value();
  }
  const detail::JsonRef state = doc.find("state");
  if (state.is_string() && state.string() == "open")
    out.state = WaveState::open;
  else if (state.is_string() && state.string() == "closed")
    out.state = WaveState::closed;
  else
    return bad("/state", "must be \"open\" or \"closed\"");
  const detail::JsonRef k = doc.find("k");
  std::optional<std::int64_t> k_value = integer_of(k);
  if (!k_value || *k_value < kMinimumK || *k_value > 1'000'000)
    return type_error("/k", "an integer of at least " + std::to_string(kMinimumK), k);
  out.k = static_cast<int>(*k_value);
  const detail::JsonRef keys = doc.find("keys");
  if (!keys.is_array()) return type_error("/keys", "an array", keys);
  std::set<std::string, std::less<>> seen_keys;
  out.keys.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto key = read_string(keys[i], detail::pointer_join("/keys", i));
    if (!key.ok()) return key.error();
    if (!seen_keys.insert(key.value()).second)
      return bad(detail::pointer_join("/keys", i), "the key \"" + key.value() + "\" appears twice");
    out.keys.push_back(key.value());
  }
  const detail::JsonRef groups = doc.find("groups");
  if (!groups.is_array()) return type_error("/groups", "an array", groups);
  std::unordered_set<std::string> seen_groups;
  seen_groups.reserve(groups.size());
  out.groups.reserve(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string at = detail::pointer_join("/groups", g);
    auto group = read_group(groups[g], at, out.keys.size(), compact);
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
