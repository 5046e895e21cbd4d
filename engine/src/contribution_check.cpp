// This file offers validate_contribution: the endpoint's check that a body
// holds the figures of exactly one respondent of the wave's survey.
#include <algorithm>
#include <cmath>
#include <optional>

#include "contribution_cells.h"
#include "contribution_read.h"
#include "json_adapter.h"
#include "json_doc.h"
#include "session_state.h"
#include "sos/contribution.h"

namespace sos {
namespace detail {

Status read_cells(const Json& cells, const std::string& pointer, std::map<std::string, Statistic, std::less<>>& out,
                  const std::string& code);

}  // namespace detail

namespace {

Error fail(std::string_view code, std::string pointer, std::string message) {
  return Error{"contribution." + std::string(code), std::move(pointer), std::move(message)};
}

bool is_id_hex(std::string_view text) {
  if (text.size() != kIdBytes * 2) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// The header fields against the wave's survey; the role's index.
Result<int> check_header(const Survey& s, std::string_view format, const std::string& survey,
                         const std::string& version, const std::string& role_id, std::string_view submission) {
  if (format != kContributionFormat)
    return fail("bad_format", "/format", "must be \"" + std::string(kContributionFormat) + "\"");
  if (survey != s.id || version != s.version)
    return fail(
        "survey_mismatch", "/version",
        "made for " + survey + " version " + version + ", but this wave runs " + s.id + " version " + s.version);
  int role = s.role_index(role_id);
  if (role < 0) return fail("unknown_role", "/role", detail::Json(role_id).dump() + " is not a role of this survey");
  if (!is_id_hex(submission))
    return fail("bad_submission_id", "/submission", "must be 32 lowercase hexadecimal digits");
  return role;
}

// The body read through a JSON tree: slower, but names the first problem of
// any body the quick reader does not take.
Result<int> read_tree(const Survey& s, std::string_view json_text, Contribution& out) {
  using detail::Json;
  auto parsed = detail::parse_json(json_text);
  if (!parsed.ok()) return fail("bad_format", "", parsed.error().message);
  const Json& doc = parsed.value();
  if (!doc.is_object()) return fail("bad_format", "", "a contribution must be an object");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "format" && it.key() != "survey" && it.key() != "version" && it.key() != "role" &&
        it.key() != "submission" && it.key() != "cells")
      return fail("unknown_field", "/" + it.key(), "unknown field \"" + it.key() + "\"");
  for (const char* key : {"format", "survey", "version", "role", "submission"})
    if (!doc.contains(key) || !doc[key].is_string())
      return fail("bad_format", std::string("/") + key, "missing or not a string");
  auto role = check_header(s, doc["format"].get<std::string>(), doc["survey"].get<std::string>(),
                           doc["version"].get<std::string>(), doc["role"].get<std::string>(),
                           doc["submission"].get<std::string>());
  if (!role.ok()) return role.error();
  out.submission = doc["submission"].get<std::string>();
  if (!doc.contains("cells")) return fail("bad_format", "/cells", "missing");
  if (Status st = detail::read_cells(doc["cells"], "/cells", out.statistics.cells, "contribution.bad_format"); !st.ok())
    return st.error();
  return role;
}

bool role_may_answer(const Survey& s, const Question& question, int role) {
  if (!detail::role_allowed(question.roles, role)) return false;
  for (int b = question.block; b >= 0; b = s.blocks[b].parent)
    if (!detail::role_allowed(s.blocks[b].roles, role)) return false;
  return true;
}

std::string cell_pointer(std::string_view key) { return detail::pointer_join("/cells", key); }

}  // namespace

Result<Contribution> validate_contribution(const Survey& s, std::string_view group_json, std::string_view json_text) {
  Contribution out;
  int role = -1;
  if (auto body = detail::read_contribution_body(json_text)) {
    auto header = check_header(s, body->format, body->survey, body->version, body->role, body->submission);
    if (!header.ok()) return header.error();
    role = header.value();
    out.submission = std::move(body->submission);
    out.statistics.cells = std::move(body->cells);
  } else {
    auto read = read_tree(s, json_text, out);
    if (!read.ok()) return read.error();
    role = read.value();
  }
  Aggregate& stats = out.statistics;
  stats.survey = s.id;
  stats.version = s.version;
  stats.role = s.roles[role].id;

  // Reconstruct the closed answers the cells claim, then recompute the cells
  // from them with the same code the device used: any difference means the
  // figures are not those of one respondent.
  Session::State group_state;
  auto group = detail::JsonDoc::parse(group_json.empty() ? std::string_view("{}") : group_json);
  if (!group.ok()) return fail("bad_group", "", group.error().message);
  if (Status st = detail::read_group(s, group.value().root(), group_state); !st.ok())
    return fail("bad_group", st.error().pointer, st.error().message);
  Scope group_scope{{}, group_state.group};
  std::vector<char> applies(s.dimensions.size());
  for (std::size_t d = 0; d < applies.size(); ++d)
    applies[d] =
        !s.dimensions[d].not_applicable_if || !s.dimensions[d].not_applicable_if->evaluate(group_scope).truthy();

  std::vector<detail::ClosedAnswer> answers(s.questions.size());
  for (const auto& [key, cell] : stats.cells) {
    std::string_view rest = key;
    auto take = [&rest]() {
      auto slash = rest.find('/');
      std::string_view part = rest.substr(0, slash);
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      return part;
    };
    std::string_view kind = take();
    if (kind == "respondents" && rest.empty()) continue;
    if (kind == "dimension") {
      if (int d = s.dimension_index(rest); d >= 0) {
        if (!applies[d]) return fail("not_applicable", cell_pointer(key), "the dimension does not apply to this group");
        continue;
      }
    }
    std::string_view id = take();
    int q = s.question_index(id);
    if (q < 0 || s.questions[q].type == QuestionType::comment || (kind != "question" && kind != "option") ||
        (kind == "question" && !rest.empty()))
      return fail("unknown_cell", cell_pointer(key), "\"" + key + "\" is not a statistic of this survey");
    const Question& question = s.questions[q];
    if (!role_may_answer(s, question, role))
      return fail("role_not_allowed", cell_pointer(key), "the question is not asked of the role " + stats.role);
    detail::ClosedAnswer& answer = answers[q];
    answer.has = true;
    if (kind == "question") {
      if (question.type == QuestionType::number) {
        if (cell.sum < std::llround(question.min * kNumberScale) ||
            cell.sum > std::llround(question.max * kNumberScale))
          return fail("out_of_range", cell_pointer(key), "the number lies outside the question's range");
        answer.number_e2 = cell.sum;
      }
      continue;
    }
    int option = -1;
    if (question.type == QuestionType::likert) {
      if (rest.size() == 1 && rest[0] >= '1' && rest[0] <= '5')
        option = rest[0] - '0';
      else if (rest == "na" && question.not_applicable)
        option = 0;
    } else if (question.type != QuestionType::number) {
      option = question.option_index(rest);
    }
    if (option < 0)
      return fail("unknown_cell", cell_pointer(key),
                  "\"" + std::string(rest) + "\" is not an answer to " + question.id);
    answer.options.push_back(option);
  }
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    const Question& question = s.questions[q];
    detail::ClosedAnswer& answer = answers[q];
    if (!answer.has || question.type == QuestionType::number) continue;
    std::size_t chosen = answer.options.size();
    bool single = question.type != QuestionType::multichoice;
    if ((single && chosen != 1) || chosen == 0 ||
        (!single && question.max_selected > 0 && chosen > static_cast<std::size_t>(question.max_selected)) ||
        (!single && chosen < static_cast<std::size_t>(question.min_selected)))
      return fail("inconsistent", cell_pointer("question/" + question.id),
                  std::to_string(chosen) + " option(s) chosen, which one respondent cannot give");
    // Cells are sorted by key; keep options in the question's own order.
    if (question.type == QuestionType::multichoice) std::sort(answer.options.begin(), answer.options.end());
  }

  // Every cell the answers give must be there with the same figures, and no
  // other; the first problem in key order is the one named.
  std::size_t matched = 0;
  std::optional<std::string> first_bad;
  bool bad_missing = false;
  detail::for_each_cell(s, applies, answers, [&](std::string_view key, const Statistic& cell) {
    auto it = stats.cells.find(key);
    bool missing = it == stats.cells.end();
    if (!missing && it->second == cell) {
      ++matched;
      return;
    }
    if (first_bad && *first_bad <= key) return;
    first_bad = std::string(key);
    bad_missing = missing;
  });
  if (first_bad)
    return fail("inconsistent", cell_pointer(*first_bad),
                bad_missing ? "missing: one respondent's answers imply it"
                            : "does not match what one respondent's answers give");
  if (matched != stats.cells.size()) {
    Aggregate expected = detail::cells_for(s, role, applies, answers);
    for (const auto& [key, cell] : stats.cells)
      if (!expected.cells.count(key))
        return fail("inconsistent", cell_pointer(key), "no answer of one respondent gives it");
  }
  return out;
}

}  // namespace sos
