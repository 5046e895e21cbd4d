// SurveyJS expressions as survey-core reads them: the same text patches and
// the same grammar (precedence, optional closing brackets, bare words as
// text), parsed into a small syntax tree the importer translates.
//
//   auto tree = sos::import::sj::parse_expression("{q1} notempty and !({q2} = 'x')");
//   if (tree.ok()) puts(sos::import::sj::to_surveyjs_string(*tree.value()).c_str());
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "import/sj_value.h"
#include "sos/result.h"

namespace sos::import::sj {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Node {
  enum class Kind {
    constant,  // value holds what survey-core's Const evaluates to
    variable,  // {name}; name without the "#" no-conversion prefix
    null,      // the literals null and undefined, and a missing operand
    list,      // [a, b]
    binary,    // op: or, and, equal, notequal, less, greater, lessorequal,
               // greaterorequal, plus, minus, mul, div, mod, power,
               // contains, notcontains, anyof, allof, noneof
    negate,    // ! x
    empty,     // x empty
    notempty,  // x notempty
    call,      // name(args)
  };
  Kind kind = Kind::null;
  Value value;           // constant
  std::string text;      // constant: survey-core's raw text ("'a'", "3", "true")
  std::string name;      // variable, call, binary operator
  bool as_is = false;    // variable written {#name}: no number conversion
  std::vector<NodePtr> children;
  std::size_t offset = 0;  // in the patched source
};

// Errors: "import.expression_syntax" with the offset where survey-core's
// parser would fail.
Result<NodePtr> parse_expression(std::string_view source);

// survey-core's Operand.toString(): "(({a} == 1) and ({b} notempty))".
std::string to_surveyjs_string(const Node& node);

}  // namespace sos::import::sj
