// Response bodies compressed by the endpoint itself, once where they are
// kept, and sent so that the server library leaves them as they are.
//
// Debian's cpp-httplib compresses every text, JSON or JavaScript body again
// for every request, with brotli at its slowest setting when the browser
// offers "br": about half a second of CPU for the standard survey's 142 KB.
// A body sent through a sized content provider is written as given.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sos::serve {

// A body and, when worth it, its gzip form (empty otherwise).
struct EncodedBody {
  std::string plain;
  std::string gzip;
  std::size_t size() const { return plain.size() + gzip.size(); }
};

// zlib levels: kept bodies are made once at the smallest size, bodies made
// per request at zlib's default balance of time and size.
constexpr int kGzipKept = 9;
constexpr int kGzipPerRequest = 6;

// The gzip form (RFC 1952) of `text` at zlib `level`; empty when it fails.
std::string gzip_text(std::string_view text, int level);

// `plain` with its gzip form when its type compresses (text, JSON, script,
// wasm, SVG) and it is large enough to gain from it.
EncodedBody encode_body(std::string plain, const std::string& content_type, int level);

// Whether Accept-Encoding lists gzip (or "*") with a weight above zero.
bool accepts_gzip(const httplib::Request& req);

// Writes `body` (gzipped when the client takes it) with status 200 (206
// for a Range), the type, and "Vary: Accept-Encoding" when a gzip form exists.
void send_encoded(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const EncodedBody> body,
                  const std::string& content_type);

// The static files, read and gzipped once, read again when a file's size or
// modification time changes. At most kMaxBytes kept; beyond that a file is
// served without being kept.
class StaticFiles {
 public:
  static constexpr std::size_t kMaxBytes = std::size_t{64} << 20;
  // Null when `path` is not a regular file that can be read.
  std::shared_ptr<const EncodedBody> get(const std::string& path, const std::string& content_type);

 private:
  struct Entry {
    std::int64_t size = -1;
    std::int64_t modified = 0;
    std::shared_ptr<const EncodedBody> body;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> files_;
  std::size_t bytes_ = 0;
};

}  // namespace sos::serve
