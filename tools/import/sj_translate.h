// Translation of a SurveyJS condition into the expression language, keeping
// SurveyJS's meaning: where the two languages differ (loose equality,
// case-insensitive text, empty values in arithmetic, "== true" for a
// condition to hold), the translation spells SurveyJS's meaning out for the
// answers the question can have, or names the difference, or refuses.
//
//   sos::import::Translation t = translate_condition(*tree, env).value();
//   out::print(t.condition);  // "{q1} in ['a', 'b'] and sum({n}) + 1 > 3"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "import/out_expr.h"
#include "import/sj_expr.h"
#include "import/sj_value.h"
#include "sos/result.h"

namespace sos::import {

// What a SurveyJS name reads once converted.
struct RefInfo {
  enum class Kind {
    number,  // number, likert, rating: numbers, as in SurveyJS
    choice,  // one of `options` (boolean questions too: true/false)
    multi,   // a list of `options`
    text,    // free text
    matrix,  // {m} itself; its rows are references of their own
    unanswered,  // reads as unanswered: a question where it is known to be
  };
  struct Option {
    sj::Value raw;      // the SurveyJS value
    std::string value;  // the converted option value
  };
  Kind kind = Kind::number;
  std::string id;          // the converted question id (not for a matrix)
  bool integral = false;   // number: only whole numbers are accepted
  std::vector<Option> options;
  std::vector<const RefInfo*> rows;  // matrix
  std::vector<std::string> row_names;  // matrix: the rows' SurveyJS values as text
};

// Resolves a SurveyJS variable name ("q1", "matrix.row") as survey-core
// would, or null.
class RefResolver {
 public:
  virtual ~RefResolver() = default;
  virtual const RefInfo* find(std::string_view name) const = 0;
};

struct Translation {
  out::NodePtr condition;
  // Cases where the converted condition can still decide differently from
  // SurveyJS, in words, for a warning.
  std::vector<std::string> differences;
};

// When survey-core takes a condition to hold.
enum class Holds {
  strictly_true,  // visibleIf, requiredIf: the value === true (a number 1 does not hold)
  loosely_true,   // expression validators: the value == true (1 and '1' hold)
};

// `root` as a condition. Errors: "import.untranslatable" with the reason.
Result<Translation> translate_condition(const sj::Node& root, const RefResolver& refs, Holds holds);

}  // namespace sos::import
