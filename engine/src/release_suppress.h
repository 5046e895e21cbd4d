// Complementary suppression over the tree x role lattice of one cell key,
// and the release of a question's option counts given its count's pattern.
// The rules and the reasoning behind them are in docs/anonymity.md.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "release_model.h"

namespace sos::detail {

// The shape every key of one release shares. A cell is (group, column):
// columns 0..roles-1 are the survey's roles, column `roles` is "all roles",
// which holds every role at groups where managers are included and every
// role but the manager's elsewhere.
struct Lattice {
  const ReleaseTree* tree = nullptr;
  int roles = 0;
  int manager = -1;                     // -1: no manager rule
  std::vector<char> managers_included;  // per group
  std::int64_t k = kDefaultK;

  int columns() const { return roles + 1; }
  int all_roles() const { return roles; }
  int cell(int group, int column) const { return group * columns() + column; }
  // Whether the all-roles cell of `group` holds contributions of `role`.
  bool counts_role(int group, int role) const { return role != manager || managers_included[group]; }
};

// At least k managers answered in the group's subtree (every group when
// there is no manager rule). Monotone: a parent holds its children's managers.
std::vector<char> managers_included(const ReleaseTree& tree, int manager, std::int64_t k,
                                    const std::vector<DirectCell>& respondents);

// A key's direct counts as one dense array, index group * roles + role.
std::vector<std::int64_t> dense_counts(const Lattice& lattice, const std::vector<DirectCell>& direct);

// Every cell's count: the sum over its scope.
std::vector<std::int64_t> cell_counts(const Lattice& lattice, const std::vector<std::int64_t>& direct_n);

// Every cell's statistic (count, sum, sum of squares) over its scope.
// Errors: "aggregate.overflow".
Result<std::vector<Statistic>> cell_statistics(const Lattice& lattice, const std::vector<DirectCell>& direct);

// The outcome of suppression for one key.
struct KeyPattern {
  std::vector<std::int64_t> cell_n;  // per cell
  std::vector<char> released;        // per cell
  // The variables: direct (group, role) cells with a nonzero count, in
  // preorder of their group, so that a subtree's variables are contiguous.
  std::vector<int> var_group;
  std::vector<int> var_role;
  std::vector<std::int64_t> var_n;
  std::vector<int> var_start;  // preorder position -> first variable (size groups + 1)
  // Atoms: variables that every released cell holds all together or not at
  // all. Identified by the lowest released role cell and the lowest released
  // all-roles cell holding them (-1: none).
  std::vector<int> var_atom;
  std::vector<int> atom_role_anchor;
  std::vector<int> atom_total_anchor;
  // The lowest released cell at or above each group: per (group, role) in its
  // role's column, and per group in the all-roles column.
  std::vector<int> low_role;
  std::vector<int> low_total;
};

// Where an atom's variables lie, for the test of rule 5 (a withheld cell is
// a union of held atoms): the preorder positions of their groups, their role
// (kMixedRoles when several), whether one is a manager's, and whether no
// released cell holds the atom.
inline constexpr int kMixedRoles = -2;
struct AtomExtent {
  int first = std::numeric_limits<int>::max();
  int last = -1;
  int role = -1;
  bool manager = false;
  bool unheld = false;
  void add(int position, int r, int manager_role) {
    first = std::min(first, position);
    last = std::max(last, position);
    role = role == -1 || role == r ? r : kMixedRoles;
    manager = manager || r == manager_role;
  }
};

// The atoms met by the variables of one role in a subtree.
struct ScopeExtent {
  int first = std::numeric_limits<int>::max();
  int last = -1;
  bool unheld = false;
  bool mixed = false;
  bool manager = false;
  void add(const AtomExtent& a) {
    first = std::min(first, a.first);
    last = std::max(last, a.last);
    unheld = unheld || a.unheld;
    mixed = mixed || a.role == kMixedRoles;
    manager = manager || a.manager;
  }
  void add(const ScopeExtent& s) {
    first = std::min(first, s.first);
    last = std::max(last, s.last);
    unheld = unheld || s.unheld;
    mixed = mixed || s.mixed;
    manager = manager || s.manager;
  }
};

// Whether the scope of cell (group, column) is a union of held atoms: every
// atom met there is held and lies wholly inside (inside the subtree, of the
// column's role or of roles the all-roles cell counts). `scope` holds the
// group's subtree extents per role.
inline bool union_of_atoms(const Lattice& lattice, const ReleaseTree& tree, int group, int column,
                           const ScopeExtent* scope) {
  const int begin = tree.position[group], end = tree.end[group];
  auto inside = [&](const ScopeExtent& e) { return !e.unheld && (e.last < 0 || (e.first >= begin && e.last < end)); };
  if (column != lattice.all_roles()) return inside(scope[column]) && !scope[column].mixed;
  for (int r = 0; r < lattice.roles; ++r) {
    if (!lattice.counts_role(group, r)) continue;
    if (!inside(scope[r]) || (scope[r].manager && !lattice.managers_included[group])) return false;
  }
  return true;
}

// Withholds every cell under k, then further cells (smallest counts first)
// until every atom that any released cell holds has at least k respondents,
// then releases again each withheld cell that is a union of atoms (it is
// computable from released cells anyway). Deterministic.
KeyPattern suppress_key(const Lattice& lattice, const std::vector<std::int64_t>& direct_n);

// Per option key of a family, the released cells: an option's counts are
// released at a cell only where the question's count is released and every
// atom of the question's pattern inside that cell has, for every option, no
// answer or at least k; plus each withheld option cell that is a union of
// the family's atoms.
std::vector<std::vector<char>> release_family(const Lattice& lattice, const KeyPattern& question,
                                              const std::vector<std::vector<std::int64_t>>& option_direct_n);

}  // namespace sos::detail
