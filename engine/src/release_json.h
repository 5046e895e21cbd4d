// A release read from a JSON document already parsed: for readers that hold
// a release inside a larger document (the report view's request), so 6 MB
// of a 5,000-group release are parsed once, not dumped and parsed again.
#pragma once

#include "json_adapter.h"
#include "sos/release.h"

namespace sos::detail {

// As parse_release, on the parsed document (same errors and pointers).
Result<Release> release_from_json(const Json& doc);

}  // namespace sos::detail
