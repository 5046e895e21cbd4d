// Fuzz target: the contribution check as the endpoint runs it on a body from
// the network.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixture.h"
#include "sos/contribution.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto checked = sos::validate_contribution(*fixture_survey(), R"({"performance_pay": true, "selling": "volume",
    "field_visits": true})", text);
  if (checked.ok()) {
    // Whatever passes must merge and print without trouble.
    sos::Aggregate total = checked->statistics;
    (void)sos::merge_into(total, checked->statistics);
    (void)sos::aggregate_to_json(total);
  }
  return 0;
}
