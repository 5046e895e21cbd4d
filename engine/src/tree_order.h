// Rows of a group tree (anything with `group` and `parent`) in the tree's
// preorder, so a table reads like the organisation: each group followed by
// its subtree. Stores list groups by id, which sorts "g10" before "g2" and
// puts a region's teams after every other region.
#pragma once

#include <cstddef>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sos::detail {

// Positions of `rows` in preorder; siblings keep their order in `rows`. A
// row whose parent is not among the rows starts a tree of its own. Rows no
// root reaches (a cycle, which a valid tree never has) follow at the end.
template <typename Row>
std::vector<std::size_t> tree_order(const std::vector<Row>& rows) {
  std::unordered_map<std::string_view, std::size_t> at;
  at.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) at.emplace(rows[i].group, i);
  std::vector<std::vector<std::size_t>> children(rows.size());
  std::vector<std::size_t> stack;
  for (std::size_t i = rows.size(); i-- > 0;) {
    auto parent = rows[i].parent.empty() ? at.end() : at.find(rows[i].parent);
    if (parent == at.end() || parent->second == i)
      stack.push_back(i);  // roots, last first, so the first pops first
    else
      children[parent->second].push_back(i);  // also last first
  }
  std::vector<std::size_t> order;
  order.reserve(rows.size());
  std::vector<char> seen(rows.size(), 0);
  while (!stack.empty()) {
    std::size_t i = stack.back();
    stack.pop_back();
    if (seen[i]) continue;
    seen[i] = 1;
    order.push_back(i);
    stack.insert(stack.end(), children[i].begin(), children[i].end());
  }
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!seen[i]) order.push_back(i);
  return order;
}

// `rows` reordered by tree_order.
template <typename Row>
std::vector<Row> in_tree_order(std::vector<Row> rows) {
  std::vector<Row> out;
  out.reserve(rows.size());
  for (std::size_t i : tree_order(rows)) out.push_back(std::move(rows[i]));
  return out;
}

}  // namespace sos::detail
