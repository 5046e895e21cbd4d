// This file offers not_applicable_dimensions: which dimensions apply to nobody
// in a group's subtree, decided by the survey's notApplicableIf rules on the
// groups' attributes (never by the figures, so nothing released changes).
#include "json_adapter.h"
#include "session_state.h"
#include "sos/report.h"

namespace sos {

Result<NotApplicable> not_applicable_dimensions(
    const Survey& survey, const Release& release,
    const std::map<std::string, std::string, std::less<>>& attributes_json) {
  // Per group with attributes: the dimensions whose notApplicableIf holds.
  std::map<std::string, std::vector<char>, std::less<>> own;
  for (const auto& [group, text] : attributes_json) {
    std::string at = detail::pointer_join("", group);
    auto parsed = detail::JsonDoc::parse(text);
    if (!parsed.ok() || !parsed.value().root().is_object())
      return Error{"report.bad_attributes", at, "group attributes must be a JSON object"};
    Session::State state;
    if (Status st = detail::read_group(survey, parsed.value().root(), state); !st.ok()) {
      std::string inner = st.error().pointer;  // "/group/ATTRIBUTE"
      if (inner.rfind("/group", 0) == 0) inner.erase(0, 6);
      return Error{"report.bad_attributes", at + inner, st.error().message};
    }
    Scope scope{{}, state.group};
    std::vector<char> excluded(survey.dimensions.size());
    for (std::size_t d = 0; d < survey.dimensions.size(); ++d) {
      const auto& rule = survey.dimensions[d].not_applicable_if;
      excluded[d] = rule && rule->evaluate(scope).truthy();
    }
    own.emplace(group, std::move(excluded));
  }

  std::map<std::string, std::vector<std::string>, std::less<>> children;
  for (const GroupFigures& g : release.groups)
    if (!g.parent.empty()) children[g.parent].push_back(g.group);

  NotApplicable out;
  for (const GroupFigures& g : release.groups) {
    // Every group of the subtree that has attributes must exclude the dimension.
    std::vector<char> all(survey.dimensions.size(), 1);
    bool any = false;
    std::vector<std::string> stack{g.group};
    std::set<std::string, std::less<>> seen;
    while (!stack.empty()) {
      std::string at = std::move(stack.back());
      stack.pop_back();
      if (!seen.insert(at).second) continue;  // a release's tree has no cycles; be safe anyway
      if (auto it = own.find(at); it != own.end()) {
        any = true;
        for (std::size_t d = 0; d < all.size(); ++d) all[d] = all[d] && it->second[d];
      }
      if (auto c = children.find(at); c != children.end())
        stack.insert(stack.end(), c->second.begin(), c->second.end());
    }
    if (!any) continue;
    for (std::size_t d = 0; d < all.size(); ++d)
      if (all[d]) out[g.group].insert(survey.dimensions[d].id);
  }
  return out;
}

}  // namespace sos
