// The engine's suppression against the reference (release_reference.h, the
// first, plainly quadratic implementation): on thousands of random small
// organisations of every shape (bushy, deep chains, flat stars, several
// roots), with or without a manager rule, every released cell, every atom and
// every option count must come out the same. Also: the release does not
// depend on how the stored aggregates are split or ordered.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "release_reference.h"
#include "sos/release.h"
#include "test_support.h"

namespace sos {
namespace {

enum class Shape { bushy, chain, star, roots };

struct Organisation {
  std::vector<ReleaseGroup> groups;
  detail::ReleaseTree tree;
  int roles = 0;
  int manager = -1;
  int k = 3;
  std::vector<std::int64_t> direct_n;  // group * roles + role
};

// Group ids are random letters, so that the id order (which breaks ties) is
// unrelated to the order of the input and to the tree.
std::string random_id(std::mt19937& random, int g) {
  std::string id(1, static_cast<char>('a' + random() % 26));
  id += static_cast<char>('a' + random() % 26);
  return id + std::to_string(g);
}

Organisation random_organisation(std::mt19937& random, Shape shape) {
  Organisation org;
  auto below = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  int count = 0;
  std::vector<int> parent;
  switch (shape) {
    case Shape::bushy:  // 2-4 levels, 1-4 children
      count = 1;
      parent.push_back(-1);
      for (int depth = 0, level_begin = 0, levels = 2 + below(3); depth < levels - 1; ++depth) {
        const int level_end = count;
        for (int p = level_begin; p < level_end; ++p)
          for (int c = 0, children = 1 + below(4); c < children; ++c, ++count) parent.push_back(p);
        level_begin = level_end;
      }
      break;
    case Shape::chain:  // mostly one child each, now and then two
      count = 8 + below(30);
      for (int g = 0; g < count; ++g) parent.push_back(g == 0 ? -1 : below(4) == 0 && g > 1 ? g - 2 : g - 1);
      break;
    case Shape::star:  // one root over many teams, some with a team below
      count = 6 + below(50);
      for (int g = 0; g < count; ++g) parent.push_back(g == 0 ? -1 : below(6) == 0 && g > 1 ? 1 + below(g - 1) : 0);
      break;
    case Shape::roots:  // several small trees
      count = 4 + below(20);
      for (int g = 0; g < count; ++g) parent.push_back(g < 3 || below(4) == 0 ? -1 : below(g));
      break;
  }
  std::vector<std::string> ids;
  for (int g = 0; g < count; ++g) ids.push_back(random_id(random, g));
  // Listed in a random order.
  std::vector<int> listed(count);
  for (int g = 0; g < count; ++g) listed[g] = g;
  std::shuffle(listed.begin(), listed.end(), random);
  for (int g : listed) org.groups.push_back({ids[g], parent[g] < 0 ? "" : ids[parent[g]], 10});
  org.tree = detail::build_release_tree(org.groups).value();
  org.roles = 1 + below(4);
  org.manager = below(3) == 0 ? -1 : below(org.roles);
  org.k = 3 + below(4);
  org.direct_n.assign(static_cast<std::size_t>(count) * org.roles, 0);
  // Counts around k, many cells empty, managers mostly alone.
  for (std::size_t i = 0; i < org.direct_n.size(); ++i) {
    const bool manager = static_cast<int>(i) % org.roles == org.manager;
    if (below(3) == 0) continue;
    org.direct_n[i] = manager ? 1 + (below(5) == 0) : 1 + below(2 * org.k);
  }
  return org;
}

detail::Lattice lattice_of(const Organisation& org) {
  detail::Lattice lattice;
  lattice.tree = &org.tree;
  lattice.roles = org.roles;
  lattice.manager = org.manager;
  lattice.k = org.k;
  std::vector<detail::DirectCell> respondents;
  for (std::size_t i = 0; i < org.direct_n.size(); ++i)
    if (org.direct_n[i] > 0)
      respondents.push_back(
          {static_cast<int>(i) / org.roles, static_cast<int>(i) % org.roles, {org.direct_n[i], 0, 0}});
  lattice.managers_included = detail::managers_included(org.tree, org.manager, org.k, respondents);
  return lattice;
}

// Each answerer's option: one each (partition), or one or more (multichoice).
std::vector<std::vector<std::int64_t>> random_options(std::mt19937& random, const Organisation& org, int options,
                                                      bool partition) {
  std::vector<std::vector<std::int64_t>> out(options, std::vector<std::int64_t>(org.direct_n.size(), 0));
  // Answers lean to a few options, so clean and unclean atoms both occur.
  for (std::size_t i = 0; i < org.direct_n.size(); ++i)
    for (std::int64_t person = 0; person < org.direct_n[i]; ++person) {
      const int first = static_cast<int>(random() % 3 == 0 ? random() % options : 0);
      ++out[first][i];
      if (!partition)
        for (int o = 0; o < options; ++o)
          if (o != first && random() % 4 == 0) ++out[o][i];
    }
  return out;
}

void expect_same_pattern(const detail::KeyPattern& got, const detail::KeyPattern& want, const std::string& what) {
  EXPECT_EQ(got.released, want.released) << what;
  EXPECT_EQ(got.cell_n, want.cell_n) << what;
  EXPECT_EQ(got.var_atom, want.var_atom) << what;
  EXPECT_EQ(got.atom_role_anchor, want.atom_role_anchor) << what;
  EXPECT_EQ(got.atom_total_anchor, want.atom_total_anchor) << what;
  EXPECT_EQ(got.low_role, want.low_role) << what;
  EXPECT_EQ(got.low_total, want.low_total) << what;
}

TEST(ReleaseDifferential, SuppressionAndOptionsMatchTheReference) {
  std::mt19937 random(20261123);
  int complementary = 0, unions = 0, option_cells = 0;
  for (int run = 0; run < 4000; ++run) {
    const Shape shape = static_cast<Shape>(run % 4);
    const Organisation org = random_organisation(random, shape);
    const detail::Lattice lattice = lattice_of(org);
    const std::string what = "run " + std::to_string(run) + ", shape " + std::to_string(run % 4);
    const detail::KeyPattern got = detail::suppress_key(lattice, org.direct_n);
    const detail::KeyPattern want = reference::suppress_key(lattice, org.direct_n);
    expect_same_pattern(got, want, what);
    for (std::size_t c = 0; c < got.released.size(); ++c) {
      complementary += !got.released[c] && got.cell_n[c] >= org.k;
      unions += got.released[c] && got.cell_n[c] >= org.k;
    }
    const int options = 2 + static_cast<int>(random() % 4);
    const auto option_n = random_options(random, org, options, run % 3 != 0);
    const auto got_options = detail::release_family(lattice, got, option_n);
    EXPECT_EQ(got_options, reference::release_family(lattice, want, option_n)) << what;
    for (const auto& cells : got_options) option_cells += static_cast<int>(std::count(cells.begin(), cells.end(), 1));
    if (::testing::Test::HasFailure()) return;
  }
  // The cases are not trivial: cells withheld beyond k, and options released.
  EXPECT_GT(complementary, 1000);
  EXPECT_GT(unions, 10000);
  EXPECT_GT(option_cells, 10000);
}

// ---- Aggregates split and reordered -----------------------------------------

std::shared_ptr<const Survey> differential_survey() {
  static auto survey = testing::load_or_fail(R"({
    "format": "sos-survey/1", "id": "diff", "version": "1",
    "languages": ["en"], "fallbackLanguage": "en",
    "roles": [{"id": "seller", "title": {"en": "Seller"}}, {"id": "manager", "title": {"en": "Manager"}}],
    "dimensions": [{"id": "goals", "title": {"en": "Goals"}, "description": {"en": "D"}}],
    "pages": [{"id": "p1", "title": {"en": "P"}, "elements": [
      {"type": "likert", "id": "q1", "text": {"en": "Q1"}, "score": {"dimension": "goals"}},
      {"type": "choice", "id": "q2", "text": {"en": "Q2"},
       "options": [{"value": "a", "text": {"en": "A"}}, {"value": "b", "text": {"en": "B"}}]}
    ]}]
  })");
  return survey;
}

// One respondent's statistics: a likert answer and a choice.
Aggregate respondent(const Survey& survey, const std::string& role, int likert, bool a) {
  Aggregate out{survey.id, survey.version, role, {}};
  out.cells["respondents"] = {1, 0, 0};
  out.cells["dimension/goals"] = {1, likert * 100, likert * likert * 10000};
  out.cells["question/q1"] = {1, likert, likert * likert};
  out.cells["option/q1/" + std::to_string(likert)] = {1, 0, 0};
  out.cells["question/q2"] = {1, 0, 0};
  out.cells[a ? "option/q2/a" : "option/q2/b"] = {1, 0, 0};
  return out;
}

TEST(ReleaseDifferential, SplitAndShuffledAggregatesReleaseTheSame) {
  const auto survey = differential_survey();
  std::mt19937 random(8);
  for (int run = 0; run < 200; ++run) {
    ReleaseInput merged, split;
    const int groups = 3 + static_cast<int>(random() % 12);
    for (int g = 0; g < groups; ++g) {
      const std::string id = "g" + std::to_string(g);
      const std::string parent = g == 0 ? "" : "g" + std::to_string(random() % g);
      merged.groups.push_back({id, parent, 20});
      for (const char* role : {"seller", "manager"}) {
        const int people = static_cast<int>(random() % (role[0] == 's' ? 9 : 3));
        if (people == 0) continue;
        Aggregate total{survey->id, survey->version, role, {}};
        for (int p = 0; p < people; ++p) {
          Aggregate one = respondent(*survey, role, 1 + static_cast<int>(random() % 5), random() % 3 != 0);
          ASSERT_TRUE(merge_into(total, one).ok());
          split.aggregates.push_back({id, std::move(one)});
        }
        merged.aggregates.push_back({id, std::move(total)});
      }
    }
    split.groups = merged.groups;
    std::shuffle(split.aggregates.begin(), split.aggregates.end(), random);
    auto want = release_figures(*survey, merged);
    auto got = release_figures(*survey, split);
    ASSERT_TRUE(want.ok() && got.ok()) << run;
    EXPECT_EQ(got.value(), want.value()) << "run " << run;
  }
}

}  // namespace
}  // namespace sos
