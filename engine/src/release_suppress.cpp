// This file offers suppress_key: primary and complementary suppression of one
// key over the tree x role lattice, driven by atoms (docs/anonymity.md).
//
// Why atoms: call two direct (group, role) cells equivalent when every
// released cell holds both or neither. The classes (atoms) partition the
// respondents, every released figure is a sum of whole atoms, so every
// combination of released figures is a combination of atom totals. If every
// atom that some released cell holds has at least k respondents, no
// combination of released figures isolates fewer than k people, and a
// withheld cell is computable only if it is a union of held atoms.
#include "release_suppress.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace sos::detail {

namespace {

constexpr int kNone = -1;
constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max();

std::uint64_t pack(int a, int b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

// A way to fix an atom below k: withhold released cells so that the atom
// merges with a neighbour.
struct Candidate {
  std::vector<int> cells;
  std::int64_t merged = 0;  // the atom's count after the merge
  std::int64_t cost = 0;    // the withheld cells' counts
  bool ranked = false;      // cells sorted by rank (done only when a tie needs it)
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
  // The cells are put in rank order only when the last tie-break reads
  // them: an upward candidate in a deep chain holds a cell per level, and
  // sorting every one of them made the chain's passes quadratic.
  void rank(Candidate& c) const {
    if (c.ranked) return;
    std::sort(c.cells.begin(), c.cells.end(), [this](int a, int b) { return cell_rank(a) < cell_rank(b); });
    c.ranked = true;
  }
  bool better(Candidate& a, Candidate& b) const {
    const bool fixes_a = a.merged >= l_.k, fixes_b = b.merged >= l_.k;
    if (fixes_a != fixes_b) return fixes_a;
    if (!fixes_a && a.merged != b.merged) return a.merged > b.merged;
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.cells.size() != b.cells.size()) return a.cells.size() < b.cells.size();
    rank(a);
    rank(b);
    for (std::size_t i = 0; i < a.cells.size(); ++i)
      if (cell_rank(a.cells[i]) != cell_rank(b.cells[i])) return cell_rank(a.cells[i]) < cell_rank(b.cells[i]);
    return false;
  }

  // Neighbours indexed by the anchors they would take if their own lower
  // anchors were withheld: entries sorted by that key, and within one key by
  // (count descending, cost, ranks), so that the best sibling to merge with is
  // found by a binary search instead of by trying every sibling (a flat tree
  // of a thousand teams would try a million pairs per pass).
  struct Index {
    std::vector<std::pair<std::uint64_t, int>> entries;  // (key, atom)
    std::vector<std::int64_t> cost;                      // per entry: the cells it withholds
    std::vector<std::int64_t> ranks;                     // per entry: their ranks, lowest first
    std::vector<int> best, second;                       // per entry: the cheapest two from its key's first entry
  };
  // Cells an atom's entry withholds: its role anchor, its all-roles anchor or both.
  enum class Side { role, total, both };
  void sort_index(Index& index, Side side) const {
    auto cells_of = [&](int a, int out[2]) {
      int count = 0;
      if (side != Side::total) out[count++] = p_.atom_role_anchor[a];
      if (side != Side::role) out[count++] = p_.atom_total_anchor[a];
      return count;
    };
    auto cost_of = [&](int a) {
      int cells[2] = {kNone, kNone};
      std::int64_t cost = 0;
      for (int i = 0, count = cells_of(a, cells); i < count; ++i) cost += p_.cell_n[cells[i]];
      return cost;
    };
    auto ranks_of = [&](int a) {
      int cells[2] = {kNone, kNone};
      const int count = cells_of(a, cells);
      std::int64_t low = cell_rank(cells[0]), high = count == 2 ? cell_rank(cells[1]) : 0;
      if (count == 2 && high < low) std::swap(low, high);
      return count == 2 ? (low << 32) | high : low;
    };
    std::sort(index.entries.begin(), index.entries.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      if (atom_n_[a.second] != atom_n_[b.second]) return atom_n_[a.second] > atom_n_[b.second];
      const std::int64_t ca = cost_of(a.second), cb = cost_of(b.second);
      if (ca != cb) return ca < cb;
      return ranks_of(a.second) < ranks_of(b.second);
    });
    const std::size_t size = index.entries.size();
    index.cost.resize(size);
    index.ranks.resize(size);
    index.best.assign(size, kNone);
    index.second.assign(size, kNone);
    auto cheaper = [&](int i, int j) {
      return j == kNone || index.cost[i] < index.cost[j] ||
             (index.cost[i] == index.cost[j] && index.ranks[i] < index.ranks[j]);
    };
    for (std::size_t i = 0; i < size; ++i) {
      const int a = index.entries[i].second;
      index.cost[i] = cost_of(a);
      index.ranks[i] = ranks_of(a);
      int best = kNone, second = kNone;
      if (i > 0 && index.entries[i - 1].first == index.entries[i].first) {
        best = index.best[i - 1];
        second = index.second[i - 1];
      }
      const int me = static_cast<int>(i);
      if (cheaper(me, best)) {
        second = best;
        best = me;
      } else if (cheaper(me, second)) {
        second = me;
      }
      index.best[i] = best;
      index.second[i] = second;
    }
  }
  // The entries of one key: [first, last).
  static std::pair<std::size_t, std::size_t> range_of(const Index& index, std::uint64_t key) {
    auto first = std::lower_bound(index.entries.begin(), index.entries.end(), std::pair<std::uint64_t, int>{key, -1},
                                  [](const auto& a, const auto& b) { return a.first < b.first; });
    auto last = first;
    while (last != index.entries.end() && last->first == key) ++last;
    return {static_cast<std::size_t>(first - index.entries.begin()),
            static_cast<std::size_t>(last - index.entries.begin())};
  }
  template <typename F>
  static void for_each_in(const Index& index, std::uint64_t key, F f) {
    auto [first, last] = range_of(index, key);
    for (std::size_t i = first; i < last; ++i) f(index.entries[i].second);
  }
  // The atom other than x under `key` that the candidate order prefers when
  // merging x (count n) with it and with `above` people: among those that
  // bring the merge to k, the cheapest (then lowest ranks); if none does, the
  // largest (then cheapest, lowest ranks). kNone when x has no sibling.
  int best_sibling(const Index& index, std::uint64_t key, int x, std::int64_t n, std::int64_t above) const {
    auto [first, last] = range_of(index, key);
    std::size_t fixing = first;  // entries [first, fixing) reach k
    if (above == kUnbounded) {
      fixing = last;
    } else {
      const std::int64_t need = l_.k - n - above;
      fixing = std::partition_point(index.entries.begin() + first, index.entries.begin() + last,
                                    [&](const auto& e) { return atom_n_[e.second] >= need; }) -
               index.entries.begin();
    }
    if (fixing > first) {
      const int best = index.best[fixing - 1];
      const int pick = index.entries[best].second != x ? best : index.second[fixing - 1];
      if (pick != kNone) return index.entries[pick].second;
    }
    for (std::size_t i = first; i < last; ++i)
      if (index.entries[i].second != x) return index.entries[i].second;
    return kNone;
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
      if (s != kNone) by_role.entries.push_back({pack(parent_role_anchor(s), t), a});
      if (t != kNone) by_total.entries.push_back({pack(s, parent_total_anchor(t)), a});
      if (s != kNone && t != kNone) by_both.entries.push_back({pack(parent_role_anchor(s), parent_total_anchor(t)), a});
    }
    sort_index(by_role, Side::role);
    sort_index(by_total, Side::total);
    sort_index(by_both, Side::both);
    std::vector<int> touched;
    for (int x : small) {
      const int s = p_.atom_role_anchor[x], t = p_.atom_total_anchor[x];
      if ((s != kNone && removed_now_[s]) || (t != kNone && removed_now_[t])) continue;  // changed this pass
      const std::int64_t n = atom_n_[x];
      Candidate best, c;
      bool have = false;
      auto consider = [&](std::int64_t other) {
        c.ranked = false;
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
        if (int y = best_sibling(by_role, pack(ps, t), x, n, atom_n(ps, t)); y != kNone)
          sideways(y, {s, p_.atom_role_anchor[y]}, atom_n(ps, t));
      if (t != kNone)
        if (int y = best_sibling(by_total, pack(s, pt), x, n, atom_n(s, pt)); y != kNone)
          sideways(y, {t, p_.atom_total_anchor[y]}, atom_n(s, pt));
      if (s != kNone && t != kNone)
        if (int y = best_sibling(by_both, pack(ps, pt), x, n, atom_n(ps, pt)); y != kNone)
          sideways(y, {s, t, p_.atom_role_anchor[y], p_.atom_total_anchor[y]}, atom_n(ps, pt));
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
  // atom stays as it is, so the guarantee still holds. The scope is a union
  // when each of its variables belongs to a held atom that lies wholly inside
  // it; that is decided from per-atom extents summed up the tree once, so a
  // cell costs its roles rather than its subtree (a chain of groups would
  // otherwise cost groups squared).
  void release_unions() {
    const int groups = tree_.size();
    const std::vector<AtomExtent> atoms = atom_extents();
    std::vector<ScopeExtent> scope(static_cast<std::size_t>(groups) * roles_);
    for (std::size_t v = 0; v < p_.var_group.size(); ++v)
      scope[static_cast<std::size_t>(p_.var_group[v]) * roles_ + p_.var_role[v]].add(atoms[p_.var_atom[v]]);
    for (int i = groups - 1; i >= 0; --i) {
      const int g = tree_.order[i], parent = tree_.parent[g];
      if (parent >= 0)
        for (int r = 0; r < roles_; ++r) scope[parent * roles_ + r].add(scope[g * roles_ + r]);
    }
    std::vector<int> to_release;
    for (int g = 0; g < groups; ++g)
      for (int col = 0; col < columns_; ++col) {
        const int cell = l_.cell(g, col);
        if (p_.released[cell] || p_.cell_n[cell] < l_.k) continue;
        if (union_of_atoms(l_, tree_, g, col, &scope[static_cast<std::size_t>(g) * roles_])) to_release.push_back(cell);
      }
    for (int cell : to_release) p_.released[cell] = 1;
  }

  std::vector<AtomExtent> atom_extents() const {
    std::vector<AtomExtent> out(atom_n_.size());
    for (std::size_t a = 0; a < out.size(); ++a)
      // Respondents no released cell holds are not an atom to build on:
      // releasing a cell holding them would isolate them.
      out[a].unheld = p_.atom_role_anchor[a] == kNone && p_.atom_total_anchor[a] == kNone;
    for (std::size_t v = 0; v < p_.var_group.size(); ++v)
      out[p_.var_atom[v]].add(tree_.position[p_.var_group[v]], p_.var_role[v], l_.manager);
    return out;
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

}  // namespace

KeyPattern suppress_key(const Lattice& lattice, const std::vector<std::int64_t>& direct_n) {
  KeyPattern out;
  Suppression(lattice, direct_n, out).run();
  return out;
}

}  // namespace sos::detail
