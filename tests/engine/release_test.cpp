// Tests of sos/release.h on small hand-built trees: input errors, k at its
// edges, each differencing attack blocked, the manager rule, option
// families, the open wave, comments, the benchmark and both JSON forms.
#include "sos/release.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_support.h"

namespace sos {
namespace {

// Three roles (a third role makes role splits that are not just "the other
// role"), one scored likert with "don't know", a choice and a number.
std::shared_ptr<const Survey> release_survey() {
  static auto survey = testing::load_or_fail(R"({
    "format": "sos-survey/1", "id": "rel", "version": "2",
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

// `n` respondents of `role` through `group`'s link, everyone answering q
// with `point` (goals scored point * 10,000) and c with "yes".
GroupAggregate people(const std::string& group, const std::string& role, std::int64_t n, int point = 4) {
  GroupAggregate out{group, {"rel", "2", role, {}}};
  const std::int64_t score = point * 10000;
  out.aggregate.cells["respondents"] = {n, 0, 0};
  out.aggregate.cells["dimension/goals"] = {n, n * score, n * score * score};
  out.aggregate.cells["question/q"] = {n, 0, 0};
  out.aggregate.cells["option/q/" + std::to_string(point)] = {n, 0, 0};
  out.aggregate.cells["question/c"] = {n, 0, 0};
  out.aggregate.cells["option/c/yes"] = {n, 0, 0};
  return out;
}

ReleaseInput input_of(std::vector<ReleaseGroup> groups, std::vector<GroupAggregate> aggregates) {
  ReleaseInput in;
  in.groups = std::move(groups);
  in.aggregates = std::move(aggregates);
  return in;
}

Release release_or_fail(const ReleaseInput& in) {
  auto r = release_figures(*release_survey(), in);
  if (!r.ok()) ADD_FAILURE() << r.error().to_string();
  return r.ok() ? r.value() : Release{};
}

// One key's figures as text: "R 14/14/-/- A -/-/-/-", per group its
// all-roles, seller, presales and manager counts, "-" when withheld.
std::string pattern(const Release& release, std::string_view key) {
  const int k = release.key_index(key);
  std::string out;
  for (const GroupFigures& group : release.groups) {
    out += (out.empty() ? "" : " ") + group.group + " ";
    for (std::size_t j = 0; j < group.roles.size(); ++j) {
      const auto& cell = group.roles[j].cells[k];
      out += (j ? "/" : "") + (cell ? std::to_string(cell->n) : std::string("-"));
    }
  }
  return out;
}

// ---- Input checks ----------------------------------------------------------

struct BadInput {
  const char* name;
  std::function<void(ReleaseInput&)> change;
  const char* code;
  const char* pointer;
};

TEST(ReleaseInput, EveryProblemHasItsCodeAndPointer) {
  const std::vector<BadInput> cases = {
      {"k below 3", [](ReleaseInput& in) { in.options.k = 2; }, "release.bad_options", "/options/k"},
      {"comment threshold below k", [](ReleaseInput& in) { in.options.comment_threshold = 4; }, "release.bad_options",
       "/options/commentThreshold"},
      {"empty id", [](ReleaseInput& in) { in.groups[1].id = ""; }, "release.bad_group", "/groups/1/id"},
      {"negative headcount", [](ReleaseInput& in) { in.groups[2].headcount = -1; }, "release.bad_group",
       "/groups/2/headcount"},
      {"duplicate id", [](ReleaseInput& in) { in.groups[2].id = "a"; }, "release.duplicate_group", "/groups/2/id"},
      {"unknown parent", [](ReleaseInput& in) { in.groups[1].parent = "x"; }, "release.unknown_parent",
       "/groups/1/parent"},
      {"cycle", [](ReleaseInput& in) { in.groups[0].parent = "b"; }, "release.cycle", "/groups/0/parent"},
      {"unknown group", [](ReleaseInput& in) { in.aggregates[1].group = "x"; }, "release.unknown_group",
       "/aggregates/1/group"},
      {"other survey", [](ReleaseInput& in) { in.aggregates[0].aggregate.survey = "x"; }, "release.survey_mismatch",
       "/aggregates/0/survey"},
      {"other version", [](ReleaseInput& in) { in.aggregates[0].aggregate.version = "1"; }, "release.survey_mismatch",
       "/aggregates/0/version"},
      {"unknown role", [](ReleaseInput& in) { in.aggregates[1].aggregate.role = "ceo"; }, "release.unknown_role",
       "/aggregates/1/role"},
      {"mixed roles", [](ReleaseInput& in) { in.aggregates[1].aggregate.role = ""; }, "release.unknown_role",
       "/aggregates/1/role"},
      {"unknown cell",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["option/q/6"] = {1, 0, 0};
       },
       "release.unknown_cell", "/aggregates/0/cells/option~1q~16"},
      {"comment cell",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["question/free"] = {1, 0, 0};
       },
       "release.unknown_cell", "/aggregates/0/cells/question~1free"},
      {"negative count",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["question/num"] = {-1, 0, 0};
       },
       "release.bad_cell", "/aggregates/0/cells/question~1num"},
      {"zero count with a sum",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["question/num"] = {0, 5, 25};
       },
       "release.bad_cell", "/aggregates/0/cells/question~1num"},
      {"more answers than respondents",
       [](ReleaseInput& in) {
         in.aggregates[1].aggregate.cells["question/num"] = {7, 70, 700};
       },
       "release.bad_cell", "/aggregates/1/cells/question~1num"},
      {"options exceed the question",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["option/c/no"] = {1, 0, 0};
       },
       "release.bad_cell", "/aggregates/0/cells/question~1c"},
      {"options short of the question",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["option/c/yes"] = {5, 0, 0};
       },
       "release.bad_cell", "/aggregates/0/cells/question~1c"},
      {"overflow on merge",
       [](ReleaseInput& in) {
         in.aggregates[0].aggregate.cells["dimension/goals"].sum = std::numeric_limits<std::int64_t>::max();
         in.aggregates.push_back(people("b", "seller", 6));
       },
       "aggregate.overflow", "/aggregates/2/cells/dimension~1goals"},
  };
  for (const BadInput& c : cases) {
    ReleaseInput in =
        input_of({{"a", "", 1}, {"b", "a", 6}, {"c", "a", 6}}, {people("b", "seller", 6), people("c", "seller", 6)});
    c.change(in);
    for (int which = 0; which < 3; ++which) {
      Status st = which == 0   ? release_figures(*release_survey(), in).status()
                  : which == 1 ? wave_progress(*release_survey(), in).status()
                               : comment_groups(*release_survey(), in).status();
      ASSERT_FALSE(st.ok()) << c.name;
      EXPECT_EQ(st.error().code, c.code) << c.name;
      EXPECT_EQ(st.error().pointer, c.pointer) << c.name;
    }
  }
}

TEST(ReleaseInput, DuplicateEntriesOfOneGroupAndRoleAreMerged) {
  Release split = release_or_fail(input_of({{"t", "", 9}}, {people("t", "seller", 3), people("t", "seller", 3)}));
  Release whole = release_or_fail(input_of({{"t", "", 9}}, {people("t", "seller", 6)}));
  EXPECT_EQ(split, whole);
  EXPECT_EQ(pattern(whole, "respondents"), "t 6/6/-/-");
}

// ---- k at its edges --------------------------------------------------------

TEST(ReleaseK, EachCellStandsOnItsOwnCount) {
  struct Case {
    int k;
    std::int64_t n;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {5, 4, "t -/-/-/-"}, {5, 5, "t 5/5/-/-"}, {5, 6, "t 6/6/-/-"}, {3, 2, "t -/-/-/-"}, {3, 3, "t 3/3/-/-"},
      {3, 4, "t 4/4/-/-"}, {8, 7, "t -/-/-/-"}, {8, 8, "t 8/8/-/-"}, {8, 9, "t 9/9/-/-"},
  };
  for (const Case& c : cases) {
    ReleaseInput in = input_of({{"t", "", 10}}, {people("t", "seller", c.n)});
    in.options.k = c.k;
    in.options.comment_threshold = c.k;
    Release r = release_or_fail(in);
    EXPECT_EQ(pattern(r, "respondents"), c.expected) << "k=" << c.k << " n=" << c.n;
    EXPECT_EQ(pattern(r, "dimension/goals"), c.expected) << "k=" << c.k << " n=" << c.n;
  }
}

TEST(ReleaseK, ReleasedStatisticsAreTheSubtreeSums) {
  Release r = release_or_fail(input_of({{"r", "", 0}, {"a", "r", 7}, {"b", "r", 7}},
                                       {people("a", "seller", 5, 4), people("b", "seller", 6, 2)}));
  EXPECT_EQ(pattern(r, "dimension/goals"), "r 11/11/-/- a 5/5/-/- b 6/6/-/-");
  const Statistic* all = r.find(0, kAllRoles, "dimension/goals");
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(*all, (Statistic{11, 5 * 40000 + 6 * 20000, 5 * 40000LL * 40000 + 6 * 20000LL * 20000}));
  EXPECT_EQ(r.groups[0].respondents, 11);
  EXPECT_EQ(r.groups[0].headcount, 14);
  EXPECT_EQ(r.find(0, "presales", "dimension/goals"), nullptr);  // withheld (nobody), never zero
}

// ---- Differencing attacks --------------------------------------------------

TEST(ReleaseAttack, ParentMinusReleasedChildren) {
  // r = a + b + c; c has 2. Releasing r, a and b would give c = r - a - b.
  Release r = release_or_fail(input_of({{"r", "", 0}, {"a", "r", 6}, {"b", "r", 7}, {"c", "r", 2}},
                                       {people("a", "seller", 6), people("b", "seller", 7), people("c", "seller", 2)}));
  // The smallest released sibling is withheld with c.
  EXPECT_EQ(pattern(r, "respondents"), "r 15/15/-/- a -/-/-/- b 7/7/-/- c -/-/-/-");
  // What remains computable: r - b = a + c, 8 people.
  EXPECT_EQ(r.find(0, kAllRoles, "respondents")->n - r.find(2, kAllRoles, "respondents")->n, 8);
}

TEST(ReleaseAttack, ParentMinusChildrenWithTheParentsOwnLink) {
  // Two people answered through the region's own link: r - a - b would be them.
  Release r = release_or_fail(input_of({{"r", "", 2}, {"a", "r", 6}, {"b", "r", 7}},
                                       {people("r", "seller", 2), people("a", "seller", 6), people("b", "seller", 7)}));
  EXPECT_EQ(pattern(r, "respondents"), "r 15/15/-/- a -/-/-/- b 7/7/-/-");
}

TEST(ReleaseAttack, SumsAcrossTheTree) {
  // r = m1 + m2, m1 = a + b, m2 = c (2 people): r - m1 would be c.
  Release r = release_or_fail(
      input_of({{"r", "", 0}, {"m1", "r", 0}, {"m2", "r", 0}, {"a", "m1", 6}, {"b", "m1", 6}, {"c", "m2", 2}},
               {people("a", "seller", 6), people("b", "seller", 6), people("c", "seller", 2)}));
  // Withholding m1 would not do (r - a - b = c), nor a sibling of c (there
  // is none): the cheapest fix is the top.
  EXPECT_EQ(pattern(r, "respondents"), "r -/-/-/- m1 12/12/-/- m2 -/-/-/- a 6/6/-/- b 6/6/-/- c -/-/-/-");
}

TEST(ReleaseAttack, TotalMinusRoleSplit) {
  // t: 6 sellers, 2 presales. all - seller would be the 2 presales.
  Release r = release_or_fail(input_of({{"t", "", 8}}, {people("t", "seller", 6), people("t", "presales", 2)}));
  // The sellers' 6 (cheaper than the total's 8) are withheld with the presales.
  EXPECT_EQ(pattern(r, "respondents"), "t 8/-/-/-");
}

TEST(ReleaseAttack, RoleSplitsAcrossSubtrees) {
  // r's presales are 5, but 2 of them sit in a and 3 in b.
  Release r = release_or_fail(input_of(
      {{"r", "", 0}, {"a", "r", 8}, {"b", "r", 9}},
      {people("a", "seller", 6), people("a", "presales", 2), people("b", "seller", 6), people("b", "presales", 3)}));
  // Released as they stand, a's total and r's presales would hold a's 2
  // presales alone (they are in both, nothing else is). With the team totals
  // withheld, a's and b's presales can only be seen together (5).
  EXPECT_EQ(pattern(r, "respondents"), "r 17/12/5/- a -/6/-/- b -/6/-/-");
}

TEST(ReleaseManager, ManagersCountOnlyWhereAtLeastKAnswered) {
  // Five teams of 5 sellers and their manager.
  std::vector<ReleaseGroup> groups = {{"r", "", 0}};
  std::vector<GroupAggregate> aggregates;
  for (std::string t : {"t1", "t2", "t3", "t4", "t5"}) {
    groups.push_back({t, "r", 6});
    aggregates.push_back(people(t, "seller", 5, 3));
    aggregates.push_back(people(t, "manager", 1, 5));
  }
  Release r = release_or_fail(input_of(groups, aggregates));
  // A team's all-roles figures are its sellers' (a manager alone stays
  // out); the region's include its 5 managers, and the region minus its
  // teams is exactly those 5 managers, released anyway.
  EXPECT_EQ(pattern(r, "dimension/goals"), "r 30/25/-/5 t1 5/5/-/- t2 5/5/-/- t3 5/5/-/- t4 5/5/-/- t5 5/5/-/-");
  EXPECT_TRUE(r.groups[0].managers_included);
  EXPECT_FALSE(r.groups[1].managers_included);
  EXPECT_EQ(r.find(1, kAllRoles, "dimension/goals")->sum, 5 * 30000);
  EXPECT_EQ(r.find(0, kAllRoles, "dimension/goals")->sum, 25 * 30000 + 5 * 50000);
  EXPECT_EQ(r.groups[1].respondents, 5);
}

TEST(ReleaseManager, FewerThanKManagersStayOutEverywhere) {
  std::vector<ReleaseGroup> groups = {{"r", "", 0}};
  std::vector<GroupAggregate> aggregates;
  for (std::string t : {"t1", "t2", "t3", "t4"}) {
    groups.push_back({t, "r", 7});
    aggregates.push_back(people(t, "seller", 6, 3));
    aggregates.push_back(people(t, "manager", 1, 5));
  }
  Release r = release_or_fail(input_of(groups, aggregates));
  EXPECT_EQ(pattern(r, "respondents"), "r 24/24/-/- t1 6/6/-/- t2 6/6/-/- t3 6/6/-/- t4 6/6/-/-");
  for (const GroupFigures& g : r.groups) EXPECT_FALSE(g.managers_included) << g.group;
}

TEST(ReleaseManager, TheRuleOpensNoChannel) {
  // The region includes its 5 managers; its teams do not. Two managers chose
  // 1 on q: the region's all-roles count of 1s minus its sellers' would be
  // those two, so the region's all-roles distribution of q is withheld.
  std::vector<ReleaseGroup> groups = {{"r", "", 0}};
  std::vector<GroupAggregate> aggregates;
  int i = 0;
  for (std::string t : {"t1", "t2", "t3", "t4", "t5"}) {
    groups.push_back({t, "r", 6});
    aggregates.push_back(people(t, "seller", 5, 1));
    aggregates.push_back(people(t, "manager", 1, i++ < 2 ? 1 : 5));
  }
  Release r = release_or_fail(input_of(groups, aggregates));
  EXPECT_EQ(pattern(r, "question/q"), "r 30/25/-/5 t1 5/5/-/- t2 5/5/-/- t3 5/5/-/- t4 5/5/-/- t5 5/5/-/-");
  EXPECT_EQ(pattern(r, "option/q/1"), "r -/25/-/- t1 5/5/-/- t2 5/5/-/- t3 5/5/-/- t4 5/5/-/- t5 5/5/-/-");
  EXPECT_EQ(pattern(r, "option/q/5"), "r -/-/-/- t1 -/-/-/- t2 -/-/-/- t3 -/-/-/- t4 -/-/-/- t5 -/-/-/-");
  // The managers' mean is released (5 of them); their split is not.
  EXPECT_EQ(pattern(r, "dimension/goals"), "r 30/25/-/5 t1 5/5/-/- t2 5/5/-/- t3 5/5/-/- t4 5/5/-/- t5 5/5/-/-");
}

TEST(ReleaseManager, WithoutAManagerRoleEveryRoleCounts) {
  ReleaseInput in = input_of({{"t", "", 9}}, {people("t", "seller", 5), people("t", "manager", 1)});
  in.options.manager_role = "";
  Release r = release_or_fail(in);
  EXPECT_TRUE(r.groups[0].managers_included);
  // All roles (6) minus sellers (5) would be the manager: the sellers go.
  EXPECT_EQ(pattern(r, "respondents"), "t 6/-/-/-");
}

// ---- Option families -------------------------------------------------------

TEST(ReleaseOptions, ADistributionIsReleasedWholeOrNotAtAll) {
  struct Case {
    std::int64_t fours, fives;
    const char* question;
    const char* four;
    const char* five;
  };
  const std::vector<Case> cases = {
      {5, 5, "t 10/10/-/-", "t 5/5/-/-", "t 5/5/-/-"},
      {6, 4, "t 10/10/-/-", "t -/-/-/-", "t -/-/-/-"},  // 6 fours would give the 4 fives
      {10, 0, "t 10/10/-/-", "t 10/10/-/-", "t -/-/-/-"},
      {4, 0, "t -/-/-/-", "t -/-/-/-", "t -/-/-/-"},
  };
  for (const Case& c : cases) {
    std::vector<GroupAggregate> aggregates;
    if (c.fours) aggregates.push_back(people("t", "seller", c.fours, 4));
    if (c.fives) aggregates.push_back(people("t", "seller", c.fives, 5));
    Release r = release_or_fail(input_of({{"t", "", 12}}, aggregates));
    EXPECT_EQ(pattern(r, "question/q"), c.question) << c.fours << "/" << c.fives;
    EXPECT_EQ(pattern(r, "option/q/4"), c.four) << c.fours << "/" << c.fives;
    EXPECT_EQ(pattern(r, "option/q/5"), c.five) << c.fours << "/" << c.fives;
    EXPECT_EQ(pattern(r, "option/q/1"), "t -/-/-/-") << "nobody chose 1: withheld, never 0";
  }
}

TEST(ReleaseOptions, ATeamsSmallSplitStaysHiddenInItsParent) {
  // Team a's options are released (5 and 5); b's are not (5 and 2). Their
  // parent's distribution minus a's would be b's: withheld at the parent too.
  Release r = release_or_fail(input_of({{"r", "", 0}, {"a", "r", 10}, {"b", "r", 8}},
                                       {people("a", "seller", 5, 4), people("a", "seller", 5, 5),
                                        people("b", "seller", 5, 4), people("b", "seller", 2, 5)}));
  EXPECT_EQ(pattern(r, "question/q"), "r 17/17/-/- a 10/10/-/- b 7/7/-/-");
  EXPECT_EQ(pattern(r, "option/q/4"), "r -/-/-/- a 5/5/-/- b -/-/-/-");
  EXPECT_EQ(pattern(r, "option/q/5"), "r -/-/-/- a 5/5/-/- b -/-/-/-");
}

TEST(ReleaseExample, TheWorkedExampleOfTheDocs) {
  // docs/anonymity.md, "Worked example".
  Release r = release_or_fail(
      input_of({{"north", "", 1}, {"a", "north", 7}, {"b", "north", 6}, {"c", "north", 5}, {"d", "north", 8}},
               {people("north", "manager", 1), people("a", "seller", 6), people("a", "manager", 1),
                people("b", "seller", 5), people("b", "manager", 1), people("c", "seller", 3),
                people("c", "manager", 1), people("d", "seller", 7), people("d", "manager", 1)}));
  EXPECT_EQ(pattern(r, "respondents"), "north 26/21/-/5 a 6/6/-/- b -/-/-/- c -/-/-/- d 7/7/-/-");
  EXPECT_EQ(pattern(r, "dimension/goals"), "north 26/21/-/5 a 6/6/-/- b -/-/-/- c -/-/-/- d 7/7/-/-");
  EXPECT_TRUE(r.groups[0].managers_included);
  EXPECT_EQ(r.groups[0].headcount, 27);
}

TEST(ReleaseTree, SeveralRootsAndDeepChains) {
  // Two organisations' roots side by side, and a chain 3,000 groups deep
  // (no recursion: the wasm stack is small).
  std::vector<ReleaseGroup> groups = {{"x", "", 0}, {"y", "", 0}};
  std::vector<GroupAggregate> aggregates = {people("y", "seller", 5)};
  for (int i = 0; i < 3000; ++i) groups.push_back({"c" + std::to_string(i), i ? "c" + std::to_string(i - 1) : "x", 1});
  aggregates.push_back(people("c2999", "seller", 6));
  aggregates.push_back(people("c1500", "seller", 2));
  Release r = release_or_fail(input_of(groups, aggregates));
  ASSERT_EQ(r.groups.size(), 3002u);
  EXPECT_EQ(r.find(1, kAllRoles, "respondents")->n, 5);
  // Above c1500 the chain holds 8, below it 6: their difference is c1500's 2.
  EXPECT_EQ(r.find(2 + 1501, "seller", "respondents")->n, 6);
  EXPECT_EQ(r.find(2 + 1500, "seller", "respondents"), nullptr);
  EXPECT_EQ(r.find(0, "seller", "respondents"), nullptr);
  EXPECT_EQ(r.find(2 + 1499, "seller", "respondents"), nullptr);
}

// ---- Open wave and comments ------------------------------------------------

TEST(ReleaseOpenWave, ShowsExactCountsAndHeadcountsOnly) {
  Release r = wave_progress(*release_survey(), input_of({{"r", "", 1}, {"a", "r", 6}, {"b", "r", 4}},
                                                        {people("r", "manager", 1), people("a", "seller", 2),
                                                         people("a", "manager", 1), people("b", "seller", 4)}))
                  .value();
  EXPECT_EQ(r.state, WaveState::open);
  EXPECT_TRUE(r.keys.empty());
  ASSERT_EQ(r.groups.size(), 3u);
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected = {{8, 11}, {3, 6}, {4, 4}};
  EXPECT_DOUBLE_EQ(*r.groups[0].response_rate(), 8.0 / 11.0);
  EXPECT_DOUBLE_EQ(*r.groups[2].response_rate(), 1.0);
  GroupFigures nobody_invited;
  nobody_invited.respondents = 0;
  EXPECT_FALSE(nobody_invited.response_rate().has_value());
  for (std::size_t g = 0; g < 3; ++g) {
    EXPECT_EQ(r.groups[g].respondents, expected[g].first);
    EXPECT_EQ(r.groups[g].headcount, expected[g].second);
    EXPECT_TRUE(r.groups[g].roles.empty());
    EXPECT_FALSE(r.groups[g].comments);
  }
}

TEST(ReleaseComments, OnlyGroupsWhoseOwnLinkReachedTheThreshold) {
  ReleaseInput in = input_of({{"r", "", 2}, {"a", "r", 6}, {"b", "r", 9}, {"c", "r", 9}},
                             {people("r", "manager", 2), people("a", "seller", 5), people("a", "manager", 1),
                              people("b", "seller", 5), people("c", "seller", 7)});
  in.options.comment_threshold = 6;
  EXPECT_EQ(comment_groups(*release_survey(), in).value(), (std::vector<std::string>{"a", "c"}));
  Release r = release_or_fail(in);
  std::vector<bool> flags;
  for (const GroupFigures& g : r.groups) flags.push_back(g.comments);
  EXPECT_EQ(flags, (std::vector<bool>{false, true, false, true}));
}

// ---- Determinism -----------------------------------------------------------

TEST(ReleaseDeterminism, TheOrderOfTheInputDoesNotMatter) {
  std::vector<ReleaseGroup> groups = {{"r", "", 0}, {"a", "r", 6}, {"b", "r", 6}, {"c", "r", 6}, {"d", "r", 2}};
  std::vector<GroupAggregate> aggregates = {people("a", "seller", 6), people("b", "seller", 6),
                                            people("c", "seller", 6), people("d", "seller", 2)};
  Release first = release_or_fail(input_of(groups, aggregates));
  std::reverse(groups.begin(), groups.end());
  std::reverse(aggregates.begin(), aggregates.end());
  Release second = release_or_fail(input_of(groups, aggregates));
  std::reverse(second.groups.begin(), second.groups.end());
  EXPECT_EQ(first, second);
  EXPECT_EQ(pattern(first, "respondents"), "r 20/20/-/- a -/-/-/- b 6/6/-/- c 6/6/-/- d -/-/-/-");
}

// ---- JSON ------------------------------------------------------------------

Release sample_release() {
  return release_or_fail(
      input_of({{"r", "", 0}, {"a \"quoted\"/x", "r", 7}, {"b", "r", 7}},
               {people("a \"quoted\"/x", "seller", 5, 4), people("b", "seller", 6, 2), people("b", "manager", 1, 5)}));
}

TEST(ReleaseJson, RoundTripsClosedAndOpen) {
  Release closed = sample_release();
  auto parsed = parse_release(release_to_json(closed));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed.value(), closed);
  Release open = wave_progress(*release_survey(), input_of({{"r", "", 3}}, {people("r", "seller", 2)})).value();
  auto parsed_open = parse_release(release_to_json(open));
  ASSERT_TRUE(parsed_open.ok()) << parsed_open.error().to_string();
  EXPECT_EQ(parsed_open.value(), open);
}

TEST(ReleaseJson, TheDocumentedShape) {
  Release r = release_or_fail(input_of({{"t", "", 6}}, {people("t", "seller", 5, 4)}));
  const std::string text = release_to_json(r);
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["format"], "sos-release/2");
  EXPECT_EQ(doc["state"], "closed");
  EXPECT_EQ(doc["keys"][0], "respondents");
  EXPECT_EQ(doc["groups"][0]["roles"][0]["role"], "");
  EXPECT_EQ(doc["keys"][1], "dimension/goals");
  EXPECT_EQ(doc["groups"][0]["roles"][0]["cells"][1], nlohmann::json::parse("[5, 200000, 8000000000]"));
  EXPECT_TRUE(doc["groups"][0]["roles"][0]["cells"][2].is_null());  // a dimension nobody answered
  // A role withheld at every key (no manager answered) is one null.
  EXPECT_EQ(doc["groups"][0]["roles"][3]["role"], "manager");
  EXPECT_TRUE(doc["groups"][0]["roles"][3]["cells"].is_null());
  EXPECT_EQ(doc["groups"][0]["roles"][0]["cells"].size(), doc["keys"].size());
  EXPECT_EQ(doc["groups"][0]["respondents"], 5);
  EXPECT_EQ(doc["groups"][0]["managersIncluded"], false);
}

TEST(ReleaseJson, ParseErrorsSayWhere) {
  const nlohmann::json good = nlohmann::json::parse(release_to_json(sample_release()));
  struct Case {
    const char* name;
    std::function<void(nlohmann::json&)> change;
    const char* pointer;
  };
  const std::vector<Case> cases = {
      {"format", [](nlohmann::json& d) { d["format"] = "sos-release/3"; }, "/format"},
      {"unknown field", [](nlohmann::json& d) { d["extra"] = 1; }, "/extra"},
      {"missing field", [](nlohmann::json& d) { d.erase("keys"); }, "/keys"},
      {"state", [](nlohmann::json& d) { d["state"] = "grace"; }, "/state"},
      {"k below 3", [](nlohmann::json& d) { d["k"] = 2; }, "/k"},
      {"duplicate key", [](nlohmann::json& d) { d["keys"].push_back("respondents"); }, "/keys/14"},
      {"headcount type", [](nlohmann::json& d) { d["groups"][1]["headcount"] = "7"; }, "/groups/1/headcount"},
      {"negative respondents", [](nlohmann::json& d) { d["groups"][0]["respondents"] = -1; }, "/groups/0/respondents"},
      {"duplicate group", [](nlohmann::json& d) { d["groups"][2]["id"] = "r"; }, "/groups/2/id"},
      {"duplicate role", [](nlohmann::json& d) { d["groups"][0]["roles"][1]["role"] = ""; }, "/groups/0/roles/1/role"},
      {"missing cell", [](nlohmann::json& d) { d["groups"][0]["roles"][0]["cells"].erase(13); },
       "/groups/0/roles/0/cells"},
      {"extra cell", [](nlohmann::json& d) { d["groups"][0]["roles"][0]["cells"].push_back(nullptr); },
       "/groups/0/roles/0/cells"},
      {"zero for withheld", [](nlohmann::json& d) { d["groups"][0]["roles"][0]["cells"][2] = 0; },
       "/groups/0/roles/0/cells/2"},
      {"whole role not null",
       [](nlohmann::json& d) {
         d["groups"][0]["roles"][2]["cells"] = false;
       },
       "/groups/0/roles/2/cells"},
      {"short statistic",
       [](nlohmann::json& d) {
         d["groups"][0]["roles"][0]["cells"][0] = {5, 0};
       },
       "/groups/0/roles/0/cells/0"},
      {"statistic field", [](nlohmann::json& d) { d["groups"][0]["roles"][0]["cells"][0][0] = 1.5; },
       "/groups/0/roles/0/cells/0/0"},
      {"open with figures", [](nlohmann::json& d) { d["state"] = "open"; }, "/groups/0/roles"},
  };
  for (const Case& c : cases) {
    nlohmann::json doc = good;
    c.change(doc);
    auto r = parse_release(doc.dump());
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, "release.bad_format") << c.name;
    EXPECT_EQ(r.error().pointer, c.pointer) << c.name;
  }
  auto broken = parse_release("{\"format\": ");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "release.bad_format");
}

// The form written before "sos-release/2": every cell listed, a withheld one
// as null. Stored releases of closed waves keep this form and must keep
// opening with the same figures.
nlohmann::json as_first_form(nlohmann::json doc) {
  doc["format"] = "sos-release/1";
  for (auto& group : doc["groups"])
    for (auto& role : group["roles"])
      if (role["cells"].is_null()) role["cells"] = nlohmann::json(std::vector<std::nullptr_t>(doc["keys"].size()));
  return doc;
}

TEST(ReleaseJson, ReadsTheFirstFormToTheSameFigures) {
  const Release release = sample_release();
  const nlohmann::json first = as_first_form(nlohmann::json::parse(release_to_json(release)));
  ASSERT_EQ(first["groups"][0]["roles"][2]["role"], "presales");
  ASSERT_EQ(first["groups"][0]["roles"][2]["cells"].size(), first["keys"].size());
  auto parsed = parse_release(first.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed.value(), release);
  // The first form has no whole-role null.
  nlohmann::json whole_null = first;
  whole_null["groups"][0]["roles"][2]["cells"] = nullptr;
  auto refused = parse_release(whole_null.dump());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "release.bad_format");
  EXPECT_EQ(refused.error().pointer, "/groups/0/roles/2/cells");
}

TEST(ReleaseJson, WithheldRolesMakeTheFormSmall) {
  // A tree of a thousand teams where one answered: every other role of
  // every group is withheld whole, one null each instead of one per key.
  std::vector<ReleaseGroup> groups{{"r", "", 0}};
  for (int i = 0; i < 1000; ++i) groups.push_back({"t" + std::to_string(i), "r", 6});
  Release r = release_or_fail(input_of(groups, {people("t7", "seller", 6)}));
  const std::string compact = release_to_json(r);
  const std::string first = as_first_form(nlohmann::json::parse(compact)).dump();
  EXPECT_LT(compact.size() * 2, first.size());
  auto parsed = parse_release(compact);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed.value(), r);
}

TEST(ReleaseJson, SumsOfSquaresBeyondDoublesStayExact) {
  // Number answers of a large range: sums of squares above 2^53.
  nlohmann::json doc = nlohmann::json::parse(release_to_json(sample_release()));
  doc["groups"][0]["roles"][0]["cells"][0] = nlohmann::json::parse("[5, 9007199254740993, 9223372036854775807]");
  auto parsed = parse_release(doc.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  const Statistic& cell = *parsed->groups[0].roles[0].cells[0];
  EXPECT_EQ(cell.sum, 9007199254740993);
  EXPECT_EQ(cell.sumsq, 9223372036854775807);
  doc["groups"][0]["roles"][0]["cells"][0][2] = nlohmann::json::parse("9223372036854775808");
  auto beyond = parse_release(doc.dump());
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().pointer, "/groups/0/roles/0/cells/0/2");
}

// ---- Benchmark -------------------------------------------------------------

Aggregate organisation(std::int64_t respondents, std::int64_t goals_n, std::int64_t goals_sum_e4) {
  Aggregate a{"rel", "2", "", {}};
  a.cells["respondents"] = {respondents, 0, 0};
  a.cells["dimension/goals"] = {goals_n, goals_sum_e4, 0};
  a.cells["dimension/pace"] = {respondents, respondents * 30000, 0};
  return a;
}

BenchmarkOptions benchmark_options() {
  BenchmarkOptions options;
  options.source = "SOS demo installation";
  options.date = "2026-11-01";
  return options;
}

TEST(ReleaseBenchmark, MeanOfOtherOrganisationsMeans) {
  std::map<std::string, Aggregate, std::less<>> orgs = {
      {"o1", organisation(10, 10, 10 * 40000)},  // mean 4
      {"o2", organisation(5, 5, 5 * 30000)},     // mean 3, exactly k
      {"o3", organisation(20, 20, 20 * 35000)},  // mean 3.5
      {"o4", organisation(8, 8, 8 * 20000)},     // mean 2
      {"o5", organisation(7, 7, 7 * 50000)},     // mean 5
      {"o6", organisation(4, 4, 4 * 10000)},     // under k: left out
      {"o7", organisation(9, 4, 4 * 10000)},     // goals scored by 4 only: left out of goals
      {"viewer", organisation(50, 50, 50 * 10000)},
  };
  Aggregate other_survey = organisation(30, 30, 30 * 10000);
  other_survey.survey = "custom";
  orgs["o8"] = other_survey;
  Benchmark b = compute_benchmark(*release_survey(), orgs, "viewer", benchmark_options()).value();
  ASSERT_EQ(b.dimensions.size(), 2u);
  EXPECT_EQ(b.dimensions[0].dimension, "goals");
  EXPECT_EQ(b.dimensions[0].organisations, 5);
  ASSERT_TRUE(b.dimensions[0].mean.has_value());
  EXPECT_DOUBLE_EQ(*b.dimensions[0].mean, (4 + 3 + 3.5 + 2 + 5) / 5.0);
  EXPECT_EQ(b.dimensions[1].organisations, 6);  // o7 counts for pace
  EXPECT_DOUBLE_EQ(*b.dimensions[1].mean, 3.0);
  EXPECT_EQ(b.source, "SOS demo installation");
  EXPECT_EQ(b.date, "2026-11-01");

  // Seen from o1, o1 is out and the viewer org is in: still 5 for goals.
  Benchmark from_o1 = compute_benchmark(*release_survey(), orgs, "o1", benchmark_options()).value();
  EXPECT_EQ(from_o1.dimensions[0].organisations, 5);
  EXPECT_DOUBLE_EQ(*from_o1.dimensions[0].mean, (1 + 3 + 3.5 + 2 + 5) / 5.0);

  // With 4 organisations left, no benchmark.
  orgs.erase("viewer");
  Benchmark thin = compute_benchmark(*release_survey(), orgs, "o1", benchmark_options()).value();
  EXPECT_EQ(thin.dimensions[0].organisations, 4);
  EXPECT_FALSE(thin.dimensions[0].mean.has_value());
}

TEST(ReleaseBenchmark, OptionErrors) {
  struct Case {
    std::function<void(BenchmarkOptions&)> change;
    const char* pointer;
  };
  const std::vector<Case> cases = {
      {[](BenchmarkOptions& o) { o.k = 2; }, "/k"},
      {[](BenchmarkOptions& o) { o.min_organisations = 4; }, "/minOrganisations"},
      {[](BenchmarkOptions& o) { o.source = ""; }, "/source"},
      {[](BenchmarkOptions& o) { o.date = "2026-02-29"; }, "/date"},
      {[](BenchmarkOptions& o) { o.date = "1.11.2026"; }, "/date"},
  };
  for (const Case& c : cases) {
    BenchmarkOptions options = benchmark_options();
    c.change(options);
    auto b = compute_benchmark(*release_survey(), {}, "x", options);
    ASSERT_FALSE(b.ok()) << c.pointer;
    EXPECT_EQ(b.error().code, "benchmark.bad_options");
    EXPECT_EQ(b.error().pointer, c.pointer);
  }
  BenchmarkOptions leap = benchmark_options();
  leap.date = "2028-02-29";
  EXPECT_TRUE(compute_benchmark(*release_survey(), {}, "x", leap).ok());
  std::map<std::string, Aggregate, std::less<>> bad = {{"o/1", organisation(6, 7, 0)}};
  auto b = compute_benchmark(*release_survey(), bad, "x", benchmark_options());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, "benchmark.bad_cell");
  EXPECT_EQ(b.error().pointer, "/organisations/o~11/cells/dimension~1goals");
}

TEST(ReleaseBenchmark, JsonRoundTripAndErrors) {
  Benchmark b;
  b.survey = "rel";
  b.source = "Published benchmark";
  b.date = "2026-06-30";
  b.dimensions = {{"goals", 3.4125, 7}, {"pace", std::nullopt, 3}};
  const std::string text = benchmark_to_json(b);
  EXPECT_EQ(text, R"({"date":"2026-06-30","dimensions":[{"id":"goals","mean":3.4125,"organisations":7},)"
                  R"({"id":"pace","mean":null,"organisations":3}],"format":"sos-benchmark/1","k":5,)"
                  R"("minOrganisations":5,"source":"Published benchmark","survey":"rel"})");
  EXPECT_EQ(parse_benchmark(text).value(), b);
  struct Case {
    std::function<void(nlohmann::json&)> change;
    const char* pointer;
  };
  const std::vector<Case> cases = {
      {[](nlohmann::json& d) { d["format"] = "x"; }, "/format"},
      {[](nlohmann::json& d) { d.erase("date"); }, "/date"},
      {[](nlohmann::json& d) { d["date"] = "2026-13-01"; }, "/date"},
      {[](nlohmann::json& d) { d["source"] = ""; }, "/source"},
      {[](nlohmann::json& d) { d["minOrganisations"] = 3; }, "/minOrganisations"},
      {[](nlohmann::json& d) { d["k"] = "5"; }, "/k"},
      {[](nlohmann::json& d) { d["dimensions"][0]["mean"] = 5.5; }, "/dimensions/0/mean"},
      {[](nlohmann::json& d) { d["dimensions"][1]["mean"] = 3.0; }, "/dimensions/1/mean"},  // 3 organisations
      {[](nlohmann::json& d) { d["dimensions"][0]["extra"] = 1; }, "/dimensions/0/extra"},
      {[](nlohmann::json& d) { d["dimensions"][0]["organisations"] = -1; }, "/dimensions/0/organisations"},
  };
  for (const Case& c : cases) {
    nlohmann::json doc = nlohmann::json::parse(text);
    c.change(doc);
    auto r = parse_benchmark(doc.dump());
    ASSERT_FALSE(r.ok()) << c.pointer;
    EXPECT_EQ(r.error().code, "benchmark.bad_format");
    EXPECT_EQ(r.error().pointer, c.pointer);
  }
}

}  // namespace
}  // namespace sos
