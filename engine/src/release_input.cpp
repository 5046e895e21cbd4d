// This file offers build_release_model and survey_cell_keys: every input of a
// release checked once, and the stored aggregates turned into per-key direct
// cells.
#include <algorithm>
#include <limits>
#include <unordered_map>

#include "json_adapter.h"
#include "release_model.h"

namespace sos::detail {

namespace {

// Far above any organisation, low enough that adding counts never overflows.
constexpr std::int64_t kMaxCount = 1'000'000'000'000;

std::string aggregate_pointer(std::size_t i, std::string_view field) {
  return pointer_join(pointer_join("/aggregates", i), field);
}

std::string cell_pointer(std::size_t i, std::string_view key) {
  return pointer_join(aggregate_pointer(i, "cells"), key);
}

}  // namespace

bool add_statistic(Statistic& a, const Statistic& b) {
  Statistic out;
  for (const StatisticField& field : kStatisticFields)
    if (__builtin_add_overflow(a.*field.member, b.*field.member, &(out.*field.member))) return false;
  a = out;
  return true;
}

CellKeys survey_cell_keys(const Survey& survey) {
  CellKeys out;
  auto add = [&out](std::string key) {
    out.index.emplace(key, static_cast<int>(out.keys.size()));
    out.keys.push_back(std::move(key));
    out.family_of.push_back(-1);
    return static_cast<int>(out.keys.size()) - 1;
  };
  add("respondents");
  for (const Dimension& d : survey.dimensions) add("dimension/" + d.id);
  for (const Question& q : survey.questions) {
    if (q.type == QuestionType::comment) continue;
    int question_key = add("question/" + q.id);
    if (q.type == QuestionType::number) continue;
    CellKeys::Family family;
    family.question_key = question_key;
    family.partition = q.type != QuestionType::multichoice;
    std::vector<std::string> values;
    if (q.type == QuestionType::likert) {
      values = {"1", "2", "3", "4", "5"};
      if (q.not_applicable) values.push_back("na");
    } else {
      for (const Option& o : q.options) values.push_back(o.value);
    }
    for (const std::string& v : values) family.option_keys.push_back(add("option/" + q.id + "/" + v));
    int f = static_cast<int>(out.families.size());
    out.family_of[question_key] = f;
    for (int key : family.option_keys) out.family_of[key] = f;
    out.families.push_back(std::move(family));
  }
  return out;
}

Result<ReleaseModel> build_release_model(const Survey& survey, const ReleaseInput& input) {
  const ReleaseOptions& options = input.options;
  if (options.k < kMinimumK)
    return Error{"release.bad_options", "/options/k",
                 "k must be at least " + std::to_string(kMinimumK) + ", but is " + std::to_string(options.k)};
  if (options.comment_threshold < options.k)
    return Error{"release.bad_options", "/options/commentThreshold",
                 "the comment threshold must be at least k (" + std::to_string(options.k) + "), but is " +
                     std::to_string(options.comment_threshold)};
  ReleaseModel model;
  model.k = options.k;
  auto tree = build_release_tree(input.groups);
  if (!tree.ok()) return tree.error();
  model.tree = std::move(tree).value();
  model.keys = survey_cell_keys(survey);
  for (const Role& role : survey.roles) model.roles.push_back(role.id);
  model.manager = options.manager_role.empty() ? -1 : survey.role_index(options.manager_role);
  const int groups = model.tree.size();
  const int roles = static_cast<int>(model.roles.size());
  const std::size_t key_count = model.keys.keys.size();

  // Every cell is read twice and copied once, straight into its key's list: a
  // large organisation stores millions (the standard survey has 648 keys per
  // group and role), so no intermediate copy and no sort of them. First, in
  // input order (so the error reported is the earliest aggregate's), every
  // aggregate and cell is checked and each cell's key noted.
  std::unordered_map<std::string_view, int> key_index;
  key_index.reserve(key_count * 2);
  for (std::size_t key = 0; key < key_count; ++key) key_index.emplace(model.keys.keys[key], static_cast<int>(key));
  std::size_t total_cells = 0;
  for (const GroupAggregate& entry : input.aggregates) total_cells += entry.aggregate.cells.size();
  std::vector<int> cell_key;  // per cell of every aggregate in turn; -1 for an empty cell
  cell_key.reserve(total_cells);
  std::vector<int> slot_of(input.aggregates.size());  // group * roles + role
  std::vector<std::size_t> origin(static_cast<std::size_t>(groups) * roles, 0);
  for (std::size_t i = 0; i < input.aggregates.size(); ++i) {
    const GroupAggregate& entry = input.aggregates[i];
    const Aggregate& a = entry.aggregate;
    auto group = model.tree.index.find(entry.group);
    if (group == model.tree.index.end())
      return Error{"release.unknown_group", aggregate_pointer(i, "group"),
                   "no group has the id \"" + entry.group + "\""};
    if (a.survey != survey.id)
      return Error{"release.survey_mismatch", aggregate_pointer(i, "survey"),
                   "the aggregate is of survey \"" + a.survey + "\", the wave's is \"" + survey.id + "\""};
    if (a.version != survey.version)
      return Error{"release.survey_mismatch", aggregate_pointer(i, "version"),
                   "the aggregate is of version \"" + a.version + "\", the wave's is \"" + survey.version + "\""};
    int role = a.role.empty() ? -1 : survey.role_index(a.role);
    if (role < 0)
      return Error{"release.unknown_role", aggregate_pointer(i, "role"),
                   "\"" + a.role + "\" is not a role of the survey (each stored aggregate has one role)"};
    if (i > std::numeric_limits<std::uint32_t>::max())
      return Error{"release.bad_group", "/aggregates", "too many aggregates"};
    slot_of[i] = group->second * roles + role;
    origin[slot_of[i]] = i;
    for (const auto& [key, stat] : a.cells) {
      auto k = key_index.find(key);
      if (k == key_index.end())
        return Error{"release.unknown_cell", cell_pointer(i, key), "\"" + key + "\" is not a statistic of this survey"};
      if (stat.n < 0 || stat.n > kMaxCount || stat.sumsq < 0 || (stat.n == 0 && (stat.sum != 0 || stat.sumsq != 0)))
        return Error{"release.bad_cell", cell_pointer(i, key),
                     "a count lies in 0..10^12, a sum of squares is never negative, and a zero count has zero sums"};
      cell_key.push_back(stat.n == 0 ? -1 : k->second);
    }
  }
  // Then the aggregates in (group, role) order, input order within (a stable
  // counting sort), so each key's cells arrive sorted and the entries of one
  // (group, role) meet, to be merged.
  std::vector<std::size_t> first_cell(input.aggregates.size() + 1, 0);
  for (std::size_t i = 0; i < input.aggregates.size(); ++i)
    first_cell[i + 1] = first_cell[i] + input.aggregates[i].aggregate.cells.size();
  std::vector<std::size_t> by_slot(input.aggregates.size());
  {
    std::vector<std::size_t> next(static_cast<std::size_t>(groups) * roles + 1, 0);
    for (int slot : slot_of) ++next[slot + 1];
    for (std::size_t s = 1; s < next.size(); ++s) next[s] += next[s - 1];
    for (std::size_t i = 0; i < slot_of.size(); ++i) by_slot[next[slot_of[i]]++] = i;
  }
  model.direct.resize(key_count);
  {
    // Each key's list is sized exactly: a large organisation's lists hold
    // hundreds of megabytes, too much to grow by doubling.
    std::vector<std::size_t> size(key_count, 0);
    std::vector<int> last_slot(key_count, -1);
    for (std::size_t i : by_slot)
      for (std::size_t c = first_cell[i]; c < first_cell[i + 1]; ++c)
        if (const int key = cell_key[c]; key >= 0 && last_slot[key] != slot_of[i]) {
          last_slot[key] = slot_of[i];
          ++size[key];
        }
    for (std::size_t key = 0; key < key_count; ++key) model.direct[key].reserve(size[key]);
  }
  // The first overflow in key order, then (group, role) order, is reported.
  std::size_t overflow_key = key_count, overflow_origin = 0;
  for (std::size_t i : by_slot) {
    const int group = slot_of[i] / roles, role = slot_of[i] % roles;
    const int* next_key = cell_key.data() + first_cell[i];
    for (const auto& cell : input.aggregates[i].aggregate.cells) {
      const int key = *next_key++;
      if (key < 0) continue;
      auto& out = model.direct[key];
      if (out.empty() || out.back().group != group || out.back().role != role) {
        out.push_back({group, role, cell.second});
      } else if (!add_statistic(out.back().stat, cell.second) && static_cast<std::size_t>(key) < overflow_key) {
        overflow_key = key;
        overflow_origin = i;
      }
    }
  }
  if (overflow_key < key_count)
    return Error{"aggregate.overflow", cell_pointer(overflow_origin, model.keys.keys[overflow_key]),
                 "the sum leaves the 64-bit integer range"};

  // Counts must be those of real respondents: no cell counts more people than
  // answered, and a closed question's options add up to its answerers.
  const std::size_t cells = static_cast<std::size_t>(groups) * roles;
  auto dense = [&](int key) {
    std::vector<std::int64_t> n(cells, 0);
    for (const DirectCell& c : model.direct[key]) n[static_cast<std::size_t>(c.group) * roles + c.role] = c.stat.n;
    return n;
  };
  auto fail = [&](std::size_t at, int key, const std::string& why) {
    return Error{"release.bad_cell", cell_pointer(origin[at], model.keys.keys[key]), why};
  };
  const std::vector<std::int64_t> respondents = dense(0);
  for (std::size_t key = 1; key < key_count; ++key)
    for (const DirectCell& c : model.direct[key]) {
      std::size_t at = static_cast<std::size_t>(c.group) * roles + c.role;
      if (c.stat.n > respondents[at]) return fail(at, static_cast<int>(key), "counts more people than responded");
    }
  for (const CellKeys::Family& family : model.keys.families) {
    const std::vector<std::int64_t> answered = dense(family.question_key);
    std::vector<std::int64_t> chosen(cells, 0);
    for (int key : family.option_keys) {
      for (const DirectCell& c : model.direct[key]) {
        std::size_t at = static_cast<std::size_t>(c.group) * roles + c.role;
        if (c.stat.n > answered[at]) return fail(at, key, "counts more people than answered the question");
        chosen[at] += c.stat.n;
      }
    }
    for (std::size_t at = 0; at < cells; ++at)
      if (family.partition ? chosen[at] != answered[at] : chosen[at] < answered[at])
        return fail(at, family.question_key, "the option counts do not add up to the question's count");
  }
  model.direct_respondents.assign(groups, 0);
  for (const DirectCell& c : model.direct[0]) model.direct_respondents[c.group] += c.stat.n;
  return model;
}

}  // namespace sos::detail
