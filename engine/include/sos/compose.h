// Composing a customer's survey (docs/content.md): the standard survey, the
// battery items the customer picked and its own questions, as one ordinary
// survey file that keeps every standard id, page and score unchanged.
//
//   sos::ComposeResult r = sos::compose_survey(standard, battery, customer);
//   for (const sos::ComposeDiagnostic& d : r.diagnostics)
//     printf("%s: %s\n", sos::to_string(d.file), d.diagnostic.to_string().c_str());
//   if (r.ok()) write(r.survey_json);   // load_survey accepts it
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"

namespace sos {

inline constexpr std::string_view kBatteryFormat = "sos-battery/1";
inline constexpr std::string_view kCustomerFormat = "sos-customer/1";

// The file a diagnostic's JSON Pointer points into. `composed` is used only
// for a problem of the composed survey that no input file can be blamed for.
enum class ComposeFile { standard, battery, customer, composed };

const char* to_string(ComposeFile file);  // "standard", "battery", ...

struct ComposeDiagnostic {
  ComposeFile file = ComposeFile::customer;
  Diagnostic diagnostic;
};

struct ComposeResult {
  std::string survey_json;  // the composed survey; empty when there is any error
  std::vector<ComposeDiagnostic> diagnostics;  // errors and warnings

  bool ok() const { return !survey_json.empty(); }
};

// Checks a battery file ("sos-battery/1") against the standard survey it
// extends. Diagnostics point into the battery file: "battery.*" for the
// battery's own rules, "survey.*" for an element that is not a valid survey
// element (mapped from the survey it would be part of to /items/N/...).
// `standard_json` must load; if it does not, its own errors are returned.
std::vector<ComposeDiagnostic> check_battery(std::string_view standard_json, std::string_view battery_json);

// Composes a customer file ("sos-customer/1") with the standard survey and
// the battery. The standard survey and the battery are checked first: if
// either has an error, only that file's diagnostics are returned. Otherwise
// every problem of the customer file is collected ("customer.*", and
// "survey.*" from loading the composed survey), each with a JSON Pointer into
// the customer file. The result is written (2-space indented JSON) only when
// there is no error and the composed survey loads.
ComposeResult compose_survey(std::string_view standard_json, std::string_view battery_json,
                             std::string_view customer_json);

}  // namespace sos
