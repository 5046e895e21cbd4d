// This file offers the embedding policy: /o/ORG/ paths, frame-ancestors and
// the resource policy of the embed script.
#include "frame_policy.h"

namespace sos::serve {

std::optional<EmbedPath> split_embed_path(const std::string& path) {
  if (path.rfind("/o/", 0) != 0) return std::nullopt;
  auto slash = path.find('/', 3);
  if (slash == std::string::npos || slash == 3 || slash - 3 > 64) return std::nullopt;
  std::string org = path.substr(3, slash - 3);
  for (char c : org)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
          c == '-'))
      return std::nullopt;
  return EmbedPath{std::move(org), path.substr(slash)};
}

bool embed_path_allows(const std::string& path, const std::string& link_org) {
  if (path.rfind("/o/", 0) != 0) return true;
  auto embed = split_embed_path(path);
  return embed && embed->org == link_org;
}

std::string frame_ancestors(const std::vector<std::string>& origins) {
  if (origins.empty()) return "'none'";
  std::string out;
  for (const std::string& origin : origins) out += (out.empty() ? "" : " ") + origin;
  return out;
}

std::string content_security_policy(const std::string& ancestors) {
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
         "frame-ancestors " +
         ancestors;
}

const char* resource_policy(const std::string& path) {
  // The one file meant for other sites' pages: it holds no data, only the
  // code that inserts the survey's frame.
  return path == "/embed.js" ? "cross-origin" : "same-site";
}

}  // namespace sos::serve
