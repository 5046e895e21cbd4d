// This file offers the printed forms of Error and Diagnostic.
#include "sos/result.h"

namespace sos {

std::string Error::to_string() const {
  std::string out = "[" + code + "] ";
  if (!pointer.empty()) out += "(" + pointer + ") ";
  return out + message;
}

std::string Diagnostic::to_string() const {
  return (severity == Severity::warning ? "warning: " : "error: ") + error.to_string();
}

}  // namespace sos
