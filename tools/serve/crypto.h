// Secrets for the endpoint: random tokens, keyed hashes and the server key.
//
//   std::string token = sos::serve::random_token();       // 22 chars, 128 bits
//   std::string h = sos::serve::keyed_hash(secret, "link", token);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sos/result.h"

namespace sos::serve {

inline constexpr std::size_t kTokenBytes = 16;   // 128 bits per invite or viewer token
inline constexpr std::size_t kSecretBytes = 32;  // the server key for keyed hashes

// `n` bytes from the operating system's generator (OpenSSL RAND_bytes).
// Aborts if the generator fails: nothing may go on with weak randomness.
std::string random_bytes(std::size_t n);

// A fresh opaque token: kTokenBytes random bytes in unpadded base64url.
std::string random_token();

// HMAC-SHA256(secret, purpose ":" message) as 64 lowercase hex digits. The
// purpose keeps hashes of one kind from matching hashes of another.
std::string keyed_hash(std::string_view secret, std::string_view purpose, std::string_view message);

std::string base64url(std::string_view bytes);
std::string hex(std::string_view bytes);

// A token as it arrives in a path or body: base64url characters only and the
// right length. Anything else is answered as unknown without a lookup.
bool well_formed_token(std::string_view token);

// Reads the server key from `path`, creating it (mode 0600) when missing.
// Errors: "store.secret" naming the path and the reason.
Result<std::string> load_or_create_secret(const std::string& path);

}  // namespace sos::serve
