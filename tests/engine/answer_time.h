// The answering-time model of docs/content.md ("Answering time"), for the
// content tests: what one respondent reads and answers in a real session.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "sos/session.h"
#include "sos/survey.h"

namespace sos::testing {

// A word is a run of letters or digits; parts joined by a hyphen or an
// apostrophe count as one word ("follow-up", "don't").
inline int count_words(std::string_view text) {
  auto next = [&](std::size_t& i) -> char32_t {  // decodes one UTF-8 code point
    unsigned char c = static_cast<unsigned char>(text[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 0; k < extra && i + 1 < text.size(); ++k) cp = (cp << 6) | (text[++i] & 0x3F);
    ++i;
    return cp;
  };
  auto is_word = [](char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    // Letters from Latin-1 on (å, ä, ö, æ, ø, é, ...), not the multiplication and
    // division signs, general punctuation (dashes, quotes, ellipsis) or symbols.
    return c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x2BFF);
  };
  auto is_joiner = [](char32_t c) { return c == '-' || c == '\'' || c == 0x2019 || c == 0x2010 || c == 0x2011; };
  std::u32string cps;
  for (std::size_t i = 0; i < text.size();) cps += next(i);
  int words = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (is_word(cps[i])) {
      if (!in_word) ++words;
      in_word = true;
    } else if (!(in_word && is_joiner(cps[i]) && i + 1 < cps.size() && is_word(cps[i + 1]))) {
      in_word = false;
    }
  }
  return words;
}

struct AnswerTime {
  int words = 0;
  int answer_seconds = 0;
  int pages = 0;
  int items = 0;  // questions and matrix rows shown
  double minutes() const { return (words / 200.0 * 60.0 + answer_seconds + 5.0 * pages) / 60.0; }
};

// What `session` (its role, group and language, no answers needed) shows.
inline AnswerTime answer_time(const Session& session) {
  const Survey& survey = session.survey();
  const std::string& language = session.language();
  const std::string& fallback = survey.fallback_language;
  auto words = [&](const Text& text) { return count_words(text.in(language, fallback)); };
  AnswerTime total;
  for (std::size_t p = 0; p < survey.pages.size(); ++p) {
    if (!session.page_visible(static_cast<int>(p))) continue;
    const Block& page = survey.blocks[survey.pages[p]];
    ++total.pages;
    total.words += words(page.title) + words(page.description);
    std::set<std::string> scale_labels;  // counted once per page
    auto walk = [&](auto& self, const Block& block) -> void {
      for (const ElementRef& child : block.children) {
        if (child.is_block) {
          const Block& inner = survey.blocks[child.index];
          if (!session.block_visible(child.index)) continue;
          // A panel shows its title; a matrix its text (title) and help (description).
          total.words += words(inner.title);
          if (inner.kind == BlockKind::matrix) total.words += words(inner.description);
          self(self, inner);
          continue;
        }
        if (!session.question_visible(child.index)) continue;
        const Question& q = survey.questions[child.index];
        ++total.items;
        total.words += words(q.text_for(session.role())) + words(q.help);
        for (const Option& option : q.options) total.words += words(option.text);
        switch (q.type) {
          case QuestionType::likert:
            total.answer_seconds += 8;
            for (const Text* label : {&q.min_label, &q.max_label})
              if (!label->empty()) scale_labels.insert(std::string(label->in(language, fallback)));
            break;
          case QuestionType::choice: total.answer_seconds += 8; break;
          case QuestionType::multichoice: total.answer_seconds += 12; break;
          case QuestionType::number: total.answer_seconds += 10; break;
          case QuestionType::comment: total.answer_seconds += 60; break;
        }
      }
    };
    walk(walk, page);
    for (const std::string& label : scale_labels) total.words += count_words(label);
  }
  return total;
}

}  // namespace sos::testing
