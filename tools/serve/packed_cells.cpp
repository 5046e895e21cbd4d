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

// Reads the packed cells one at a time, checking each as it goes.
class CellReader {
 public:
  explicit CellReader(std::string_view in) : in_(in) {}
  bool done() const { return at_ >= in_.size(); }
  // The next cell; a "store.corrupt" error when the bytes are not what
  // pack_cells writes (cut off, or keys not in strictly rising order).
  Result<std::pair<std::string_view, Statistic>> next() {
    auto corrupt = [](const char* why) { return Error{"store.corrupt", "", std::string("stored cells: ") + why}; };
    if (in_.size() - at_ < 4) return corrupt("a cell's key length is cut off");
    const std::size_t length = get(in_, at_, 4);
    at_ += 4;
    if (in_.size() - at_ < length || in_.size() - at_ - length < kFieldBytes) return corrupt("a cell is cut off");
    std::string_view key = in_.substr(at_, length);
    at_ += length;
    if (read_any_ && !(previous_ < key)) return corrupt("keys out of order");
    previous_ = key;
    read_any_ = true;
    Statistic statistic;
    for (const StatisticField& f : kStatisticFields) {
      statistic.*f.member = static_cast<std::int64_t>(get(in_, at_, 8));
      at_ += 8;
    }
    return std::pair{key, statistic};
  }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  std::string_view previous_;
  bool read_any_ = false;
};

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
  for (CellReader reader(in); !reader.done();) {
    auto cell = reader.next();
    if (!cell.ok()) return cell.error();
    cells.emplace_hint(cells.end(), std::string(cell->first), cell->second);
  }
  return cells;
}

Result<std::string> add_to_packed(std::string_view in, const Cells& add, std::int64_t* respondents) {
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
  for (CellReader reader(in); !reader.done();) {
    auto cell = reader.next();
    if (!cell.ok()) return cell.error();
    auto [key, statistic] = cell.value();
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
