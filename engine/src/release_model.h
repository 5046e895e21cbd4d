// The internal model of one release: the checked group tree in preorder, the
// survey's cell keys with their option families, and each key's direct
// statistics per (group, role). Built once, read by the rollup, the
// suppression and the figures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sos/release.h"

namespace sos::detail {

// The group tree, groups numbered in input order.
struct ReleaseTree {
  std::vector<int> parent;              // -1 for a root
  std::vector<int> order;               // preorder: a parent before its subtree
  std::vector<int> position;            // group -> index in order
  std::vector<int> end;                 // group -> one past its subtree in order
  std::vector<std::int64_t> headcount;  // whole subtree
  // Rank of each group's id in id order. Children and roots are visited in
  // id order and ties are broken by it, so the release does not depend on
  // the order the groups were listed in.
  std::vector<int> rank;
  std::map<std::string, int, std::less<>> index;  // id -> group

  int size() const { return static_cast<int>(parent.size()); }
};

// Errors: release.bad_group, release.duplicate_group, release.unknown_parent,
// release.cycle (pointers /groups/i/...).
Result<ReleaseTree> build_release_tree(const std::vector<ReleaseGroup>& groups);

// The cell keys of a survey in release order. A family is a closed question's
// count ("question/Q") with its option counts ("option/Q/V"): options are
// released only where the question's count is, all together (see
// docs/anonymity.md).
struct CellKeys {
  struct Family {
    int question_key = -1;
    std::vector<int> option_keys;
    bool partition = false;  // every answerer picks exactly one option
  };
  std::vector<std::string> keys;
  std::map<std::string, int, std::less<>> index;
  std::vector<Family> families;
  std::vector<int> family_of;  // key -> family, -1 for keys outside any
};

CellKeys survey_cell_keys(const Survey& survey);

// One stored statistic of one key, made through one group's own link by one role.
struct DirectCell {
  int group = 0;
  int role = 0;
  Statistic stat;
};

struct ReleaseModel {
  ReleaseTree tree;
  CellKeys keys;
  std::vector<std::string> roles;  // survey role ids
  int manager = -1;                // index into roles, -1: no manager rule
  int k = kDefaultK;
  std::vector<std::vector<DirectCell>> direct;   // per key, sorted by (group, role)
  std::vector<std::int64_t> direct_respondents;  // per group, all roles, own link only

  int columns() const { return static_cast<int>(roles.size()) + 1; }  // roles, then all roles
};

// Checks the options, the tree and every aggregate (survey, version, role,
// cell keys, cell values, counts consistent within each (group, role)).
Result<ReleaseModel> build_release_model(const Survey& survey, const ReleaseInput& input);

// Adds b into a; false when a sum would leave the 64-bit range.
bool add_statistic(Statistic& a, const Statistic& b);

}  // namespace sos::detail
