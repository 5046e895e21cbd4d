// The engine's one number parser and formatter: libc++ 13 (Emscripten 3.1.6)
// has no floating-point from_chars/to_chars, and iostreams are too heavy for
// the wasm module.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sos::detail {

// Parses a whole decimal literal ("12", "-0.5", "1e3"); nullopt otherwise.
std::optional<double> parse_number(std::string_view text);

// Shortest text that parses back to the same double ("4", "2.5", "0.1").
std::string format_number(double value);

}  // namespace sos::detail
