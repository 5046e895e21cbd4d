// This file offers gzip forms of response bodies made once, their sending
// past the server library's own per-request compression, and the cache of
// static files built on them.
#include "encoded_body.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sos::serve {

namespace {

// Below this a gzip header and trailer eat most of the gain.
constexpr std::size_t kMinCompressed = 1024;

bool compresses(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("application/manifest+json", 0) == 0 || type == "application/wasm" || type == "image/svg+xml";
}

}  // namespace

std::string gzip_text(std::string_view text, int level) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return status == Z_STREAM_END ? out : std::string();
}

EncodedBody encode_body(std::string plain, const std::string& content_type, int level) {
  EncodedBody body{std::move(plain), {}};
  if (body.plain.size() >= kMinCompressed && compresses(content_type)) {
    body.gzip = gzip_text(body.plain, level);
    if (body.gzip.size() >= body.plain.size()) body.gzip.clear();
  }
  return body;
}

bool accepts_gzip(const httplib::Request& req) {
  const std::string header = req.get_header_value("Accept-Encoding");
  for (std::size_t at = 0; at < header.size();) {
    std::size_t end = header.find(',', at);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(at, end - at);
    at = end + 1;
    item.erase(std::remove_if(item.begin(), item.end(), [](char c) { return c == ' ' || c == '\t'; }), item.end());
    const std::size_t semicolon = item.find(';');
    const std::string name = item.substr(0, semicolon);
    if (name != "gzip" && name != "*") continue;
    if (semicolon == std::string::npos) return true;
    const std::string parameter = item.substr(semicolon + 1);
    if (parameter.rfind("q=", 0) != 0) return true;
    return std::strtod(parameter.c_str() + 2, nullptr) > 0;
  }
  return false;
}

void send_encoded(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const EncodedBody> body,
                  const std::string& content_type) {
  // A Range is answered from the bytes sent, as the library does for any body.
  res.status = req.ranges.empty() ? 200 : 206;
  const bool gzip = !body->gzip.empty() && accepts_gzip(req);
  if (!body->gzip.empty()) res.set_header("Vary", "Accept-Encoding");
  if (gzip) res.set_header("Content-Encoding", "gzip");
  const std::string& bytes = gzip ? body->gzip : body->plain;
  // The provider holds the body, so a cache may drop it mid-send.
  res.set_content_provider(bytes.size(), content_type.c_str(),
                           [body, &bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(bytes.data() + offset, length);
                           });
}

std::shared_ptr<const EncodedBody> StaticFiles::get(const std::string& path, const std::string& content_type) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return nullptr;
  const std::int64_t size = info.st_size;
  const std::int64_t modified = std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec;
  {
    std::lock_guard lock(mutex_);
    auto it = files_.find(path);
    if (it != files_.end() && it->second.size == size && it->second.modified == modified) return it->second.body;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto body = std::make_shared<const EncodedBody>(encode_body(buffer.str(), content_type, kGzipKept));
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it != files_.end()) {
    bytes_ -= it->second.body->size();
    files_.erase(it);
  }
  if (bytes_ + body->size() <= kMaxBytes) {
    files_.emplace(path, Entry{size, modified, body});
    bytes_ += body->size();
  }
  return body;
}

}  // namespace sos::serve
