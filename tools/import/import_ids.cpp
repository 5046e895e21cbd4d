// This file offers the importer's ids and option values (import_ids.h).
#include "import/import_ids.h"

#include <algorithm>

namespace sos::import {
namespace {

// Two-byte UTF-8 letters of Latin-1 and Latin Extended-A folded to ASCII.
const char* fold_two_byte(unsigned char lead, unsigned char next) {
  int code = ((lead & 0x1F) << 6) | (next & 0x3F);
  if (code >= 0xC0 && code <= 0xC5) return "a";
  if (code == 0xC6) return "ae";
  if (code == 0xC7) return "c";
  if (code >= 0xC8 && code <= 0xCB) return "e";
  if (code >= 0xCC && code <= 0xCF) return "i";
  if (code == 0xD0) return "d";
  if (code == 0xD1) return "n";
  if ((code >= 0xD2 && code <= 0xD6) || code == 0xD8) return "o";
  if (code >= 0xD9 && code <= 0xDC) return "u";
  if (code == 0xDD) return "y";
  if (code == 0xDE) return "th";
  if (code == 0xDF) return "ss";
  if (code >= 0xE0 && code <= 0xE5) return "a";
  if (code == 0xE6) return "ae";
  if (code == 0xE7) return "c";
  if (code >= 0xE8 && code <= 0xEB) return "e";
  if (code >= 0xEC && code <= 0xEF) return "i";
  if (code == 0xF0) return "d";
  if (code == 0xF1) return "n";
  if ((code >= 0xF2 && code <= 0xF6) || code == 0xF8) return "o";
  if (code >= 0xF9 && code <= 0xFC) return "u";
  if (code == 0xFD || code == 0xFF) return "y";
  if (code == 0xFE) return "th";
  static const char* kExtendedA[] = {
      "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",   // 0x100
      "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",   // 0x110
      "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",   // 0x120
      "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  // 0x130
      "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",   // 0x140
      "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", // 0x150
      "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",   // 0x160
      "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"};  // 0x170
  if (code >= 0x100 && code <= 0x17F) return kExtendedA[code - 0x100];
  return nullptr;
}

// Folds to [a-z0-9_] (lowercase) or keeps [A-Za-z0-9_.-] (values); other
// characters become one '_'.
std::string fold(std::string_view text, bool keep_case_and_dots) {
  std::string out;
  auto add = [&](std::string_view piece) {
    out += piece;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      out += keep_case_and_dots ? static_cast<char>(c) : static_cast<char>(c + 32);
    } else if (keep_case_and_dots && (c == '.' || c == '-' || c == '_')) {
      out += static_cast<char>(c);
    } else if (c >= 0xC0 && c < 0xE0 && i + 1 < text.size()) {
      const char* folded = fold_two_byte(c, static_cast<unsigned char>(text[i + 1]));
      ++i;
      if (folded) add(folded);
      else if (out.empty() || out.back() != '_') out += '_';
    } else {
      if (c >= 0xE0) {  // skip the rest of a longer UTF-8 sequence
        int extra = c >= 0xF0 ? 3 : 2;
        i += std::min<std::size_t>(extra, text.size() - 1 - i);
      }
      if (out.empty() || out.back() != '_') out += '_';
    }
  }
  std::size_t b = out.find_first_not_of('_');
  if (b == std::string::npos) return "";
  std::size_t e = out.find_last_not_of('_');
  return out.substr(b, e - b + 1);
}

bool valid_option_value(std::string_view value) {
  if (value.empty() || value.size() > 64) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

std::string unique(std::set<std::string>& taken, std::string base, std::size_t max_length) {
  if (base.size() > max_length) base.resize(max_length);
  while (!base.empty() && base.back() == '_') base.pop_back();
  if (taken.insert(base).second) return base;
  for (int n = 2;; ++n) {
    std::string suffix = "_" + std::to_string(n);
    std::string candidate = base.substr(0, std::min(base.size(), max_length - suffix.size())) + suffix;
    if (taken.insert(candidate).second) return candidate;
  }
}

}  // namespace

std::string fold_name(std::string_view name) {
  std::string folded = fold(name, false);
  // collapse runs of '_' left by folding
  std::string out;
  for (char c : folded)
    if (c != '_' || out.empty() || out.back() != '_') out += c;
  return out;
}

std::string IdAllocator::allocate(std::string_view name, std::string_view prefix) {
  std::string base = fold_name(name);
  if (base.empty() || !(base[0] >= 'a' && base[0] <= 'z'))
    base = std::string(prefix) + (base.empty() ? "" : "_" + base);
  return unique(taken_, base, 64);
}

std::string OptionValues::allocate(std::string_view text) {
  if (valid_option_value(text) && taken_.insert(std::string(text)).second) return std::string(text);
  std::string base = fold(text, true);
  if (base.empty()) base = "option";
  return unique(taken_, base, 64);
}

}  // namespace sos::import
