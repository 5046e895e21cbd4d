// A release read from a JSON document already parsed: for readers that hold
// a release inside a larger document (the report view's request), so the
// release of a 5,000-group wave is read once, not dumped and parsed again.
#pragma once

#include "json_doc.h"
#include "sos/release.h"

namespace sos::detail {

// As parse_release, on the parsed document (same errors and pointers).
Result<Release> release_from_doc(JsonRef doc);

}  // namespace sos::detail
