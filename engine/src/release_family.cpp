// This file offers release_family: which option counts of a closed question
// are released, given the suppression pattern of the question's count.
//
// Why this shape: a question's count is the sum of its option counts, so the
// two must be protected together. Options are released at a cell only where
// the count is, and only where every atom of the count's pattern inside the
// cell is "clean": each option has no answer there or at least k. Then, per
// option, the family's atoms are (count atom, option) where some released
// option cell holds the count atom, and the whole count atom (all options
// together) elsewhere; each has no respondent or at least k, so the argument
// of release_suppress.cpp carries over to the option counts. Releasing
// options all together at a cell also keeps a single-item dimension's mean
// from completing a partly released distribution (docs/anonymity.md).
#include "release_suppress.h"

namespace sos::detail {

namespace {

constexpr int kNone = -1;

}  // namespace

std::vector<std::vector<char>> release_family(const Lattice& lattice, const KeyPattern& question,
                                              const std::vector<std::vector<std::int64_t>>& option_direct_n) {
  const ReleaseTree& tree = *lattice.tree;
  const int roles = lattice.roles, columns = lattice.columns();
  const int options = static_cast<int>(option_direct_n.size());
  const int atoms = static_cast<int>(question.atom_role_anchor.size());
  const std::size_t vars = question.var_group.size();
  const std::size_t cells = question.released.size();

  // Each variable's option counts (options are answered only by those counted).
  auto var_option_n = [&](std::size_t v, int o) {
    return option_direct_n[o][static_cast<std::size_t>(question.var_group[v]) * roles + question.var_role[v]];
  };
  std::vector<std::int64_t> atom_option_n(static_cast<std::size_t>(atoms) * options, 0);
  for (std::size_t v = 0; v < vars; ++v)
    for (int o = 0; o < options; ++o)
      atom_option_n[static_cast<std::size_t>(question.var_atom[v]) * options + o] += var_option_n(v, o);

  auto parent_role_anchor = [&](int cell) {
    const int g = cell / columns, r = cell % columns, parent = tree.parent[g];
    return parent >= 0 ? question.low_role[parent * roles + r] : kNone;
  };
  auto parent_total_anchor = [&](int cell) {
    const int parent = tree.parent[cell / columns];
    return parent >= 0 ? question.low_total[parent] : kNone;
  };
  // The released question cells holding atom a are its two anchor chains.
  // A chain from a cell is the same whoever reaches it, so each cell is
  // marked once and a walk stops at a marked cell; and whether a chain holds
  // a cell with options is summed down from the roots. Both are linear in the
  // cells (walking each atom's chains would cost depth times atoms).
  auto parent_anchor = [&](int cell) {
    return cell % columns == lattice.all_roles() ? parent_total_anchor(cell) : parent_role_anchor(cell);
  };
  std::vector<char> options_here(question.released);  // cells where options may be released
  std::vector<char> marked(cells, 0);
  for (int a = 0; a < atoms; ++a) {
    bool clean = true;
    for (int o = 0; o < options; ++o) {
      const std::int64_t n = atom_option_n[static_cast<std::size_t>(a) * options + o];
      clean = clean && (n == 0 || n >= lattice.k);
    }
    if (clean) continue;
    for (int start : {question.atom_role_anchor[a], question.atom_total_anchor[a]})
      for (int c = start; c != kNone && !marked[c]; c = parent_anchor(c)) {
        marked[c] = 1;
        options_here[c] = 0;
      }
  }
  std::vector<char> chain_has_options(cells, 0);  // at the cell or above it on its chain
  for (int i = 0; i < tree.size(); ++i)
    for (int col = 0; col < columns; ++col) {
      const int c = lattice.cell(tree.order[i], col);
      if (!question.released[c]) continue;
      const int up = parent_anchor(c);
      chain_has_options[c] = options_here[c] || (up != kNone && chain_has_options[up]);
    }
  std::vector<char> anchored(atoms, 0);
  for (int a = 0; a < atoms; ++a)
    for (int start : {question.atom_role_anchor[a], question.atom_total_anchor[a]})
      anchored[a] = anchored[a] || (start != kNone && chain_has_options[start]);

  // Family atoms: (atom, option) when anchored, else (atom, "any option"). A
  // withheld option cell is a union of the family's held atoms when every
  // answer of the option in its scope belongs to one that lies wholly inside:
  // an (atom, option) whose answers of the option all lie inside, or an
  // (atom, any option) whose answers are all of this option and lie inside.
  std::vector<int> options_answered(atoms, 0);
  for (int a = 0; a < atoms; ++a)
    for (int o = 0; o < options; ++o)
      options_answered[a] += atom_option_n[static_cast<std::size_t>(a) * options + o] > 0;

  std::vector<std::vector<char>> released(options, std::vector<char>(cells, 0));
  std::vector<AtomExtent> extent(atoms);
  std::vector<ScopeExtent> scope(static_cast<std::size_t>(tree.size()) * roles);
  for (int o = 0; o < options; ++o) {
    const std::vector<std::int64_t> cell_n = cell_counts(lattice, option_direct_n[o]);
    for (std::size_t c = 0; c < cells; ++c) released[o][c] = options_here[c] && cell_n[c] >= lattice.k;
    // A withheld option cell that is a union of the family's held atoms can
    // be released, as in suppress_key.
    for (int a = 0; a < atoms; ++a) {
      extent[a] = AtomExtent{};
      const bool held = question.atom_role_anchor[a] != kNone || question.atom_total_anchor[a] != kNone;
      extent[a].unheld = !held || (!anchored[a] && options_answered[a] > 1);
    }
    for (std::size_t v = 0; v < vars; ++v)
      if (var_option_n(v, o) > 0)
        extent[question.var_atom[v]].add(tree.position[question.var_group[v]], question.var_role[v], lattice.manager);
    std::fill(scope.begin(), scope.end(), ScopeExtent{});
    for (std::size_t v = 0; v < vars; ++v)
      if (var_option_n(v, o) > 0)
        scope[static_cast<std::size_t>(question.var_group[v]) * roles + question.var_role[v]].add(
            extent[question.var_atom[v]]);
    for (int i = tree.size() - 1; i >= 0; --i) {
      const int g = tree.order[i], parent = tree.parent[g];
      if (parent >= 0)
        for (int r = 0; r < roles; ++r) scope[static_cast<std::size_t>(parent) * roles + r].add(scope[g * roles + r]);
    }
    for (int g = 0; g < tree.size(); ++g)
      for (int col = 0; col < columns; ++col) {
        const int cell = lattice.cell(g, col);
        if (released[o][cell] || cell_n[cell] < lattice.k) continue;
        if (union_of_atoms(lattice, tree, g, col, &scope[static_cast<std::size_t>(g) * roles])) released[o][cell] = 1;
      }
  }
  return released;
}

}  // namespace sos::detail
