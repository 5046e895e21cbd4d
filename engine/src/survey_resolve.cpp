// This file offers resolve_survey: binding conditions, cycle detection and
// the index of which conditions read which question.
#include "survey_resolve.h"

#include <algorithm>
#include <functional>

namespace sos {

struct SurveyIndex {
  // Indexes, not names: the index stays valid when the survey is moved or copied.
  static void build(Survey& survey) {
    std::vector<int>& order = survey.questions_by_id_;
    order.resize(survey.questions.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return survey.questions[a].id < survey.questions[b].id; });
  }
};

namespace detail {
namespace {

class Resolver {
 public:
  Resolver(Survey& survey, Reader& reader, const std::vector<int>& first_question)
      : s_(survey), r_(reader), first_question_(first_question) {}

  void run() {
    SurveyIndex::build(s_);
    s_.dependents.assign(s_.questions.size(), {});
    for (std::size_t d = 0; d < s_.dimensions.size(); ++d) bind_dimension(static_cast<int>(d));
    for (std::size_t b = 0; b < s_.blocks.size(); ++b) {
      Block& block = s_.blocks[b];
      if (block.visible_if)
        bind(*block.visible_if, {block.pointer, "/visibleIf"}, first_question_[b], ElementRef{true, static_cast<int>(b)});
    }
    for (std::size_t q = 0; q < s_.questions.size(); ++q) {
      Question& question = s_.questions[q];
      int at = static_cast<int>(q);
      if (question.visible_if) bind(*question.visible_if, {question.pointer, "/visibleIf"}, at, ElementRef{false, at});
      if (question.required_if) bind(*question.required_if, {question.pointer, "/requiredIf"}, at, ElementRef{false, at});
      for (std::size_t v = 0; v < question.validators.size(); ++v)
        bind(question.validators[v].expression, {question.pointer, "/expression", static_cast<int>(v)}, -1,
             std::nullopt);
    }
    if (r_.has_errors()) return;
    order_and_find_cycles();
    warn_about_dimensions();
  }

 private:
  std::optional<int> answer_slot(std::string_view id) const {
    int q = s_.question_index(id);
    return q < 0 ? std::nullopt : std::optional<int>(q);
  }
  std::optional<int> group_slot(std::string_view id) const {
    int g = s_.group_attribute_index(id);
    return g < 0 ? std::nullopt : std::optional<int>(g);
  }

  // Where a condition sits: its owner's pointer and field, or the owner's
  // validator. Spelled out only for a diagnostic: most conditions get none.
  struct Place {
    const std::string& owner;
    std::string_view field;
    int validator = -1;
    std::string pointer() const {
      if (validator < 0) return owner + std::string(field);
      return owner + "/validators/" + std::to_string(validator) + std::string(field);
    }
  };

  // Binds one condition; `position` is the first question index of its owner
  // (for forward-reference warnings, -1: none); `owner` registers the
  // condition as a dependent of what it reads.
  void bind(Expression& expression, const Place& place, int position, std::optional<ElementRef> owner) {
    Status status = expression.bind([this](std::string_view id) { return answer_slot(id); },
                                    [this](std::string_view id) { return group_slot(id); });
    if (!status.ok()) {
      r_.error("unknown_reference", place.pointer(), status.error().message);
      return;
    }
    for (const std::string& id : expression.answer_refs()) {
      int q = s_.question_index(id);
      if (owner) {
        auto& list = owner->is_block ? s_.dependents[q].blocks : s_.dependents[q].questions;
        if (std::find(list.begin(), list.end(), owner->index) == list.end()) list.push_back(owner->index);
      }
      if (position >= 0 && q >= position)
        r_.warning("forward_reference", place.pointer(),
                   "reads \"" + id + "\", which comes later in the survey: its answer is empty until then");
    }
  }

  void bind_dimension(int d) {
    Dimension& dimension = s_.dimensions[d];
    if (!dimension.not_applicable_if) return;
    std::string pointer = "/dimensions/" + std::to_string(d) + "/notApplicableIf";
    if (!dimension.not_applicable_if->answer_refs().empty()) {
      r_.error("group_only_condition", pointer,
               "may read group attributes only, but reads \"" + dimension.not_applicable_if->answer_refs().front() +
                   "\": a dimension applies to a whole group or not at all");
      return;
    }
    bind(*dimension.not_applicable_if, {pointer, ""}, -1, std::nullopt);
  }

  // Visibility graph: a question depends on its block and on the questions
  // its visibleIf reads; a block on its parent and on what its visibleIf
  // reads. A depth-first walk gives an evaluation order and finds cycles.
  void order_and_find_cycles() {
    int questions = static_cast<int>(s_.questions.size());
    int nodes = questions + static_cast<int>(s_.blocks.size());
    // Each node's edges lie in one array, node after node (edge_begin[n] up
    // to edge_begin[n + 1]): one allocation, not one per node.
    std::vector<int> edge_begin(nodes + 1, 0);
    std::vector<int> targets;
    targets.reserve(static_cast<std::size_t>(nodes) * 2);
    auto add_edges = [&](int node, int first, const std::optional<Expression>& condition) {
      if (first >= 0) targets.push_back(first);
      if (condition)
        for (const auto& id : condition->answer_refs()) targets.push_back(s_.question_index(id));
      edge_begin[node + 1] = static_cast<int>(targets.size());
    };
    for (int q = 0; q < questions; ++q) add_edges(q, questions + s_.questions[q].block, s_.questions[q].visible_if);
    for (std::size_t b = 0; b < s_.blocks.size(); ++b) {
      const Block& block = s_.blocks[b];
      add_edges(questions + static_cast<int>(b), block.parent >= 0 ? questions + block.parent : -1, block.visible_if);
    }
    auto name = [&](int node) {
      return node < questions ? s_.questions[node].id : s_.blocks[node - questions].id;
    };
    auto pointer = [&](int node) {
      return (node < questions ? s_.questions[node].pointer : s_.blocks[node - questions].pointer) + "/visibleIf";
    };
    enum Mark : char { unseen, active, done };
    std::vector<char> mark(nodes, unseen);
    std::vector<int> path;
    s_.evaluation_order.reserve(nodes);
    // Iterative walk: a 2,000-question survey must not exhaust the stack.
    std::vector<std::pair<int, std::size_t>> stack;
    for (int start = 0; start < nodes; ++start) {
      if (mark[start] != unseen) continue;
      stack.assign(1, {start, 0});
      mark[start] = active;
      path.push_back(start);
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next < static_cast<std::size_t>(edge_begin[node + 1] - edge_begin[node])) {
          int target = targets[edge_begin[node] + next++];
          if (mark[target] == active) {
            std::string cycle;
            auto from = std::find(path.begin(), path.end(), target);
            for (auto it = from; it != path.end(); ++it) cycle += name(*it) + " -> ";
            cycle += name(target);
            r_.error("condition_cycle", pointer(node), "visibility conditions form a cycle: " + cycle);
            return;
          }
          if (mark[target] == unseen) {
            mark[target] = active;
            path.push_back(target);
            stack.push_back({target, 0});
          }
        } else {
          mark[node] = done;
          s_.evaluation_order.push_back(node < questions ? ElementRef{false, node} : ElementRef{true, node - questions});
          path.pop_back();
          stack.pop_back();
        }
      }
    }
  }

  void warn_about_dimensions() {
    std::vector<int> items(s_.dimensions.size(), 0);
    for (const Question& q : s_.questions)
      if (q.score) ++items[q.score->dimension];
    for (std::size_t d = 0; d < s_.dimensions.size(); ++d) {
      std::string pointer = "/dimensions/" + std::to_string(d);
      if (items[d] == 0)
        r_.warning("unused_dimension", pointer, "no question scores \"" + s_.dimensions[d].id + "\"");
      else if (items[d] < 3)
        r_.warning("few_items", pointer,
                   "only " + std::to_string(items[d]) + " question(s) score \"" + s_.dimensions[d].id +
                       "\": a score from so few items is fragile");
    }
  }

  Survey& s_;
  Reader& r_;
  const std::vector<int>& first_question_;
};

}  // namespace

void resolve_survey(Survey& survey, Reader& reader, const std::vector<int>& first_question) {
  Resolver(survey, reader, first_question).run();
}

}  // namespace detail
}  // namespace sos
