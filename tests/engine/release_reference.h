// The release's suppression as first written (engine/src/release_suppress.cpp
// and release_family.cpp before they were made near-linear), kept verbatim as
// the reference that release_differential_test.cpp compares the engine with:
// every union test scans the cell's subtree, every sibling is tried, every
// atom walks its anchor chains. Slow on large trees, plain to read.
#pragma once

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "../../engine/src/release_suppress.h"

namespace sos::reference {

using namespace sos::detail;  // NOLINT: the reference is written in the engine's terms

namespace suppress {


namespace impl {

constexpr int kNone = -1;
constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max();

inline std::uint64_t pack(int a, int b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

// A way to fix an atom below k: withhold released cells so that the atom
// merges with a neighbour.
struct Candidate {
  std::vector<int> cells;
  std::int64_t merged = 0;  // the atom's count after the merge
  std::int64_t cost = 0;    // the withheld cells' counts
};

class Suppression {
 public:
  Suppression(const Lattice& lattice, const std::vector<std::int64_t>& direct_n, KeyPattern& out)
      : l_(lattice), tree_(*lattice.tree), roles_(lattice.roles), columns_(lattice.columns()), p_(out) {
    p_.cell_n = cell_counts(l_, direct_n);
    p_.released.resize(p_.cell_n.size());
    for (std::size_t c = 0; c < p_.cell_n.size(); ++c) p_.released[c] = p_.cell_n[c] >= l_.k;
    p_.var_start.assign(tree_.size() + 1, 0);
    for (int i = 0; i < tree_.size(); ++i) {
      const int g = tree_.order[i];
      p_.var_start[i] = static_cast<int>(p_.var_group.size());
      for (int r = 0; r < roles_; ++r)
        if (std::int64_t n = direct_n[static_cast<std::size_t>(g) * roles_ + r]; n > 0) {
          p_.var_group.push_back(g);
          p_.var_role.push_back(r);
          p_.var_n.push_back(n);
        }
    }
    p_.var_start[tree_.size()] = static_cast<int>(p_.var_group.size());
    removed_now_.assign(p_.released.size(), 0);
  }

  void run() {
    for (;;) {
      find_atoms();
      if (!fix_pass()) break;
    }
    release_unions();
    find_atoms();
  }

 private:
  // The lowest released cell at or above each group, per column; managers'
  // contributions count in an all-roles cell only where managers are included.
  void find_anchors() {
    const int groups = tree_.size();
    p_.low_role.assign(static_cast<std::size_t>(groups) * roles_, kNone);
    p_.low_total.assign(groups, kNone);
    low_total_managers_.assign(groups, kNone);
    for (int i = 0; i < groups; ++i) {
      const int g = tree_.order[i], parent = tree_.parent[g];
      for (int r = 0; r < roles_; ++r) {
        const int cell = l_.cell(g, r);
        p_.low_role[g * roles_ + r] = p_.released[cell] ? cell : parent >= 0 ? p_.low_role[parent * roles_ + r] : kNone;
      }
      const int total = l_.cell(g, l_.all_roles());
      p_.low_total[g] = p_.released[total] ? total : parent >= 0 ? p_.low_total[parent] : kNone;
      low_total_managers_[g] = p_.released[total] && l_.managers_included[g] ? total
                               : parent >= 0                                 ? low_total_managers_[parent]
                                                                             : kNone;
    }
  }

  void find_atoms() {
    find_anchors();
    const std::size_t vars = p_.var_group.size();
    atom_index_.clear();
    p_.atom_role_anchor.clear();
    p_.atom_total_anchor.clear();
    atom_n_.clear();
    atom_size_.clear();
    p_.var_atom.resize(vars);
    for (std::size_t v = 0; v < vars; ++v) {
      const int g = p_.var_group[v], r = p_.var_role[v];
      const int s = p_.low_role[g * roles_ + r];
      const int t = r == l_.manager ? low_total_managers_[g] : p_.low_total[g];
      auto [it, added] = atom_index_.emplace(pack(s, t), static_cast<int>(atom_n_.size()));
      if (added) {
        p_.atom_role_anchor.push_back(s);
        p_.atom_total_anchor.push_back(t);
        atom_n_.push_back(0);
        atom_size_.push_back(0);
      }
      p_.var_atom[v] = it->second;
      atom_n_[it->second] += p_.var_n[v];
      ++atom_size_[it->second];
    }
  }

  int parent_role_anchor(int cell) const {
    const int g = cell / columns_, r = cell % columns_, parent = tree_.parent[g];
    return parent >= 0 ? p_.low_role[parent * roles_ + r] : kNone;
  }
  int parent_total_anchor(int cell) const {
    const int parent = tree_.parent[cell / columns_];
    return parent >= 0 ? p_.low_total[parent] : kNone;
  }
  std::int64_t atom_n(int s, int t) const {
    if (s == kNone && t == kNone) return kUnbounded;  // held by no released cell: nothing to isolate
    auto it = atom_index_.find(pack(s, t));
    return it == atom_index_.end() ? 0 : atom_n_[it->second];
  }

  // Ties go by group id, then column, never by the order of the input.
  int cell_rank(int cell) const {
    return cell == kNone ? -1 : tree_.rank[cell / columns_] * columns_ + cell % columns_;
  }
  bool better(const Candidate& a, const Candidate& b) const {
    const bool fixes_a = a.merged >= l_.k, fixes_b = b.merged >= l_.k;
    if (fixes_a != fixes_b) return fixes_a;
    if (!fixes_a && a.merged != b.merged) return a.merged > b.merged;
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.cells.size() != b.cells.size()) return a.cells.size() < b.cells.size();
    for (std::size_t i = 0; i < a.cells.size(); ++i)
      if (cell_rank(a.cells[i]) != cell_rank(b.cells[i])) return cell_rank(a.cells[i]) < cell_rank(b.cells[i]);
    return false;
  }

  // Neighbours indexed by the anchors they would take if their own lower
  // anchors were withheld.
  using Index = std::vector<std::pair<std::uint64_t, int>>;
  static void sort_index(Index& index) { std::sort(index.begin(), index.end()); }
  template <typename F>
  static void for_each_in(const Index& index, std::uint64_t key, F f) {
    auto it = std::lower_bound(index.begin(), index.end(), std::pair<std::uint64_t, int>{key, -1});
    for (; it != index.end() && it->first == key; ++it) f(it->second);
  }

  // Returns false when every held atom has at least k respondents.
  bool fix_pass() {
    std::vector<int> small;
    const int atoms = static_cast<int>(atom_n_.size());
    for (int a = 0; a < atoms; ++a)
      if ((p_.atom_role_anchor[a] != kNone || p_.atom_total_anchor[a] != kNone) && atom_n_[a] < l_.k)
        small.push_back(a);
    if (small.empty()) return false;
    Index by_role, by_total, by_both;
    for (int a = 0; a < atoms; ++a) {
      const int s = p_.atom_role_anchor[a], t = p_.atom_total_anchor[a];
      if (s != kNone) by_role.push_back({pack(parent_role_anchor(s), t), a});
      if (t != kNone) by_total.push_back({pack(s, parent_total_anchor(t)), a});
      if (s != kNone && t != kNone) by_both.push_back({pack(parent_role_anchor(s), parent_total_anchor(t)), a});
    }
    sort_index(by_role);
    sort_index(by_total);
    sort_index(by_both);
    std::vector<int> touched;
    for (int x : small) {
      const int s = p_.atom_role_anchor[x], t = p_.atom_total_anchor[x];
      if ((s != kNone && removed_now_[s]) || (t != kNone && removed_now_[t])) continue;  // changed this pass
      const std::int64_t n = atom_n_[x];
      Candidate best, c;
      bool have = false;
      auto consider = [&](std::int64_t other) {
        std::sort(c.cells.begin(), c.cells.end(), [this](int a, int b) { return cell_rank(a) < cell_rank(b); });
        c.merged = other == kUnbounded ? kUnbounded : n + other;
        c.cost = 0;
        for (int cell : c.cells) c.cost += p_.cell_n[cell];
        if (!have || better(c, best)) std::swap(best, c);
        have = true;
      };
      // Upwards: withhold the role anchor, the all-roles anchor or both. Only
      // when nothing else gains anything, keep going up while there is nobody
      // to merge with (a chain of groups with one child each holds the same
      // people at every level), so that such a chain costs one pass.
      auto upwards = [&](bool chain) {
        for (int mode = 1; mode <= 3; ++mode) {
          int rs = s, ts = t;
          if (((mode & 1) && rs == kNone) || ((mode & 2) && ts == kNone)) continue;
          c.cells.clear();
          std::int64_t other = 0;
          do {
            if (mode & 1) c.cells.push_back(rs), rs = parent_role_anchor(rs);
            if (mode & 2) c.cells.push_back(ts), ts = parent_total_anchor(ts);
            other = atom_n(rs, ts);
          } while (chain && other == 0 && (!(mode & 1) || rs != kNone) && (!(mode & 2) || ts != kNone));
          consider(other);
        }
      };
      upwards(false);
      // Sideways: withhold this atom's lower anchor and a sibling's, which
      // then share the anchor above (two teams' presales seen together).
      const int ps = s != kNone ? parent_role_anchor(s) : kNone;
      const int pt = t != kNone ? parent_total_anchor(t) : kNone;
      auto sideways = [&](int y, std::initializer_list<int> cells, std::int64_t above) {
        if (y == x) return;
        c.cells.assign(cells);
        consider(above == kUnbounded ? kUnbounded : atom_n_[y] + above);
      };
      if (s != kNone)
        for_each_in(by_role, pack(ps, t), [&](int y) { sideways(y, {s, p_.atom_role_anchor[y]}, atom_n(ps, t)); });
      if (t != kNone)
        for_each_in(by_total, pack(s, pt), [&](int y) { sideways(y, {t, p_.atom_total_anchor[y]}, atom_n(s, pt)); });
      if (s != kNone && t != kNone)
        for_each_in(by_both, pack(ps, pt), [&](int y) {
          sideways(y, {s, t, p_.atom_role_anchor[y], p_.atom_total_anchor[y]}, atom_n(ps, pt));
        });
      // Downwards: withhold the anchors of a neighbour just below.
      const std::uint64_t key = pack(s, t);
      for_each_in(by_role, key, [&](int y) {
        c.cells.assign({p_.atom_role_anchor[y]});
        consider(atom_n_[y]);
      });
      for_each_in(by_total, key, [&](int y) {
        c.cells.assign({p_.atom_total_anchor[y]});
        consider(atom_n_[y]);
      });
      for_each_in(by_both, key, [&](int y) {
        c.cells.assign({p_.atom_role_anchor[y], p_.atom_total_anchor[y]});
        consider(atom_n_[y]);
      });
      if (best.merged <= n) upwards(true);
      bool clash = false;
      for (int cell : best.cells) clash = clash || removed_now_[cell];
      if (clash) continue;
      for (int cell : best.cells) {
        removed_now_[cell] = 1;
        p_.released[cell] = 0;
        touched.push_back(cell);
      }
    }
    for (int c : touched) removed_now_[c] = 0;
    return true;
  }

  // A withheld cell with at least k whose scope is a union of held atoms
  // (often computable from released cells anyway) can be released: every
  // atom stays as it is, so the guarantee still holds.
  void release_unions() {
    std::vector<int> count(atom_n_.size(), 0);
    std::vector<int> touched;
    std::vector<int> to_release;
    const int groups = tree_.size();
    for (int g = 0; g < groups; ++g)
      for (int col = 0; col < columns_; ++col) {
        const int cell = l_.cell(g, col);
        if (p_.released[cell] || p_.cell_n[cell] < l_.k) continue;
        const int begin = p_.var_start[tree_.position[g]], end = p_.var_start[tree_.end[g]];
        for (int v = begin; v < end; ++v) {
          const int r = p_.var_role[v];
          if (col == l_.all_roles() ? !l_.counts_role(g, r) : r != col) continue;
          if (count[p_.var_atom[v]]++ == 0) touched.push_back(p_.var_atom[v]);
        }
        bool whole = true;
        for (int a : touched) {
          // Respondents no released cell holds are not an atom to build on:
          // releasing a cell holding them would isolate them.
          const bool held = p_.atom_role_anchor[a] != kNone || p_.atom_total_anchor[a] != kNone;
          whole = whole && held && count[a] == atom_size_[a];
          count[a] = 0;
        }
        touched.clear();
        if (whole) to_release.push_back(cell);
      }
    for (int cell : to_release) p_.released[cell] = 1;
  }

  const Lattice& l_;
  const ReleaseTree& tree_;
  const int roles_;
  const int columns_;
  KeyPattern& p_;
  std::vector<int> low_total_managers_;
  std::unordered_map<std::uint64_t, int> atom_index_;
  std::vector<std::int64_t> atom_n_;
  std::vector<int> atom_size_;
  std::vector<char> removed_now_;
};

}  // namespace impl

inline KeyPattern suppress_key(const Lattice& lattice, const std::vector<std::int64_t>& direct_n) {
  KeyPattern out;
  impl::Suppression(lattice, direct_n, out).run();
  return out;
}

}  // namespace suppress

namespace family {


constexpr int kNone = -1;

inline std::vector<std::vector<char>> release_family(const Lattice& lattice, const KeyPattern& question,
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

}  // namespace family

using family::release_family;
using suppress::suppress_key;

}  // namespace sos::reference
