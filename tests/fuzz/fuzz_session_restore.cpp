// Fuzz target: restoring a saved session (data from the device's storage)
// against the fixture survey, then using it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixture.h"
#include "sos/contribution.h"
#include "sos/score.h"
#include "sos/session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto session = sos::Session::restore(fixture_survey(), text);
  if (!session.ok()) return 0;
  (void)sos::score_session(session.value());
  (void)session->validate_all();
  (void)session->save();
  (void)session->next();
  if (session->complete()) (void)sos::build_submission(session.value(), std::string(256, 'x'));
  return 0;
}
