// This file offers the contribution and comments built from a finished
// session, and the cells one respondent's answers give.
#include "sos/contribution.h"

#include <cmath>

#include "contribution_cells.h"
#include "json_write.h"
#include "score_points.h"
#include "sos/score.h"

namespace sos {
namespace detail {

void for_each_cell(const Survey& s, const std::vector<char>& applies, const std::vector<ClosedAnswer>& answers,
                   const std::function<void(std::string_view key, const Statistic& cell)>& emit) {
  static constexpr std::string_view kPoints[] = {"na", "1", "2", "3", "4", "5"};
  std::string key;
  emit("respondents", {1, 0, 0});
  std::vector<int> points(s.questions.size(), 0);
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    const Question& question = s.questions[q];
    const ClosedAnswer& answer = answers[q];
    if (!answer.has || question.type == QuestionType::comment) continue;
    key.assign("question/").append(question.id);
    if (question.type == QuestionType::number) {
      emit(key, {1, answer.number_e2, answer.number_e2 * answer.number_e2});
      continue;
    }
    emit(key, {1, 0, 0});
    key.replace(0, 8, "option").append("/");
    const std::size_t stem = key.size();
    for (int option : answer.options) {
      key.resize(stem);
      key.append(question.type == QuestionType::likert ? kPoints[option] : question.options[option].value);
      emit(key, {1, 0, 0});
    }
    if (question.type == QuestionType::likert) points[q] = answer.options.front();
  }
  for (const DimensionScore& score : score_points(s, applies, points)) {
    if (!score.score_e4) continue;
    std::int64_t v = *score.score_e4;
    key.assign("dimension/").append(s.dimensions[score.dimension].id);
    emit(key, {1, v, v * v});
  }
}

Aggregate cells_for(const Survey& s, int role, const std::vector<char>& applies,
                    const std::vector<ClosedAnswer>& answers) {
  Aggregate out;
  out.survey = s.id;
  out.version = s.version;
  out.role = s.roles[role].id;
  for_each_cell(s, applies, answers,
                [&out](std::string_view key, const Statistic& cell) { out.cells.emplace(key, cell); });
  return out;
}

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
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
        a.options.push_back(v.kind() == ValueKind::number ? static_cast<int>(v.as_number()) : 0);
        break;
      case QuestionType::choice:
        a.options.push_back(s.questions[q].option_index(v.as_string()));
        break;
      case QuestionType::multichoice:
        // Option order, not the order of the taps: nothing about how the
        // respondent answered leaves the device.
        for (std::size_t o = 0; o < s.questions[q].options.size(); ++o)
          for (const Value& item : v.as_list())
            if (item.as_string() == s.questions[q].options[o].value) a.options.push_back(static_cast<int>(o));
        break;
      case QuestionType::number:
        a.number_e2 = std::llround(v.as_number() * kNumberScale);
        break;
      case QuestionType::comment:
        a.has = false;
        break;
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
  // The aggregate's members, with the contribution's format and submission id.
  const std::string aggregate = aggregate_to_json(contribution.statistics);
  auto parsed = detail::JsonDoc::parse(aggregate);
  detail::JsonObject doc;
  if (parsed.ok()) {
    detail::JsonRef root = parsed.value().root();
    for (std::size_t i = 0; i < root.size(); ++i)
      doc.raw(root.key_at(i), detail::JsonWriter().value(root.value_at(i)).take());
  }
  doc.string("format", kContributionFormat).string("submission", contribution.submission);
  return doc.str();
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
    detail::JsonObject comment;
    comment.string("format", kCommentFormat)
        .string("survey", s.id)
        .string("version", s.version)
        .string("question", s.questions[q].id)
        .string("id", detail::hex(entropy.substr(offset, kIdBytes)))
        .string("text", session.value(static_cast<int>(q)).as_string());
    offset += kIdBytes;
    out.comment_jsons.push_back(comment.str());
  }
  return out;
}

}  // namespace sos
