// This file offers build_release_tree: the organisation's group tree checked
// and laid out in preorder, so that every subtree is one contiguous range.
#include <algorithm>

#include "json_adapter.h"
#include "release_model.h"

namespace sos::detail {

namespace {

constexpr std::int64_t kMaxHeadcount = 1'000'000'000;

Error group_error(std::string code, std::size_t i, std::string_view field, std::string message) {
  return Error{"release." + code, pointer_join(pointer_join("/groups", i), field), std::move(message)};
}

}  // namespace

Result<ReleaseTree> build_release_tree(const std::vector<ReleaseGroup>& groups) {
  ReleaseTree tree;
  const int n = static_cast<int>(groups.size());
  for (int g = 0; g < n; ++g) {
    const ReleaseGroup& group = groups[g];
    if (group.id.empty()) return group_error("bad_group", g, "id", "a group needs an id");
    if (group.headcount < 0 || group.headcount > kMaxHeadcount)
      return group_error("bad_group", g, "headcount",
                         "must lie in 0..1000000000, but is " + std::to_string(group.headcount));
    if (!tree.index.emplace(group.id, g).second)
      return group_error("duplicate_group", g, "id", "the group id \"" + group.id + "\" appears twice");
  }
  tree.parent.assign(n, -1);
  std::vector<std::vector<int>> children(n);
  std::vector<int> roots;
  for (int g = 0; g < n; ++g) {
    if (groups[g].parent.empty()) {
      roots.push_back(g);
      continue;
    }
    auto it = tree.index.find(groups[g].parent);
    if (it == tree.index.end())
      return group_error("unknown_parent", g, "parent", "no group has the id \"" + groups[g].parent + "\"");
    tree.parent[g] = it->second;
    children[it->second].push_back(g);
  }
  tree.rank.assign(n, 0);
  int next_rank = 0;
  for (const auto& entry : tree.index) tree.rank[entry.second] = next_rank++;
  auto by_id = [&tree](int a, int b) { return tree.rank[a] < tree.rank[b]; };
  std::sort(roots.begin(), roots.end(), by_id);
  for (auto& list : children) std::sort(list.begin(), list.end(), by_id);
  // Preorder from the roots without recursion (trees may be deep; the wasm
  // stack is small). Groups never reached sit on a cycle.
  tree.position.assign(n, -1);
  tree.end.assign(n, 0);
  tree.order.reserve(n);
  std::vector<std::pair<int, std::size_t>> stack;
  for (int root : roots) {
    tree.position[root] = static_cast<int>(tree.order.size());
    tree.order.push_back(root);
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [g, next] = stack.back();
      if (next < children[g].size()) {
        int c = children[g][next++];
        tree.position[c] = static_cast<int>(tree.order.size());
        tree.order.push_back(c);
        stack.push_back({c, 0});
      } else {
        tree.end[g] = static_cast<int>(tree.order.size());
        stack.pop_back();
      }
    }
  }
  for (int g = 0; g < n; ++g)
    if (tree.position[g] < 0)
      return group_error("cycle", g, "parent", "the group \"" + groups[g].id + "\" is its own ancestor");
  tree.headcount.assign(n, 0);
  for (int i = n - 1; i >= 0; --i) {
    int g = tree.order[i];
    tree.headcount[g] += groups[g].headcount;
    if (tree.parent[g] >= 0) tree.headcount[tree.parent[g]] += tree.headcount[g];
  }
  return tree;
}

}  // namespace sos::detail
