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
  // Visits the released question cells holding atom a: its two anchor chains.
  auto for_each_holder = [&](int a, auto f) {
    for (int c = question.atom_role_anchor[a]; c != kNone; c = parent_role_anchor(c)) f(c);
    for (int c = question.atom_total_anchor[a]; c != kNone; c = parent_total_anchor(c)) f(c);
  };

  std::vector<char> options_here(question.released);  // cells where options may be released
  for (int a = 0; a < atoms; ++a) {
    bool clean = true;
    for (int o = 0; o < options; ++o) {
      const std::int64_t n = atom_option_n[static_cast<std::size_t>(a) * options + o];
      clean = clean && (n == 0 || n >= lattice.k);
    }
    if (!clean) for_each_holder(a, [&](int c) { options_here[c] = 0; });
  }
  std::vector<char> anchored(atoms, 0);
  for (int a = 0; a < atoms; ++a) for_each_holder(a, [&](int c) { anchored[a] = anchored[a] || options_here[c]; });

  // Family atoms: (atom, option) when anchored, else (atom, "any option").
  const int slots = options + 1;
  auto family_atom = [&](std::size_t v, int o) {
    const int a = question.var_atom[v];
    return static_cast<std::size_t>(a) * slots + (anchored[a] ? o : options);
  };
  std::vector<int> family_size(static_cast<std::size_t>(atoms) * slots, 0);
  for (std::size_t v = 0; v < vars; ++v)
    for (int o = 0; o < options; ++o)
      if (var_option_n(v, o) > 0) ++family_size[family_atom(v, o)];

  std::vector<std::vector<char>> released(options, std::vector<char>(cells, 0));
  std::vector<int> count(family_size.size(), 0);
  std::vector<std::size_t> touched;
  for (int o = 0; o < options; ++o) {
    const std::vector<std::int64_t> cell_n = cell_counts(lattice, option_direct_n[o]);
    for (std::size_t c = 0; c < cells; ++c) released[o][c] = options_here[c] && cell_n[c] >= lattice.k;
    // A withheld option cell that is a union of the family's held atoms can
    // be released, as in suppress_key.
    for (int g = 0; g < tree.size(); ++g)
      for (int col = 0; col < columns; ++col) {
        const int cell = lattice.cell(g, col);
        if (released[o][cell] || cell_n[cell] < lattice.k) continue;
        const int begin = question.var_start[tree.position[g]], end = question.var_start[tree.end[g]];
        for (int v = begin; v < end; ++v) {
          const int r = question.var_role[v];
          if (col == lattice.all_roles() ? !lattice.counts_role(g, r) : r != col) continue;
          if (var_option_n(v, o) == 0) continue;
          const std::size_t f = family_atom(v, o);
          if (count[f]++ == 0) touched.push_back(f);
        }
        bool whole = true;
        for (std::size_t f : touched) {
          const int a = static_cast<int>(f / slots);
          const bool held = question.atom_role_anchor[a] != kNone || question.atom_total_anchor[a] != kNone;
          whole = whole && held && count[f] == family_size[f];
          count[f] = 0;
        }
        touched.clear();
        if (whole) released[o][cell] = 1;
      }
  }
  return released;
}

}  // namespace sos::detail
