// This file offers release_figures, wave_progress and comment_groups (the
// figures of a wave as viewers may see them), the lookups of Release and the
// response rate.
#include "sos/release.h"

#include "release_model.h"
#include "release_suppress.h"

namespace sos {

std::optional<double> GroupFigures::response_rate() const {
  if (!respondents || headcount <= 0) return std::nullopt;
  return static_cast<double>(*respondents) / static_cast<double>(headcount);
}

int Release::key_index(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return static_cast<int>(i);
  return -1;
}

const Statistic* Release::find(std::size_t group, std::string_view role, std::string_view key) const {
  const int k = key_index(key);
  if (group >= groups.size() || k < 0) return nullptr;
  for (const RoleFigures& figures : groups[group].roles)
    if (figures.role == role)
      return static_cast<std::size_t>(k) < figures.cells.size() && figures.cells[k] ? &*figures.cells[k] : nullptr;
  return nullptr;
}

namespace {

detail::Lattice make_lattice(const detail::ReleaseModel& model) {
  detail::Lattice lattice;
  lattice.tree = &model.tree;
  lattice.roles = static_cast<int>(model.roles.size());
  lattice.manager = model.manager;
  lattice.k = model.k;
  lattice.managers_included = detail::managers_included(model.tree, model.manager, model.k, model.direct[0]);
  return lattice;
}

Release release_header(const Survey& survey, const ReleaseInput& input, const detail::ReleaseModel& model,
                       WaveState state) {
  Release out;
  out.survey = survey.id;
  out.version = survey.version;
  out.state = state;
  out.k = model.k;
  out.manager_role = model.manager >= 0 ? model.roles[model.manager] : input.options.manager_role;
  out.groups.resize(input.groups.size());
  for (std::size_t g = 0; g < input.groups.size(); ++g) {
    out.groups[g].group = input.groups[g].id;
    out.groups[g].parent = input.groups[g].parent;
    out.groups[g].headcount = model.tree.headcount[g];
  }
  return out;
}

// Writes one key's released statistics into the figures. Output role j is
// the all-roles column for j == 0 and survey role j - 1 otherwise.
Status write_key(const detail::Lattice& lattice, const std::vector<detail::DirectCell>& direct,
                 const std::vector<char>& released, int key, Release& out) {
  auto stats = detail::cell_statistics(lattice, direct);
  if (!stats.ok()) return Error{stats.error().code, "/aggregates", stats.error().message};
  const int columns = lattice.columns();
  for (std::size_t g = 0; g < out.groups.size(); ++g)
    for (int j = 0; j < columns; ++j) {
      const int cell = lattice.cell(static_cast<int>(g), j == 0 ? lattice.all_roles() : j - 1);
      if (released[cell]) out.groups[g].roles[j].cells[key] = stats.value()[cell];
    }
  return {};
}

}  // namespace

Result<Release> release_figures(const Survey& survey, const ReleaseInput& input) {
  auto built = detail::build_release_model(survey, input);
  if (!built.ok()) return built.error();
  const detail::ReleaseModel& model = built.value();
  const detail::Lattice lattice = make_lattice(model);
  Release out = release_header(survey, input, model, WaveState::closed);
  out.keys = model.keys.keys;
  const std::size_t key_count = out.keys.size();
  for (std::size_t g = 0; g < out.groups.size(); ++g) {
    GroupFigures& group = out.groups[g];
    group.managers_included = lattice.managers_included[g];
    group.comments = model.direct_respondents[g] >= input.options.comment_threshold;
    group.roles.resize(model.roles.size() + 1);
    for (std::size_t j = 0; j < group.roles.size(); ++j) {
      group.roles[j].role = j == 0 ? std::string(kAllRoles) : model.roles[j - 1];
      group.roles[j].cells.resize(key_count);
    }
  }
  for (std::size_t key = 0; key < key_count; ++key) {
    const int family = model.keys.family_of[key];
    if (family >= 0 && model.keys.families[family].question_key != static_cast<int>(key)) continue;  // an option
    const detail::KeyPattern pattern = detail::suppress_key(lattice, detail::dense_counts(lattice, model.direct[key]));
    if (Status st = write_key(lattice, model.direct[key], pattern.released, static_cast<int>(key), out); !st.ok())
      return st.error();
    if (family < 0) continue;
    const std::vector<int>& option_keys = model.keys.families[family].option_keys;
    std::vector<std::vector<std::int64_t>> option_n;
    for (int option : option_keys) option_n.push_back(detail::dense_counts(lattice, model.direct[option]));
    const auto released = detail::release_family(lattice, pattern, option_n);
    for (std::size_t o = 0; o < option_keys.size(); ++o)
      if (Status st = write_key(lattice, model.direct[option_keys[o]], released[o], option_keys[o], out); !st.ok())
        return st.error();
  }
  for (GroupFigures& group : out.groups)
    if (const auto& respondents = group.roles[0].cells[0]) group.respondents = respondents->n;
  return out;
}

Result<Release> wave_progress(const Survey& survey, const ReleaseInput& input) {
  auto built = detail::build_release_model(survey, input);
  if (!built.ok()) return built.error();
  const detail::ReleaseModel& model = built.value();
  Release out = release_header(survey, input, model, WaveState::open);
  std::vector<std::int64_t> subtree(model.direct_respondents);
  for (int i = model.tree.size() - 1; i >= 0; --i) {
    const int g = model.tree.order[i];
    if (model.tree.parent[g] >= 0) subtree[model.tree.parent[g]] += subtree[g];
  }
  for (std::size_t g = 0; g < out.groups.size(); ++g) out.groups[g].respondents = subtree[g];
  return out;
}

Result<std::vector<std::string>> comment_groups(const Survey& survey, const ReleaseInput& input) {
  auto built = detail::build_release_model(survey, input);
  if (!built.ok()) return built.error();
  std::vector<std::string> out;
  for (std::size_t g = 0; g < input.groups.size(); ++g)
    if (built->direct_respondents[g] >= input.options.comment_threshold) out.push_back(input.groups[g].id);
  return out;
}

}  // namespace sos
