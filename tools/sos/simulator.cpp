// This file offers simulate(): random but plausible respondents, each one a
// real engine session answered page by page.
#include "sos/simulator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "sos/session.h"

namespace sos::cli {

namespace {
std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Random::Random(std::uint64_t seed) {
  for (auto& word : s_) word = splitmix(seed);
}

std::uint64_t Random::next() {
  std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Random::below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
double Random::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Random::normal(double mean, double sd) {
  // Box-Muller; one value per call keeps the stream simple to reason about.
  double u1 = std::max(uniform(), 1e-12), u2 = uniform();
  return mean + sd * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

std::string Random::bytes(std::size_t n) {
  std::string out;
  while (out.size() < n) {
    std::uint64_t word = next();
    for (int i = 0; i < 8 && out.size() < n; ++i) out += static_cast<char>((word >> (8 * i)) & 0xff);
  }
  return out;
}

namespace {

const char* const kSyntheticComments[] = {
    "Synthetic demo comment: more time for coaching would help.",
    "Synthetic demo comment: the weekly follow-up works well.",
    "Synthetic demo comment: forecasts are discussed too rarely.",
    "Synthetic demo comment: clearer priorities among key accounts, please.",
};

class Respondent {
 public:
  Respondent(Session& session, Random& random, const std::vector<double>& levels, double comment_rate)
      : session_(session), random_(random), levels_(levels), comment_rate_(comment_rate) {}

  std::string answer_for(const Question& q) {
    switch (q.type) {
      case QuestionType::likert: {
        if (q.not_applicable && random_.uniform() < 0.04) return "\"na\"";
        double level = q.score ? levels_[q.score->dimension] : 3.5;
        double point = std::clamp(std::round(random_.normal(level, 0.75)), 1.0, 5.0);
        if (q.score && q.score->reverse) point = 6 - point;
        return std::to_string(static_cast<int>(point));
      }
      case QuestionType::choice:
        return nlohmann::json(q.options[random_.below(q.options.size())].value).dump();
      case QuestionType::multichoice: {
        int most = q.max_selected > 0 ? q.max_selected : static_cast<int>(q.options.size());
        int least = std::max(q.min_selected, 1);
        int count = least + static_cast<int>(random_.below(static_cast<std::uint64_t>(most - least + 1)));
        std::vector<std::string> chosen;
        for (const Option& o : q.options) chosen.push_back(o.value);
        for (std::size_t i = chosen.size(); i > 1; --i) std::swap(chosen[i - 1], chosen[random_.below(i)]);
        chosen.resize(count);
        return nlohmann::json(chosen).dump();
      }
      case QuestionType::number: {
        double scale = std::pow(10.0, q.decimals);
        double span = (q.max - q.min) * 0.3;  // most answers sit in the lower part of the range
        double value = std::clamp(q.min + std::fabs(random_.normal(0, span)), q.min, q.max);
        return nlohmann::json(std::round(value * scale) / scale).dump();
      }
      case QuestionType::comment:
        if (random_.uniform() >= comment_rate_) return "null";
        return nlohmann::json(kSyntheticComments[random_.below(std::size(kSyntheticComments))]).dump();
    }
    return "null";
  }

  // Answers the current page; false when validators keep refusing.
  bool answer_page() {
    const Survey& s = session_.survey();
    int page = session_.current_page();
    for (std::size_t q = 0; q < s.questions.size(); ++q)
      if (s.questions[q].page == page && session_.question_visible(static_cast<int>(q)))
        (void)session_.set_answer(s.questions[q].id, answer_for(s.questions[q]));
    for (int attempt = 0; attempt < 8; ++attempt) {
      PageMove move = session_.next();
      if (move.moved || move.messages.empty()) return true;
      for (const Message& m : move.messages) {
        int q = s.question_index(m.question);
        if (q >= 0) (void)session_.set_answer(m.question, answer_for(s.questions[q]));
      }
    }
    return false;
  }

 private:
  Session& session_;
  Random& random_;
  const std::vector<double>& levels_;
  double comment_rate_;
};

}  // namespace

Result<SimulationResult> simulate(std::shared_ptr<const Survey> survey, const SimulationOptions& options) {
  const Survey& s = *survey;
  std::vector<std::pair<int, int>> mix;  // role index, weight
  int total_weight = 0;
  if (options.role_mix.empty()) {
    for (std::size_t r = 0; r < s.roles.size(); ++r) mix.emplace_back(static_cast<int>(r), 1);
  }
  for (const auto& [role, weight] : options.role_mix) {
    int index = s.role_index(role);
    if (index < 0) return Error{"simulate.unknown_role", "", "\"" + role + "\" is not a role of " + s.id};
    if (weight < 0) return Error{"simulate.bad_role_mix", "", "role weights must not be negative"};
    mix.emplace_back(index, weight);
  }
  for (const auto& entry : mix) total_weight += entry.second;
  if (total_weight == 0) return Error{"simulate.bad_role_mix", "", "the role weights add up to 0"};

  Random random(options.seed);
  // The group's own profile: every respondent of the run shares it, as the
  // members of one team share a way of being led.
  std::vector<double> group_levels(s.dimensions.size());
  for (double& level : group_levels) level = std::clamp(random.normal(3.4, 0.45), 1.8, 4.6);

  SimulationResult result;
  for (int i = 0; i < options.respondents; ++i) {
    int pick = static_cast<int>(random.below(static_cast<std::uint64_t>(total_weight)));
    int role = mix.front().first;
    for (const auto& [index, weight] : mix) {
      if (pick < weight) {
        role = index;
        break;
      }
      pick -= weight;
    }
    SessionStart start{s.roles[role].id, options.language, options.group_json};
    auto session = Session::start(survey, start);
    if (!session.ok()) return session.error();
    // Managers tend to see their own leadership a little more kindly.
    double bias = s.roles[role].id == "manager" ? 0.3 : 0.0;
    std::vector<double> levels(group_levels.size());
    for (std::size_t d = 0; d < levels.size(); ++d) levels[d] = random.normal(group_levels[d] + bias, 0.45);
    Respondent respondent(session.value(), random, levels, options.comment_rate);
    bool finished = true;
    for (std::size_t guard = 0; guard < s.pages.size() && finished; ++guard) {
      bool last = session->on_last_page();
      finished = respondent.answer_page();
      if (last) break;
    }
    finished = finished && session->complete();
    if (!finished) {
      ++result.abandoned;
      continue;
    }
    auto submission = build_submission(session.value(), random.bytes(submission_entropy_bytes(session.value())));
    if (!submission.ok()) return submission.error();
    result.submissions.push_back(std::move(submission).value());
  }
  return result;
}

}  // namespace sos::cli
