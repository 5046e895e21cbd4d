// Tests for the preorder of group rows in the report's tables
// (engine/src/tree_order.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tree_order.h"

namespace {

struct Row {
  std::string group;
  std::string parent;
};

std::vector<std::string> ordered(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& r : sos::detail::in_tree_order(rows)) out.push_back(r.group);
  return out;
}

TEST(TreeOrder, EachGroupIsFollowedByItsSubtree) {
  struct Case {
    const char* name;
    std::vector<Row> rows;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"ids sorted as text, as a store lists them",
       {{"g1", ""}, {"g10", "g2"}, {"g11", "g3"}, {"g2", "g1"}, {"g3", "g1"}, {"g4", "g2"}},
       {"g1", "g2", "g10", "g4", "g3", "g11"}},
      {"children before their parent in the input",
       {{"team_b", "north"}, {"team_a", "north"}, {"north", "acme"}, {"acme", ""}},
       {"acme", "north", "team_b", "team_a"}},
      {"several roots keep their order",
       {{"b", ""}, {"a", ""}, {"a1", "a"}, {"b1", "b"}},
       {"b", "b1", "a", "a1"}},
      {"a parent outside the rows starts a tree",
       {{"north", "acme"}, {"team", "north"}, {"south", "acme"}},
       {"north", "team", "south"}},
      {"a cycle is kept, after the trees",
       {{"x", "y"}, {"y", "x"}, {"root", ""}},
       {"root", "x", "y"}},
      {"nothing", {}, {}},
  };
  for (const Case& c : cases) EXPECT_EQ(ordered(c.rows), c.expected) << c.name;
}

TEST(TreeOrder, ADeepChainNeedsNoRecursion) {
  std::vector<Row> rows;
  for (int i = 100000; i-- > 0;) rows.push_back({"g" + std::to_string(i), i ? "g" + std::to_string(i - 1) : ""});
  std::vector<std::size_t> order = sos::detail::tree_order(rows);
  ASSERT_EQ(order.size(), rows.size());
  EXPECT_EQ(rows[order.front()].group, "g0");
  EXPECT_EQ(rows[order.back()].group, "g99999");
}

}  // namespace
