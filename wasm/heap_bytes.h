// Bytes the engine holds on its heap now: the benchmark's memory figure,
// exported by both modules.
#pragma once

#include <malloc.h>

namespace sos::wasm {

inline unsigned long heap_bytes_in_use() { return mallinfo().uordblks; }

}  // namespace sos::wasm
