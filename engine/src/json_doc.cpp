// This file offers JsonDoc::parse, a one-pass JSON reader, and JsonRef's accessors.
#include "json_doc.h"

#include <algorithm>
#include <cmath>

#include "decimal.h"
#include "json_write.h"

namespace sos::detail {

// The parser keeps its own stack rather than recursing: a 100,000-deep
// document must not exhaust a phone's stack.
class JsonDocParser {
 public:
  explicit JsonDocParser(std::string_view text) : s_(text) { doc_.source_ = text; }

  bool run() {
    // nlohmann skips a UTF-8 byte order mark at the start.
    if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    for (;;) {
      skip_space();
      if (i_ >= s_.size() || s_[i_] == '\0') return fail("unexpected end of input");
      std::uint32_t node;
      char c = s_[i_];
      if (c == '{' || c == '[') {
        node = add(c == '{' ? JsonDoc::Kind::object : JsonDoc::Kind::array);
        ++i_;
        stack_.push_back({node, static_cast<std::uint32_t>(scratch_.size()), {}});
        skip_space();
        char close = c == '{' ? '}' : ']';
        if (i_ < s_.size() && s_[i_] == close) {
          ++i_;
          node = close_top();
        } else {
          if (c == '{' && !member_key()) return false;
          continue;  // read the first member's or element's value
        }
      } else if (!scalar(node)) {
        return false;
      }
      // A value is complete: hand it to its container until one wants more.
      for (;;) {
        if (stack_.empty()) {
          skip_space();
          // A NUL byte ends the input, as it always has.
          return i_ == s_.size() || s_[i_] == '\0' || fail("unexpected text after the value");
        }
        Frame& top = stack_.back();
        scratch_.push_back({top.key, node});
        skip_space();
        bool object = doc_.nodes_[top.node].kind == JsonDoc::Kind::object;
        if (i_ >= s_.size()) return fail("unexpected end of input");
        if (s_[i_] == ',') {
          ++i_;
          if (object && !member_key()) return false;
          break;
        }
        if (s_[i_] != (object ? '}' : ']')) return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
        ++i_;
        node = close_top();
      }
    }
  }

  JsonDoc take() { return std::move(doc_); }

  // "line 3, column 14: invalid literal": where reading stopped and why.
  Error error() const {
    std::size_t line = 1, column = 1;
    for (std::size_t k = 0; k < i_ && k < s_.size(); ++k) {
      if (s_[k] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Error{"json.parse_error", "",
                 "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + why_};
  }

 private:
  struct Frame {
    std::uint32_t node;
    std::uint32_t scratch_begin;
    std::string_view key;  // the key of the member being read
  };

  // Records the first reason; a token's error also quotes what was read of
  // it, up to and with the byte that broke it.
  bool fail(std::string why, bool token = false) {
    if (!why_.empty()) return false;
    why_ = std::move(why);
    if (token) {
      std::string read;
      for (char c : valid_utf8(s_.substr(token_start_, std::min(i_ + 1, s_.size()) - token_start_))) {
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789ABCDEF";
          read += "<U+00";
          read += kHex[(c >> 4) & 15];
          read += kHex[c & 15];
          read += '>';
        } else {
          read += c;
        }
      }
      why_ += "; last read: '" + read + "'";
    }
    return false;
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }

  std::uint32_t add(JsonDoc::Kind kind) {
    JsonDoc::Node node;
    node.kind = kind;
    node.begin = static_cast<std::uint32_t>(i_);
    doc_.nodes_.push_back(node);
    return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
  }

  // Reads `"key" :` into the top frame.
  bool member_key() {
    skip_space();
    if (i_ >= s_.size()) return fail("unexpected end of input");
    if (s_[i_] != '"') return fail("expected a string as the member's name");
    token_start_ = i_;
    if (!string(stack_.back().key)) return false;
    skip_space();
    if (i_ >= s_.size()) return fail("unexpected end of input");
    if (s_[i_] != ':') return fail("expected ':' after the member's name");
    ++i_;
    return true;
  }

  std::uint32_t close_top() {
    Frame frame = stack_.back();
    stack_.pop_back();
    JsonDoc::Node& node = doc_.nodes_[frame.node];
    node.end = static_cast<std::uint32_t>(i_);
    auto from = scratch_.begin() + frame.scratch_begin;
    if (node.kind == JsonDoc::Kind::object) {
      // Values are numbered in document order, so ordering equal keys by
      // value keeps the last duplicate last, with no buffer to allocate (as
      // std::stable_sort would for every object).
      auto before = [](const JsonDoc::Member& a, const JsonDoc::Member& b) {
        int order = a.key.compare(b.key);
        return order < 0 || (order == 0 && a.value < b.value);
      };
      if (scratch_.end() - from <= 16) {
        for (auto it = from; it != scratch_.end(); ++it)
          for (auto at = it; at != from && before(*at, *(at - 1)); --at) std::iter_swap(at, at - 1);
      } else {
        std::sort(from, scratch_.end(), before);
      }
      node.first = static_cast<std::uint32_t>(doc_.members_.size());
      for (auto it = from; it != scratch_.end(); ++it) {
        if (it + 1 != scratch_.end() && (it + 1)->key == it->key) continue;  // the last one wins
        doc_.members_.push_back(*it);
      }
      node.count = static_cast<std::uint32_t>(doc_.members_.size() - node.first);
    } else {
      node.first = static_cast<std::uint32_t>(doc_.elements_.size());
      for (auto it = from; it != scratch_.end(); ++it) doc_.elements_.push_back(it->value);
      node.count = static_cast<std::uint32_t>(doc_.elements_.size() - node.first);
    }
    scratch_.resize(frame.scratch_begin);
    return frame.node;
  }

  bool literal(std::string_view word) {
    for (char c : word) {
      if (i_ >= s_.size() || s_[i_] != c) return fail("invalid literal", true);
      ++i_;
    }
    return true;
  }

  bool scalar(std::uint32_t& node) {
    token_start_ = i_;
    char c = s_[i_];
    if (c == '"') {
      node = add(JsonDoc::Kind::string);
      std::string_view text;
      if (!string(text)) return false;
      doc_.nodes_[node].text = text;
    } else if (c == 't' || c == 'f') {
      node = add(JsonDoc::Kind::boolean);
      doc_.nodes_[node].truth = c == 't';
      if (!literal(c == 't' ? "true" : "false")) return false;
    } else if (c == 'n') {
      node = add(JsonDoc::Kind::null);
      if (!literal("null")) return false;
    } else {
      node = add(JsonDoc::Kind::number);
      if (!number(doc_.nodes_[node])) return false;
    }
    doc_.nodes_[node].end = static_cast<std::uint32_t>(i_);
    return true;
  }

  bool digits() {
    std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start || fail("invalid number; expected a digit", true);
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, finite.
  bool number(JsonDoc::Node& node) {
    std::size_t start = i_;
    const bool sign = s_[i_] == '-';
    if (sign) ++i_;
    if (!sign && (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9')) return fail("invalid literal", true);
    if (i_ >= s_.size()) return fail("invalid number; expected a digit", true);
    if (s_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    node.integer = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      node.integer = false;
      if (!digits()) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      node.integer = false;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    std::string_view token = s_.substr(start, i_ - start);
    std::size_t length = token.size() - (token[0] == '-');
    if (node.integer && length <= 15) {
      // Exact in a double; the common case of ids, limits and weights.
      double value = 0;
      for (char d : token.substr(token[0] == '-')) value = value * 10 + (d - '0');
      node.number = token[0] == '-' ? -value : value;
      return true;
    }
    node.number = decimal_to_double(token);
    if (std::isfinite(node.number)) return true;
    i_ = start;
    return fail("number overflow parsing '" + std::string(token) + "'");
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool hex4(std::uint32_t& code) {
    if (i_ + 4 > s_.size()) return false;
    code = 0;
    for (int k = 0; k < 4; ++k) {
      char h = s_[i_++];
      code <<= 4;
      if (h >= '0' && h <= '9') code |= h - '0';
      else if (h >= 'a' && h <= 'f') code |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') code |= h - 'A' + 10;
      else return false;
    }
    return true;
  }

  // One UTF-8 sequence at i_ (RFC 3629 ranges, as nlohmann checks them).
  bool utf8() {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s_[i_ + k]); };
    unsigned char c = byte(0);
    std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i_ + len > s_.size()) return fail("invalid string: ill-formed UTF-8 byte", true);
    for (std::size_t k = 1; k < len; ++k) {
      unsigned char lo = 0x80, hi = 0xBF;
      if (k == 1 && c == 0xE0) lo = 0xA0;
      if (k == 1 && c == 0xED) hi = 0x9F;
      if (k == 1 && c == 0xF0) lo = 0x90;
      if (k == 1 && c == 0xF4) hi = 0x8F;
      if (byte(k) < lo || byte(k) > hi) return fail("invalid string: ill-formed UTF-8 byte", true);
    }
    i_ += len;
    return true;
  }

  // A string at i_ (on its opening quote): a view into the source when it
  // holds no escape, else into the document's unescaped copies.
  bool string(std::string_view& out) {
    std::size_t start = ++i_;
    std::string* copy = nullptr;
    std::size_t plain_from = start;
    for (;;) {
      if (i_ >= s_.size()) return fail("invalid string: missing closing quote", true);
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') break;
      if (c < 0x20) return fail("invalid string: control characters must be escaped", true);
      if (c >= 0x80) {
        if (!utf8()) return false;
        continue;
      }
      if (c != '\\') {
        ++i_;
        continue;
      }
      if (!copy) copy = &doc_.unescaped_.emplace_back();
      copy->append(s_.substr(plain_from, i_ - plain_from));
      if (++i_ >= s_.size()) return fail("invalid string: missing closing quote", true);
      char e = s_[i_++];
      switch (e) {
        case '"': *copy += '"'; break;
        case '\\': *copy += '\\'; break;
        case '/': *copy += '/'; break;
        case 'b': *copy += '\b'; break;
        case 'f': *copy += '\f'; break;
        case 'n': *copy += '\n'; break;
        case 'r': *copy += '\r'; break;
        case 't': *copy += '\t'; break;
        case 'u': {
          std::uint32_t code;
          if (!hex4(code)) return fail("invalid string: '\\u' must be followed by 4 hex digits", true);
          if (code >= 0xDC00 && code <= 0xDFFF)
            return fail("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF", true);
          if (code >= 0xD800 && code <= 0xDBFF) {
            std::uint32_t low;
            if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u')
              return fail("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF", true);
            i_ += 2;
            if (!hex4(low)) return fail("invalid string: '\\u' must be followed by 4 hex digits", true);
            if (low < 0xDC00 || low > 0xDFFF)
              return fail("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF", true);
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(*copy, code);
          break;
        }
        default:
          --i_;
          return fail("invalid string: forbidden character after backslash", true);
      }
      plain_from = i_;
    }
    if (copy) {
      copy->append(s_.substr(plain_from, i_ - plain_from));
      out = *copy;
    } else {
      out = s_.substr(start, i_ - start);
    }
    ++i_;  // the closing quote
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  JsonDoc doc_;
  std::vector<Frame> stack_;
  std::vector<JsonDoc::Member> scratch_;  // members and elements of open containers
  std::string why_;
  std::size_t token_start_ = 0;
};

Result<JsonDoc> JsonDoc::parse(std::string_view text) {
  // Offsets are 32 bits; the loaders' own limits are far below.
  if (text.size() >= 0xFFFFFFFFu) return Error{"json.parse_error", "", "the text is larger than 4 GiB"};
  JsonDocParser parser(text);
  if (parser.run()) return parser.take();
  return parser.error();
}

bool JsonRef::is_null() const { return doc_->node(index_).kind == JsonDoc::Kind::null; }
bool JsonRef::is_object() const { return doc_->node(index_).kind == JsonDoc::Kind::object; }
bool JsonRef::is_array() const { return doc_->node(index_).kind == JsonDoc::Kind::array; }
bool JsonRef::is_string() const { return doc_->node(index_).kind == JsonDoc::Kind::string; }
bool JsonRef::is_boolean() const { return doc_->node(index_).kind == JsonDoc::Kind::boolean; }
bool JsonRef::is_number() const { return doc_->node(index_).kind == JsonDoc::Kind::number; }
bool JsonRef::is_number_integer() const { return is_number() && doc_->node(index_).integer; }

std::string_view JsonRef::type_name() const {
  switch (doc_->node(index_).kind) {
    case JsonDoc::Kind::null: return "null";
    case JsonDoc::Kind::boolean: return "boolean";
    case JsonDoc::Kind::number: return "number";
    case JsonDoc::Kind::string: return "string";
    case JsonDoc::Kind::array: return "array";
    case JsonDoc::Kind::object: return "object";
  }
  return "null";
}

std::size_t JsonRef::size() const {
  return is_object() || is_array() ? doc_->node(index_).count : 0;
}

JsonRef JsonRef::operator[](std::size_t index) const {
  return JsonRef(doc_, doc_->elements_[doc_->node(index_).first + index]);
}

JsonRef JsonRef::find(std::string_view key) const {
  if (!is_object()) return {};
  auto begin = doc_->members_.begin() + doc_->node(index_).first;
  auto end = begin + doc_->node(index_).count;
  auto it = std::lower_bound(begin, end, key, [](const JsonDoc::Member& m, std::string_view k) { return m.key < k; });
  if (it == end || it->key != key) return {};
  return JsonRef(doc_, it->value);
}

std::string_view JsonRef::key_at(std::size_t index) const { return doc_->members_[doc_->node(index_).first + index].key; }

JsonRef JsonRef::value_at(std::size_t index) const {
  return JsonRef(doc_, doc_->members_[doc_->node(index_).first + index].value);
}

std::string_view JsonRef::string() const { return doc_->node(index_).text; }
double JsonRef::number() const { return doc_->node(index_).number; }
bool JsonRef::boolean() const { return doc_->node(index_).truth; }

std::string_view JsonRef::token() const {
  const JsonDoc::Node& node = doc_->node(index_);
  return doc_->source_.substr(node.begin, node.end - node.begin);
}

std::string JsonRef::dump() const { return JsonWriter().value(*this).take(); }

}  // namespace sos::detail
