// A (group, role) aggregate's cells as one compact byte string, the form the
// SQLite store keeps them in: one row per wave, group and role instead of one
// per cell, so a contribution costs the writer one row, not ~180.
//
//   std::string bytes = sos::serve::pack_cells(aggregate.cells);
//   auto cells = sos::serve::unpack_cells(bytes);   // the same map back
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "sos/aggregate.h"
#include "sos/result.h"

namespace sos::serve {

using Cells = std::map<std::string, Statistic, std::less<>>;

// Per cell, in key order: the key's length (4 bytes, little-endian), the key,
// then each of kStatisticFields as 8 bytes little-endian two's complement.
std::string pack_cells(const Cells& cells);

// Errors: "store.corrupt" when the bytes end inside a cell or repeat a key
// out of order.
Result<Cells> unpack_cells(std::string_view bytes);

// The packed sum of `stored` (bytes of pack_cells) and `add`, made in one
// pass over both without unpacking into a map: what the writer does for
// every (group, role) a batch touches. Sets *respondents to the sum's
// "respondents" count. Errors: "store.corrupt" as unpack_cells;
// "aggregate.overflow" (pointer /cells/KEY/FIELD) as merge_into.
Result<std::string> add_to_packed(std::string_view stored, const Cells& add, std::int64_t* respondents);

}  // namespace sos::serve
