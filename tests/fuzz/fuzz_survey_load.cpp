// Fuzz target: the survey loader, from any bytes to a model or diagnostics.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sos/session.h"
#include "sos/survey.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sos::LoadResult result = sos::load_survey(text);
  // A survey that loads must be safe to run: start a session for each role.
  if (result.ok())
    for (const sos::Role& role : result.survey->roles) (void)sos::Session::start(result.survey, {role.id, "", "{}"});
  return 0;
}
