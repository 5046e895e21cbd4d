// This file offers the contribution and comments built from a finished
// session, and the check of a contribution as the endpoint receives it.
#include "sos/contribution.h"

#include <cmath>

#include "json_adapter.h"
#include "score_points.h"
#include "session_state.h"
#include "sos/score.h"

namespace sos {
namespace detail {

Status read_cells(const Json& cells, const std::string& pointer, std::map<std::string, Statistic, std::less<>>& out,
                  const std::string& code);

namespace {

// A closed answer as the statistics see it: the options chosen (likert
// points as "1".."5" or "na") or a number.
struct ClosedAnswer {
  bool has = false;
  std::vector<std::string> options;
  std::int64_t number_e2 = 0;
};

Aggregate cells_for(const Survey& s, int role, const std::vector<char>& applies,
                    const std::vector<ClosedAnswer>& answers) {
  Aggregate out;
  out.survey = s.id;
  out.version = s.version;
  out.role = s.roles[role].id;
  out.cells["respondents"] = {1, 0, 0};
  std::vector<int> points(s.questions.size(), 0);
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    const Question& question = s.questions[q];
    const ClosedAnswer& answer = answers[q];
    if (!answer.has || question.type == QuestionType::comment) continue;
    Statistic& cell = out.cells["question/" + question.id];
    cell.n = 1;
    if (question.type == QuestionType::number) {
      cell.sum = answer.number_e2;
      cell.sumsq = answer.number_e2 * answer.number_e2;
      continue;
    }
    for (const std::string& option : answer.options) out.cells["option/" + question.id + "/" + option] = {1, 0, 0};
    if (question.type == QuestionType::likert && answer.options.front() != "na")
      points[q] = answer.options.front()[0] - '0';
  }
  for (const DimensionScore& score : score_points(s, applies, points)) {
    if (!score.score_e4) continue;
    std::int64_t v = *score.score_e4;
    out.cells["dimension/" + s.dimensions[score.dimension].id] = {1, v, v * v};
  }
  return out;
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool is_id_hex(std::string_view text) {
  if (text.size() != kIdBytes * 2) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace
}  // namespace detail

Aggregate contribution_statistics(const Session& session) {
  const Survey& s = session.survey();
  std::vector<detail::ClosedAnswer> answers(s.questions.size());
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    int index = static_cast<int>(q);
    if (!session.answered(index)) continue;
    const Value& v = session.value(index);
    detail::ClosedAnswer& a = answers[q];
    a.has = true;
    switch (s.questions[q].type) {
      case QuestionType::likert:
        a.options.push_back(v.kind() == ValueKind::number ? std::to_string(static_cast<int>(v.as_number())) : "na");
        break;
      case QuestionType::choice: a.options.emplace_back(v.as_string()); break;
      case QuestionType::multichoice:
        // Option order, not the order of the taps: nothing about how the
        // respondent answered leaves the device.
        for (const Option& option : s.questions[q].options)
          for (const Value& item : v.as_list())
            if (item.as_string() == option.value) a.options.push_back(option.value);
        break;
      case QuestionType::number: a.number_e2 = std::llround(v.as_number() * kNumberScale); break;
      case QuestionType::comment: a.has = false; break;
    }
  }
  std::vector<char> applies(s.dimensions.size());
  for (std::size_t d = 0; d < applies.size(); ++d) applies[d] = session.dimension_applies(static_cast<int>(d));
  return detail::cells_for(s, session.role(), applies, answers);
}

std::size_t submission_entropy_bytes(const Session& session) {
  std::size_t bytes = kIdBytes;
  const Survey& s = session.survey();
  for (std::size_t q = 0; q < s.questions.size(); ++q)
    if (s.questions[q].type == QuestionType::comment && session.answered(static_cast<int>(q))) bytes += kIdBytes;
  return bytes;
}

std::string contribution_to_json(const Contribution& contribution) {
  detail::Json doc = detail::Json::parse(aggregate_to_json(contribution.statistics));
  doc["format"] = kContributionFormat;
  doc["submission"] = contribution.submission;
  return doc.dump();
}

Result<Submission> build_submission(const Session& session, std::string_view entropy) {
  auto messages = session.validate_all();
  if (!messages.empty())
    return Error{"session.incomplete", "/answers/" + messages.front().question,
                 std::to_string(messages.size()) + " question(s) still need an answer or a correction"};
  std::size_t needed = submission_entropy_bytes(session);
  if (entropy.size() < needed)
    return Error{"submission.entropy", "",
                 "needs " + std::to_string(needed) + " random bytes, got " + std::to_string(entropy.size())};
  Submission out;
  Contribution contribution{detail::hex(entropy.substr(0, kIdBytes)), contribution_statistics(session)};
  out.contribution_json = contribution_to_json(contribution);
  const Survey& s = session.survey();
  std::size_t offset = kIdBytes;
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    if (s.questions[q].type != QuestionType::comment || !session.answered(static_cast<int>(q))) continue;
    detail::Json comment = {{"format", kCommentFormat},
                            {"survey", s.id},
                            {"version", s.version},
                            {"question", s.questions[q].id},
                            {"id", detail::hex(entropy.substr(offset, kIdBytes))},
                            {"text", std::string(session.value(static_cast<int>(q)).as_string())}};
    offset += kIdBytes;
    out.comment_jsons.push_back(comment.dump());
  }
  return out;
}

Result<Contribution> validate_contribution(const Survey& s, std::string_view group_json, std::string_view json_text) {
  using detail::Json;
  auto fail = [](std::string code, std::string pointer, std::string message) {
    return Error{"contribution." + code, std::move(pointer), std::move(message)};
  };
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
  if (doc["format"] != kContributionFormat)
    return fail("bad_format", "/format", "must be \"" + std::string(kContributionFormat) + "\"");
  if (doc["survey"] != s.id || doc["version"] != s.version)
    return fail("survey_mismatch", "/version",
                "made for " + doc["survey"].get<std::string>() + " version " + doc["version"].get<std::string>() +
                    ", but this wave runs " + s.id + " version " + s.version);
  int role = s.role_index(doc["role"].get<std::string>());
  if (role < 0) return fail("unknown_role", "/role", doc["role"].dump() + " is not a role of this survey");
  Contribution out;
  out.submission = doc["submission"].get<std::string>();
  if (!detail::is_id_hex(out.submission))
    return fail("bad_submission_id", "/submission", "must be 32 lowercase hexadecimal digits");
  if (!doc.contains("cells")) return fail("bad_format", "/cells", "missing");
  Aggregate& stats = out.statistics;
  stats.survey = s.id;
  stats.version = s.version;
  stats.role = s.roles[role].id;
  if (Status st = detail::read_cells(doc["cells"], "/cells", stats.cells, "contribution.bad_format"); !st.ok())
    return st.error();

  // Reconstruct the closed answers the cells claim, then recompute the cells
  // from them with the same code the device used: any difference means the
  // figures are not those of one respondent.
  Session::State group_state;
  auto group = detail::parse_json(group_json.empty() ? std::string_view("{}") : group_json);
  if (!group.ok()) return fail("bad_group", "", group.error().message);
  if (Status st = detail::read_group(s, group.value(), group_state); !st.ok())
    return fail("bad_group", st.error().pointer, st.error().message);
  Scope group_scope{{}, group_state.group};
  std::vector<char> applies(s.dimensions.size());
  for (std::size_t d = 0; d < applies.size(); ++d)
    applies[d] = !s.dimensions[d].not_applicable_if || !s.dimensions[d].not_applicable_if->evaluate(group_scope).truthy();

  std::vector<detail::ClosedAnswer> answers(s.questions.size());
  for (const auto& [key, cell] : stats.cells) {
    std::string pointer = detail::pointer_join("/cells", key);
    std::string_view rest = key;
    auto take = [&rest]() {
      auto slash = rest.find('/');
      std::string_view part = rest.substr(0, slash);
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      return part;
    };
    std::string_view kind = take();
    if (kind == "respondents" && rest.empty()) continue;
    if (kind == "dimension" && s.dimension_index(rest) >= 0) {
      if (!applies[s.dimension_index(rest)])
        return fail("not_applicable", pointer, "the dimension does not apply to this group");
      continue;
    }
    std::string_view id = take();
    int q = s.question_index(id);
    if (q < 0 || s.questions[q].type == QuestionType::comment || (kind != "question" && kind != "option") ||
        (kind == "question" && !rest.empty()))
      return fail("unknown_cell", pointer, "\"" + key + "\" is not a statistic of this survey");
    const Question& question = s.questions[q];
    if (!detail::role_allowed(question.roles, role) || (question.block >= 0 && ![&] {
          for (int b = question.block; b >= 0; b = s.blocks[b].parent)
            if (!detail::role_allowed(s.blocks[b].roles, role)) return false;
          return true;
        }()))
      return fail("role_not_allowed", pointer, "the question is not asked of the role " + stats.role);
    detail::ClosedAnswer& answer = answers[q];
    answer.has = true;
    if (kind == "question") {
      if (question.type == QuestionType::number) {
        if (cell.sum < std::llround(question.min * kNumberScale) || cell.sum > std::llround(question.max * kNumberScale))
          return fail("out_of_range", pointer, "the number lies outside the question's range");
        answer.number_e2 = cell.sum;
      }
      continue;
    }
    bool known = question.type == QuestionType::likert
                     ? (rest.size() == 1 && rest[0] >= '1' && rest[0] <= '5') || (rest == "na" && question.not_applicable)
                     : question.option_index(rest) >= 0;
    if (!known || question.type == QuestionType::number)
      return fail("unknown_cell", pointer, "\"" + std::string(rest) + "\" is not an answer to " + question.id);
    answer.options.emplace_back(rest);
  }
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    const Question& question = s.questions[q];
    detail::ClosedAnswer& answer = answers[q];
    if (!answer.has || question.type == QuestionType::number) continue;
    std::string pointer = detail::pointer_join("/cells", "question/" + question.id);
    std::size_t chosen = answer.options.size();
    bool single = question.type != QuestionType::multichoice;
    if ((single && chosen != 1) || chosen == 0 ||
        (!single && question.max_selected > 0 && chosen > static_cast<std::size_t>(question.max_selected)) ||
        (!single && chosen < static_cast<std::size_t>(question.min_selected)))
      return fail("inconsistent", pointer, std::to_string(chosen) + " option(s) chosen, which one respondent cannot give");
    // Cells are sorted by key; keep options in the question's own order.
    std::vector<std::string> ordered;
    if (question.type == QuestionType::multichoice) {
      for (const Option& option : question.options)
        for (const std::string& o : answer.options)
          if (o == option.value) ordered.push_back(o);
      answer.options = std::move(ordered);
    }
  }
  Aggregate expected = detail::cells_for(s, role, applies, answers);
  for (const auto& [key, cell] : expected.cells) {
    auto it = stats.cells.find(key);
    if (it == stats.cells.end())
      return fail("inconsistent", detail::pointer_join("/cells", key), "missing: one respondent's answers imply it");
    if (!(it->second == cell))
      return fail("inconsistent", detail::pointer_join("/cells", key),
                  "does not match what one respondent's answers give");
  }
  for (const auto& [key, cell] : stats.cells)
    if (!expected.cells.count(key))
      return fail("inconsistent", detail::pointer_join("/cells", key), "no answer of one respondent gives it");
  return out;
}

}  // namespace sos
