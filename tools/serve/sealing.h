// Sealed submissions (docs/sealed-submission.md): a contribution or comment
// encrypted on the device to the endpoint's public key, opened by the
// endpoint before validation. ECDH P-256 with a fresh key per envelope,
// HKDF-SHA256 and AES-256-GCM: what WebCrypto and OpenSSL 3 both offer.
//
//   auto body = sos::serve::seal(ring.current().id, ring.current().public_point,
//                                "contribution", contribution_json);
//   auto text = sos::serve::open_sealed(ring, "contribution", body.value());
#pragma once

#include <string>
#include <string_view>

#include "server_keys.h"
#include "sos/result.h"

namespace sos::serve {

inline constexpr const char* kSealedFormat = "sos-sealed/1";

// What an envelope is sealed for; an envelope opens only for its own purpose.
inline constexpr const char* kSealContribution = "contribution";
inline constexpr const char* kSealComment = "comment";

// The envelope's JSON text for `plaintext`, sealed to the key `key_id` whose
// public point (65 bytes, uncompressed) is `public_point`. Used by tests,
// benchmarks and tools; the respondent app seals with WebCrypto.
// Errors: "seal.bad_key" when the point is not on P-256.
Result<std::string> seal(std::string_view key_id, std::string_view public_point, std::string_view purpose,
                         std::string_view plaintext);

// The plaintext of a sealed body. Errors, each with the JSON Pointer of the
// field at fault:
//   "seal.bad_envelope"  not an envelope of this format (fields, base64url,
//                        lengths, a point that is not on P-256)
//   "seal.unknown_key"   sealed to a key this endpoint does not hold (/key)
//   "seal.failed"        does not open: changed on the way, sealed for
//                        another purpose, or to another key of that id (/data)
Result<std::string> open_sealed(const KeyRing& ring, std::string_view purpose, std::string_view body);

// Strict unpadded base64url; false on any other character or a bad length.
bool from_base64url(std::string_view text, std::string& out);

}  // namespace sos::serve
