// Who may frame the respondent app and load its embed script (internal to
// tools/serve): the /o/ORG/ path an embedding organisation's copy is served
// under, and the headers derived from that organisation's allowed origins
// (docs/embedding.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sos::serve {

// A request path under /o/ORG/: the organisation's id and the path inside the
// app ("/o/acme/api/v1/x" -> {"acme", "/api/v1/x"}). Nothing for other paths,
// nor for "/o/acme" without the slash the app's relative URLs need.
struct EmbedPath {
  std::string org;
  std::string rest;
};
std::optional<EmbedPath> split_embed_path(const std::string& path);

// Whether a request for `path` may use an invite of `link_org`: anywhere
// outside /o/, and under /o/ORG/ only for ORG's own links, so one
// organisation's allowed origins never frame another's survey.
bool embed_path_allows(const std::string& path, const std::string& link_org);

// The frame-ancestors source list: the origins, or 'none' when there are none.
std::string frame_ancestors(const std::vector<std::string>& origins);

// The Content-Security-Policy every response carries, with `ancestors` as
// its frame-ancestors.
std::string content_security_policy(const std::string& ancestors);

// The Cross-Origin-Resource-Policy for a static file: "cross-origin" for the
// embed script that other sites' pages load, "same-site" for everything else.
const char* resource_policy(const std::string& path);

}  // namespace sos::serve
