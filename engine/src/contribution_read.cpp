// This file offers read_contribution_body: one pass over a contribution body
// in the shape the device sends, straight into its cells, without a JSON tree.
#include "contribution_read.h"

namespace sos::detail {
namespace {

// A scanner for the plain subset of JSON a device writes: objects, strings of
// printable ASCII without escapes, integers of at most 18 digits. It declines
// (returns false) at anything else; the full reader then decides, so this
// one never has to be right about an unusual body, only about a plain one.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool read(ContributionBody& out) {
    if (!expect('{')) return false;
    unsigned seen = 0;
    for (bool first = true;; first = false) {
      if (peek('}')) break;
      if (!first && !expect(',')) return false;
      std::string_view key;
      if (!string(key) || !expect(':')) return false;
      int k = header_index(key);
      if (k < 0 || (seen & (1u << k))) return false;
      seen |= 1u << k;
      if (k == kCells) {
        if (!cells(out.cells)) return false;
        continue;
      }
      std::string_view value;
      if (!string(value)) return false;
      std::string* targets[] = {&out.format, &out.survey, &out.version, &out.role, &out.submission};
      targets[k]->assign(value);
    }
    skip_space();
    return at_ == text_.size() && seen == (1u << (kCells + 1)) - 1;
  }

 private:
  static constexpr int kCells = 5;

  static int header_index(std::string_view key) {
    static constexpr std::string_view kNames[] = {"format", "survey", "version", "role", "submission", "cells"};
    for (int k = 0; k <= kCells; ++k)
      if (kNames[k] == key) return k;
    return -1;
  }

  bool cells(std::map<std::string, Statistic, std::less<>>& out) {
    if (!expect('{')) return false;
    for (bool first = true;; first = false) {
      if (peek('}')) return true;
      if (!first && !expect(',')) return false;
      std::string_view key;
      if (!string(key) || !expect(':') || !expect('{')) return false;
      // A sorted body (as the device sends it) appends at the end.
      const std::size_t before = out.size();
      auto it = out.emplace_hint(out.end(), key, Statistic{});
      if (out.size() == before) return false;  // a key twice: the full reader decides
      if (!cell(it->second)) return false;
    }
  }

  bool cell(Statistic& out) {
    unsigned seen = 0;
    for (bool first = true;; first = false) {
      if (peek('}')) return true;
      if (!first && !expect(',')) return false;
      std::string_view name;
      if (!string(name) || !expect(':')) return false;
      std::size_t f = 0;
      while (f < kStatisticFields.size() && kStatisticFields[f].name != name) ++f;
      if (f == kStatisticFields.size() || (seen & (1u << f))) return false;
      seen |= 1u << f;
      if (!integer(out.*kStatisticFields[f].member)) return false;
    }
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }

  // Consumes `c` after any space when it is next.
  bool peek(char c) {
    skip_space();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  bool expect(char c) { return peek(c); }

  bool string(std::string_view& out) {
    if (!expect('"')) return false;
    std::size_t start = at_;
    for (; at_ < text_.size(); ++at_) {
      unsigned char c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        out = text_.substr(start, at_ - start);
        ++at_;
        return true;
      }
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
    }
    return false;
  }

  // -?(0|[1-9][0-9]*) with no fraction or exponent: JSON's integer, which a
  // tree reads as the same 64-bit value when it has at most 18 digits.
  bool integer(std::int64_t& out) {
    skip_space();
    bool negative = at_ < text_.size() && text_[at_] == '-';
    if (negative) ++at_;
    std::size_t start = at_;
    std::int64_t value = 0;
    // Digits past the 18th are only counted (and refused below): adding them
    // in would overflow.
    for (; at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9'; ++at_)
      if (at_ - start < 18) value = value * 10 + (text_[at_] - '0');
    std::size_t digits = at_ - start;
    if (digits == 0 || digits > 18 || (digits > 1 && text_[start] == '0')) return false;
    if (at_ < text_.size() && (text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E')) return false;
    out = negative ? -value : value;
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<ContributionBody> read_contribution_body(std::string_view json_text) {
  ContributionBody body;
  if (!Scanner(json_text).read(body)) return std::nullopt;
  return body;
}

}  // namespace sos::detail
