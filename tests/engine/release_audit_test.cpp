// The anonymity auditor: on many random small trees with random
// contributions, rebuild the linear system of every released cell from the
// input alone (not from the engine's internals) and check by exact linear
// algebra over a 61-bit prime field that no withheld cell, and no hidden
// group of fewer than k (a group's own link, the non-managers where managers
// count, everyone where they do not), lies in the span of the released cells.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>

#include "sos/release.h"
#include "test_support.h"

namespace sos {
namespace {

// ---- Exact span membership modulo 2^61 - 1 -----------------------------------

constexpr std::uint64_t kPrime = (1ULL << 61) - 1;

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  __extension__ using Wide = unsigned __int128;
  Wide p = static_cast<Wide>(a) * b;
  std::uint64_t r = static_cast<std::uint64_t>(p & kPrime) + static_cast<std::uint64_t>(p >> 61);
  return r >= kPrime ? r - kPrime : r;
}
std::uint64_t sub(std::uint64_t a, std::uint64_t b) { return a >= b ? a - b : a + kPrime - b; }
std::uint64_t power(std::uint64_t a, std::uint64_t e) {
  std::uint64_t r = 1;
  for (; e; e >>= 1, a = mul(a, a))
    if (e & 1) r = mul(r, a);
  return r;
}

// Rows in echelon form; a vector is in the span iff it reduces to zero.
class Span {
 public:
  explicit Span(std::size_t width) : width_(width) {}
  void reduce(std::vector<std::uint64_t>& v) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
      if (std::uint64_t f = v[pivots_[i]]; f != 0)
        for (std::size_t c = 0; c < width_; ++c)
          if (rows_[i][c]) v[c] = sub(v[c], mul(f, rows_[i][c]));
  }
  void add(std::vector<std::uint64_t> v) {
    reduce(v);
    std::size_t pivot = 0;
    while (pivot < width_ && v[pivot] == 0) ++pivot;
    if (pivot == width_) return;
    const std::uint64_t inverse = power(v[pivot], kPrime - 2);
    for (std::uint64_t& x : v) x = mul(x, inverse);
    rows_.push_back(std::move(v));
    pivots_.push_back(pivot);
  }
  bool contains(std::vector<std::uint64_t> v) const {
    reduce(v);
    for (std::uint64_t x : v)
      if (x) return false;
    return true;
  }

 private:
  std::size_t width_;
  std::vector<std::vector<std::uint64_t>> rows_;
  std::vector<std::size_t> pivots_;
};

// ---- The survey and random organisations -----------------------------------

std::shared_ptr<const Survey> audit_survey() {
  static auto survey = testing::load_or_fail(R"({
    "format": "sos-survey/1", "id": "audit", "version": "1",
    "languages": ["en"], "fallbackLanguage": "en",
    "roles": [{"id": "seller", "title": {"en": "Seller"}},
              {"id": "presales", "title": {"en": "Presales"}},
              {"id": "manager", "title": {"en": "Manager"}}],
    "dimensions": [{"id": "goals", "title": {"en": "Goals"}, "description": {"en": "D"}},
                   {"id": "pace", "title": {"en": "Pace"}, "description": {"en": "D"}}],
    "pages": [{"id": "p1", "title": {"en": "P"}, "elements": [
      {"type": "likert", "id": "q", "notApplicable": true, "text": {"en": "Q"}, "score": {"dimension": "goals"}},
      {"type": "choice", "id": "c", "text": {"en": "C"},
       "options": [{"value": "yes", "text": {"en": "Yes"}}, {"value": "no", "text": {"en": "No"}}]},
      {"type": "number", "id": "num", "min": 0, "max": 100, "text": {"en": "N"}}
    ]}]
  })");
  return survey;
}

constexpr int kRoles = 3;  // seller, presales, manager (survey order)
constexpr int kManager = 2;
const char* const kRoleIds[kRoles] = {"seller", "presales", "manager"};

struct Organisation {
  ReleaseInput input;
  std::vector<int> parent;  // by group index
  // Direct statistics per (group, role): key -> statistic.
  std::vector<std::map<std::string, Statistic>> direct;  // index group * kRoles + role
};

void add_to(Statistic& s, std::int64_t value) {
  s.n += 1;
  s.sum += value;
  s.sumsq += value * value;
}

void add_people(Organisation& org, int g, int r, int n, std::mt19937_64& random);

Organisation random_organisation(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto uniform = [&random](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  Organisation org;
  org.input.options.k = uniform(3, 5);
  org.input.options.comment_threshold = org.input.options.k;
  const int k = org.input.options.k;
  const int levels = uniform(2, 4);
  // Breadth-first: each group of the level above gets 1-4 children, capped so
  // that the exact algebra stays quick.
  org.parent.push_back(-1);
  std::vector<int> level = {0};
  for (int depth = 1; depth < levels; ++depth) {
    std::vector<int> next;
    for (int g : level) {
      const int children = uniform(1, depth == 1 ? 4 : 3);
      for (int c = 0; c < children && org.parent.size() < 28; ++c) {
        next.push_back(static_cast<int>(org.parent.size()));
        org.parent.push_back(g);
      }
    }
    level = next;
  }
  const int groups = static_cast<int>(org.parent.size());
  std::vector<char> internal(groups, 0);
  for (int g = 1; g < groups; ++g) internal[org.parent[g]] = 1;
  for (int g = 0; g < groups; ++g)
    org.input.groups.push_back(
        {"g" + std::to_string(g), g == 0 ? "" : "g" + std::to_string(org.parent[g]), uniform(0, 12)});
  org.direct.resize(static_cast<std::size_t>(groups) * kRoles);
  for (int g = 0; g < groups; ++g)
    for (int r = 0; r < kRoles; ++r) {
      int n = 0;
      const int roll = uniform(0, 99);
      if (r == 0) n = roll < (internal[g] ? 60 : 20) ? 0 : uniform(1, 2 * k);
      if (r == 1) n = roll < 65 ? 0 : uniform(1, k);
      if (r == 2) n = roll < 45 ? 0 : roll < 90 ? 1 : 2;
      if (n == 0) continue;
      add_people(org, g, r, n, random);
    }
  return org;
}

void add_people(Organisation& org, int g, int r, int n, std::mt19937_64& random) {
  auto uniform = [&random](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  static const char* const kPoints[] = {"1", "2", "3", "4", "5", "na"};
  static const int kWeights[] = {1, 2, 4, 4, 2, 1};
  auto& cells = org.direct[static_cast<std::size_t>(g) * kRoles + r];
  for (int person = 0; person < n; ++person) {
    add_to(cells["respondents"], 0);
    int pick = uniform(0, 13);
    int point = 0;
    while (pick >= kWeights[point]) pick -= kWeights[point++];
    add_to(cells["question/q"], 0);
    add_to(cells[std::string("option/q/") + kPoints[point]], 0);
    if (point < 5) add_to(cells["dimension/goals"], (point + 1) * 10000);
    if (uniform(0, 9) < 8) add_to(cells["dimension/pace"], uniform(10000, 50000));
    add_to(cells["question/c"], 0);
    add_to(cells[uniform(0, 9) < 7 ? "option/c/yes" : "option/c/no"], 0);
    if (uniform(0, 1)) add_to(cells["question/num"], uniform(0, 100) * 100);
  }
  // The options carry only counts.
  for (auto& [key, s] : cells)
    if (key.rfind("option/", 0) == 0 || key == "respondents" || key == "question/q" || key == "question/c")
      s.sum = s.sumsq = 0;
  GroupAggregate entry{"g" + std::to_string(g), {"audit", "1", kRoleIds[r], {}}};
  for (const auto& [key, s] : cells) entry.aggregate.cells[key] = s;
  org.input.aggregates.push_back(std::move(entry));
}

// ---- The audit ---------------------------------------------------------------

// Everything the auditor derives from the input alone.
struct Model {
  int groups = 0;
  int k = 0;
  std::vector<std::vector<char>> in_subtree;  // [g][h]: h lies in g's subtree
  std::vector<char> managers_included;
  std::vector<char> internal;
};

Model model_of(const Organisation& org) {
  Model m;
  m.groups = static_cast<int>(org.parent.size());
  m.k = org.input.options.k;
  m.in_subtree.assign(m.groups, std::vector<char>(m.groups, 0));
  m.internal.assign(m.groups, 0);
  for (int h = 0; h < m.groups; ++h) {
    for (int g = h; g >= 0; g = org.parent[g]) m.in_subtree[g][h] = 1;
    if (org.parent[h] >= 0) m.internal[org.parent[h]] = 1;
  }
  m.managers_included.assign(m.groups, 0);
  for (int g = 0; g < m.groups; ++g) {
    std::int64_t managers = 0;
    for (int h = 0; h < m.groups; ++h)
      if (m.in_subtree[g][h]) {
        auto& cells = org.direct[static_cast<std::size_t>(h) * kRoles + kManager];
        if (auto it = cells.find("respondents"); it != cells.end()) managers += it->second.n;
      }
    m.managers_included[g] = managers >= m.k;
  }
  return m;
}

// A family of keys audited together: one plain key, or a question's count
// with its options (the count is the sum of the options).
struct Family {
  std::string total;                 // "question/q", or the plain key
  std::vector<std::string> options;  // empty for a plain key
};

struct Findings {
  std::vector<std::string> problems;
  int released = 0;
  int withheld_checked = 0;  // withheld cells with someone in them, proved not derivable
  int hidden_checked = 0;    // hidden groups under k, proved not derivable
  int complements = 0;       // withheld cells with at least k
};

// A cell of the lattice as a set of (group, role) pairs; role columns
// 0..2, and 3 for "all roles" (managers only where included).
bool holds(const Model& m, int g, int column, int h, int r) {
  if (!m.in_subtree[g][h]) return false;
  if (column < kRoles) return r == column;
  return r != kManager || m.managers_included[g];
}

void audit_family(const Organisation& org, const Release& release, const Model& m, const Family& family,
                  Findings& out) {
  // Variables: (group, role, part) with a nonzero count; part is the option,
  // or 0 for a plain key.
  const std::vector<std::string> parts =
      family.options.empty() ? std::vector<std::string>{family.total} : family.options;
  struct Var {
    int g, r, part;
    std::int64_t n;
  };
  std::vector<Var> vars;
  for (int g = 0; g < m.groups; ++g)
    for (int r = 0; r < kRoles; ++r)
      for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto& cells = org.direct[static_cast<std::size_t>(g) * kRoles + r];
        auto it = cells.find(parts[p]);
        if (it != cells.end() && it->second.n > 0) vars.push_back({g, r, static_cast<int>(p), it->second.n});
      }
  const std::size_t width = vars.size();
  auto vector_of = [&](int g, int column, int part, auto include) {
    std::vector<std::uint64_t> v(width, 0);
    std::int64_t n = 0;
    for (std::size_t i = 0; i < width; ++i)
      if ((part < 0 || vars[i].part == part) && include(vars[i].g, vars[i].r) &&
          holds(m, g, column, vars[i].g, vars[i].r)) {
        v[i] = 1;
        n += vars[i].n;
      }
    return std::pair{v, n};
  };
  auto all = [](int, int) { return true; };
  auto output_role = [](int column) { return column == kRoles ? 0 : column + 1; };
  auto released_cell = [&](int g, int column, const std::string& key) {
    return release.groups[g].roles[output_role(column)].cells[release.key_index(key)];
  };
  auto cell_name = [&](int g, int column, const std::string& key) {
    return "g" + std::to_string(g) + "/" + (column == kRoles ? "all" : kRoleIds[column]) + "/" + key;
  };

  // The released rows, each checked against the true subtree statistic.
  Span span(width);
  std::vector<std::vector<std::uint64_t>> rows;
  struct Withheld {
    std::vector<std::uint64_t> v;
    std::string name;
    std::int64_t n;
  };
  std::vector<Withheld> withheld;
  auto visit = [&](const std::string& key, int part) {
    for (int g = 0; g < m.groups; ++g)
      for (int column = 0; column <= kRoles; ++column) {
        auto [v, n] = vector_of(g, column, part, all);
        const auto& cell = released_cell(g, column, key);
        if (cell) {
          Statistic truth;
          for (int h = 0; h < m.groups; ++h)
            for (int r = 0; r < kRoles; ++r)
              if (holds(m, g, column, h, r)) {
                const auto& cells = org.direct[static_cast<std::size_t>(h) * kRoles + r];
                if (auto it = cells.find(key); it != cells.end()) {
                  truth.n += it->second.n;
                  truth.sum += it->second.sum;
                  truth.sumsq += it->second.sumsq;
                }
              }
          if (!(*cell == truth)) out.problems.push_back(cell_name(g, column, key) + ": released value is not the sum");
          if (cell->n < m.k) out.problems.push_back(cell_name(g, column, key) + ": released under k");
          ++out.released;
          span.add(v);
          rows.push_back(v);
        } else if (n > 0) {
          withheld.push_back({v, cell_name(g, column, key), n});
        }
      }
  };
  for (std::size_t p = 0; p < family.options.size(); ++p) visit(family.options[p], static_cast<int>(p));
  visit(family.total, -1);

  for (const Withheld& w : withheld) {
    ++out.withheld_checked;
    if (w.n >= m.k) ++out.complements;
    if (span.contains(w.v)) out.problems.push_back(w.name + " (withheld, n=" + std::to_string(w.n) + ") is derivable");
  }
  // Hidden groups: a group's own link (per role and together) and the
  // all-roles population the lattice does not publish at that group.
  auto check_hidden = [&](std::vector<std::uint64_t> v, std::int64_t n, const std::string& name) {
    if (n <= 0 || n >= m.k) return;
    ++out.hidden_checked;
    if (span.contains(v)) out.problems.push_back(name + " (hidden, n=" + std::to_string(n) + ") is derivable");
  };
  for (int part = -1; part < static_cast<int>(family.options.size()); ++part) {
    if (part < 0 && family.options.empty()) continue;
    for (int g = 0; g < m.groups; ++g) {
      for (int r = 0; r < kRoles; ++r) {
        auto [v, n] = vector_of(g, r, family.options.empty() ? 0 : part, [&](int h, int) { return h == g; });
        check_hidden(v, n, "own link of g" + std::to_string(g) + "/" + kRoleIds[r]);
      }
      auto [own, own_n] = vector_of(g, kRoles, family.options.empty() ? 0 : part, [&](int h, int) { return h == g; });
      check_hidden(own, own_n, "own link of g" + std::to_string(g) + "/all");
      // Managers included: the non-managers; excluded: everyone.
      auto [other, other_n] = vector_of(g, kRoles, family.options.empty() ? 0 : part,
                                        [&](int, int r) { return m.managers_included[g] ? r != kManager : true; });
      if (!m.managers_included[g]) {
        other.assign(width, 0);
        other_n = 0;
        for (std::size_t i = 0; i < width; ++i)
          if ((family.options.empty() || part < 0 || vars[i].part == part) && m.in_subtree[g][vars[i].g]) {
            other[i] = 1;
            other_n += vars[i].n;
          }
      }
      check_hidden(other, other_n, "the unpublished all-roles population of g" + std::to_string(g));
    }
  }
  // Atoms: no combination of released cells isolates fewer than k people.
  std::map<std::vector<int>, std::int64_t> atoms;
  for (std::size_t i = 0; i < width; ++i) {
    std::vector<int> signature;
    for (std::size_t row = 0; row < rows.size(); ++row)
      if (rows[row][i]) signature.push_back(static_cast<int>(row));
    if (!signature.empty()) atoms[signature] += vars[i].n;
  }
  for (const auto& [signature, n] : atoms)
    if (n < m.k) out.problems.push_back(family.total + ": an atom of " + std::to_string(n) + " people");
}

const std::vector<Family>& families() {
  static const std::vector<Family> list = {
      {"respondents", {}},
      {"dimension/goals", {}},
      {"dimension/pace", {}},
      {"question/num", {}},
      {"question/q", {"option/q/1", "option/q/2", "option/q/3", "option/q/4", "option/q/5", "option/q/na"}},
      {"question/c", {"option/c/yes", "option/c/no"}},
  };
  return list;
}

Findings audit(const Organisation& org, const Release& release) {
  Findings out;
  const Model m = model_of(org);
  for (int g = 0; g < m.groups; ++g)
    if (release.groups[g].managers_included != static_cast<bool>(m.managers_included[g]))
      out.problems.push_back("g" + std::to_string(g) + ": managers_included differs");
  for (const Family& f : families()) audit_family(org, release, m, f, out);
  return out;
}

TEST(ReleaseAudit, NoWithheldCellOrSmallHiddenGroupIsDerivable) {
  constexpr int kCases = 300;
  Findings total;
  int groups = 0;
  for (int seed = 1; seed <= kCases; ++seed) {
    const Organisation org = random_organisation(static_cast<std::uint64_t>(seed));
    auto release = release_figures(*audit_survey(), org.input);
    ASSERT_TRUE(release.ok()) << "seed " << seed << ": " << release.error().to_string();
    Findings f = audit(org, release.value());
    for (const std::string& p : f.problems) ADD_FAILURE() << "seed " << seed << ": " << p;
    total.released += f.released;
    total.withheld_checked += f.withheld_checked;
    total.hidden_checked += f.hidden_checked;
    total.complements += f.complements;
    groups += static_cast<int>(org.parent.size());
  }
  // The cases are not vacuous: many cells released, many withheld, many of
  // them complements, many small hidden groups.
  EXPECT_GT(total.released, 20 * kCases);
  EXPECT_GT(total.withheld_checked, 20 * kCases);
  EXPECT_GT(total.complements, 2 * kCases);
  EXPECT_GT(total.hidden_checked, 5 * kCases);
  std::printf(
      "[ audit    ] %d organisations, %d groups: %d released cells, %d withheld (%d complements) and %d "
      "hidden groups under k proved underivable\n",
      kCases, groups, total.released, total.withheld_checked, total.complements, total.hidden_checked);
}

// The auditor itself can fail: releasing the complementary cells again
// (primary suppression only) is caught on the same random organisations.
TEST(ReleaseAudit, CatchesAReleaseWithoutComplementarySuppression) {
  int caught = 0, tried = 0;
  for (int seed = 1; seed <= 60; ++seed) {
    const Organisation org = random_organisation(static_cast<std::uint64_t>(seed));
    Release release = release_figures(*audit_survey(), org.input).value();
    bool changed = false;
    for (GroupFigures& group : release.groups)
      for (RoleFigures& role : group.roles)
        for (std::size_t key = 0; key < release.keys.size(); ++key) {
          if (role.cells[key]) continue;
          // Recompute the true cell; release it when it has at least k.
          const Model m = model_of(org);
          const int g = std::stoi(group.group.substr(1));
          const int column = role.role.empty() ? kRoles : (role.role == "seller" ? 0 : role.role == "presales" ? 1 : 2);
          Statistic truth;
          for (int h = 0; h < m.groups; ++h)
            for (int r = 0; r < kRoles; ++r)
              if (holds(m, g, column, h, r)) {
                const auto& cells = org.direct[static_cast<std::size_t>(h) * kRoles + r];
                if (auto it = cells.find(release.keys[key]); it != cells.end()) {
                  truth.n += it->second.n;
                  truth.sum += it->second.sum;
                  truth.sumsq += it->second.sumsq;
                }
              }
          if (truth.n >= m.k) {
            role.cells[key] = truth;
            changed = true;
          }
        }
    if (!changed) continue;
    ++tried;
    caught += !audit(org, release).problems.empty();
  }
  EXPECT_GT(tried, 30);
  EXPECT_EQ(caught, tried);
}

// Each differencing attack of release_test.cpp, proved blocked by the
// auditor; and proved real: a release with primary suppression only (every
// cell of at least k shown) is caught, except where the manager rule alone
// blocks it.
TEST(ReleaseAudit, HandBuiltAttacksAreBlocked) {
  struct Group {
    int parent;
    int seller, presales, manager;
  };
  struct Case {
    const char* name;
    std::vector<Group> groups;
    bool needs_complements = true;  // primary suppression alone would leak
  };
  const std::vector<Case> cases = {
      {"parent minus children", {{-1, 0, 0, 0}, {0, 6, 0, 0}, {0, 7, 0, 0}, {0, 2, 0, 0}}},
      {"parent's own link", {{-1, 2, 0, 0}, {0, 6, 0, 0}, {0, 7, 0, 0}}},
      {"sums across the tree", {{-1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 6, 0, 0}, {1, 6, 0, 0}, {2, 2, 0, 0}}},
      {"total minus role split", {{-1, 6, 2, 0}}},
      {"role splits across subtrees", {{-1, 0, 0, 0}, {0, 6, 2, 0}, {0, 6, 3, 0}}},
      // The manager rule alone blocks this one: the team's all-roles figure
      // is its sellers', so all minus sellers is nobody.
      {"manager alone in the team", {{-1, 6, 0, 1}}, false},
      {"managers in and out",
       {{-1, 0, 0, 1}, {0, 6, 0, 1}, {0, 5, 0, 1}, {0, 3, 0, 1}, {0, 7, 0, 1}}},  // the docs' worked example
  };
  for (const Case& c : cases) {
    Organisation org;
    org.input.options.k = 5;
    std::mt19937_64 random(7);
    org.direct.resize(c.groups.size() * kRoles);
    for (std::size_t g = 0; g < c.groups.size(); ++g) {
      org.parent.push_back(c.groups[g].parent);
      org.input.groups.push_back(
          {"g" + std::to_string(g), c.groups[g].parent < 0 ? "" : "g" + std::to_string(c.groups[g].parent), 9});
      const int counts[kRoles] = {c.groups[g].seller, c.groups[g].presales, c.groups[g].manager};
      for (int r = 0; r < kRoles; ++r)
        if (counts[r]) add_people(org, static_cast<int>(g), r, counts[r], random);
    }
    Release release = release_figures(*audit_survey(), org.input).value();
    Findings f = audit(org, release);
    for (const std::string& p : f.problems) ADD_FAILURE() << c.name << ": " << p;
    // Primary suppression only, on the people count: the attack works.
    const Model m = model_of(org);
    const int key = release.key_index("respondents");
    for (int g = 0; g < m.groups; ++g)
      for (int column = 0; column <= kRoles; ++column) {
        std::int64_t n = 0;
        for (int h = 0; h < m.groups; ++h)
          for (int r = 0; r < kRoles; ++r)
            if (holds(m, g, column, h, r))
              n += c.groups[h].seller * (r == 0) + c.groups[h].presales * (r == 1) + c.groups[h].manager * (r == 2);
        auto& cell = release.groups[g].roles[column == kRoles ? 0 : column + 1].cells[key];
        if (n >= m.k && !cell) cell = Statistic{n, 0, 0};
      }
    EXPECT_EQ(audit(org, release).problems.empty(), !c.needs_complements) << c.name;
  }
}

}  // namespace
}  // namespace sos
