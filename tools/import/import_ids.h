// Ids and option values for imported surveys: SurveyJS names ("Question 1",
// "Nöjd kund?") become ids of the survey format (^[a-z][a-z0-9_]{0,63}$,
// unique across the survey) and choice values become option values
// ([A-Za-z0-9_.-]{1,64}, unique within the question).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace sos::import {

// The name with letters folded to ASCII lowercase (å -> a, ø -> o, æ -> ae,
// ß -> ss), everything else that is not a letter or digit turned into single
// underscores, trimmed; empty when nothing is left.
std::string fold_name(std::string_view name);

class IdAllocator {
 public:
  // A unique id for `name`: its folded form, prefixed with `prefix` when it
  // would not start with a letter, cut to fit, and suffixed _2, _3, ... when
  // taken.
  std::string allocate(std::string_view name, std::string_view prefix);
  // Reserves an id exactly (for ids the importer makes up).
  bool reserve(const std::string& id) { return taken_.insert(id).second; }

 private:
  std::set<std::string> taken_;
};

// Option values of one question.
class OptionValues {
 public:
  // The value as text when it is already a valid option value, else a
  // folded form; unique within the question.
  std::string allocate(std::string_view text);

 private:
  std::set<std::string> taken_;
};

}  // namespace sos::import
