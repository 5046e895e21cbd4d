// This file offers pack_cells() and unpack_cells(): the SQLite store's
// compact form of one (group, role) aggregate's cells.
#include "packed_cells.h"

#include <cstdint>

namespace sos::serve {

namespace {

void put(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint64_t get(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= std::uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return value;
}

constexpr std::size_t kFieldBytes = 8 * kStatisticFields.size();

}  // namespace

std::string pack_cells(const Cells& cells) {
  std::string out;
  std::size_t size = 0;
  for (const auto& [key, statistic] : cells) size += 4 + key.size() + kFieldBytes;
  out.reserve(size);
  for (const auto& [key, statistic] : cells) {
    put(out, key.size(), 4);
    out += key;
    for (const StatisticField& f : kStatisticFields) put(out, static_cast<std::uint64_t>(statistic.*f.member), 8);
  }
  return out;
}

Result<Cells> unpack_cells(std::string_view in) {
  Cells cells;
  std::size_t at = 0;
  auto corrupt = [](const char* why) { return Error{"store.corrupt", "", std::string("stored cells: ") + why}; };
  while (at < in.size()) {
    if (in.size() - at < 4) return corrupt("a cell's key length is cut off");
    std::size_t length = get(in, at, 4);
    at += 4;
    if (in.size() - at < length || in.size() - at - length < kFieldBytes) return corrupt("a cell is cut off");
    std::string_view key = in.substr(at, length);
    at += length;
    // Keys come in order, each once: anything else was not written by pack_cells.
    if (!cells.empty() && !(cells.rbegin()->first < key)) return corrupt("keys out of order");
    Statistic statistic;
    for (const StatisticField& f : kStatisticFields) {
      statistic.*f.member = static_cast<std::int64_t>(get(in, at, 8));
      at += 8;
    }
    cells.emplace_hint(cells.end(), std::string(key), statistic);
  }
  return cells;
}

Result<std::string> add_to_packed(std::string_view in, const Cells& add, std::int64_t* respondents) {
  auto corrupt = [](const char* why) { return Error{"store.corrupt", "", std::string("stored cells: ") + why}; };
  std::string out;
  out.reserve(in.size() + add.size() * 32);
  *respondents = 0;
  auto emit = [&](std::string_view key, const Statistic& statistic) {
    put(out, key.size(), 4);
    out += key;
    for (const StatisticField& f : kStatisticFields) put(out, static_cast<std::uint64_t>(statistic.*f.member), 8);
    if (key == "respondents") *respondents = statistic.n;
  };
  auto next = add.begin();
  std::string_view previous;
  bool first = true;
  std::size_t at = 0;
  while (at < in.size()) {
    if (in.size() - at < 4) return corrupt("a cell's key length is cut off");
    std::size_t length = get(in, at, 4);
    at += 4;
    if (in.size() - at < length || in.size() - at - length < kFieldBytes) return corrupt("a cell is cut off");
    std::string_view key = in.substr(at, length);
    at += length;
    // Keys come in order, each once: anything else was not written by pack_cells.
    if (!first && !(previous < key)) return corrupt("keys out of order");
    previous = key;
    first = false;
    Statistic statistic;
    for (const StatisticField& f : kStatisticFields) {
      statistic.*f.member = static_cast<std::int64_t>(get(in, at, 8));
      at += 8;
    }
    for (; next != add.end() && next->first < key; ++next) emit(next->first, next->second);
    if (next != add.end() && next->first == key) {
      for (const StatisticField& f : kStatisticFields)
        if (__builtin_add_overflow(statistic.*f.member, next->second.*f.member, &(statistic.*f.member)))
          return Error{"aggregate.overflow", "/cells/" + next->first + "/" + std::string(f.name),
                       "the sum leaves the 64-bit integer range"};
      ++next;
    }
    emit(key, statistic);
  }
  for (; next != add.end(); ++next) emit(next->first, next->second);
  return out;
}

}  // namespace sos::serve
