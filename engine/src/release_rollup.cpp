// This file offers the tree rollup of a key: dense direct counts, each cell's
// count over its scope, and where the manager rule includes managers.
#include "release_suppress.h"

namespace sos::detail {

std::vector<std::int64_t> dense_counts(const Lattice& lattice, const std::vector<DirectCell>& direct) {
  std::vector<std::int64_t> n(static_cast<std::size_t>(lattice.tree->size()) * lattice.roles, 0);
  for (const DirectCell& c : direct) n[static_cast<std::size_t>(c.group) * lattice.roles + c.role] = c.stat.n;
  return n;
}

std::vector<std::int64_t> cell_counts(const Lattice& lattice, const std::vector<std::int64_t>& direct_n) {
  const ReleaseTree& tree = *lattice.tree;
  const int roles = lattice.roles, columns = lattice.columns();
  std::vector<std::int64_t> out(static_cast<std::size_t>(tree.size()) * columns, 0);
  // Reverse preorder visits a subtree before its root.
  for (int i = tree.size() - 1; i >= 0; --i) {
    const int g = tree.order[i];
    std::int64_t* cell = &out[static_cast<std::size_t>(g) * columns];
    for (int r = 0; r < roles; ++r) cell[r] += direct_n[static_cast<std::size_t>(g) * roles + r];
    if (const int p = tree.parent[g]; p >= 0)
      for (int r = 0; r < roles; ++r) out[static_cast<std::size_t>(p) * columns + r] += cell[r];
    for (int r = 0; r < roles; ++r)
      if (lattice.counts_role(g, r)) cell[roles] += cell[r];
  }
  return out;
}

Result<std::vector<Statistic>> cell_statistics(const Lattice& lattice, const std::vector<DirectCell>& direct) {
  const ReleaseTree& tree = *lattice.tree;
  const int roles = lattice.roles, columns = lattice.columns();
  std::vector<Statistic> out(static_cast<std::size_t>(tree.size()) * columns);
  const Error overflow{"aggregate.overflow", "", "a released sum leaves the 64-bit integer range"};
  for (const DirectCell& c : direct)
    if (!add_statistic(out[static_cast<std::size_t>(c.group) * columns + c.role], c.stat)) return overflow;
  for (int i = tree.size() - 1; i >= 0; --i) {
    const int g = tree.order[i];
    Statistic* cell = &out[static_cast<std::size_t>(g) * columns];
    if (const int p = tree.parent[g]; p >= 0)
      for (int r = 0; r < roles; ++r)
        if (!add_statistic(out[static_cast<std::size_t>(p) * columns + r], cell[r])) return overflow;
    for (int r = 0; r < roles; ++r)
      if (lattice.counts_role(g, r) && !add_statistic(cell[roles], cell[r])) return overflow;
  }
  return out;
}

std::vector<char> managers_included(const ReleaseTree& tree, int manager, std::int64_t k,
                                    const std::vector<DirectCell>& respondents) {
  std::vector<char> included(tree.size(), 1);
  if (manager < 0) return included;
  std::vector<std::int64_t> managers(tree.size(), 0);
  for (const DirectCell& c : respondents)
    if (c.role == manager) managers[c.group] += c.stat.n;
  for (int i = tree.size() - 1; i >= 0; --i) {
    const int g = tree.order[i];
    if (tree.parent[g] >= 0) managers[tree.parent[g]] += managers[g];
    included[g] = managers[g] >= k;
  }
  return included;
}

}  // namespace sos::detail
