// Fuzz target: restoring a saved session (data from the device's storage)
// against the fixture survey, then using it.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

#include "sos/contribution.h"
#include "sos/score.h"
#include "sos/session.h"

namespace {
std::shared_ptr<const sos::Survey> fixture() {
  static std::shared_ptr<const sos::Survey> survey = [] {
    std::ifstream in(SOS_SOURCE_DIR "/tests/fixtures/surveys/basic.json");
    std::stringstream text;
    text << in.rdbuf();
    return sos::load_survey(text.str()).survey;
  }();
  return survey;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto session = sos::Session::restore(fixture(), text);
  if (!session.ok()) return 0;
  (void)sos::score_session(session.value());
  (void)session->validate_all();
  (void)session->save();
  (void)session->next();
  if (session->complete()) (void)sos::build_submission(session.value(), std::string(256, 'x'));
  return 0;
}
